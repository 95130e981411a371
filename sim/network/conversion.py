"""Conversion elasticity: customers who walk away when the promised delivery is too slow. No SimPy.

With `conversion: {tolerance_days: Distribution}` in the scenario, each customer order carries a
tolerance — the order's own uniform (salt "conversion_tolerance", sim.base.streams) through the
distribution's inverse CDF, so the same customer has the same patience under every policy (common
random numbers). At checkout the router computes the promise of the node that would serve the
order (sim.model.orders); if the promise, in days from the order (promised end of day − order
time), exceeds the tolerance, the customer walks away: no units are sold, the units count as
`units_walked_away` (inside the conservation check), and their margin (price − unit cost, at least
0) is charged to `cost_walkaway`. Without a `conversion` block nothing of this runs.
"""

from __future__ import annotations

from sim.base.distributions import _Dist
from sim.base.streams import salt, uniform_from
from sim.base.timebase import DAY

TOLERANCE_SALT = salt("conversion_tolerance")


class Conversion:
    """Decides, per order, whether a promise loses the sale."""

    __slots__ = ("constant_s", "tolerance")

    def __init__(self, tolerance_days: _Dist) -> None:
        self.tolerance = tolerance_days
        self.constant_s = round(tolerance_days.mean * DAY) if tolerance_days.is_constant else None

    def tolerance_s(self, key: int) -> float:
        """The tolerance (seconds) of the customer whose order key is `key`."""
        if self.constant_s is not None:
            return self.constant_s
        return float(self.tolerance.quantile(uniform_from(key, TOLERANCE_SALT))) * DAY

    def walks_away(self, key: int, promise_s: int) -> bool:
        """Whether the customer of order `key` leaves when promised delivery `promise_s` after ordering."""
        return promise_s > self.tolerance_s(key)


__all__ = ["TOLERANCE_SALT", "Conversion"]
