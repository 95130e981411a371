"""Reorder rules: small objects that decide how much to order from an inventory snapshot.

A rule only decides; the review process (continuous: after every change of the inventory
position; periodic: every R days at the start of the day) decides *when* to ask. The contract
every rule meets (and the conformance suite in tests/test_policy_conformance.py checks, for every
registered kind and the documented custom example):

* `decide(snapshot)` returns a whole number of units ≥ 0, and is pure in the snapshot (a rule
  that learns, such as `ForecastRule`, changes only through `observe`, never inside `decide`);
* it returns 0 whenever `snapshot.position > reorder_point` (so the review process may skip the
  call above that level);
* after ordering what it returns, the position is above `reorder_point`;
* `initial_level` (where stock starts) is above `reorder_point`.

Positions are "inventory positions": on hand + on order − backordered demand.

Every registered class is built by `from_facts(facts, **params)`, where `facts` are the plan's
estimates for the slot (`SlotFacts`) and `params` are the keys of the scenario's `reorder:` block
(sim.plan.build does the mapping, so policies never import sim.config). Minimum order quantities and
pack sizes are the supplier's terms and are applied to whatever a rule orders, after it decides
(sim.model.stock); rules stay unaware of them, so one rule works with any supplier.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol, runtime_checkable

from sim.analytics import eoq, lead_time_demand_sd, reorder_point_for_fill_rate
from sim.analytics import reorder_point as service_level_reorder_point


class Snapshot(NamedTuple):
    """What a rule sees at a review."""

    t: int  # simulation seconds
    on_hand: int
    on_order: int
    backordered: int

    @property
    def position(self) -> int:
        return self.on_hand + self.on_order - self.backordered


class ReorderRule(Protocol):
    """The interface the review process calls (see the module docstring for the contract)."""

    reorder_point: int

    def decide(self, snapshot: Snapshot) -> int: ...

    @property
    def initial_level(self) -> int: ...


@runtime_checkable
class ObservingRule(Protocol):
    """A rule that learns from demand: the model calls `observe(day, units)` at the start of every
    day with the units demanded at the rule's slot on the day before (`observes` is True)."""

    observes: bool

    def observe(self, day: int, units: int) -> None: ...


@dataclass(frozen=True)
class SlotFacts:
    """The plan's estimates for one stocked (node, SKU), from which a rule sizes itself.

    Demand is the expected demand routed to the node (sim.plan.build); the lead time includes any
    receiving or inbound delay; `review_period_days` is 0 under continuous review.
    """

    daily_units_mean: float
    daily_units_sd: float
    lead_time_days_mean: float
    lead_time_days_sd: float = 0.0
    review_period_days: float = 0.0
    order_cost: float = 0.0
    holding_per_unit_year: float = 0.0
    unit_cost: float = 0.0
    price: float = 0.0
    known_factor: tuple[float, ...] | None = None
    """Known-in-advance multiplier of this slot's demand by day from day 0 (promotions, profiles:
    sim.plan.known_demand); None when there is none. Days past its end count 1."""

    @property
    def protection_days(self) -> float:
        """L + R: the time an order must cover (the lead time plus the review period)."""
        return self.lead_time_days_mean + self.review_period_days

    def eoq_units(self) -> int:
        """EOQ for this slot, at least 1 (sim.analytics.eoq with D = 365·d)."""
        return max(1, round(eoq(self.daily_units_mean * 365, self.order_cost, self.holding_per_unit_year)))

    def order_quantity(self, order_quantity: int | str) -> int:
        """`"eoq"` or a fixed number of units."""
        if order_quantity == "eoq":
            return self.eoq_units()
        if isinstance(order_quantity, int) and order_quantity >= 1:
            return order_quantity
        raise ValueError(f"order_quantity must be 'eoq' or a whole number ≥ 1, got {order_quantity!r}")


def _days_to_units(days: float, d: float) -> int:
    return round(days * d)


def _probability(name: str, value: float) -> float:
    if not 0 < value < 1:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {value}")
    return value


class SS:
    """(s,S): at or below s, order up to S. Under periodic review this is (R,s,S)."""

    kind = "sS"

    def __init__(self, s: int, S: int) -> None:
        if not 0 <= s < S:
            raise ValueError(f"(s,S) needs 0 <= s < S, got s={s}, S={S}")
        self.s = s
        self.S = S
        self.reorder_point = s

    @classmethod
    def from_facts(
        cls,
        facts: SlotFacts,
        *,
        s: int | None = None,
        S: int | None = None,
        s_days: float | None = None,
        S_days: float | None = None,
    ) -> SS:
        """s and S in units, or in days of the slot's expected demand."""
        if s is not None and S is not None:
            return cls(s, S)
        if s_days is None or S_days is None:
            raise ValueError("give s and S, or s_days and S_days")
        low = _days_to_units(s_days, facts.daily_units_mean)
        return cls(low, max(low + 1, _days_to_units(S_days, facts.daily_units_mean)))

    def decide(self, snapshot: Snapshot) -> int:
        position = snapshot.position
        return self.S - position if position <= self.s else 0

    @property
    def initial_level(self) -> int:
        return self.S

    def __repr__(self) -> str:
        return f"SS(s={self.s}, S={self.S})"


