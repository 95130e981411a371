"""The validation cases: a scenario under scenarios/validation/, the policies to simulate, and the
analytic values to compare with, each computed from the scenario itself (the YAML is the single
source of every parameter: a case reads λ, L, S, r, Q from it, or from the plan built from it).

Check kinds:

* `exact`  — the formula is exact for what the simulator models (given its documented rules:
             unit orders, integer-day lead times, receipts before demand, …); passes when the
             analytic value lies within the simulated mean's simultaneous confidence interval;
* `approx` — the formula is an approximation of the simulated process (normal lead-time demand
             for whole units); passes within the interval widened by a stated tolerance, set from
             the formula's sensitivity to the known differences, never from simulation results;
* `calc`   — a calculation with no simulation (the lesson's worked example, the plan's sizing):
             passes when it reproduces its reference within a stated rounding tolerance;
* `info`   — shown for comparison only (e.g. a continuous-review formula next to a daily-review
             simulation, where they differ by design); never passes or fails.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import sim.analytics as a
from sim.analytics.discrete import poisson_pmf, rounded_normal_pmf
from sim.base.distributions import Fixed, Normal
from sim.base.timebase import DAY
from sim.config import Scenario, load_scenario
from sim.config.models import DailyUnits, PoissonOrders
from sim.network.build import build_network
from sim.plan.build import make_plan
from sim.policies import ReorderRule

SCENARIO_DIR = Path(__file__).resolve().parents[3] / "scenarios" / "validation"
"""Where the validation scenarios live (in a source checkout; `--scenarios` points elsewhere)."""


@dataclass(frozen=True)
class Check:
    """One row of the validation table."""

    quantity: str
    analytic: float
    policy: str | None = None  # whose runs are measured; None for a calculation
    measure: str | None = None  # a key of sim.studies.validation.measure
    kind: str = "exact"  # exact | approx | calc | info
    tolerance: float = 0.0  # approx: beyond sampling error; calc: |analytic − reference|
    reference: float | None = None  # calc: what the analytic value must reproduce
    note: str = ""  # why a tolerance, or what an info row shows
    digits: int = 4


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


# -- reading the scenario ------------------------------------------------------------------------


def _poisson_rate(scenario: Scenario) -> float:
    demand = scenario.skus[0].demand
    if not isinstance(demand, PoissonOrders) or not (
        isinstance(demand.order_size, Fixed) and demand.order_size.value == 1
    ):
        raise ValueError(f"{scenario.name}: this case needs Poisson orders of one unit")
    return demand.orders_per_day


def _normal_daily(scenario: Scenario) -> Normal:
    demand = scenario.skus[0].demand
    if not isinstance(demand, DailyUnits) or not isinstance(demand.units_per_day, Normal):
        raise ValueError(f"{scenario.name}: this case needs daily_units with a normal distribution")
    return demand.units_per_day


def _lead_days(scenario: Scenario, supplier: str | None = None) -> float:
    chosen = [s for s in scenario.suppliers if supplier is None or s.name == supplier]
    return chosen[0].lead_time_days.mean


def _whole_days(value: float) -> int:
    if not float(value).is_integer():
        raise ValueError(f"the exact periodic-review formulas need a whole-day lead time, got {value}")
    return int(value)


@cache
def _rule_cached(scenario_json: str, policy: str) -> ReorderRule:
    scenario = Scenario.model_validate_json(scenario_json)
    plan = make_plan(build_network(scenario), policy)
    (slot,) = plan.slots.values()
    return slot.rule


def _rule(scenario: Scenario, policy: str) -> ReorderRule:
    """The one slot's rule the plan builds for `policy`."""
    return _rule_cached(scenario.model_dump_json(by_alias=True), policy)


def _param(rule: ReorderRule, name: str) -> int:
    value = getattr(rule, name)
    assert isinstance(value, int)
    return value


