"""The validation cases behind `supplysim validate-model`, in the order the table prints them, with
the theory each compares with (what a case and a check are: `sim.studies.validation.case`; the
lesson's case: `sim.studies.validation.lesson`). Each check function reads its values from the
case's scenario; `CASES` lists every case with its scenario, policies, run size and checks.
"""

from __future__ import annotations

import math
from pathlib import Path

import sim.analytics as a
from sim.analytics.discrete import poisson_pmf
from sim.config import Scenario, load_scenario
from sim.studies.validation.case import (
    Case,
    Check,
    Size,
    lead_days,
    normal_daily,
    normal_note,
    plan_rule,
    poisson_rate,
    rule_param,
    stock_rows,
    whole_days,
)
from sim.studies.validation.lesson import lesson_checks
from sim.studies.validation.oracle import (
    one_time_buy_checks,
    oracle_base_stock_checks,
    oracle_rq_checks,
    oracle_ss_checks,
    periodic_base_stock_oracle,
)
from sim.studies.validation.queues import dropship_checks, erlang_c_checks

SCENARIO_DIR = Path(__file__).resolve().parents[3] / "scenarios" / "validation"
"""Where the validation scenarios live (in a source checkout; `--scenarios` points elsewhere)."""


def base_stock_checks(scenario: Scenario) -> list[Check]:
    rate = poisson_rate(scenario)
    S = rule_param(plan_rule(scenario, "fixed_lead_time"), "S")
    fixed = lead_days(scenario, "fixed_supplier")
    gamma = lead_days(scenario, "gamma_supplier")
    return [
        *stock_rows("fixed_lead_time", a.base_stock_poisson(S, rate * fixed), f"P(D ≤ {S - 1}), D ~ Poisson(λL)"),
        *pipeline_rows("fixed_lead_time", rate, fixed),
        *stock_rows("gamma_lead_time", a.base_stock_poisson(S, rate * gamma), "same, θ = λ·E[L] (Palm)"),
        *pipeline_rows("gamma_lead_time", rate, gamma),
        *stock_rows(
            "daily_review",
            a.periodic_base_stock(poisson_pmf(rate), whole_days(fixed), 1, S),
            f"(R,S) = (1 day, {S}), exact",
        ),
        *periodic_base_stock_oracle(scenario, "daily_review", S),
        Check(LITTLE_BO, 0.0, "daily_review", "little_backorders", source=LITTLE),
    ]


LITTLE = "Little 1961 (GSTH §1.5), on the public KPIs"
LITTLE_BO = "Little: backorders_mean − units_backordered a day × backorder_wait_days_mean = 0"


def pipeline_rows(policy: str, rate: float, lead: float) -> list[Check]:
    """Little's law on the pipeline (every demanded unit is ordered and stays on order for the lead
    time) and on the backorders, read from the public KPIs."""
    return [
        Check(f"units on order L = λ·E[L] = {rate:g}·{lead:g} (KPI units_on_order_mean)", rate * lead, policy,
              "on_order", digits=3, source=LITTLE),
        Check(LITTLE_BO, 0.0, policy, "little_backorders", source=LITTLE),
    ]  # fmt: skip


def rq_poisson_checks(scenario: Scenario) -> list[Check]:
    rate = poisson_rate(scenario)
    lead = lead_days(scenario)
    rule = plan_rule(scenario, "continuous")
    r, Q = rule_param(rule, "r"), rule_param(rule, "Q")
    return [
        *stock_rows("continuous", a.rq_poisson(r, Q, rate * lead), f"(r,Q) = ({r}, {Q}), uniform position"),
        Check("purchase orders a year 365·λ/Q", 365 * rate / Q, "continuous", "orders_per_year", digits=3),
        *pipeline_rows("continuous", rate, lead),
        *stock_rows(
            "daily_review",
            a.periodic_rq(poisson_pmf(rate), whole_days(lead), 1, r, Q),
            f"(R,r,Q) = (1 day, {r}, {Q}), Markov chain",
        ),
    ]


