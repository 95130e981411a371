"""The optimisers and cost functions of sim.analytics (`optimise`, `newsvendor_cost`) against
stockpyl (MIT, pinned test-only in the `dev` extra), an implementation the project did not write,
over a table of parameter sets chosen up front; and against the textbook's worked examples
(Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019), which run without stockpyl.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from sim import analytics as a
from sim.analytics.discrete import poisson_pmf, rounded_normal_pmf

# -- textbook worked examples (always run) -------------------------------------------------------


def test_snyder_shen_example_5_1_rq_cost_normal() -> None:
    """Example 5.1: h 0.225, p 7.5, K 8, λ 1300, τ 150, L 1/12, (r,Q) = (126.8, 328.5) → 78.07."""
    assert a.rq_cost_normal(126.8, 328.5, 0.225, 7.5, 8, 1300, 150, 1 / 12) == pytest.approx(78.0712, abs=1e-4)


def test_snyder_shen_example_5_6_loss_function_heuristic() -> None:
    """Example 5.6: the loss-function iteration ends at r = 126.87, Q = 328.45."""
    r, Q = a.rq_loss_function_heuristic(0.225, 7.5, 8, 1300, 150, 1 / 12)
    assert (r, Q) == (pytest.approx(126.867, abs=1e-3), pytest.approx(328.449, abs=1e-3))


def test_snyder_shen_example_5_8_poisson_rq() -> None:
    """Example 5.8: h 20, p 150, K 100, λ 1.5, L 2: optimum (r,Q) = (3, 5), cost 107.92."""
    best = a.rq_optimal_poisson(20, 150, 100, 1.5, 2)
    assert (best.low, best.high) == (3, 5)
    assert best.cost == pytest.approx(107.9236, abs=1e-4)
    assert a.rq_cost_poisson(3, 5, 20, 150, 100, 1.5, 2) == pytest.approx(107.9236, abs=1e-4)


def test_snyder_shen_example_4_7_zheng_federgruen() -> None:
    """Example 4.7: Poisson(6) a period, h 1, p 4, K 5: optimal (s,S) = (4, 10), cost 8.034."""
    best = a.ss_optimal_discrete(poisson_pmf(6), 1, 4, 5)
    assert (best.low, best.high) == (4, 10)
    assert best.cost == pytest.approx(8.0341, abs=1e-4)


def test_snyder_shen_examples_4_1_and_4_3_newsvendor() -> None:
    """Examples 4.1/4.3: N(50, 8²), h 0.18, p 0.70: cost at 60 is 2.156; q* = 56.60, g* = 1.998."""
    assert a.newsvendor_cost_normal(60, 50, 8, 0.70, 0.18) == pytest.approx(2.1561, abs=1e-4)
    prices = a.Prices(price=1.0, cost=0.30, salvage=0.12)  # c_u = 0.70, c_o = 0.18
    q, cost = a.newsvendor_optimal_normal(50, 8, prices)
    assert (q, cost) == (pytest.approx(56.604, abs=1e-3), pytest.approx(1.9976, abs=1e-4))


# -- independent checks without stockpyl ---------------------------------------------------------


@pytest.mark.parametrize(("r", "Q"), [(20.0, 15.0), (31.5, 4.0), (5.0, 60.0)])
def test_rq_cost_normal_is_the_integral_of_g(r: float, Q: float) -> None:
    """The closed form equals (Kλ + ∫ g)/Q integrated numerically."""
    h, p, K, lam, tau, L = 0.5, 9.0, 40.0, 6.0, 2.5, 4.0
    mu, sigma = lam * L, tau * math.sqrt(L)

    def g(y: float) -> float:
        over = integrate.quad(lambda x: (y - x) * stats.norm.pdf(x, mu, sigma), -np.inf, y)[0]
        short = integrate.quad(lambda x: (x - y) * stats.norm.pdf(x, mu, sigma), y, np.inf)[0]
        return h * over + p * short

    expected = (K * lam + integrate.quad(g, r, r + Q)[0]) / Q
    assert a.rq_cost_normal(r, Q, h, p, K, lam, tau, L) == pytest.approx(expected, rel=1e-6)


def test_poisson_rq_optimum_beats_every_neighbour_in_a_grid() -> None:
    """Brute force: no (r,Q) in a wide grid costs less than Federgruen–Zheng's optimum."""
    args = (1.0, 19.0, 30.0, 4.0, 3.0)
    best = a.rq_optimal_poisson(*args)
    grid = min(a.rq_cost_poisson(r, Q, *args) for r in range(0, 24) for Q in range(1, 30))
    assert best.cost == pytest.approx(grid, rel=1e-12)


