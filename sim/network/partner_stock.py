"""A dropship partner's stock-out runs for one SKU: an alternating renewal process, drawn before a run.

In-stock and out-of-stock run lengths are exponential with the configured means; the state at
time 0 is out with the long-run probability mean_out / (mean_in + mean_out), and the first run's
remaining length is again exponential (memoryless), so the process is stationary from day 0.
Pure numpy; the model draws one process per (node, SKU) from the stream
`("partner_stock", node, sku)` (sim.model.partner_stock). See docs/DEMAND.md §14.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.base.timebase import DAY

IntArray = np.ndarray[Any, np.dtype[np.int64]]


def out_windows(
    rng: np.random.Generator, horizon_s: int, mean_in_days: float, mean_out_days: float
) -> tuple[IntArray, IntArray]:
    """(starts, ends) in seconds of the out-of-stock runs overlapping [0, horizon_s), sorted."""
    starts: list[int] = []
    ends: list[int] = []
    out = rng.random() < mean_out_days / (mean_in_days + mean_out_days)
    t = 0.0
    while t < horizon_s:
        length = rng.exponential((mean_out_days if out else mean_in_days) * DAY)
        if out:
            starts.append(int(t))
            ends.append(int(t + length) + 1)
        t += length
        out = not out
    return np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
