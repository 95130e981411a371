"""External-oracle and textbook cases: the simulator's public KPIs against stockpyl and against
Snyder & Shen's worked examples.

stockpyl (MIT; https://github.com/LarrySnyder/stockpyl) is an inventory library the project did not
write. It is a test-only dependency, so its values for a table of parameter sets chosen before any
simulation are frozen here (`BASE_STOCK`, `RQ`, `SS`), with the stockpyl call that gives each;
tests/studies/test_validation_oracle.py recomputes every number with stockpyl 1.0.2 and fails if one
drifts. A case refuses to run (ValueError) when its scenario no longer has the frozen parameters.

How stockpyl's values become KPI-comparable quantities (its costs are linear in h, p and K):

* base-stock: `loss_functions.poisson_loss(S, λL)` gives n(S) = E[BO] and n̄(S) = E[OH];
  fill rate = 1 − (n(S − 1) − n(S)) = P(D ≤ S − 1);
* (r,Q): `rq.r_q_cost_poisson` g(r,Q) = K·λ/Q + h·E[OH] + p·E[BO]: E[OH] and E[BO] are its slopes in
  h and p, K·λ/Q the rest; fill rate = 1 − (n(r) − n(r + Q))/Q with stockpyl's loss function;
* (s,S): `ss.s_s_cost_discrete` is K/M(S − s) + …: its slope in K is the number of orders a period.
"""

from __future__ import annotations

import math

import sim.analytics as a
from sim.analytics.discrete import poisson_pmf
from sim.config import Scenario
from sim.studies.validation.case import Check, lead_days, plan_rule, poisson_rate, rule_param, whole_days

STOCKPYL = "stockpyl 1.0.2"

BASE_STOCK: dict[str, tuple[tuple[float, float, int], dict[str, float]]] = {
    # policy: ((λ, L, S), stockpyl values) — lf.poisson_loss(S, 20), lf.poisson_loss(S - 1, 20)
    "S16": (
        (4, 5, 16),
        {"fill_rate": 0.1565131346397397, "on_hand": 0.4069245320761876, "backorders": 4.406924532076188},
    ),
    "S22": (
        (4, 5, 22),
        {"fill_rate": 0.6436976484142687, "on_hand": 2.9794965804872904, "backorders": 0.9794965804872902},
    ),
    "S28": (
        (4, 5, 28),
        {"fill_rate": 0.9475192867717314, "on_hand": 8.088275651533044, "backorders": 0.08827565153304406},
    ),
}
"""Base-stock, Poisson(λ·L) lead-time demand: stockpyl's fill rate, E[OH] and E[BO]."""

RQ_BOOK = {"holding": 20.0, "backorder": 150.0, "order_cost": 100.0}
"""Snyder & Shen Example 5.8's costs per unit of time (the scenario's are these ÷ its scale)."""

RQ: dict[str, tuple[tuple[float, float, int, int], dict[str, float]]] = {
    # policy: ((λ, L, r, Q), stockpyl values at h 20, p 150, K 100) — rq.r_q_cost_poisson, lf.poisson_loss
    "r3_Q5": (
        (1.5, 2, 3, 5),
        {"g": 107.92358063314975, "on_hand": 3.10543282725385, "backorders": 0.10543282725384984,
         "ordering": 30.0, "fill_rate": 0.8666328304219002},
    ),
    "r1_Q8": (
        (1.5, 2, 1, 8),
        {"g": 120.80636903688234, "on_hand": 2.8062139355110958, "backorders": 0.30621393551109577,
         "ordering": 18.75, "fill_rate": 0.7439624393307656},
    ),
    "r6_Q3": (
        (1.5, 2, 6, 3),
        {"g": 151.35831343122823, "on_hand": 5.0079900790072145, "backorders": 0.00799007900721449,
         "ordering": 50.0, "fill_rate": 0.9835946562577085},
    ),
}  # fmt: skip
"""(r,Q), Poisson demand: stockpyl's cost g, its parts and the fill rate from its loss function."""

SS_BOOK = {"mean": 6.0, "holding": 1.0, "backorder": 4.0, "order_cost": 5.0}
"""Snyder & Shen Example 4.7's demand and costs per period."""

