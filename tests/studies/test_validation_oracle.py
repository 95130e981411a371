"""The stockpyl values frozen in sim/studies/validation/oracle.py, recomputed with stockpyl 1.0.2
(the `dev` extra's test-only oracle): the table validate-model holds the simulator against is
stockpyl's, not the project's own formulas."""

from __future__ import annotations

import pytest

from sim.studies.validation.oracle import (
    BASE_STOCK,
    NEWSVENDOR,
    NEWSVENDOR_BOOK,
    NEWSVENDOR_OPTIMUM,
    PERIODIC_BASE_STOCK,
    RQ,
    RQ_BOOK,
    SS,
    SS_BOOK,
)

pytest.importorskip("stockpyl", reason="stockpyl is the dev extra's test-only oracle")
from stockpyl import loss_functions as lf
from stockpyl import newsvendor, rq, ss


@pytest.mark.parametrize("policy", sorted(BASE_STOCK))
def test_base_stock_values_are_stockpyls(policy: str) -> None:
    (lam, lead, S), frozen = BASE_STOCK[policy]
    n, n_bar = lf.poisson_loss(S, lam * lead)
    n_before, _ = lf.poisson_loss(S - 1, lam * lead)
    assert frozen == pytest.approx({"fill_rate": 1 - (n_before - n), "on_hand": n_bar, "backorders": n}, rel=1e-12)


@pytest.mark.parametrize("policy", sorted(RQ))
def test_rq_values_are_stockpyls(policy: str) -> None:
    (lam, lead, r, Q), frozen = RQ[policy]
    h, p, K = RQ_BOOK["holding"], RQ_BOOK["backorder"], RQ_BOOK["order_cost"]
    g = rq.r_q_cost_poisson(r, Q, h, p, K, lam, lead)
    on_hand = rq.r_q_cost_poisson(r, Q, h + 1, p, K, lam, lead) - g  # slopes: g is linear in h and p
    backorders = rq.r_q_cost_poisson(r, Q, h, p + 1, K, lam, lead) - g
    n_r, _ = lf.poisson_loss(r, lam * lead)
    n_rq, _ = lf.poisson_loss(r + Q, lam * lead)
    expected = {
        "g": g,
        "on_hand": on_hand,
        "backorders": backorders,
        "ordering": g - h * on_hand - p * backorders,
        "fill_rate": 1 - (n_r - n_rq) / Q,
    }
    assert frozen == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("policy", sorted(SS))
def test_ss_values_are_stockpyls(policy: str) -> None:
    (mean, s, S), frozen = SS[policy]
    h, p, K = SS_BOOK["holding"], SS_BOOK["backorder"], SS_BOOK["order_cost"]
    g = ss.s_s_cost_discrete(s, S, h, p, K, True, mean)
    slope = ss.s_s_cost_discrete(s, S, h, p, K + 1, True, mean) - g
    on_hand = ss.s_s_cost_discrete(s, S, h + 1, p, K, True, mean) - g  # end-of-period: the cost is linear in h, p
    backorders = ss.s_s_cost_discrete(s, S, h, p + 1, K, True, mean) - g
    expected = {"g": g, "orders_per_period": slope, "on_hand_eod": on_hand, "backorders_eod": backorders}
    assert frozen == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("policy", sorted(PERIODIC_BASE_STOCK))
def test_periodic_base_stock_values_are_stockpyls(policy: str) -> None:
    (lam, lead, S), frozen = PERIODIC_BASE_STOCK[policy]
    mean = lam * (lead + 1)
    g = newsvendor.newsvendor_poisson_cost(S, 1, 1, mean)
    on_hand = newsvendor.newsvendor_poisson_cost(S, 2, 1, mean) - g
    backorders = newsvendor.newsvendor_poisson_cost(S, 1, 2, mean) - g
    assert frozen == pytest.approx({"on_hand_eod": on_hand, "backorders_eod": backorders}, rel=1e-9)


@pytest.mark.parametrize("policy", sorted(NEWSVENDOR))
def test_newsvendor_profits_are_stockpyls(policy: str) -> None:
    (mean, q), frozen = NEWSVENDOR[policy]
    price, cost, salvage = NEWSVENDOR_BOOK["price"], NEWSVENDOR_BOOK["cost"], NEWSVENDOR_BOOK["salvage"]
    expected_cost = newsvendor.newsvendor_poisson_cost(q, cost - salvage, price - cost, mean)
    assert frozen == pytest.approx({"profit": (price - cost) * mean - expected_cost}, rel=1e-12)


def test_the_newsvendor_optimum_is_stockpyls() -> None:
    price, cost, salvage = NEWSVENDOR_BOOK["price"], NEWSVENDOR_BOOK["cost"], NEWSVENDOR_BOOK["salvage"]
    q, _ = newsvendor.newsvendor_poisson(cost - salvage, price - cost, NEWSVENDOR["q102"][0][0])
    assert q == NEWSVENDOR_OPTIMUM


def test_the_books_optima_are_stockpyls() -> None:
    assert rq.r_q_poisson_exact(RQ_BOOK["holding"], RQ_BOOK["backorder"], RQ_BOOK["order_cost"], 1.5, 2)[:2] == (3, 5)
    best = ss.s_s_discrete_exact(SS_BOOK["holding"], SS_BOOK["backorder"], SS_BOOK["order_cost"], True, SS_BOOK["mean"])
    assert best[:2] == (4, 10)
