"""Cost-based optimisers an inventory team uses as a cross-check: the exact expected cost of an
(r,Q) policy with holding and backorder cost (Poisson and normal lead-time demand), the iterative
loss-function (r,Q) heuristic, the exact (r,Q) optimum for Poisson demand, and the optimal periodic
(s,S) policy for discrete demand.

Notation (per unit of time, a day in the simulator): λ the demand rate, L the lead time, D the
lead-time demand (Poisson(λL), or normal with mean μ = λL and σ = τ·√L for a daily sd τ), h the
holding cost per unit per unit of time, p the backorder cost per unit per unit of time, K the fixed
cost of an order. The newsvendor-type cost of an inventory position y is

    g(y) = h·E[(y − D)⁺] + p·E[(D − y)⁺],

and under continuous review the position of an (r,Q) policy is uniform on {r+1, …, r+Q} (on
(r, r+Q] for continuous demand), so the expected cost per unit of time is

    C(r, Q) = (K·λ + Σ_{y=r+1}^{r+Q} g(y)) / Q        (∫_r^{r+Q} g(y) dy for continuous demand).

Sources: Zipkin, *Foundations of Inventory Management* (2000), §6.5 (the (r,Q) cost, its convexity
and the exact search); Axsäter, *Inventory Control*, 3rd ed. (2015), §5.3 and §5.10 (the loss
functions and the (R,Q) cost); Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed.
(2019), §5.2–5.4 (eq. (5.7) the (r,Q) cost, eqs. (5.28)–(5.29) the loss-function approximation,
eq. (5.48) the Poisson cost) and §4.6 (the (s,S) algorithm); Hadley & Whitin, *Analysis of
Inventory Systems* (1963), ch. 4 (the iterative heuristic); Federgruen & Zheng, "An efficient
algorithm for computing an optimal (r,Q) policy in continuous review stochastic inventory
systems", *Operations Research* 40(4), 1992; Zheng & Federgruen, "Finding optimal (s,S) policies
is about as simple as evaluating a single policy", *Operations Research* 39(4), 1991.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

from sim.analytics.discrete import Pmf, convolve_power, poisson_pmf
from sim.analytics.lot_sizing import eoq
from sim.analytics.normal import normal_loss, normal_loss2
from sim.analytics.poisson import poisson_loss

_MAX_STEPS = 100_000


@dataclass(frozen=True)
class Optimum:
    """A policy's two parameters and its expected cost per unit of time."""

    low: float  # r (or s)
    high: float  # Q (or S)
    cost: float


def _check_costs(holding: float, backorder: float, fixed: float) -> None:
    if holding <= 0 or backorder <= 0 or fixed < 0:
        raise ValueError("holding and backorder costs must be positive and the order cost non-negative")


def _poisson_g(y: int, holding: float, backorder: float, mean: float) -> float:
    """g(y) = h·E[(y − D)⁺] + p·E[(D − y)⁺] = h·(y − θ) + (h + p)·E[(D − y)⁺], D ~ Poisson(θ)."""
    return holding * (y - mean) + (holding + backorder) * poisson_loss(y, mean)


def rq_cost_poisson(
    r: int, Q: int, holding: float, backorder: float, order_cost: float, rate: float, lead_time: float
) -> float:
    """Exact expected cost per unit of time of (r,Q) with Poisson unit demand and backorders:
    (K·λ + Σ_{y=r+1}^{r+Q} g(y))/Q (Zipkin §6.5.2; Snyder & Shen eq. (5.48); Axsäter §5.10)."""
    if Q < 1:
        raise ValueError(f"Q must be at least 1, got {Q}")
    _check_costs(holding, backorder, order_cost)
    theta = rate * lead_time
    total = sum(_poisson_g(y, holding, backorder, theta) for y in range(r + 1, r + Q + 1))
    return (order_cost * rate + total) / Q


def rq_cost_normal(
    r: float,
    Q: float,
    holding: float,
    backorder: float,
    order_cost: float,
    rate: float,
    rate_sd: float,
    lead_time: float,
) -> float:
    """Exact expected cost per unit of time of (r,Q) with normal lead-time demand N(μ, σ²),
    μ = λL, σ = τ·√L: (K·λ + ∫_r^{r+Q} g(y) dy)/Q, in closed form

        C = K·λ/Q + h·(r + Q/2 − μ) + (h + p)·σ²·[H(z_r) − H(z_{r+Q})]/Q,

    H the second-order standard normal loss function, z_y = (y − μ)/σ (Zipkin §6.5.3; Snyder &
    Shen eq. (5.7); Axsäter §5.10)."""
    if Q <= 0:
        raise ValueError(f"Q must be positive, got {Q}")
    _check_costs(holding, backorder, order_cost)
    mu, sigma = rate * lead_time, rate_sd * math.sqrt(lead_time)
    base = order_cost * rate / Q + holding * (r + Q / 2 - mu)
    if sigma <= 0:
        short = (max(mu - r, 0.0) ** 2 - max(mu - r - Q, 0.0) ** 2) / 2  # ∫ (μ − y)⁺ dy
        return base + (holding + backorder) * short / Q
    z_r, z_rq = (r - mu) / sigma, (r + Q - mu) / sigma
    return base + (holding + backorder) * sigma * sigma * (normal_loss2(z_r) - normal_loss2(z_rq)) / Q


