"""The lesson's case: its worked example (12 ± 3 units a day, L = 10 days, 95 %, EOQ) recomputed,
the plan's sizing of it, and the simulated continuous- and daily-review policies against theory."""

from __future__ import annotations

import math

import sim.analytics as a
from sim.analytics.discrete import rounded_normal_pmf
from sim.base.distributions import Normal
from sim.config import Scenario
from sim.policies import ReorderRule
from sim.studies.validation.case import (
    Check,
    lead_days,
    normal_daily,
    normal_note,
    plan_rule,
    rule_param,
    stock_rows,
    whole_days,
)


def lesson_checks(scenario: Scenario) -> list[Check]:
    """Every check of the lesson's case, in the order the table prints them."""
    normal = normal_daily(scenario)
    lead = lead_days(scenario)
    holding = scenario.skus[0].unit_cost * scenario.costs.holding_rate_per_year
    continuous = plan_rule(scenario, "continuous")
    return [
        *_worked_example(normal, lead, scenario.suppliers[0].order_cost, holding, continuous),
        *_continuous_review(normal, lead, continuous),
        *_daily_review(scenario, normal, lead),
    ]


def _worked_example(
    normal: Normal, lead: float, order_cost: float, holding: float, continuous: ReorderRule
) -> list[Check]:
    """The lesson's numbers (z, safety stock, ROP, EOQ, orders a year, cycle) and the plan's s and Q."""
    mu, sigma = normal.mu, normal.sigma  # as the lesson states them: 12 ± 3 a day
    annual = mu * 365
    z = a.z_value(0.95)
    rop = a.reorder_point(mu, sigma, lead, 0.0, 0.95)
    q = a.eoq(annual, order_cost, holding)
    s, big_s = rule_param(continuous, "s"), rule_param(continuous, "S")
    d, sd = normal.mean, normal.sd  # the plan's estimates: the truncated normal's moments
    plan_rop = a.reorder_point(d, sd, lead, 0.0, 0.95)
    plan_q = round(a.eoq(d * 365, order_cost, holding))
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
    ]


def _continuous_review(normal: Normal, lead: float, continuous: ReorderRule) -> list[Check]:
    """The plan's (s,S) under continuous review against the normal (r,Q) formulas."""
    s, big_s = rule_param(continuous, "s"), rule_param(continuous, "S")
    d, sd = normal.mean, normal.sd
    mu_l, sigma_l = d * lead, sd * math.sqrt(lead)
    backorders = a.rq_backorders_normal(s, big_s - s, mu_l, sigma_l)
    return [
        Check(
            "cycle service level ≈ Φ((s + ½ − d·L)/(σ·√L))",
            a.cycle_service_level_normal(s + 0.5, mu_l, sigma_l),
            "continuous",
            "csl",
            kind="approx",
            tolerance=0.01,
            note=normal_note(
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
            note=normal_note(lambda sg: a.rq_fill_rate_normal(s, big_s - s, mu_l, sg), sigma_l, 5),
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
    ]


def _daily_review(scenario: Scenario, normal: Normal, lead: float) -> list[Check]:
    """Daily review of the plan's (s,S) and of the lesson's ROP 136, exactly (Markov chain), with the
    normal formulas beside them for comparison."""
    d, sd = normal.mean, normal.sd
    mu_l, sigma_l = d * lead, sd * math.sqrt(lead)
    daily = plan_rule(scenario, "daily_review")
    ds, d_big_s = rule_param(daily, "s"), rule_param(daily, "S")
    pmf = rounded_normal_pmf(normal.mu, normal.sigma)
    days = whole_days(lead)
    fixed = plan_rule(scenario, "daily_review_rop_136")
    fs, f_big_s = rule_param(fixed, "s"), rule_param(fixed, "S")
    protection = lead + 1
    return [
        *stock_rows(
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
        *stock_rows(
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
