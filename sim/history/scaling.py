"""A replayed trace scaled by a per-day factor: how promotions and profiles act on history demand.

Each recorded order of day d is placed ⌊f⌋ times plus once more with probability f − ⌊f⌋ (f = the
day's factor), decided by the stream's own scaling generator `("demand_scale", region, sku)`, so
the expected units of each day are f × the recorded ones, a factor of 1 replays the day exactly,
and other streams' draws are untouched. See docs/DEMAND.md §11.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.history.replay import Trace


def scale_trace(trace: Trace, day_factor: np.ndarray[Any, np.dtype[np.float64]], rng: np.random.Generator) -> Trace:
    """`trace` with each order repeated by its day's factor (see the module docstring)."""
    days = trace.day
    if len(days) == 0:
        return trace
    inside = np.clip(days, 0, len(day_factor) - 1)
    f = np.where((days >= 0) & (days < len(day_factor)), day_factor[inside], 1.0)
    whole = np.floor(f)
    copies = (whole + (rng.random(len(days)) < f - whole)).astype(np.int64)
    return Trace(np.repeat(days, copies), np.repeat(trace.second, copies), np.repeat(trace.units, copies))