def rq_loss_function_heuristic(
    holding: float,
    backorder: float,
    order_cost: float,
    rate: float,
    rate_sd: float,
    lead_time: float,
    tol: float = 1e-6,
) -> tuple[float, float]:
    """The iterative loss-function (r,Q) optimisation for normal lead-time demand (Hadley & Whitin
    ch. 4; Snyder & Shen eqs. (5.28)–(5.29); Zipkin §6.5.3): start from Q = EOQ and repeat

        n(r) = σ·G((r − μ)/σ) = h·Q/(h + p),     Q = √(2·[K·λ + (h + p)·σ²·H((r − μ)/σ)]/h)

    until r and Q move less than `tol`. Returns (r, Q), real numbers."""
    _check_costs(holding, backorder, order_cost)
    if order_cost <= 0 or rate <= 0 or rate_sd <= 0 or lead_time <= 0:
        raise ValueError("the heuristic needs a positive order cost, demand rate, demand sd and lead time")
    mu, sigma = rate * lead_time, rate_sd * math.sqrt(lead_time)
    Q = eoq(rate, order_cost, holding)
    r, previous = mu, (math.inf, math.inf)
    for _ in range(_MAX_STEPS):
        if abs(r - previous[0]) <= tol and abs(Q - previous[1]) <= tol:
            return r, Q
        previous = (r, Q)
        target = holding * Q / (holding + backorder) / sigma  # G(z) at the new r
        z = _normal_loss_inverse(target)
        r = mu + z * sigma
        Q = math.sqrt(2 * (order_cost * rate + (holding + backorder) * sigma * sigma * normal_loss2(z)) / holding)
    raise ArithmeticError("the loss-function iteration did not converge")


def _normal_loss_inverse(target: float) -> float:
    """The z with G(z) = target (G decreases from ∞ to 0)."""
    low, high = -1.0, 1.0
    while normal_loss(low) < target:
        low *= 2
    while normal_loss(high) > target:
        high *= 2
    return float(optimize.brentq(lambda z: normal_loss(z) - target, low, high, xtol=1e-13))


def rq_optimal_poisson(holding: float, backorder: float, order_cost: float, rate: float, lead_time: float) -> Optimum:
    """The optimal integer (r,Q) for Poisson unit demand, by Federgruen & Zheng (1992) (Zipkin
    §6.5.2; Snyder & Shen §5.4): start at Q = 1, r = y* − 1 (y* the minimiser of g); each step
    Q → Q + 1 keeps the Q + 1 best consecutive positions (drop r+1 … or add r), and stops as soon
    as the cost rises. Returns r, Q and C(r, Q)."""
    _check_costs(holding, backorder, order_cost)
    theta = rate * lead_time
    y_star = _argmin_poisson_g(holding, backorder, theta)
    r, Q = y_star - 1, 1
    cost = rq_cost_poisson(r, Q, holding, backorder, order_cost, rate, lead_time)
    for _ in range(_MAX_STEPS):
        g_r = _poisson_g(r, holding, backorder, theta)
        g_next = _poisson_g(r + Q + 1, holding, backorder, theta)
        r_new = r - 1 if g_r < g_next else r
        new_cost = rq_cost_poisson(r_new, Q + 1, holding, backorder, order_cost, rate, lead_time)
        if new_cost > cost:
            return Optimum(r, Q, cost)
        r, Q, cost = r_new, Q + 1, new_cost
    raise ArithmeticError("the (r,Q) search did not end")


def _argmin_poisson_g(holding: float, backorder: float, mean: float) -> int:
    """The smallest y with P(D ≤ y) ≥ p/(h + p): the minimiser of g (Zipkin §6.2)."""
    ratio = backorder / (holding + backorder)
    y = 0
    cdf = float(special.pdtr(0, mean)) if mean > 0 else 1.0
    while cdf < ratio:
        y += 1
        cdf = float(special.pdtr(y, mean))
    return y


# -- periodic (s,S), Zheng & Federgruen (1991) -------------------------------------------------------