def _stock_rows(policy: str, metrics: a.StockMetrics, source: str, *, backorders: bool = True) -> list[Check]:
    rows = [
        Check(f"fill rate — {source}", metrics.fill_rate, policy, "fill_rate"),
        Check("average on hand (units)", metrics.on_hand, policy, "on_hand", digits=3),
    ]
    if backorders:
        rows.append(Check("average backorders (units)", metrics.backorders, policy, "backorders", digits=3))
    return rows


# -- the cases ------------------------------------------------------------------------------------


def _normal_note(formula: Callable[[float], float], sigma: float, digits: int, extra: str = "") -> str:
    """Why a normal-approximation check has a tolerance, with the formula's own sensitivity."""
    base = formula(sigma)
    moved = max(abs(formula(sigma * math.sqrt(1 + f)) - base) for f in (-0.02, 0.02))
    return (
        "normal approximation of whole-unit lead-time demand, whose simulated variance differs from L·σ² by "
        f"a few per cent (rounding to units, random times of day): ±2 % variance moves the value by {moved:.{digits}f}"
        + (f"; {extra}" if extra else "")
    )


def lesson_checks(scenario: Scenario) -> list[Check]:
    normal = _normal_daily(scenario)
    mu, sigma = normal.mu, normal.sigma  # as the lesson states them: 12 ± 3 a day
    lead = _lead_days(scenario)
    sku, supplier = scenario.skus[0], scenario.suppliers[0]
    annual = mu * 365
    holding = sku.unit_cost * scenario.costs.holding_rate_per_year
    z = a.z_value(0.95)
    rop = a.reorder_point(mu, sigma, lead, 0.0, 0.95)
    q = a.eoq(annual, supplier.order_cost, holding)

    continuous = _rule(scenario, "continuous")
    s, big_s = _param(continuous, "s"), _param(continuous, "S")
    d, sd = normal.mean, normal.sd  # the plan's estimates: the truncated normal's moments
    mu_l, sigma_l = d * lead, sd * math.sqrt(lead)
    plan_rop = a.reorder_point(d, sd, lead, 0.0, 0.95)
    plan_q = round(a.eoq(d * 365, supplier.order_cost, holding))
    backorders = a.rq_backorders_normal(s, big_s - s, mu_l, sigma_l)

    daily = _rule(scenario, "daily_review")
    ds, d_big_s = _param(daily, "s"), _param(daily, "S")
    pmf = rounded_normal_pmf(normal.mu, normal.sigma)
    days = _whole_days(lead)
    fixed = _rule(scenario, "daily_review_rop_136")
    fs, f_big_s = _param(fixed, "s"), _param(fixed, "S")
    protection = lead + 1
    return [
        Check(
            "z for a 95 % service level",
            z,
            kind="calc",
            reference=1.65,
            tolerance=0.01,
            note="the lesson's table rounds Φ⁻¹(0.95) = 1.6449 up to 1.65",
        ),
        Check("safety stock z·σ·√L", a.safety_stock(z, sigma, lead), kind="calc", reference=16, tolerance=0.5),
        Check("reorder point d·L + z·σ·√L", rop, kind="calc", reference=136, tolerance=0.5),
        Check("EOQ √(2DS/H)", q, kind="calc", reference=242, tolerance=0.5),
        Check("orders a year D/EOQ", a.orders_per_year(annual, round(q)), kind="calc", reference=18, tolerance=0.5),
        Check("days between orders", a.order_cycle_days(annual, round(q)), kind="calc", reference=20, tolerance=0.5),
        Check("the plan's s = ⌈ROP⌉", math.ceil(plan_rop), kind="calc", reference=s, digits=0),
        Check("the plan's Q = S − s = EOQ", plan_q, kind="calc", reference=big_s - s, digits=0),
        Check(
            "cycle service level ≈ Φ((s + ½ − d·L)/(σ·√L))",
            a.cycle_service_level_normal(s + 0.5, mu_l, sigma_l),
            "continuous",
            "csl",
            kind="approx",
            tolerance=0.01,
            note=_normal_note(
                lambda sg: a.cycle_service_level_normal(s + 0.5, mu_l, sg),
                sigma_l,
                4,
                f"the tolerance also covers the ½-unit continuity correction "
                f"({a.cycle_service_level_normal(s, mu_l, sigma_l):.3f} without it)",
            ),
        ),
        Check(
            "fill rate ≈ 1 − σ_L·[G(k_s) − G(k_S)]/Q",
            a.rq_fill_rate_normal(s, big_s - s, mu_l, sigma_l),
            "continuous",
            "fill_rate",
            kind="approx",
            tolerance=0.0005,
            note=_normal_note(lambda sg: a.rq_fill_rate_normal(s, big_s - s, mu_l, sg), sigma_l, 5),
            digits=5,
        ),
        Check(
            "average on hand s + (Q+1)/2 − d·L + E[BO]",
            s + (big_s - s + 1) / 2 - mu_l + backorders,
            "continuous",
            "on_hand",
            kind="approx",
            tolerance=0.1,
            note="exact but for E[BO] ≈ 0.003 units, from the normal second-order loss function",
            digits=3,
        ),
        Check("purchase orders a year D/Q", d * 365 / (big_s - s), "continuous", "orders_per_year", digits=3),
        *_stock_rows(
            "daily_review",
            a.periodic_sS(pmf, days, 1, ds, d_big_s),
            f"(s,S) = ({ds}, {d_big_s}), Markov chain",
            backorders=False,  # E[BO] ≈ 0.0006: most replications see none; a t interval would mean nothing
        ),
        Check(
            "cycle service level (plan's L + R normal formula)",
            a.cycle_service_level_normal(ds + 0.5, d * protection, sd * math.sqrt(protection)),
            "daily_review",
            "csl",
            kind="info",
            note="the L + R rule ignores the undershoot at daily reviews: conservative by design, no exact value",
        ),
        *_stock_rows(
            "daily_review_rop_136",
            a.periodic_sS(pmf, days, 1, fs, f_big_s),
            f"(s,S) = ({fs}, {f_big_s}), Markov chain",
            backorders=False,
        ),
        Check(
            "cycle service level (continuous-review formula)",
            a.cycle_service_level_normal(fs + 0.5, mu_l, sigma_l),
            "daily_review_rop_136",
            "csl",
            kind="info",
            note="the continuous-review ROP reviewed daily: the undershoot lowers service below the formula",
        ),
    ]


