"""A supplier's daily capacity: one production line, purchase orders first come first served (docs/NETWORK.md, "Capacity").

A fluid line, like print-on-demand's (sim.model.virtual): an order of q units occupies the line
q / `units_per_day` days from when the line frees up (or the order is placed, if later); the
order's lead time starts when it is made. Every node buying from the supplier shares the line.
Computed when the order is placed (StockNode.replenish): no event per order.
"""

from __future__ import annotations

from sim.base.timebase import DAY
from sim.record.queue_stats import QueueStats


class SupplyLine:
    """A supplier's daily capacity: one line making `units_per_day`, purchase orders in turn."""

    __slots__ = ("busy_until", "seconds_per_unit", "stats")

    def __init__(self, units_per_day: float, stats: QueueStats) -> None:
        self.seconds_per_unit = DAY / units_per_day
        self.busy_until = 0
        self.stats = stats

    def make(self, t: int, units: int) -> int:
        """A purchase order of `units` placed (or let start) at `t`: when the line has made it."""
        start = t if t > self.busy_until else self.busy_until
        busy = round(self.seconds_per_unit * units)
        self.busy_until = start + busy
        self.stats.job(t, start, self.busy_until, busy)
        return self.busy_until
