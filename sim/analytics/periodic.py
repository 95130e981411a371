"""Periodic review with i.i.d. whole-unit daily demand, backorders, a fixed lead time of whole days: exact.

The inventory position right after a review, Y_k, is a Markov chain (Hadley & Whitin ch. 5;
Zipkin ch. 6 and ch. 9 for the discrete-time models; Axsäter ch. 5): between reviews R days of
demand take it down, and the rule brings it back — to S for (R,S) (order-up-to, base-stock),
to S when it is at or below s for (R,s,S), up by whole multiples of Q above r for (R,r,Q).
An order placed at the review at the start of day k is received at the start of day k + L, before
that day's demand, so the net inventory at the start of day k + L + j (j = 0 … R − 1) is

    X_j = Y_k − D_{L+j},      D_n = demand over n whole days (independent of Y_k).

Customers want one unit each and arrive at uniformly random times of the day (true for Poisson
orders and for the simulator's `daily_units`), so on a day that starts at net inventory x with N
units demanded, the i-th unit is served from stock iff i ≤ x. Hence, with N one day's demand:

* fill rate  = Σ_j E[min(N, X_j⁺)] / (R·E[N]);
* on hand    = (1/R)·Σ_j E[(1/(N+1))·Σ_{i=0}^{N} (X_j − i)⁺]   (the N arrivals split the day into
               N + 1 gaps of mean length 1/(N+1));
* backorders = (1/R)·Σ_j E[(1/(N+1))·Σ_{i=0}^{N} (i − X_j)⁺].

These are exact for the simulator's periodic review (reviews at the start of every R-th day),
unit orders, backorders and a fixed whole-day lead time; with L = 0 and R = 1 they give the
newsvendor's daily numbers (every day starts at S, whether unmet demand is lost or backordered).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from sim.analytics.discrete import Pmf, convolve_power, mean_of

IntArray = np.ndarray[Any, np.dtype[np.int64]]


class StockMetrics(NamedTuple):
    """Steady-state performance of one stocked item."""

    fill_rate: float  # share of units demanded served from stock on arrival
    on_hand: float  # time-average units on hand
    backorders: float  # time-average units backordered


def periodic_base_stock(day: Pmf, lead_days: int, review_days: int, S: int) -> StockMetrics:
    """(R,S) order-up-to (a base-stock level S reviewed every R days): the position after every review is S."""
    return _evaluate(day, lead_days, review_days, np.array([S]), np.array([1.0]))


def periodic_sS(  # noqa: N802 — (s,S) is the textbook name
    day: Pmf, lead_days: int, review_days: int, s: int, S: int
) -> StockMetrics:
    """(R,s,S): at a review, if the position is at or below s, order up to S."""
    if not s < S:
        raise ValueError(f"(s,S) needs s < S, got s={s}, S={S}")

    def after_review(x: IntArray) -> IntArray:
        return np.where(x <= s, S, x)

    return _chain(day, lead_days, review_days, s + 1, S, after_review)


def periodic_rq(day: Pmf, lead_days: int, review_days: int, r: int, Q: int) -> StockMetrics:
    """(R,r,Q): at a review, if the position is at or below r, order the fewest multiples of Q that lift it above r."""
    if Q < 1:
        raise ValueError(f"Q must be at least 1, got {Q}")

    def after_review(x: IntArray) -> IntArray:
        batches = np.where(x <= r, (r - x) // Q + 1, 0)
        return np.asarray(x + batches * Q, dtype=np.int64)

    return _chain(day, lead_days, review_days, r + 1, r + Q, after_review)


def _chain(
    day: Pmf, lead_days: int, review_days: int, low: int, high: int, after_review: Callable[[IntArray], IntArray]
) -> StockMetrics:
    """Stationary law of the post-review position on {low … high}, then `_evaluate`."""
    _check(lead_days, review_days)
    states, pi = _stationary(convolve_power(day, review_days), low, high, after_review)
    return _evaluate(day, lead_days, review_days, states, pi)


def _stationary(
    period: Pmf, low: int, high: int, after_review: Callable[[IntArray], IntArray]
) -> tuple[IntArray, np.ndarray[Any, Any]]:
    """The post-review positions {low … high} and their stationary probabilities."""
    states = np.arange(low, high + 1)
    n = len(states)
    transition = np.zeros((n, n))
    demand = np.arange(len(period))
    for i, y in enumerate(states):
        target = after_review(y - demand) - low
        np.add.at(transition[i], target, period)
    # π (P − I) = 0 with Σπ = 1: replace one (redundant) balance equation by the normalisation.
    system = transition.T - np.eye(n)
    system[-1, :] = 1.0
    rhs = np.zeros(n)
    rhs[-1] = 1.0
    pi = np.clip(np.linalg.solve(system, rhs), 0.0, None)
    return states, pi / pi.sum()


def _check(lead_days: int, review_days: int) -> None:
    if lead_days < 0 or review_days < 1:
        raise ValueError(f"need a lead time ≥ 0 and a review period ≥ 1 day, got L={lead_days}, R={review_days}")


def _evaluate(day: Pmf, lead_days: int, review_days: int, states: IntArray, pi: np.ndarray[Any, Any]) -> StockMetrics:
    _check(lead_days, review_days)
    mean_day = mean_of(day)
    if mean_day <= 0:
        raise ValueError("daily demand must have a positive mean")
    n_values = np.arange(len(day))
    filled = on_hand = backorders = 0.0
    for j in range(review_days):
        lead = convolve_power(day, lead_days + j)
        x_pmf = np.convolve(pi, lead[::-1])  # law of X = Y − D_{L+j}
        x = states[0] - (len(lead) - 1) + np.arange(len(x_pmf))
        xx, nn = np.meshgrid(x, n_values, indexing="ij")
        positive = np.maximum(xx, 0)
        served = np.minimum(nn, positive)
        # Σ_{i=0}^{N} (x − i)⁺ = (m + 1)·x − m(m + 1)/2 with m = min(N, x), for x > 0
        m = served
        oh_sum = np.where(xx > 0, (m + 1) * xx - m * (m + 1) / 2, 0.0)
        # Σ_{i=0}^{N} (i − x)⁺
        t = np.maximum(nn - positive, 0)
        bo_sum = np.where(xx >= 0, t * (t + 1) / 2, (nn + 1) * (-xx) + nn * (nn + 1) / 2)
        weight = x_pmf[:, None] * day[None, :]
        filled += float(np.sum(weight * served))
        on_hand += float(np.sum(weight * oh_sum / (nn + 1)))
        backorders += float(np.sum(weight * bo_sum / (nn + 1)))
    return StockMetrics(
        fill_rate=filled / (review_days * mean_day),
        on_hand=on_hand / review_days,
        backorders=backorders / review_days,
    )


def periodic_sS_cycle_service_level(  # noqa: N802 — (s,S) is the textbook name
    day: Pmf, lead_days: int, review_days: int, s: int, S: int
) -> float:
    """Cycle service level of (R,s,S) with whole-unit demand: the share of replenishment cycles
    (receipt to receipt) in which no unit is short, exactly, when at most one order is outstanding.

    An order is placed at a review whose position x is at or below s (the undershoot below s has
    the law of the pre-review position, from the stationary post-review law π and R days of
    demand); with no other order outstanding and nothing backordered, x units are on hand, and the
    L days of demand before the receipt find stock for every unit iff D_L ≤ x. So

        CSL = Σ_{x ≤ s} P(X = x | X ≤ s) · P(D_L ≤ x),    X = Y − D_R, Y ~ π,

    the undershoot-corrected form of SPT §6.9's P1 (Hadley & Whitin ch. 5 treat the undershoot;
    the familiar Φ((s − μ)/σ) ignores it). Before the order, the position — and the stock — stays
    above s, so no unit is short there. ValueError unless the assumption holds: a second order
    before the receipt needs S − s units of demand within L days, which must have probability
    below 1e-12, and s must be non-negative (nothing backordered when ordering).
    """
    if not 0 <= s < S:
        raise ValueError(f"the cycle service level formula needs 0 ≤ s < S, got s={s}, S={S}")
    _check(lead_days, review_days)
    lead = convolve_power(day, lead_days)
    if float(lead[S - s :].sum()) > 1e-12:
        raise ValueError(f"S − s = {S - s} is not enough to keep one order outstanding over {lead_days} days")
    period = convolve_power(day, review_days)
    states, pi = _stationary(period, s + 1, S, lambda x: np.where(x <= s, S, x))
    x_pmf = np.convolve(pi, period[::-1])  # law of Y − D_R
    x = states[0] - (len(period) - 1) + np.arange(len(x_pmf))
    ordering = x <= s
    weights = x_pmf[ordering] / x_pmf[ordering].sum()
    lead_cdf = np.cumsum(lead)
    covered = np.where(x[ordering] < 0, 0.0, lead_cdf[np.minimum(np.maximum(x[ordering], 0), len(lead) - 1)])
    return float(np.dot(weights, covered))