def base_stock_checks(scenario: Scenario) -> list[Check]:
    rate = _poisson_rate(scenario)
    S = _param(_rule(scenario, "fixed_lead_time"), "S")
    fixed = _lead_days(scenario, "fixed_supplier")
    gamma = _lead_days(scenario, "gamma_supplier")
    return [
        *_stock_rows("fixed_lead_time", a.base_stock_poisson(S, rate * fixed), f"P(D ≤ {S - 1}), D ~ Poisson(λL)"),
        *_stock_rows("gamma_lead_time", a.base_stock_poisson(S, rate * gamma), "same, θ = λ·E[L] (Palm)"),
        *_stock_rows(
            "daily_review",
            a.periodic_base_stock(poisson_pmf(rate), _whole_days(fixed), 1, S),
            f"(R,S) = (1 day, {S}), exact",
        ),
    ]


def rq_poisson_checks(scenario: Scenario) -> list[Check]:
    rate = _poisson_rate(scenario)
    lead = _lead_days(scenario)
    rule = _rule(scenario, "continuous")
    r, Q = _param(rule, "r"), _param(rule, "Q")
    return [
        *_stock_rows("continuous", a.rq_poisson(r, Q, rate * lead), f"(r,Q) = ({r}, {Q}), uniform position"),
        Check("purchase orders a year 365·λ/Q", 365 * rate / Q, "continuous", "orders_per_year", digits=3),
        *_stock_rows(
            "daily_review",
            a.periodic_rq(poisson_pmf(rate), _whole_days(lead), 1, r, Q),
            f"(R,r,Q) = (1 day, {r}, {Q}), Markov chain",
        ),
    ]