SS: dict[str, tuple[tuple[float, int, int], dict[str, float]]] = {
    # policy: ((mean a period, s, S), stockpyl values) — ss.s_s_cost_discrete at K 5 and its slopes in
    # K (orders a period), h (end-of-period on hand) and p (end-of-period backorders)
    "s4_S10": ((6, 4, 10), {"g": 8.034111561471642, "orders_per_period": 0.6819664416589966,
                            "on_hand_eod": 3.1411471762607173, "backorders_eod": 0.3707830442289852}),
    "s2_S14": ((6, 2, 14), {"g": 8.783085646180085, "orders_per_period": 0.40016296254546724,
                            "on_hand_eod": 4.4000978355654325, "backorders_eod": 0.59554324947183}),
    "s7_S9": ((6, 7, 9), {"g": 8.717160809937567, "orders_per_period": 0.9828672185719736,
                          "on_hand_eod": 3.1488125888399665, "backorders_eod": 0.16350303205943195}),
}  # fmt: skip
"""Periodic (s,S), Poisson demand a period: stockpyl's cost, orders a period and end-of-period
on hand and backorders (the slopes of its cost in K, h and p)."""

PERIODIC_BASE_STOCK: dict[str, tuple[tuple[float, int, int], dict[str, float]]] = {
    # policy: ((λ a day, L days, S), stockpyl values) — newsvendor.newsvendor_poisson_cost(S, h, p, λ·(L+1))
    # and its slopes in h (end-of-period on hand n̄(S)) and p (end-of-period backorders n(S))
    "daily_review": ((8, 5, 49), {"on_hand_eod": 3.2974451379182206, "backorders_eod": 2.2974451379182206}),
}
"""Daily-review base-stock (the base_stock_poisson case): the end of day k + L closes the L + 1 days
of demand since the order placed at the start of day k, so end-of-day on hand and backorders are
stockpyl's newsvendor with Poisson(λ·(L + 1)) demand (Snyder & Shen §4.3, eq. (4.6))."""

NEWSVENDOR_BOOK = {"price": 10.0, "cost": 6.0, "salvage": 3.0}
"""The one_time_buy case's prices (its scenario states them)."""

NEWSVENDOR: dict[str, tuple[tuple[float, int], dict[str, float]]] = {
    # policy: ((season's mean demand, q), stockpyl values) — (p − c)·μ − newsvendor_poisson_cost(q, c − v, p − c, μ)
    "q102": ((100, 102), {"profit": 372.44916711985496}),
    "q90": ((100, 90), {"profit": 354.4696971164021}),
    "q115": ((100, 115), {"profit": 352.7313458813675}),
}
"""One-time buy, Poisson season demand: stockpyl's expected profit (newsvendor.newsvendor_poisson_cost
with h = c_o = c − v and p = c_u = p − c); its optimal quantity, newsvendor.newsvendor_poisson, is 102."""

NEWSVENDOR_OPTIMUM = 102
"""stockpyl 1.0.2 newsvendor.newsvendor_poisson(3, 4, 100)[0]."""


def _holding_per_day(scenario: Scenario) -> float:
    return scenario.skus[0].unit_cost * scenario.costs.holding_rate_per_year / 365


def _same(policy: str, scenario: Scenario, found: tuple[float, ...], frozen: tuple[float, ...]) -> None:
    if any(not math.isclose(x, y) for x, y in zip(found, frozen, strict=True)):
        raise ValueError(
            f"{scenario.name}: policy {policy} has parameters {found}, but the frozen stockpyl values are for "
            f"{frozen}; recompute them (tests/studies/test_validation_oracle.py) before changing the scenario"
        )


def oracle_base_stock_checks(scenario: Scenario) -> list[Check]:
    rate, lead, h = poisson_rate(scenario), lead_days(scenario), _holding_per_day(scenario)
    rows: list[Check] = []
    for policy, (params, v) in BASE_STOCK.items():
        S = rule_param(plan_rule(scenario, policy), "S")
        _same(policy, scenario, (rate, lead, S), params)
        src = f"{STOCKPYL} loss_functions.poisson_loss"
        rows += [
            Check(f"fill rate 1 − (n(S−1) − n(S)), S = {S}", v["fill_rate"], policy, "fill_rate", source=src),
            Check("average on hand n̄(S) (KPI avg_inventory_units)", v["on_hand"], policy, "on_hand", digits=3, source=src),
            Check("holding cost a day h·n̄(S) (KPI cost_holding)", h * v["on_hand"], policy, "holding_per_day", digits=5,
                  source=src),
            Check("average backorders n(S)", v["backorders"], policy, "backorders", digits=3, source=src),
        ]  # fmt: skip
    return rows