def rq_normal_checks(scenario: Scenario) -> list[Check]:
    normal = normal_daily(scenario)
    lead = lead_days(scenario)
    rule = plan_rule(scenario, "fill_rate_97")
    r, Q = rule_param(rule, "r"), rule_param(rule, "Q")
    d, sd = normal.mean, normal.sd
    mu_l, sigma_l = d * lead, sd * math.sqrt(lead)
    backorders = a.rq_backorders_normal(r, Q, mu_l, sigma_l)
    return [
        Check(
            f"fill rate at r = {r} ≈ 1 − σ_L·[G(k_r) − G(k_r+Q)]/Q",
            a.rq_fill_rate_normal(r, Q, mu_l, sigma_l),
            "fill_rate_97",
            "fill_rate",
            kind="approx",
            tolerance=0.003,
            note=normal_note(lambda sg: a.rq_fill_rate_normal(r, Q, mu_l, sg), sigma_l, 4),
        ),
        Check(
            "average backorders ≈ (σ_L²/Q)·[H(k_r) − H(k_r+Q)]",
            backorders,
            "fill_rate_97",
            "backorders",
            kind="approx",
            tolerance=0.03,
            note=normal_note(
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
    rate = poisson_rate(scenario)
    lead = lead_days(scenario)
    rule = plan_rule(scenario, "continuous")
    s, S = rule_param(rule, "s"), rule_param(rule, "S")
    return [
        *stock_rows(
            "continuous", a.sS_poisson_continuous(s, S, rate * lead), f"(s,S) = ({s}, {S}) = (r,Q) = ({s}, {S - s})"
        ),
        Check("purchase orders a year 365·λ/(S − s)", 365 * rate / (S - s), "continuous", "orders_per_year", digits=3),
        *stock_rows(
            "daily_review",
            a.periodic_sS(poisson_pmf(rate), whole_days(lead), 1, s, S),
            f"(R,s,S) = (1 day, {s}, {S}), Markov chain",
        ),
    ]


def periodic_checks(scenario: Scenario) -> list[Check]:
    rate = poisson_rate(scenario)
    lead = lead_days(scenario)
    policy = scenario.policy("weekly_order_up_to")
    review = policy.review.period_days  # type: ignore[union-attr]
    S = rule_param(plan_rule(scenario, "weekly_order_up_to"), "S")
    return stock_rows(
        "weekly_order_up_to",
        a.periodic_base_stock(poisson_pmf(rate), whole_days(lead), review, S),
        f"(R,S) = ({review} days, {S}), exact",
    )


NEWSVENDOR_OVERAGE_COST = 1.0
"""The newsvendor case's overage cost c_o (the markdown on a unit left over), stated in its scenario."""


def newsvendor_checks(scenario: Scenario) -> list[Check]:
    rate = poisson_rate(scenario)
    sku = scenario.skus[0]
    underage = sku.price - sku.unit_cost
    pmf = poisson_pmf(rate)
    S = rule_param(plan_rule(scenario, "newsvendor"), "S")
    ratio = a.critical_fractile(underage, NEWSVENDOR_OVERAGE_COST)
    day = a.periodic_base_stock(pmf, 0, 1, S)
    return [
        Check(
            f"S* = F⁻¹(c_u/(c_u + c_o)) = F⁻¹({ratio:g}), the scenario's S",
            a.newsvendor_quantity_discrete(pmf, underage, NEWSVENDOR_OVERAGE_COST),
            kind="calc",
            reference=S,
            digits=0,
            source="the scenario's stated S (Nahmias §5.3)",
        ),
        Check("fill rate E[min(D, S)]/E[D]", a.newsvendor_expected_sales(pmf, S) / rate, "newsvendor", "fill_rate"),
        Check(
            "lost units a day E[(D − S)⁺]", a.newsvendor_expected_lost(pmf, S), "newsvendor", "lost_per_day", digits=3
        ),
        Check("average on hand during the day", day.on_hand, "newsvendor", "on_hand", digits=3),
    ]


def lost_sales_checks(scenario: Scenario) -> list[Check]:
    rate = poisson_rate(scenario)
    S = rule_param(plan_rule(scenario, "fixed_lead_time"), "S")
    rows = []
    for policy, supplier in (("fixed_lead_time", "fixed_supplier"), ("lognormal_lead_time", "lognormal_supplier")):
        load = rate * lead_days(scenario, supplier)
        rows += stock_rows(
            policy,
            a.lost_sales_base_stock_poisson(S, load),
            f"1 − ErlangB({S}, {load:g})",
            backorders=False,
        )
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
        "lesson; SPT §6.7 (normal); Hadley & Whitin ch. 5 (periodic, exact)",
    ),
    Case(
        "base_stock_poisson",
        "base-stock, Poisson demand, backorders",
        "base_stock_poisson.yaml",
        (("fixed_lead_time", NONE), ("gamma_lead_time", NONE), ("daily_review", NONE)),
        Size(12, 730, 60),
        base_stock_checks,
        "Hopp & Spearman §2.4.2; Zipkin §6.2; Feeney & Sherbrooke 1966 (Palm)",
    ),
    Case(
        "rq_poisson",
        "(r,Q), Poisson demand",
        "rq_poisson.yaml",
        (("continuous", NONE), ("daily_review", NONE)),
        Size(12, 730, 60),
        rq_poisson_checks,
        "Hopp & Spearman §2.4.3; Zipkin §6.5; Markov chain (sim.analytics.periodic)",
    ),
    Case(
        "rq_normal_fill_rate",
        "(r,Q), normal demand, r for a target fill rate",
        "rq_normal_fill_rate.yaml",
        (("fill_rate_97", NONE),),
        Size(12, 730, 60),
        rq_normal_checks,
        "Axsäter §5.3 (two-term fill rate); Zipkin §6.4 (second-order loss)",
    ),
    Case(
        "ss_poisson",
        "(s,S), Poisson demand, continuous and daily review",
        "ss_poisson.yaml",
        (("continuous", NONE), ("daily_review", NONE)),
        Size(12, 730, 60),
        ss_poisson_checks,
        "Zipkin §6.6; Markov chain (sim.analytics.periodic)",
    ),
    Case(
        "periodic_order_up_to",
        "periodic order-up-to (R,S)",
        "periodic_order_up_to.yaml",
        (("weekly_order_up_to", NONE),),
        Size(12, 730, 60),
        periodic_checks,
        "Markov chain (sim.analytics.periodic; Zipkin ch. 9)",
    ),
    Case(
        "newsvendor",
        "newsvendor: daily order-up-to S* from the critical fractile",
        "newsvendor.yaml",
        (("newsvendor", NONE),),
        Size(12, 730, 10),
        newsvendor_checks,
        "Nahmias §5.3; Porteus ch. 1",
    ),
    Case(
        "erlang_c_pick_pack",
        "M/M/2 pick/pack station: Erlang C and Little's law",
        "erlang_c_pick_pack.yaml",
        (("ample_stock", frozenset({"pick_pack"})),),
        Size(12, 30, 2),
        erlang_c_checks,
        "Erlang C, GSTH §2.3; Little 1961",
    ),
    Case(
        "lost_sales_erlang_b",
        "lost-sales base-stock = Erlang loss system",
        "lost_sales_erlang_b.yaml",
        (("fixed_lead_time", NONE), ("lognormal_lead_time", NONE)),
        Size(12, 730, 60),
        lost_sales_checks,
        "Erlang B, Hadley & Whitin §4-13; Smith 1977",
    ),
    Case(
        "dropship_delivery",
        "delivery through a supplier queue plus transit; Little's law",
        "dropship_delivery.yaml",
        (("make_to_order", NONE), ("dropship", NONE)),
        Size(12, 180, 20),
        dropship_checks,
        "Pollaczek–Khinchine, GSTH §5.1; Little 1961",
    ),
    Case(
        "oracle_base_stock",
        "external oracle: base-stock, Poisson demand, against stockpyl",
        "oracle_base_stock.yaml",
        (("S16", NONE), ("S22", NONE), ("S28", NONE)),
        Size(10, 730, 30),
        oracle_base_stock_checks,
    ),
    Case(
        "oracle_rq",
        "textbook + external oracle: (r,Q), Snyder & Shen Example 5.8, against stockpyl",
        "oracle_rq.yaml",
        (("r3_Q5", NONE), ("r1_Q8", NONE), ("r6_Q3", NONE)),
        Size(10, 730, 30),
        oracle_rq_checks,
    ),
    Case(
        "oracle_ss",
        "textbook + external oracle: periodic (s,S), Snyder & Shen Example 4.7, against stockpyl",
        "oracle_ss.yaml",
        (("s4_S10", NONE), ("s2_S14", NONE), ("s7_S9", NONE)),
        Size(10, 730, 10),
        oracle_ss_checks,
    ),
    Case(
        "one_time_buy",
        "newsvendor through the one_time_buy policy: a season's profit with salvage, against stockpyl",
        "one_time_buy.yaml",
        (("q102", NONE), ("q90", NONE), ("q115", NONE)),
        Size(200, 25, 0),
        one_time_buy_checks,
    ),
)
"""Every case, in the order the table prints them."""


def load_case_scenario(case: Case, folder: Path = SCENARIO_DIR, size: Size | None = None) -> Scenario:
    """The case's scenario; with `size`, its horizon and warm-up replaced (replications are the runner's)."""
    overrides = [] if size is None else [f"horizon_days={size.horizon_days}", f"warmup_days={size.warmup_days}"]
    return load_scenario(folder / case.scenario, overrides)