class RQ:
    """(r,Q): at or below r, order the smallest multiple of Q that lifts the position above r."""

    kind = "rQ"

    def __init__(self, r: int, Q: int) -> None:
        if r < 0 or Q < 1:
            raise ValueError(f"(r,Q) needs r >= 0 and Q >= 1, got r={r}, Q={Q}")
        self.r = r
        self.Q = Q
        self.reorder_point = r

    @classmethod
    def from_facts(
        cls,
        facts: SlotFacts,
        *,
        r: int | None = None,
        Q: int | None = None,
        r_days: float | None = None,
        Q_days: float | None = None,
    ) -> RQ:
        """r and Q in units, or in days of the slot's expected demand."""
        if r is not None and Q is not None:
            return cls(r, Q)
        if r_days is None or Q_days is None:
            raise ValueError("give r and Q, or r_days and Q_days")
        d = facts.daily_units_mean
        return cls(_days_to_units(r_days, d), max(1, _days_to_units(Q_days, d)))

    def decide(self, snapshot: Snapshot) -> int:
        position = snapshot.position
        if position > self.r:
            return 0
        batches = (self.r - position) // self.Q + 1
        return batches * self.Q

    @property
    def initial_level(self) -> int:
        return self.r + self.Q

    def __repr__(self) -> str:
        return f"RQ(r={self.r}, Q={self.Q})"


class BaseStock:
    """Base-stock S: whenever the position is below S, order up to S (one-for-one under continuous
    review; the order-up-to policy (R,S) under periodic review)."""

    kind = "base_stock"

    def __init__(self, S: int) -> None:
        if S < 1:
            raise ValueError(f"a base-stock level needs S >= 1, got S={S}")
        self.S = S
        self.reorder_point = S - 1

    @classmethod
    def from_facts(
        cls,
        facts: SlotFacts,
        *,
        S: int | None = None,
        S_days: float | None = None,
        service_level: float | None = None,
    ) -> BaseStock:
        """S in units, in days of expected demand, or from a cycle service level over the protection
        interval L + R (normal approximation: S = ⌈d·(L+R) + z·√((L+R)·σ_d² + d²·σ_L²)⌉)."""
        if S is not None:
            return cls(S)
        if S_days is not None:
            return cls(max(1, _days_to_units(S_days, facts.daily_units_mean)))
        if service_level is None:
            raise ValueError("give S, S_days or service_level")
        _probability("service_level", service_level)
        level = service_level_reorder_point(
            facts.daily_units_mean,
            facts.daily_units_sd,
            facts.protection_days,
            facts.lead_time_days_sd,
            service_level,
        )
        return cls(max(1, math.ceil(level)))

    def decide(self, snapshot: Snapshot) -> int:
        position = snapshot.position
        return self.S - position if position < self.S else 0

    @property
    def initial_level(self) -> int:
        return self.S

    def __repr__(self) -> str:
        return f"BaseStock(S={self.S})"


class ServiceLevelRule(SS):
    """(s,S) sized from a cycle-service-level target: s = ⌈d·P + z·√(P·σ_d² + d²·σ_L²)⌉ with
    P = L + R the protection interval (SPT §6.7, §6.9, §6.10.2), S = s + Q with Q the EOQ or a
    fixed number of units."""

    kind = "service_level"

    def __init__(self, s: int, S: int, service_level: float) -> None:
        super().__init__(s, S)
        self.service_level = service_level

    @classmethod
    def from_facts(  # type: ignore[override]
        cls, facts: SlotFacts, *, service_level: float, order_quantity: int | str = "eoq"
    ) -> ServiceLevelRule:
        _probability("service_level", service_level)
        rop = service_level_reorder_point(
            facts.daily_units_mean,
            facts.daily_units_sd,
            facts.protection_days,
            facts.lead_time_days_sd,
            service_level,
        )
        q = facts.order_quantity(order_quantity)
        s = max(0, math.ceil(rop))
        return cls(s, s + q, service_level)

    def __repr__(self) -> str:
        return f"ServiceLevelRule(s={self.s}, S={self.S}, service_level={self.service_level})"


class FillRateRule(RQ):
    """(r,Q) with r the smallest whole reorder point whose normal-approximation fill rate
    β(r,Q) = 1 − σ_P·[G((r − μ_P)/σ_P) − G((r + Q − μ_P)/σ_P)]/Q reaches the target
    (sim.analytics.reorder_point_for_fill_rate; Axsäter ch. 5, SPT §6.7.2), over the protection
    interval P = L + R; Q is the EOQ or a fixed number of units."""

    kind = "fill_rate"

    def __init__(self, r: int, Q: int, fill_rate: float) -> None:
        super().__init__(r, Q)
        self.fill_rate = fill_rate

    @classmethod
    def from_facts(  # type: ignore[override]
        cls, facts: SlotFacts, *, fill_rate: float, order_quantity: int | str = "eoq"
    ) -> FillRateRule:
        _probability("fill_rate", fill_rate)
        q = facts.order_quantity(order_quantity)
        p = facts.protection_days
        mu = facts.daily_units_mean * p
        sigma = lead_time_demand_sd(facts.daily_units_sd, p, facts.daily_units_mean, facts.lead_time_days_sd)
        r = max(0, math.ceil(reorder_point_for_fill_rate(fill_rate, q, mu, sigma) - 1e-9))
        return cls(r, q, fill_rate)

    def __repr__(self) -> str:
        return f"FillRateRule(r={self.r}, Q={self.Q}, fill_rate={self.fill_rate})"


def build_rule(cls: Any, facts: SlotFacts, params: dict[str, Any]) -> ReorderRule:
    """Instantiate a rule class from the plan's facts and the scenario's parameters:
    `cls.from_facts(facts, **params)` when the class has it, else `cls(**params)`."""
    factory = getattr(cls, "from_facts", None)
    rule = factory(facts, **params) if factory is not None else cls(**params)
    for attribute in ("decide", "reorder_point", "initial_level"):
        if not hasattr(rule, attribute):
            raise TypeError(f"{cls.__module__}.{cls.__qualname__} has no {attribute!r}: it is not a reorder rule")
    return rule  # type: ignore[no-any-return]