def oracle_rq_checks(scenario: Scenario) -> list[Check]:
    rate, lead, h = poisson_rate(scenario), lead_days(scenario), _holding_per_day(scenario)
    scale = RQ_BOOK["holding"] / h  # the book's costs ÷ the scenario's
    order_cost = scenario.suppliers[0].order_cost
    if not math.isclose(order_cost * scale, RQ_BOOK["order_cost"]):
        raise ValueError(f"{scenario.name}: the order cost must be Example 5.8's K = 100 scaled like h")
    best = a.rq_optimal_poisson(RQ_BOOK["holding"], RQ_BOOK["backorder"], RQ_BOOK["order_cost"], rate, lead)
    book = "Snyder & Shen (2019) Example 5.8"
    rows = [
        Check("optimal r (Federgruen–Zheng)", best.low, kind="calc", reference=3, digits=0, source=book),
        Check("optimal Q (Federgruen–Zheng)", best.high, kind="calc", reference=5, digits=0, source=book),
        Check("optimal cost g(3, 5) a day", best.cost, kind="calc", reference=107.92, tolerance=0.005, digits=2,
              source=book),
    ]  # fmt: skip
    src = f"{STOCKPYL} rq.r_q_cost_poisson"
    for policy, (params, v) in RQ.items():
        rule = plan_rule(scenario, policy)
        r, Q = rule_param(rule, "r"), rule_param(rule, "Q")
        _same(policy, scenario, (rate, lead, r, Q), params)
        rows += [
            Check(f"fill rate 1 − (n(r) − n(r+Q))/Q, (r,Q) = ({r}, {Q})", v["fill_rate"], policy, "fill_rate",
                  source=f"{STOCKPYL} loss_functions.poisson_loss"),
            Check("average on hand ∂g/∂h (KPI avg_inventory_units)", v["on_hand"], policy, "on_hand", digits=3,
                  source=src),
            Check("average backorders ∂g/∂p", v["backorders"], policy, "backorders", digits=3, source=src),
            Check("ordering cost a day K·λ/Q ÷ scale (KPI cost_ordering)", v["ordering"] / scale, policy,
                  "ordering_per_day", digits=5, source=src),
            Check(f"holding + ordering a day (g − p·E[BO]) ÷ {scale:g}", (v["g"] - RQ_BOOK["backorder"] *
                  v["backorders"]) / scale, policy, "hold_order_per_day", digits=5, source=src),
        ]  # fmt: skip
    return rows


def oracle_ss_checks(scenario: Scenario) -> list[Check]:
    rate, lead = poisson_rate(scenario), whole_days(lead_days(scenario))
    order_cost = scenario.suppliers[0].order_cost
    pmf = poisson_pmf(rate)
    best = a.ss_optimal_discrete(pmf, SS_BOOK["holding"], SS_BOOK["backorder"], SS_BOOK["order_cost"])
    book = "Snyder & Shen (2019) Example 4.7"
    rows = [
        Check("optimal s (Zheng–Federgruen)", best.low, kind="calc", reference=4, digits=0, source=book),
        Check("optimal S (Zheng–Federgruen)", best.high, kind="calc", reference=10, digits=0, source=book),
        Check("optimal cost c(4, 10) a period", best.cost, kind="calc", reference=8.034, tolerance=0.0005, digits=3,
              source=book),
    ]  # fmt: skip
    for policy, (params, v) in SS.items():
        rule = plan_rule(scenario, policy)
        s, S = rule_param(rule, "s"), rule_param(rule, "S")
        _same(policy, scenario, (rate, s, S), params)
        chain = a.periodic_sS(pmf, lead, 1, s, S)
        own = "derived: Markov chain of the position (sim.analytics.periodic; Hadley & Whitin ch. 5)"
        rows += [
            Check(f"ordering cost a day K/M(S − s), (s,S) = ({s}, {S})", order_cost * v["orders_per_period"], policy,
                  "ordering_per_day", digits=4, source=f"{STOCKPYL} ss.s_s_cost_discrete (slope in K)"),
            Check("fill rate, Markov chain", chain.fill_rate, policy, "fill_rate", source=own),
            Check("average on hand, Markov chain", chain.on_hand, policy, "on_hand", digits=3, source=own),
            Check("end-of-day on hand ∂c/∂h (KPI on_hand_end_of_day_mean)", v["on_hand_eod"], policy, "on_hand_eod",
                  digits=3, source=f"{STOCKPYL} ss.s_s_cost_discrete (slope in h)"),
            Check("end-of-day backorders ∂c/∂p (KPI backorders_end_of_day_mean)", v["backorders_eod"], policy,
                  "backorders_eod", digits=3, source=f"{STOCKPYL} ss.s_s_cost_discrete (slope in p)"),
        ]  # fmt: skip
    return rows


