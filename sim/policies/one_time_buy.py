"""One-time buy: stock a quantity once for a season, never replenish, salvage what is left.

The newsvendor decision of a seasonal seller (Nahmias §5.3; SPT §10.3): buy q units before the
season's demand D is seen; every unit short loses the margin c_u = price − unit cost, every unit
left at the end is sold off at the salvage value v, losing c_o = unit cost − v. The default q is
the newsvendor quantity, the smallest q with P(D ≤ q) ≥ c_u/(c_u + c_o) (sim.analytics.newsvendor),
where D is the season's demand at the slot:

* Poisson with mean d·T when the slot's daily units have variance equal to their mean (Poisson
  orders of one unit each): the exact discrete newsvendor;
* otherwise normal with mean d·T and standard deviation σ_d·√T (independent days), q = ⌈q*⌉.

d and σ_d are the plan's estimates for the slot (`SlotFacts`, before seasonality), T the season in
days (from the buy to the end of the horizon; the plan passes it as `season_days`). Holding cost
during the season is not in c_o (the textbook model's), though the simulation charges it.

The rule never orders: its reorder point lies below any inventory position the model can reach,
so the review process never asks it (the contract of sim.policies.reorder holds for every
position above −2⁶²). The model stocks `quantity` at time zero, or on day `day` (a receipt; the
slot starts empty), and at the end of the horizon books what is left as salvaged
(sim.model.one_time_buy).
"""

from __future__ import annotations

import math

from sim.analytics.discrete import poisson_pmf
from sim.analytics.newsvendor import newsvendor_quantity_discrete, newsvendor_quantity_normal
from sim.policies.reorder import SlotFacts, Snapshot

NEVER = -(2**62)
"""The reorder point of a rule that never orders: below any position a run reaches."""


def newsvendor_units(facts: SlotFacts, season_days: float, salvage_value: float) -> int:
    """The newsvendor quantity for the slot's season demand (see the module docstring)."""
    underage = facts.price - facts.unit_cost
    overage = facts.unit_cost - salvage_value
    if underage <= 0:
        raise ValueError(
            f"the newsvendor quantity needs a price above the unit cost (price {facts.price:g}, "
            f"unit cost {facts.unit_cost:g}): nothing is worth buying; give quantity"
        )
    if overage < 0:
        raise ValueError(f"salvage_value {salvage_value:g} is above the unit cost {facts.unit_cost:g}")
    if season_days <= 0:
        raise ValueError(f"the season must be longer than 0 days, got {season_days:g}")
    mean = facts.daily_units_mean * season_days
    variance = facts.daily_units_sd**2
    if mean <= 0:
        raise ValueError("the slot expects no demand: the newsvendor quantity is 0; give quantity")
    if overage == 0:
        raise ValueError("salvage_value equals the unit cost: leftovers cost nothing, so no quantity is optimal")
    if math.isclose(variance, facts.daily_units_mean, rel_tol=1e-9):
        return newsvendor_quantity_discrete(poisson_pmf(mean), underage, overage)
    sd = math.sqrt(variance * season_days)
    return math.ceil(newsvendor_quantity_normal(mean, sd, underage, overage) - 1e-9)


class OneTimeBuy:
    """One-time buy: `quantity` units stocked once (at the start, or on day `day`), no
    replenishment, the rest salvaged at `salvage_value` per unit at the end of the horizon."""

    kind = "one_time_buy"
    reorder_point = NEVER

    def __init__(self, quantity: int, salvage_value: float = 0.0, day: int = 0) -> None:
        if not isinstance(quantity, int) or quantity < 1:
            raise ValueError(f"a one-time buy needs a whole quantity >= 1, got {quantity!r}")
        if not salvage_value >= 0:
            raise ValueError(f"salvage_value must be >= 0, got {salvage_value}")
        if day < 0:
            raise ValueError(f"day must be >= 0, got {day}")
        self.quantity = quantity
        self.salvage_value = float(salvage_value)
        self.day = day

    @classmethod
    def from_facts(
        cls,
        facts: SlotFacts,
        *,
        quantity: int | None = None,
        salvage_value: float = 0.0,
        day: int = 0,
        season_days: float | None = None,
    ) -> OneTimeBuy:
        """`quantity` in units, or (None) the newsvendor quantity over `season_days`."""
        if facts.unit_cost > 0 and salvage_value > facts.unit_cost:
            raise ValueError(f"salvage_value {salvage_value:g} is above the unit cost {facts.unit_cost:g}")
        if quantity is None:
            if season_days is None:
                raise ValueError("give quantity, or season_days for the newsvendor quantity")
            quantity = max(1, newsvendor_units(facts, season_days, salvage_value))
        return cls(quantity, salvage_value, day)

    def decide(self, snapshot: Snapshot) -> int:
        return 0

    @property
    def initial_level(self) -> int:
        return self.quantity

    def __repr__(self) -> str:
        return f"OneTimeBuy(quantity={self.quantity}, salvage_value={self.salvage_value:g}, day={self.day})"