def rq_normal_checks(scenario: Scenario) -> list[Check]:
    normal = _normal_daily(scenario)
    lead = _lead_days(scenario)
    rule = _rule(scenario, "fill_rate_97")
    r, Q = _param(rule, "r"), _param(rule, "Q")
    target = float(rule.fill_rate)  # type: ignore[attr-defined]
    d, sd = normal.mean, normal.sd
    mu_l, sigma_l = d * lead, sd * math.sqrt(lead)
    backorders = a.rq_backorders_normal(r, Q, mu_l, sigma_l)
    return [
        Check(
            f"the plan's r: smallest r with β(r, {Q}) ≥ {target:g}",
            math.ceil(a.reorder_point_for_fill_rate(target, Q, mu_l, sigma_l)),
            kind="calc",
            reference=r,
            digits=0,
        ),
        Check(
            f"fill rate at r = {r} ≈ 1 − σ_L·[G(k_r) − G(k_r+Q)]/Q",
            a.rq_fill_rate_normal(r, Q, mu_l, sigma_l),
            "fill_rate_97",
            "fill_rate",
            kind="approx",
            tolerance=0.003,
            note=_normal_note(lambda sg: a.rq_fill_rate_normal(r, Q, mu_l, sg), sigma_l, 4),
        ),
        Check(
            "average backorders ≈ (σ_L²/Q)·[H(k_r) − H(k_r+Q)]",
            backorders,
            "fill_rate_97",
            "backorders",
            kind="approx",
            tolerance=0.03,
            note=_normal_note(
                lambda sg: a.rq_backorders_normal(r, Q, mu_l, sg),
                sigma_l,
                4,
                "and the formula spreads the position over (r, r+Q] where whole units sit on {r+1 … r+Q}, "
                f"which overstates E[BO] by about ½·(1 − β) = "
                f"{0.5 * (1 - a.rq_fill_rate_normal(r, Q, mu_l, sigma_l)):.4f}",
            ),
            digits=3,
        ),
        Check(
            "average on hand r + (Q+1)/2 − d·L + E[BO]",
            r + (Q + 1) / 2 - mu_l + backorders,
            "fill_rate_97",
            "on_hand",
            kind="approx",
            tolerance=0.1,
            note="exact but for E[BO], from the normal approximation",
            digits=3,
        ),
        Check("purchase orders a year D/Q", d * 365 / Q, "fill_rate_97", "orders_per_year", digits=3),
    ]


def ss_poisson_checks(scenario: Scenario) -> list[Check]:
    rate = _poisson_rate(scenario)
    lead = _lead_days(scenario)
    rule = _rule(scenario, "continuous")
    s, S = _param(rule, "s"), _param(rule, "S")
    return [
        *_stock_rows(
            "continuous", a.sS_poisson_continuous(s, S, rate * lead), f"(s,S) = ({s}, {S}) = (r,Q) = ({s}, {S - s})"
        ),
        Check("purchase orders a year 365·λ/(S − s)", 365 * rate / (S - s), "continuous", "orders_per_year", digits=3),
        *_stock_rows(
            "daily_review",
            a.periodic_sS(poisson_pmf(rate), _whole_days(lead), 1, s, S),
            f"(R,s,S) = (1 day, {s}, {S}), Markov chain",
        ),
    ]


def periodic_checks(scenario: Scenario) -> list[Check]:
    rate = _poisson_rate(scenario)
    lead = _lead_days(scenario)
    policy = scenario.policy("weekly_order_up_to")
    review = policy.review.period_days  # type: ignore[union-attr]
    S = _param(_rule(scenario, "weekly_order_up_to"), "S")
    return _stock_rows(
        "weekly_order_up_to",
        a.periodic_base_stock(poisson_pmf(rate), _whole_days(lead), review, S),
        f"(R,S) = ({review} days, {S}), exact",
    )