@dataclass(frozen=True)
class _SSModel:
    """What the (s,S) cost needs: the one-period demand pmf (for the renewal function) and g(y)."""

    period: Pmf  # demand in one review period
    protection: Pmf  # demand over lead time + one period (g's demand)
    holding: float
    backorder: float
    order_cost: float

    def g(self, y: int) -> float:
        k = np.arange(len(self.protection))
        over = float(np.dot(np.maximum(y - k, 0), self.protection))
        short = float(np.dot(np.maximum(k - y, 0), self.protection))
        return self.holding * over + self.backorder * short

    def renewal(self, n: int) -> np.ndarray:
        """m(0 … n−1): the expected number of periods the position spends j units below S."""
        phi = np.zeros(max(n, 1))
        upto = min(len(self.period), len(phi))
        phi[:upto] = self.period[:upto]
        m = np.zeros(max(n, 1))
        m[0] = 1.0 / (1.0 - phi[0])
        for j in range(1, n):
            m[j] = float(np.dot(phi[1 : j + 1], m[j - 1 :: -1][:j])) / (1.0 - phi[0])
        return m[:n]

    def cost(self, s: int, S: int) -> float:
        """c(s,S) = [K + Σ_{d=0}^{S−s−1} m(d)·g(S − d)] / M(S − s), M(n) = Σ_{d<n} m(d)."""
        m = self.renewal(S - s)
        total = sum(m[d] * self.g(S - d) for d in range(S - s))
        return float((self.order_cost + total) / float(m.sum()))


def _ss_model(pmf: Pmf, holding: float, backorder: float, order_cost: float, lead_periods: int) -> _SSModel:
    if order_cost <= 0 or holding <= 0 or backorder <= 0:
        raise ValueError("(s,S) needs positive holding, backorder and order costs")
    if float(pmf[0]) >= 1.0:
        raise ValueError("(s,S) needs a demand that is not always zero")
    if lead_periods < 0:
        raise ValueError(f"the lead time must be a non-negative number of periods, got {lead_periods}")
    return _SSModel(np.asarray(pmf, dtype=float), convolve_power(pmf, lead_periods + 1), holding, backorder, order_cost)


def ss_cost_discrete(
    s: int, S: int, pmf: Pmf, holding: float, backorder: float, order_cost: float, lead_periods: int = 0
) -> float:
    """Expected cost per period of a periodic-review (s,S) policy (order up to S when the position
    is ≤ s) with i.i.d. integer demand per period `pmf`, end-of-period holding and backorder costs
    and a lead time of `lead_periods` whole periods (Zheng & Federgruen 1991, eq. (2);
    Snyder & Shen §4.6; Zipkin §9.5)."""
    if not s < S:
        raise ValueError(f"(s,S) needs s < S, got s={s}, S={S}")
    return _ss_model(pmf, holding, backorder, order_cost, lead_periods).cost(s, S)


def ss_orders_per_period(s: int, S: int, pmf: Pmf) -> float:
    """Orders per period of (s,S): 1/M(S − s), the renewal function of the period demand
    (Zheng & Federgruen 1991; the position returns to S after M(S − s) periods on average)."""
    model = _SSModel(np.asarray(pmf, dtype=float), np.ones(1), 1.0, 1.0, 1.0)
    return 1.0 / float(model.renewal(S - s).sum())


def ss_optimal_discrete(
    pmf: Pmf, holding: float, backorder: float, order_cost: float, lead_periods: int = 0
) -> Optimum:
    """The optimal periodic-review (s,S) for discrete demand, by the algorithm of Zheng &
    Federgruen (1991) (Snyder & Shen §4.6, Algorithm 4.2): y* minimises g; find s for S⁰ = y* by
    lowering s until c(s, S⁰) ≤ g(s); then raise S while g(S) ≤ the best cost, moving s up each
    time a better S is found. Returns s, S and c(s, S)."""
    model = _ss_model(pmf, holding, backorder, order_cost, lead_periods)
    y_star = _argmin(model)
    s, big_s = y_star, y_star
    for _ in range(_MAX_STEPS):
        s -= 1
        if model.cost(s, big_s) <= model.g(s):
            break
    best_s, best = big_s, model.cost(s, big_s)
    S = big_s + 1
    while model.g(S) <= best:
        candidate = model.cost(s, S)
        if candidate < best:
            best_s = S
            while model.cost(s, best_s) <= model.g(s + 1):
                s += 1
            best = model.cost(s, best_s)
        S += 1
    return Optimum(s, best_s, best)


def _argmin(model: _SSModel) -> int:
    """The smallest minimiser of the convex g over the integers."""
    ratio = model.backorder / (model.holding + model.backorder)
    cdf = np.cumsum(model.protection)
    return int(np.searchsorted(cdf, ratio - 1e-12))


def poisson_period_pmf(mean: float) -> Pmf:
    """The Poisson pmf of one period's demand (a convenience for `ss_optimal_discrete`)."""
    return poisson_pmf(mean)
