"""sim.analytics against independent computations: textbook values, numerical integration, brute force.

These check the formulas themselves; tests/validation checks the simulator against them.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from sim import analytics as a
from sim.analytics.discrete import convolve_power, loss_of, mean_of, poisson_pmf, rounded_normal_pmf
from sim.base.distributions import Normal


def test_the_lessons_worked_example() -> None:
    """docs: shared/seeds/003 — demand 12/day, σ 3, lead time 10 days, 95 %; D 4380/yr, S 50, H 30 × 25 %."""
    z = a.z_value(0.95)
    assert z == pytest.approx(1.6449, abs=1e-4)  # the lesson's table rounds it up to 1.65
    assert a.safety_stock(z, 3, 10) == pytest.approx(15.60, abs=0.01)  # "≈ 16"
    assert round(a.safety_stock(1.65, 3, 10), 1) == 15.7  # with the lesson's rounded z: 15.65 ≈ 16
    assert a.reorder_point(12, 3, 10, 0, 0.95) == pytest.approx(135.60, abs=0.01)  # "136"
    assert a.eoq(4380, 50, 30 * 0.25) == pytest.approx(241.66, abs=0.01)  # "242"
    assert a.orders_per_year(4380, 242) == pytest.approx(18.1, abs=0.05)  # "18 orders a year"
    assert a.order_cycle_days(4380, 242) == pytest.approx(20.2, abs=0.05)  # "every 20 days"
    assert a.eoq_annual_cost(4380, 50, 7.5) == pytest.approx(a.total_annual_cost(241.66, 4380, 50, 7.5), rel=1e-6)


def test_safety_stock_with_lead_time_variability_reduces_to_the_fixed_case() -> None:
    assert a.safety_stock_variable_lead_time(2, 12, 3, 10, 0) == pytest.approx(a.safety_stock(2, 3, 10))
    # SPT's variance of a random sum: L·σ_d² + d²·σ_L²
    assert a.lead_time_demand_sd(3, 10, 12, 2) == pytest.approx(math.sqrt(10 * 9 + 144 * 4))


@pytest.mark.parametrize("z", [-2.0, -0.5, 0.0, 0.7, 1.645, 3.0])
def test_normal_loss_functions_match_their_integrals(z: float) -> None:
    g = integrate.quad(lambda x: (x - z) * stats.norm.pdf(x), z, np.inf)[0]
    assert a.normal_loss(z) == pytest.approx(g, abs=1e-10)
    h = integrate.quad(a.normal_loss, z, np.inf)[0]
    assert a.normal_loss2(z) == pytest.approx(h, abs=1e-9)
    assert a.normal_loss(0.0) == pytest.approx(1 / math.sqrt(2 * math.pi))


def test_rq_normal_formulas_match_direct_integration() -> None:
    r, Q, mu, sd = 127.0, 24.0, 120.0, math.sqrt(90.0)

    def shortage(y: float) -> float:  # E[(D − y)⁺]
        return integrate.quad(lambda x: (x - y) * stats.norm.pdf(x, mu, sd), y, np.inf)[0]

    fill = 1 - integrate.quad(lambda y: stats.norm.sf(y, mu, sd), r, r + Q)[0] / Q
    assert a.rq_fill_rate_normal(r, Q, mu, sd) == pytest.approx(fill, abs=1e-9)
    backorders = integrate.quad(shortage, r, r + Q)[0] / Q
    assert a.rq_backorders_normal(r, Q, mu, sd) == pytest.approx(backorders, abs=1e-8)
    assert a.rq_on_hand_normal(r, Q, mu, sd) == pytest.approx(r + Q / 2 - mu + backorders, abs=1e-8)
    assert a.cycle_service_level_normal(r, mu, sd) == pytest.approx(stats.norm.cdf(r, mu, sd))


@settings(max_examples=40, deadline=None)
@given(target=st.floats(0.5, 0.999), Q=st.floats(1, 500), mu=st.floats(0, 500), sd=st.floats(0.5, 60))
def test_reorder_point_for_fill_rate_inverts_the_fill_rate(target: float, Q: float, mu: float, sd: float) -> None:
    r = a.reorder_point_for_fill_rate(target, Q, mu, sd)
    assert a.rq_fill_rate_normal(r, Q, mu, sd) == pytest.approx(target, abs=1e-7)


def test_poisson_formulas_match_brute_force_sums() -> None:
    theta = 23.7
    k = np.arange(400)
    p = stats.poisson.pmf(k, theta)
    for x in (0, 5, 24, 40):
        assert a.poisson_loss(x, theta) == pytest.approx(float(np.dot(np.maximum(k - x, 0), p)), abs=1e-10)
    S = 27
    m = a.base_stock_poisson(S, theta)
    assert m.fill_rate == pytest.approx(float(p[:S].sum()))
    assert m.on_hand == pytest.approx(float(np.dot(np.maximum(S - k, 0), p)), abs=1e-10)
    assert m.backorders == pytest.approx(float(np.dot(np.maximum(k - S, 0), p)), abs=1e-10)
    # (r,Q) with Q = 1 is base-stock r + 1, and (s,S) with unit demand is (r,Q) with Q = S − s
    assert a.rq_poisson(S - 1, 1, theta) == pytest.approx(m)
    rq = a.rq_poisson(20, 9, theta)
    assert a.sS_poisson_continuous(20, 29, theta) == pytest.approx(rq)
    assert rq.fill_rate == pytest.approx(np.mean([p[:y].sum() for y in range(21, 30)]))


def test_erlang_formulas() -> None:
    assert a.erlang_b(1, 2.0) == pytest.approx(2 / 3)
    assert a.erlang_b(2, 1.0) == pytest.approx(0.2)
    # B(c, a) is the truncated-Poisson probability of c busy servers
    c, load = 12, 9.3
    weights = [load**k / math.factorial(k) for k in range(c + 1)]
    assert a.erlang_b(c, load) == pytest.approx(weights[-1] / sum(weights))
    assert a.erlang_c(1, 0.7) == pytest.approx(0.7)  # M/M/1: P(wait) = ρ
    one = a.mmc(1, 0.7, 1.0)
    assert one.wait == pytest.approx(0.7 / (1 - 0.7))
    assert one.in_system == pytest.approx(0.7 / 0.3)  # L = ρ/(1 − ρ)
    # Pollaczek–Khinchine with exponential service is M/M/1
    assert a.mg1_mean_wait(0.7, 1.0, 2.0) == pytest.approx(one.wait)
    two = a.mmc(2, 168, 120)
    assert two.p_wait == pytest.approx(0.576470588, abs=1e-8)
    assert two.queue_length == pytest.approx(a.little_l(168, two.wait))
    with pytest.raises(ValueError):
        a.erlang_c(2, 2.0)


def test_lost_sales_base_stock_is_the_erlang_loss_system() -> None:
    m = a.lost_sales_base_stock_poisson(32, 30.0)
    assert m.fill_rate == pytest.approx(1 - a.erlang_b(32, 30.0))
    weights = np.array([30.0**k / math.factorial(k) for k in range(33)])
    busy = weights / weights.sum()
    assert m.on_hand == pytest.approx(float(np.dot(32 - np.arange(33), busy)))


def test_newsvendor() -> None:
    assert a.critical_fractile(3, 1) == 0.75
    assert a.newsvendor_quantity_normal(100, 20, 3, 1) == pytest.approx(100 + 20 * stats.norm.ppf(0.75))
    pmf = poisson_pmf(20)
    q = a.newsvendor_quantity_discrete(pmf, 3, 1)
    assert q == stats.poisson.ppf(0.75, 20)
    assert a.newsvendor_expected_sales(pmf, q) + a.newsvendor_expected_lost(pmf, q) == pytest.approx(20)
    assert a.newsvendor_expected_leftover(pmf, q) == pytest.approx(
        float(np.dot(np.maximum(q - np.arange(len(pmf)), 0), pmf))
    )


def test_periodic_order_up_to_matches_the_continuous_time_integral() -> None:
    """For Poisson demand the daily chain must equal ∫ over the day of the continuous-review formulas (PASTA)."""
    lam, L, R, S = 5.0, 2, 7, 52
    m = a.periodic_base_stock(poisson_pmf(lam), L, R, S)
    fill = integrate.quad(lambda u: stats.poisson.cdf(S - 1, lam * (L + u)), 0, R, limit=200)[0] / R
    on_hand = integrate.quad(lambda u: a.base_stock_poisson(S, lam * (L + u)).on_hand, 0, R, limit=200)[0] / R
    backorders = integrate.quad(lambda u: a.poisson_loss(S, lam * (L + u)), 0, R, limit=200)[0] / R
    assert m.fill_rate == pytest.approx(fill, abs=1e-9)
    assert m.on_hand == pytest.approx(on_hand, abs=1e-7)
    assert m.backorders == pytest.approx(backorders, abs=1e-7)


def test_periodic_chain_special_cases_agree() -> None:
    day = poisson_pmf(8.0)
    base = a.periodic_base_stock(day, 3, 1, 40)
    assert a.periodic_sS(day, 3, 1, 39, 40) == pytest.approx(base)
    assert a.periodic_rq(day, 3, 1, 39, 1) == pytest.approx(base)
    # with no lead time and daily review every day starts at S: the newsvendor's numbers
    news = a.periodic_base_stock(day, 0, 1, 10)
    assert news.fill_rate == pytest.approx(a.newsvendor_expected_sales(day, 10) / 8.0)


def test_periodic_review_chain_against_a_direct_day_by_day_recursion() -> None:
    """The Markov-chain evaluation against a plain day-by-day recursion over many days (no SimPy)."""
    rng = np.random.default_rng(5)
    lam, L, s, S, n = 6.0, 2, 15, 40, 400_000
    demand = rng.poisson(lam, n)
    position, pipeline, on_hand, served = S, [0] * L, S, 0
    for day in range(n):
        on_hand += pipeline.pop(0) if L else 0
        order = S - position if position <= s else 0
        position += order
        if L:
            pipeline.append(order)
        else:
            on_hand += order
        served += min(demand[day], max(on_hand, 0))
        on_hand -= demand[day]
        position -= demand[day]
    exact = a.periodic_sS(poisson_pmf(lam), L, 1, s, S)
    assert served / demand.sum() == pytest.approx(exact.fill_rate, abs=0.003)


def test_rounded_normal_pmf_is_the_simulators_daily_units_law() -> None:
    pmf = rounded_normal_pmf(5.0, 2.0)
    assert pmf.sum() == pytest.approx(1.0)
    draws = np.rint(Normal(mean=5.0, sd=2.0).sample(np.random.default_rng(1), 400_000))
    counts = np.bincount(draws.astype(int), minlength=len(pmf))[: len(pmf)] / len(draws)
    assert np.max(np.abs(counts - pmf)) < 0.003
    assert mean_of(pmf) == pytest.approx(draws.mean(), abs=0.01)


def test_convolution_power() -> None:
    p = poisson_pmf(2.0)
    assert mean_of(convolve_power(p, 5)) == pytest.approx(10.0)
    assert convolve_power(p, 0).tolist() == [1.0]
    assert loss_of(convolve_power(p, 3), 6) == pytest.approx(a.poisson_loss(6, 6.0), abs=1e-9)


@pytest.mark.parametrize(
    "call",
    [
        lambda: a.z_value(1.0),
        lambda: a.rq_fill_rate_normal(1, 0, 1, 1),
        lambda: a.reorder_point_for_fill_rate(1.0, 5, 1, 1),
        lambda: a.erlang_b(-1, 1),
        lambda: a.mg1_mean_wait(1, 1, 2),
        lambda: a.critical_fractile(0, 0),
        lambda: a.periodic_sS(poisson_pmf(1), 1, 1, 5, 5),
        lambda: a.base_stock_poisson(-1, 3),
    ],
)
def test_impossible_inputs_are_refused(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        call()


def test_analytics_never_imports_simpy() -> None:
    import ast
    from pathlib import Path

    for path in Path(a.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not any(n.split(".")[0] == "simpy" or n.startswith("sim.model") for n in names), path