NEWSVENDOR_OVERAGE_COST = 1.0
"""The newsvendor case's overage cost c_o (the markdown on a unit left over), stated in its scenario."""


def newsvendor_checks(scenario: Scenario) -> list[Check]:
    rate = _poisson_rate(scenario)
    sku = scenario.skus[0]
    underage = sku.price - sku.unit_cost
    pmf = poisson_pmf(rate)
    S = _param(_rule(scenario, "newsvendor"), "S")
    ratio = a.critical_fractile(underage, NEWSVENDOR_OVERAGE_COST)
    day = a.periodic_base_stock(pmf, 0, 1, S)
    return [
        Check(
            f"S* = F⁻¹(c_u/(c_u + c_o)) = F⁻¹({ratio:g}), the scenario's S",
            a.newsvendor_quantity_discrete(pmf, underage, NEWSVENDOR_OVERAGE_COST),
            kind="calc",
            reference=S,
            digits=0,
        ),
        Check("fill rate E[min(D, S)]/E[D]", a.newsvendor_expected_sales(pmf, S) / rate, "newsvendor", "fill_rate"),
        Check(
            "lost units a day E[(D − S)⁺]", a.newsvendor_expected_lost(pmf, S), "newsvendor", "lost_per_day", digits=3
        ),
        Check("average on hand during the day", day.on_hand, "newsvendor", "on_hand", digits=3),
    ]


def erlang_c_checks(scenario: Scenario) -> list[Check]:
    rate_per_min = _poisson_rate(scenario) / (DAY / 60)
    node = scenario.nodes[0]
    pick = node.pick_pack  # type: ignore[union-attr]
    assert pick is not None and pick.minutes_per_unit == 0
    servers, mean_min = pick.stations, pick.minutes_per_order.mean
    q = a.mmc(servers, rate_per_min, 1 / mean_min)
    policy = "ample_stock"
    return [
        Check(f"P(wait) = Erlang C(c = {servers}, a = {rate_per_min * mean_min:.2f})", q.p_wait, policy, "pp_p_wait"),
        Check("mean wait Wq = C/(cμ − λ) (min)", q.wait, policy, "pp_wait_min", digits=3),
        Check("mean time at pick/pack W = Wq + 1/μ (min)", q.sojourn, policy, "pp_sojourn_min", digits=3),
        Check("orders waiting Lq = λ·Wq (Little)", q.queue_length, policy, "pp_in_queue", digits=3),
        Check("orders at pick/pack L = λ·W (Little)", q.in_system, policy, "pp_in_system", digits=3),
    ]


def lost_sales_checks(scenario: Scenario) -> list[Check]:
    rate = _poisson_rate(scenario)
    S = _param(_rule(scenario, "fixed_lead_time"), "S")
    rows = []
    for policy, supplier in (("fixed_lead_time", "fixed_supplier"), ("lognormal_lead_time", "lognormal_supplier")):
        load = rate * _lead_days(scenario, supplier)
        rows += _stock_rows(
            policy,
            a.lost_sales_base_stock_poisson(S, load),
            f"1 − ErlangB({S}, {load:g})",
            backorders=False,
        )
    return rows


def dropship_checks(scenario: Scenario) -> list[Check]:
    rate = _poisson_rate(scenario)
    by_name = {n.name: n for n in scenario.nodes}
    pod = by_name["print_shop"]
    drop = by_name["maker"]
    service_days = 1 / pod.daily_capacity_units  # type: ignore[union-attr]
    wait = a.mg1_mean_wait(rate, service_days, service_days**2)  # M/D/1
    pickup_wait = (DAY - 1) / 2 / DAY  # ready at a uniformly random second of the day; one pickup a day
    transit = scenario.carriers[0].services[0].rates[0].transit_days.mean
    pod_ready = wait + service_days + pod.production_days.mean  # type: ignore[union-attr]
    drop_ready = drop.handling_days.mean  # type: ignore[union-attr]
    rows = []
    for policy, ready, how in (
        ("make_to_order", pod_ready, "Wq (M/D/1, P-K) + 1/μ + finishing"),
        ("dropship", drop_ready, "handling (M/G/∞)"),
    ):
        delivery = ready + pickup_wait + transit
        rows += [
            Check(f"order → ready: {how} (days)", ready, policy, "ready_days"),
            Check("delivery time: ready + ½ day to pickup + transit (days)", delivery, policy, "delivery_days"),
            Check("open orders L = λ·W (Little)", a.little_l(rate, delivery), policy, "open_orders", digits=3),
        ]
    return rows