def test_ss_optimum_beats_every_pair_in_a_grid() -> None:
    """Brute force over (s,S) for a rounded-normal demand with a one-period lead time."""
    pmf = rounded_normal_pmf(8, 3)
    best = a.ss_optimal_discrete(pmf, 1.0, 9.0, 25.0, lead_periods=1)
    grid = min(a.ss_cost_discrete(s, S, pmf, 1.0, 9.0, 25.0, 1) for s in range(0, 30) for S in range(s + 1, 60))
    assert best.cost == pytest.approx(grid, rel=1e-12)


def test_ss_orders_per_period_is_the_renewal_rate() -> None:
    """With demand of exactly 1 a period, (s,S) orders every S − s periods."""
    assert a.ss_orders_per_period(3, 8, np.array([0.0, 1.0])) == pytest.approx(1 / 5)


def test_newsvendor_profit_by_enumeration() -> None:
    """Profit with salvage and a goodwill penalty, against a direct sum over the Poisson pmf."""
    prices = a.Prices(price=12.0, cost=5.0, salvage=2.0, shortage_penalty=1.0)
    pmf = poisson_pmf(20)
    for q in (10, 20, 27):
        k = np.arange(len(pmf))
        direct = float(
            np.dot(
                pmf,
                12.0 * np.minimum(k, q) + 2.0 * np.maximum(q - k, 0) - 5.0 * q - 1.0 * np.maximum(k - q, 0),
            )
        )
        assert a.newsvendor_profit_poisson(q, 20, prices) == pytest.approx(direct, rel=1e-9)
    q_star, _ = a.newsvendor_optimal_poisson(20, prices)
    profits = {q: a.newsvendor_profit_poisson(q, 20, prices) for q in range(5, 40)}
    assert q_star == max(profits, key=lambda q: profits[q])


