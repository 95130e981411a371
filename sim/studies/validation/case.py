"""What a validation case is, and the helpers the cases share to read their scenario.

A case (`Case`) is a scenario under scenarios/validation/, the policies to simulate, and the
analytic values to compare with (`Check`), each computed from the scenario itself (the YAML is the
single source of every parameter: a case reads λ, L, S, r, Q from it, or from the plan built from it).

Check kinds:

* `exact`  — the formula is exact for what the simulator models (given its documented rules:
             unit orders, integer-day lead times, receipts before demand, …); passes when the
             analytic value lies within the simulated mean's simultaneous confidence interval;
* `approx` — the formula is an approximation of the simulated process (normal lead-time demand
             for whole units); passes within the interval widened by a stated tolerance, set from
             the formula's sensitivity to the known differences, never from simulation results;
* `calc`   — a calculation with no simulation (a worked example): passes when it reproduces its
             reference, worked by hand or printed in a book, within the rounding of that reference.

There are no comparison-only rows: every row passes or fails. A row never compares a policy with
the analytics function the same policy calls to size itself (those are unit tests). `source` names
the outside reference: a book and example, stockpyl (an independent implementation), or a derivation
written out in docs/VALIDATION.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import sim.analytics as a
from sim.base.distributions import Fixed, Normal
from sim.config import Scenario
from sim.config.models import DailyUnits, PoissonOrders
from sim.network.build import build_network
from sim.plan.build import make_plan
from sim.policies import ReorderRule


@dataclass(frozen=True)
class Check:
    """One row of the validation table."""

    quantity: str
    analytic: float
    policy: str | None = None  # whose runs are measured; None for a calculation
    measure: str | None = None  # a key of sim.studies.validation.measure
    kind: str = "exact"  # exact | approx | calc
    tolerance: float = 0.0  # approx: beyond sampling error; calc: |analytic − reference|
    reference: float | None = None  # calc: what the analytic value must reproduce
    note: str = ""  # why a tolerance
    digits: int = 4
    source: str = ""  # the outside reference the analytic value comes from


@dataclass(frozen=True)
class Size:
    """Replications and run length."""

    replications: int
    horizon_days: float
    warmup_days: float


@dataclass(frozen=True)
class Case:
    """A validation case: one scenario, some of its policies, and the checks."""

    name: str
    title: str
    scenario: str  # file name in the scenarios folder
    runs: tuple[tuple[str, frozenset[str]], ...]  # (policy, log-based measure groups)
    quick: Size
    checks: Callable[[Scenario], list[Check]] = field(repr=False)
    source: str = ""  # the reference of checks that name none


# -- reading the scenario ------------------------------------------------------------------------


def poisson_rate(scenario: Scenario) -> float:
    """The first SKU's orders a day; ValueError unless its demand is Poisson orders of one unit."""
    demand = scenario.skus[0].demand
    if not isinstance(demand, PoissonOrders) or not (
        isinstance(demand.order_size, Fixed) and demand.order_size.value == 1
    ):
        raise ValueError(f"{scenario.name}: this case needs Poisson orders of one unit")
    return demand.orders_per_day


def normal_daily(scenario: Scenario) -> Normal:
    """The first SKU's daily units; ValueError unless they are normally distributed."""
    demand = scenario.skus[0].demand
    if not isinstance(demand, DailyUnits) or not isinstance(demand.units_per_day, Normal):
        raise ValueError(f"{scenario.name}: this case needs daily_units with a normal distribution")
    return demand.units_per_day


def lead_days(scenario: Scenario, supplier: str | None = None) -> float:
    """The mean lead time of `supplier` (default: the first supplier)."""
    chosen = [s for s in scenario.suppliers if supplier is None or s.name == supplier]
    return chosen[0].lead_time_days.mean


def whole_days(value: float) -> int:
    """`value` as whole days; ValueError otherwise (the exact periodic-review formulas need them)."""
    if not float(value).is_integer():
        raise ValueError(f"the exact periodic-review formulas need a whole-day lead time, got {value}")
    return int(value)


@cache
def _rule_cached(scenario_json: str, policy: str) -> ReorderRule:
    scenario = Scenario.model_validate_json(scenario_json)
    plan = make_plan(build_network(scenario), policy)
    (slot,) = plan.slots.values()
    return slot.rule


def plan_rule(scenario: Scenario, policy: str) -> ReorderRule:
    """The one slot's rule the plan builds for `policy`."""
    return _rule_cached(scenario.model_dump_json(by_alias=True), policy)


def rule_param(rule: ReorderRule, name: str) -> int:
    """A whole-unit parameter of `rule` (s, S, r or Q)."""
    value = getattr(rule, name)
    assert isinstance(value, int)
    return value


def stock_rows(
    policy: str, metrics: a.StockMetrics, label: str, *, backorders: bool = True, source: str = ""
) -> list[Check]:
    """The usual rows for a stocking policy: fill rate, average on hand and (optionally) backorders."""
    rows = [
        Check(f"fill rate — {label}", metrics.fill_rate, policy, "fill_rate", source=source),
        Check("average on hand (units)", metrics.on_hand, policy, "on_hand", digits=3, source=source),
    ]
    if backorders:
        rows.append(
            Check("average backorders (units)", metrics.backorders, policy, "backorders", digits=3, source=source)
        )
    return rows


def normal_note(formula: Callable[[float], float], sigma: float, digits: int, extra: str = "") -> str:
    """Why a normal-approximation check has a tolerance, with the formula's own sensitivity."""
    base = formula(sigma)
    moved = max(abs(formula(sigma * math.sqrt(1 + f)) - base) for f in (-0.02, 0.02))
    return (
        "normal approximation of whole-unit lead-time demand, whose simulated variance differs from L·σ² by "
        f"a few per cent (rounding to units, random times of day): ±2 % variance moves the value by {moved:.{digits}f}"
        + (f"; {extra}" if extra else "")
    )
