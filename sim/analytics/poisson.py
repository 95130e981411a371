"""Continuous review with Poisson unit demand: base-stock, (r,Q), (s,S) and lost-sales base-stock.

Customers arrive as a Poisson process of rate λ, each wanting one unit; the lead time is L, so the
lead-time demand D is Poisson with mean θ = λ·L. With independent random lead times (orders may
cross) the number of units on order behaves as an M/G/∞ queue, so by Palm's theorem D is still
Poisson with mean θ = λ·E[L] and every formula below holds with that θ (Feeney & Sherbrooke,
"The (s−1,s) inventory policy under compound Poisson demand", Management Science 12(5), 1966;
Zipkin ch. 7). They do not hold when deliveries are kept in sequence (no crossing).
"""

from __future__ import annotations

from scipy import stats

from sim.analytics.periodic import StockMetrics
from sim.analytics.queues import erlang_b


def poisson_loss(x: int, mean: float) -> float:
    """E[(D − x)⁺] for D ~ Poisson(mean): θ·P(D ≥ x) − x·P(D > x) (H&S §2.4.2, B(R))."""
    if x < 0:
        return mean - x
    return float(mean * stats.poisson.sf(x - 1, mean) - x * stats.poisson.sf(x, mean))


def base_stock_poisson(S: int, lead_time_demand: float) -> StockMetrics:
    """Base-stock level S, backorders, Poisson lead-time demand D with mean θ (H&S §2.4.2; Zipkin §6.2):

    * fill rate = P(D ≤ S − 1) (an arriving customer finds stock when fewer than S units are
      on order, by PASTA);
    * expected backorders E[BO] = E[(D − S)⁺];
    * expected on hand E[OH] = S − θ + E[BO].
    """
    if S < 0:
        raise ValueError(f"S must be non-negative, got {S}")
    theta = lead_time_demand
    backorders = poisson_loss(S, theta)
    return StockMetrics(
        fill_rate=float(stats.poisson.cdf(S - 1, theta)),
        on_hand=S - theta + backorders,
        backorders=backorders,
    )


def rq_poisson(r: int, Q: int, lead_time_demand: float) -> StockMetrics:
    """(r,Q) with backorders and Poisson unit demand (H&S §2.4.3, S(Q,r), B(Q,r), I(Q,r); Zipkin §6.5):
    the inventory position is uniform on {r+1, …, r+Q}, so with D ~ Poisson(θ)

    * fill rate = (1/Q)·Σ_{y=r+1}^{r+Q} P(D ≤ y − 1);
    * E[BO] = (1/Q)·Σ_{y=r+1}^{r+Q} E[(D − y)⁺];
    * E[OH] = r + (Q + 1)/2 − θ + E[BO].
    """
    if Q < 1:
        raise ValueError(f"Q must be at least 1, got {Q}")
    theta = lead_time_demand
    positions = range(r + 1, r + Q + 1)
    fill = sum(float(stats.poisson.cdf(y - 1, theta)) for y in positions) / Q
    backorders = sum(poisson_loss(y, theta) for y in positions) / Q
    return StockMetrics(fill_rate=fill, on_hand=r + (Q + 1) / 2 - theta + backorders, backorders=backorders)


def sS_poisson_continuous(  # noqa: N802 — (s,S) is the textbook name
    s: int, S: int, lead_time_demand: float
) -> StockMetrics:
    """(s,S) under continuous review with Poisson *unit* demand: the position never jumps below s
    (no undershoot), so (s,S) is (r,Q) with r = s, Q = S − s (Zipkin §6.6; Axsäter ch. 5). With
    batch demand the undershoot matters and this does not apply."""
    if not s < S:
        raise ValueError(f"(s,S) needs s < S, got s={s}, S={S}")
    return rq_poisson(s, S - s, lead_time_demand)


def lost_sales_base_stock_poisson(S: int, lead_time_demand: float) -> StockMetrics:
    """Base-stock S with lost sales, Poisson unit demand, independent lead times (orders may cross).

    Each sale triggers a one-unit order; the units on order are the busy servers of an Erlang loss
    system M/G/S/S with offered load a = λ·E[L], and a customer is lost exactly when all S units
    are on order. So (Hadley & Whitin §4-13; Smith, "Optimal inventory for an (S−1, S) system with
    no backorders", Management Science 23(5), 1977):

    * fill rate = 1 − B(S, a), B the Erlang B formula (insensitive to the lead-time distribution);
    * E[OH] = S − a·(1 − B(S, a)) (S minus the mean number of busy servers); no backorders.
    """
    a = lead_time_demand
    blocked = erlang_b(S, a)
    return StockMetrics(fill_rate=1.0 - blocked, on_hand=S - a * (1.0 - blocked), backorders=0.0)