def periodic_base_stock_oracle(scenario: Scenario, policy: str, S: int) -> list[Check]:
    """End-of-day on hand and backorders of a daily-review base-stock policy against stockpyl."""
    params, v = PERIODIC_BASE_STOCK[policy]
    rate, lead = poisson_rate(scenario), whole_days(lead_days(scenario))
    _same(policy, scenario, (rate, lead, S), params)
    src = f"{STOCKPYL} newsvendor.newsvendor_poisson_cost, demand Poisson(λ·(L+1))"
    return [
        Check(f"end-of-day on hand n̄(S), D ~ Poisson({rate * (lead + 1):g}) (KPI on_hand_end_of_day_mean)",
              v["on_hand_eod"], policy, "on_hand_eod", digits=3, source=src),
        Check("end-of-day backorders n(S) (KPI backorders_end_of_day_mean)", v["backorders_eod"], policy,
              "backorders_eod", digits=3, source=src),
    ]  # fmt: skip


def one_time_buy_checks(scenario: Scenario) -> list[Check]:
    """A one-time buy's season against the newsvendor: profit, sales and leftovers."""
    sku = scenario.skus[0]
    book = (sku.price, sku.unit_cost)
    salvage = {getattr(plan_rule(scenario, p), "salvage_value", None) for p in NEWSVENDOR}
    if book != (NEWSVENDOR_BOOK["price"], NEWSVENDOR_BOOK["cost"]) or salvage != {NEWSVENDOR_BOOK["salvage"]}:
        raise ValueError(
            f"{scenario.name}: price, unit cost and salvage value must be {NEWSVENDOR_BOOK} (the frozen stockpyl values)"
        )
    mean = poisson_rate(scenario) * scenario.horizon_days
    prices = a.Prices(sku.price, sku.unit_cost, NEWSVENDOR_BOOK["salvage"])
    best, _ = a.newsvendor_optimal_poisson(mean, prices)
    src = f"{STOCKPYL} newsvendor.newsvendor_poisson"
    rows = [
        Check("newsvendor quantity F⁻¹(c_u/(c_u + c_o)), sim.analytics", best, kind="calc",
              reference=NEWSVENDOR_OPTIMUM, digits=0, source=src),
    ]  # fmt: skip
    for policy, (params, v) in NEWSVENDOR.items():
        rule = plan_rule(scenario, policy)
        q = rule_param(rule, "quantity")
        _same(policy, scenario, (mean, q), params)
        profit = a.newsvendor_profit_poisson(q, mean, prices)
        rows += [
            Check(f"expected profit at q = {q}, sim.analytics = stockpyl", profit, kind="calc", reference=v["profit"],
                  tolerance=1e-6, digits=3, source=f"{STOCKPYL} newsvendor.newsvendor_poisson_cost"),
            Check("season's profit p·E[min(D,q)] + v·E[(q−D)⁺] − c·q (revenue − cost_product − cost_salvage)",
                  profit, policy, "profit", digits=2, source="Nahmias §5.3; Snyder & Shen §4.3 (sim.analytics)"),
            Check("units salvaged E[(q − D)⁺] (KPI units_salvaged)", q - mean + a.poisson_loss(q, mean), policy,
                  "salvaged", digits=3, source="Nahmias §5.3 (sim.analytics.poisson_loss)"),
        ]  # fmt: skip
    return rows
