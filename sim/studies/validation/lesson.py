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
        *_worked_example(normal, lead, scenario.suppliers[0].order_cost, holding),
        *_continuous_review(normal, lead, continuous),
        *_daily_review(scenario, normal, lead),
    ]


def _worked_example(normal: Normal, lead: float, order_cost: float, holding: float) -> list[Check]:
    """The lesson's numbers (z, safety stock, ROP, EOQ, orders a year, cycle) against values worked by hand
    to four decimals (the lesson prints them rounded to whole units). The plan's s = ⌈ROP⌉ and Q = EOQ
    call these same functions, so they are unit tests (tests/studies/test_validation_units.py), not rows here."""
    mu, sigma = normal.mu, normal.sigma  # as the lesson states them: 12 ± 3 a day
    annual = mu * 365
    z = a.z_value(0.95)
    rop = a.reorder_point(mu, sigma, lead, 0.0, 0.95)
    q = a.eoq(annual, order_cost, holding)
    lesson = "lesson (shared/seeds/003), recomputed by hand"
    return [
        Check(
            "z for a 95 % service level",
            z,
            kind="calc",
            reference=1.6449,
            tolerance=0.00005,
            source="standard normal table, Φ⁻¹(0.95) = 1.6449 (the lesson rounds it up to 1.65)",
        ),
        Check(
            "safety stock z·σ·√L = 1.6449 × 3 × 3.1623 (lesson: 16)",
            a.safety_stock(z, sigma, lead),
            kind="calc",
            reference=15.6045,
            tolerance=0.00005,
            source=lesson,
        ),
        Check(
            "reorder point d·L + z·σ·√L = 120 + 15.6045 (lesson: 136)",
            rop,
            kind="calc",
            reference=135.6045,
            tolerance=0.00005,
            source=lesson,
        ),
        Check(
            "EOQ √(2DS/H) = √58 400 (lesson: 242)", q, kind="calc", reference=241.6609, tolerance=0.00005, source=lesson
        ),
        Check(
            "orders a year D/Q = 4380/242 (lesson: 18)",
            a.orders_per_year(annual, round(q)),
            kind="calc",
            reference=18.0992,
            tolerance=0.00005,
            source=lesson,
        ),
        Check(
            "days between orders 365·Q/D = 365 × 242/4380 (lesson: 20)",
            a.order_cycle_days(annual, round(q)),
            kind="calc",
            reference=20.1667,
            tolerance=0.00005,
            source=lesson,
        ),
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
    """Daily review of the plan's (s,S) and of the lesson's ROP 136, exactly (Markov chain), and their
    cycle service level exactly (the normal formulas, which ignore the undershoot, are not compared)."""
    daily = plan_rule(scenario, "daily_review")
    ds, d_big_s = rule_param(daily, "s"), rule_param(daily, "S")
    pmf = rounded_normal_pmf(normal.mu, normal.sigma)
    days = whole_days(lead)
    fixed = plan_rule(scenario, "daily_review_rop_136")
    fs, f_big_s = rule_param(fixed, "s"), rule_param(fixed, "S")
    return [
        *stock_rows(
            "daily_review",
            a.periodic_sS(pmf, days, 1, ds, d_big_s),
            f"(s,S) = ({ds}, {d_big_s}), Markov chain",
            backorders=False,  # E[BO] ≈ 0.0006: most replications see none; a t interval would mean nothing
        ),
        Check(
            "cycle service level, undershoot law × P(D_L ≤ x), exact",
            a.periodic_sS_cycle_service_level(pmf, days, 1, ds, d_big_s),
            "daily_review",
            "csl",
            source="Hadley & Whitin ch. 5 (undershoot); derived in docs/VALIDATION.md",
        ),
        *stock_rows(
            "daily_review_rop_136",
            a.periodic_sS(pmf, days, 1, fs, f_big_s),
            f"(s,S) = ({fs}, {f_big_s}), Markov chain",
            backorders=False,
        ),
        Check(
            "cycle service level, undershoot law × P(D_L ≤ x), exact",
            a.periodic_sS_cycle_service_level(pmf, days, 1, fs, f_big_s),
            "daily_review_rop_136",
            "csl",
            source="Hadley & Whitin ch. 5 (undershoot); derived in docs/VALIDATION.md",
        ),
    ]