NONE: frozenset[str] = frozenset()

CASES: tuple[Case, ...] = (
    Case(
        "lesson_example",
        "the lesson's example: 12/day ± 3, L = 10, 95 %, EOQ",
        "lesson_example.yaml",
        (("continuous", NONE), ("daily_review", NONE), ("daily_review_rop_136", NONE)),
        Size(12, 3650, 100),  # shortages are rare here (fill rate > 0.999): short runs would see too few
        lesson_checks,
    ),
    Case(
        "base_stock_poisson",
        "base-stock, Poisson demand, backorders",
        "base_stock_poisson.yaml",
        (("fixed_lead_time", NONE), ("gamma_lead_time", NONE), ("daily_review", NONE)),
        Size(12, 730, 60),
        base_stock_checks,
    ),
    Case(
        "rq_poisson",
        "(r,Q), Poisson demand",
        "rq_poisson.yaml",
        (("continuous", NONE), ("daily_review", NONE)),
        Size(12, 730, 60),
        rq_poisson_checks,
    ),
    Case(
        "rq_normal_fill_rate",
        "(r,Q), normal demand, r for a target fill rate",
        "rq_normal_fill_rate.yaml",
        (("fill_rate_97", NONE),),
        Size(12, 730, 60),
        rq_normal_checks,
    ),
    Case(
        "ss_poisson",
        "(s,S), Poisson demand, continuous and daily review",
        "ss_poisson.yaml",
        (("continuous", NONE), ("daily_review", NONE)),
        Size(12, 730, 60),
        ss_poisson_checks,
    ),
    Case(
        "periodic_order_up_to",
        "periodic order-up-to (R,S)",
        "periodic_order_up_to.yaml",
        (("weekly_order_up_to", NONE),),
        Size(12, 730, 60),
        periodic_checks,
    ),
    Case(
        "newsvendor",
        "newsvendor: daily order-up-to S* from the critical fractile",
        "newsvendor.yaml",
        (("newsvendor", NONE),),
        Size(12, 730, 10),
        newsvendor_checks,
    ),
    Case(
        "erlang_c_pick_pack",
        "M/M/2 pick/pack station: Erlang C and Little's law",
        "erlang_c_pick_pack.yaml",
        (("ample_stock", frozenset({"pick_pack"})),),
        Size(12, 30, 2),
        erlang_c_checks,
    ),
    Case(
        "lost_sales_erlang_b",
        "lost-sales base-stock = Erlang loss system",
        "lost_sales_erlang_b.yaml",
        (("fixed_lead_time", NONE), ("lognormal_lead_time", NONE)),
        Size(12, 730, 60),
        lost_sales_checks,
    ),
    Case(
        "dropship_delivery",
        "delivery through a supplier queue plus transit; Little's law",
        "dropship_delivery.yaml",
        (("make_to_order", frozenset({"ready", "open_orders"})), ("dropship", frozenset({"ready", "open_orders"}))),
        Size(12, 180, 20),
        dropship_checks,
    ),
)
"""Every case, in the order the table prints them."""


def load_case_scenario(case: Case, folder: Path = SCENARIO_DIR, size: Size | None = None) -> Scenario:
    """The case's scenario; with `size`, its horizon and warm-up replaced (replications are the runner's)."""
    overrides = [] if size is None else [f"horizon_days={size.horizon_days}", f"warmup_days={size.warmup_days}"]
    return load_scenario(folder / case.scenario, overrides)
