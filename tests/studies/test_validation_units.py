"""Unit tests that used to be rows of the validation table: a policy against the same analytics
function it calls to size itself. They check the wiring (the plan applies the formula it names),
not the model, so they live here rather than in docs/VALIDATION.md."""

from __future__ import annotations

import math

import sim.analytics as a
from sim.studies.validation.case import lead_days, normal_daily, plan_rule, rule_param
from sim.studies.validation.cases import CASES, load_case_scenario


def _scenario(name: str):  # type: ignore[no-untyped-def]
    return load_case_scenario(next(c for c in CASES if c.name == name))


def test_the_plans_s_is_the_rounded_up_reorder_point_and_q_the_eoq() -> None:
    """lesson_example: the service-level rule's s = ⌈d·L + z·σ·√L⌉ and S − s = round(EOQ)."""
    scenario = _scenario("lesson_example")
    normal, lead = normal_daily(scenario), lead_days(scenario)
    rule = plan_rule(scenario, "continuous")
    holding = scenario.skus[0].unit_cost * scenario.costs.holding_rate_per_year
    d, sd = normal.mean, normal.sd  # the plan's estimates: the truncated normal's moments
    assert rule_param(rule, "s") == math.ceil(a.reorder_point(d, sd, lead, 0.0, 0.95))
    expected_q = round(a.eoq(d * 365, scenario.suppliers[0].order_cost, holding))
    assert rule_param(rule, "S") - rule_param(rule, "s") == expected_q


def test_the_plans_r_is_the_smallest_meeting_the_target_fill_rate() -> None:
    """rq_normal_fill_rate: r = ⌈r*(β)⌉ with β(r*, Q) = target, and r − 1 misses the target."""
    scenario = _scenario("rq_normal_fill_rate")
    normal, lead = normal_daily(scenario), lead_days(scenario)
    rule = plan_rule(scenario, "fill_rate_97")
    r, Q = rule_param(rule, "r"), rule_param(rule, "Q")
    mu, sigma = normal.mean * lead, normal.sd * math.sqrt(lead)
    target = float(rule.fill_rate)  # type: ignore[attr-defined]
    assert r == math.ceil(a.reorder_point_for_fill_rate(target, Q, mu, sigma))
    assert a.rq_fill_rate_normal(r, Q, mu, sigma) >= target > a.rq_fill_rate_normal(r - 1, Q, mu, sigma)
