"""Disruptions, pure part: outage and closure windows as integer-second intervals. No SimPy here.

A window is half-open, [start, end): an instant t is inside when start ≤ t < end. Windows of one
supplier or node are sorted and merged (overlapping or touching windows become one), so the end of
a window is never inside another and "the first instant at or after t outside every window" is one
bisection. How each process treats work under way is documented in docs/NETWORK.md:

* **supplier outage**: a purchase order placed inside an outage is accepted but its lead time starts
  when the outage ends; orders placed before the outage arrive as drawn (they had shipped).
* **node closure**: no picking starts, no carrier pickup happens and no goods are received inside a
  closure window. Orders routed to the node meanwhile keep their stock and wait; picking starts at
  reopening, parcels leave with the first pickup after reopening, receipts due inside the window are
  received at reopening. A pick that started before the closure finishes (minutes).

Random outages (mean time between failures and to repair, both exponential) are drawn once per
replication from the named stream ("outage", supplier), up to the horizon: pre-resolved tables,
nothing per order. The checks of the disruptions block (unknown names, empty windows) are in
`sim.config.operation_checks`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

import numpy as np

from sim.base.timebase import DAY, seconds_at
from sim.config.models import Scenario, Window

Interval = tuple[int, int]


def window_seconds(window: Window, start_date: dt.date) -> Interval:
    """(start, end) of `window` in seconds from midnight of `start_date`."""
    return seconds_at(window.start, start_date), seconds_at(window.end, start_date)


def merge(intervals: list[Interval]) -> tuple[Interval, ...]:
    """Sorted, non-overlapping, non-touching intervals covering the same instants."""
    out: list[list[int]] = []
    for a, b in sorted(i for i in intervals if i[1] > i[0]):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return tuple((a, b) for a, b in out)


def random_outages(rng: np.random.Generator, mtbf_days: float, mttr_days: float, until_s: int) -> list[Interval]:
    """Alternating exponential up-times and repairs from time zero (up at zero) until `until_s`."""
    out: list[Interval] = []
    t = 0.0
    while True:
        t += rng.exponential(mtbf_days) * DAY
        if t >= until_s:
            return out
        repair = rng.exponential(mttr_days) * DAY
        out.append((round(t), round(t + repair)))
        t += repair


class Calendar:
    """When something is available: a merged tuple of blocked intervals, queried by bisection."""

    __slots__ = ("ends", "starts", "windows")

    def __init__(self, windows: tuple[Interval, ...]) -> None:
        self.windows = windows
        self.starts = [a for a, _ in windows]
        self.ends = [b for _, b in windows]

    def blocked(self, t: int) -> bool:
        """Whether `t` is inside a window."""
        i = bisect_right(self.starts, t) - 1
        return i >= 0 and t < self.ends[i]

    def open_at(self, t: int) -> int:
        """The first instant at or after `t` outside every window."""
        i = bisect_right(self.starts, t) - 1
        if i >= 0 and t < self.ends[i]:
            return self.ends[i]
        return t

    def __bool__(self) -> bool:
        return bool(self.windows)


def closure_windows(scenario: Scenario) -> dict[str, tuple[Interval, ...]]:
    """Node name → merged closure windows (seconds)."""
    d = scenario.disruptions
    if d is None:
        return {}
    by_node: dict[str, list[Interval]] = {}
    for c in d.node_closures:
        by_node.setdefault(c.node, []).extend(window_seconds(w, scenario.start_date) for w in c.windows)
    return {n: merge(w) for n, w in by_node.items()}


def outage_specs(scenario: Scenario) -> dict[str, tuple[tuple[Interval, ...], tuple[float, float] | None]]:
    """Supplier name → (merged scheduled windows, (mtbf_days, mttr_days) or None)."""
    d = scenario.disruptions
    if d is None:
        return {}
    out: dict[str, tuple[list[Interval], tuple[float, float] | None]] = {}
    for o in d.supplier_outages:
        windows, rnd = out.get(o.supplier, ([], None))
        windows = windows + [window_seconds(w, scenario.start_date) for w in o.windows]
        if o.random is not None:
            rnd = (o.random.mtbf_days, o.random.mttr_days)
        out[o.supplier] = (windows, rnd)
    return {k: (merge(w), r) for k, (w, r) in out.items()}


__all__ = ["Calendar", "closure_windows", "merge", "outage_specs", "random_outages", "window_seconds"]