@pytest.mark.parametrize(
    ("price", "cost", "salvage", "message"),
    [(10.0, 5.0, 5.0, "salvage"), (10.0, 5.0, 6.0, "salvage"), (4.0, 5.0, 1.0, "below the unit cost")],
)
def test_prices_refuse_salvage_at_or_above_cost(price: float, cost: float, salvage: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        a.Prices(price=price, cost=cost, salvage=salvage)


def test_cost_functions_refuse_bad_costs() -> None:
    with pytest.raises(ValueError):
        a.rq_cost_poisson(3, 0, 1, 1, 1, 1, 1)
    with pytest.raises(ValueError):
        a.rq_cost_normal(3, 5, 0, 1, 1, 1, 1, 1)
    with pytest.raises(ValueError):
        a.ss_optimal_discrete(poisson_pmf(3), 1, 4, 0)
    with pytest.raises(ValueError, match="s < S"):
        a.ss_cost_discrete(5, 5, poisson_pmf(3), 1, 4, 1)


# -- stockpyl as the oracle over a table chosen up front ------------------------------------------

stockpyl = pytest.importorskip("stockpyl", reason="stockpyl is the dev extra's test-only oracle")
from stockpyl import eoq as sp_eoq  # noqa: E402
from stockpyl import loss_functions as sp_lf  # noqa: E402
from stockpyl import newsvendor as sp_nv  # noqa: E402
from stockpyl import rq as sp_rq  # noqa: E402
from stockpyl import ss as sp_ss  # noqa: E402

# (h, p, K, λ, τ, L): holding, backorder, order cost, demand rate and its sd per period, lead time.
RQ_TABLE = [
    (0.225, 7.5, 8.0, 1300.0, 150.0, 1 / 12),
    (1.0, 9.0, 50.0, 10.0, 3.0, 5.0),
    (0.1, 25.0, 200.0, 40.0, 12.0, 2.0),
    (2.0, 4.0, 10.0, 3.0, 1.5, 7.0),
]
# (h, p, K, λ, L) for Poisson demand.
RQ_POISSON_TABLE = [(20.0, 150.0, 100.0, 1.5, 2.0), (1.0, 9.0, 30.0, 4.0, 3.0), (0.5, 20.0, 5.0, 0.8, 10.0)]
# (h, p, K, mean per period) for (s,S).
SS_TABLE = [(1.0, 4.0, 5.0, 6.0), (1.0, 19.0, 40.0, 3.0), (2.0, 10.0, 100.0, 12.0), (0.5, 9.0, 8.0, 1.2)]


@pytest.mark.parametrize(("h", "p", "K", "lam", "tau", "L"), RQ_TABLE)
def test_rq_normal_matches_stockpyl(h: float, p: float, K: float, lam: float, tau: float, L: float) -> None:
    r, Q = a.rq_loss_function_heuristic(h, p, K, lam, tau, L)
    sp_r, sp_q = sp_rq.r_q_loss_function_approximation(h, p, K, lam, tau, L)
    assert (r, Q) == (pytest.approx(sp_r, abs=1e-5), pytest.approx(sp_q, abs=1e-5))
    for rr, qq in ((r, Q), (r - 3, Q + 7), (r + 1.5, max(Q / 2, 1.0))):
        assert a.rq_cost_normal(rr, qq, h, p, K, lam, tau, L) == pytest.approx(
            sp_rq.r_q_cost(rr, qq, h, p, K, lam, tau, L), rel=1e-7
        )


@pytest.mark.parametrize(("h", "p", "K", "lam", "L"), RQ_POISSON_TABLE)
def test_rq_poisson_matches_stockpyl(h: float, p: float, K: float, lam: float, L: float) -> None:
    best = a.rq_optimal_poisson(h, p, K, lam, L)
    sp_r, sp_q, sp_cost = sp_rq.r_q_poisson_exact(h, p, K, lam, L)
    assert (best.low, best.high) == (sp_r, sp_q)
    assert best.cost == pytest.approx(float(sp_cost), rel=1e-9)
    for r, Q in ((best.low - 2, best.high + 3), (best.low + 1, 1)):
        assert a.rq_cost_poisson(r, Q, h, p, K, lam, L) == pytest.approx(
            sp_rq.r_q_cost_poisson(r, Q, h, p, K, lam, L), rel=1e-9
        )


@pytest.mark.parametrize(("h", "p", "K", "mean"), SS_TABLE)
def test_ss_matches_stockpyl(h: float, p: float, K: float, mean: float) -> None:
    best = a.ss_optimal_discrete(poisson_pmf(mean), h, p, K)
    sp_s, sp_big_s, sp_cost = sp_ss.s_s_discrete_exact(h, p, K, True, mean)
    assert (best.low, best.high) == (sp_s, sp_big_s)
    assert best.cost == pytest.approx(float(sp_cost), rel=1e-9)
    s, S = int(sp_s) - 1, int(sp_big_s) + 2
    assert a.ss_cost_discrete(s, S, poisson_pmf(mean), h, p, K) == pytest.approx(
        sp_ss.s_s_cost_discrete(s, S, h, p, K, True, mean), rel=1e-9
    )
    # orders per period = d cost / d K (the cost is linear in K with slope 1/M(S − s))
    slope = sp_ss.s_s_cost_discrete(s, S, h, p, K + 1, True, mean) - sp_ss.s_s_cost_discrete(s, S, h, p, K, True, mean)
    assert a.ss_orders_per_period(s, S, poisson_pmf(mean)) == pytest.approx(slope, rel=1e-7)


@pytest.mark.parametrize(("mean", "sd", "price", "cost", "salvage"), [(50, 8, 1.0, 0.3, 0.12), (200, 60, 30, 18, 4)])
def test_newsvendor_matches_stockpyl(mean: float, sd: float, price: float, cost: float, salvage: float) -> None:
    prices = a.Prices(price=price, cost=cost, salvage=salvage)
    h, p = prices.overage, prices.underage
    q, g = a.newsvendor_optimal_normal(mean, sd, prices)
    sp_q, sp_g = sp_nv.newsvendor_normal(h, p, mean, sd)
    assert (q, g) == (pytest.approx(sp_q, rel=1e-9), pytest.approx(sp_g, rel=1e-9))
    assert a.newsvendor_cost_normal(q + 3, mean, sd, p, h) == pytest.approx(
        sp_nv.newsvendor_normal_cost(q + 3, h, p, mean, sd), rel=1e-9
    )
    qp, gp = a.newsvendor_optimal_poisson(mean, prices)
    sp_qp, sp_gp = sp_nv.newsvendor_poisson(h, p, mean)
    assert (qp, gp) == (sp_qp, pytest.approx(sp_gp, rel=1e-9))
    assert a.newsvendor_profit_normal(q, mean, sd, prices) == pytest.approx((price - cost) * mean - sp_g, rel=1e-9)


@pytest.mark.parametrize(("D", "K", "H"), [(4380, 50, 7.5), (1300, 8, 0.225), (12, 100, 3)])
def test_eoq_matches_stockpyl(D: float, K: float, H: float) -> None:
    q, cost = sp_eoq.economic_order_quantity(K, H, D)
    assert a.eoq(D, K, H) == pytest.approx(q, rel=1e-12)
    assert a.eoq_annual_cost(D, K, H) == pytest.approx(cost, rel=1e-12)


@pytest.mark.parametrize("z", [-2.0, -0.3, 0.0, 0.7, 2.5])
def test_loss_functions_match_stockpyl(z: float) -> None:
    assert a.normal_loss(z) == pytest.approx(sp_lf.standard_normal_loss(z)[0], rel=1e-9)
    assert a.normal_loss2(z) == pytest.approx(sp_lf.standard_normal_second_loss(z)[0], rel=1e-9)
    for x in (0, 3, 12):
        assert a.poisson_loss(x, 6.5) == pytest.approx(sp_lf.poisson_loss(x, 6.5)[0], rel=1e-9)
