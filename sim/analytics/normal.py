"""Normal lead-time demand: z values, the loss function, safety stock, reorder points, (r,Q) fill rate.

Notation: d and σ_d are the mean and standard deviation of one day's demand, L the lead time in
days (mean L, standard deviation σ_L when it varies), μ and σ the mean and standard deviation of
demand over the protection interval (the lead time under continuous review, the lead time plus
the review period under periodic review). The formulas treat demand as a continuous variable;
the simulator's demand comes in whole units, which is why docs/VALIDATION.md compares them with
a stated tolerance rather than as exact results.
"""

from __future__ import annotations

import math

from scipy import optimize, special, stats

_SQRT_2PI = math.sqrt(2 * math.pi)


def z_value(service_level: float) -> float:
    """The safety factor z = Φ⁻¹(p) for a cycle service level p (probability of no stock-out in a cycle).

    SPT §6.7 (the "probability of no stockout per replenishment cycle", P1, criterion): k = Φ⁻¹(P1).
    The lesson's table rounds these up to two decimals (1.65 for 95 %, where Φ⁻¹(0.95) = 1.6449).
    """
    if not 0 < service_level < 1:
        raise ValueError(f"a service level must lie strictly between 0 and 1, got {service_level}")
    return float(stats.norm.ppf(service_level))


def normal_loss(z: float) -> float:
    """The standard normal (first-order) loss function G(z) = E[(Z − z)⁺] = φ(z) − z·(1 − Φ(z)).

    SPT §6.7 and its appendix (G_u(k)); Axsäter ch. 5 (G(x)); H&S §2.4.3.
    """
    return math.exp(-z * z / 2) / _SQRT_2PI - z * float(special.ndtr(-z))


def normal_loss2(z: float) -> float:
    """The second-order loss function H(z) = ∫_z^∞ G(x) dx = ½[(1 + z²)(1 − Φ(z)) − z·φ(z)].

    Used for the time-average backorders of an (r,Q) policy; Zipkin §6.4 (the function G²),
    Axsäter ch. 5 (H(x) for the normal case), H&S §2.4.3.
    """
    return 0.5 * ((1 + z * z) * float(special.ndtr(-z)) - z * math.exp(-z * z / 2) / _SQRT_2PI)


def lead_time_demand_sd(daily_sd: float, lead_days: float, daily_mean: float = 0.0, lead_sd_days: float = 0.0) -> float:
    """σ of demand over a (possibly random) lead time: √(L·σ_d² + d²·σ_L²).

    The variance of a random sum of i.i.d. daily demands over an independent lead time
    (SPT §6.10.2, "Variability in the replenishment lead time"; Axsäter ch. 5). With a fixed lead
    time (σ_L = 0) it is the textbook σ_d·√L.
    """
    return math.sqrt(lead_days * daily_sd * daily_sd + daily_mean * daily_mean * lead_sd_days * lead_sd_days)


def safety_stock(z: float, daily_sd: float, lead_days: float) -> float:
    """Safety stock z·σ_d·√L for a fixed lead time (SPT §6.7; the lesson: 1.65 × 3 × √10 ≈ 15.6 ≈ 16)."""
    return z * daily_sd * math.sqrt(lead_days)


def safety_stock_variable_lead_time(
    z: float, daily_mean: float, daily_sd: float, lead_days: float, lead_sd_days: float
) -> float:
    """Safety stock with a random lead time: z·√(L·σ_d² + d²·σ_L²) (SPT §6.10.2; Axsäter ch. 5)."""
    return z * lead_time_demand_sd(daily_sd, lead_days, daily_mean, lead_sd_days)


def reorder_point(d: float, sd: float, lead_days: float, lead_sd_days: float, service_level: float) -> float:
    """ROP = d·L + z·√(L·σ_d² + d²·σ_L²); with a fixed lead time this is d·L + z·σ_d·√L.

    Expected lead-time demand plus safety stock for a cycle service level (SPT §6.7 and §6.10.2;
    the lesson: 12 × 10 + 1.65 × 3 × √10 ≈ 136). Under periodic review pass L + R as `lead_days`
    (the protection interval, SPT §6.9).
    """
    z = float(stats.norm.ppf(service_level))
    return d * lead_days + z * math.sqrt(lead_days * sd * sd + d * d * lead_sd_days * lead_sd_days)


def cycle_service_level_normal(r: float, mean: float, sd: float) -> float:
    """P(lead-time demand ≤ r) = Φ((r − μ)/σ): the share of replenishment cycles without a stock-out
    when an order is placed exactly at r (continuous review, no undershoot; SPT §6.7, P1).

    For whole-unit demand, pass r + ½ (continuity correction): P(D ≤ r) ≈ Φ((r + ½ − μ)/σ).
    """
    if sd <= 0:
        return 1.0 if r >= mean else 0.0
    return float(special.ndtr((r - mean) / sd))


def rq_fill_rate_normal(r: float, Q: float, mean: float, sd: float) -> float:
    """Fill rate (share of demand met from stock) of an (r,Q) policy with backorders and normal
    lead-time demand N(μ, σ²): β = 1 − σ·[G((r − μ)/σ) − G((r + Q − μ)/σ)] / Q.

    The inventory position is uniform on (r, r + Q], so the expected shortage per cycle is
    E[(D − r)⁺] − E[(D − r − Q)⁺] (Axsäter ch. 5, "fill rate", S2; H&S §2.4.3, S(Q,r); SPT §6.7
    gives the usual one-term approximation β ≈ 1 − σ·G(k)/Q).
    """
    if Q <= 0:
        raise ValueError(f"Q must be positive, got {Q}")
    if sd <= 0:
        short = max(mean - r, 0.0) - max(mean - r - Q, 0.0)
        return 1.0 - short / Q
    return 1.0 - sd * (normal_loss((r - mean) / sd) - normal_loss((r + Q - mean) / sd)) / Q


def rq_backorders_normal(r: float, Q: float, mean: float, sd: float) -> float:
    """Time-average backorders of an (r,Q) policy with normal lead-time demand:
    E[BO] = (σ²/Q)·[H((r − μ)/σ) − H((r + Q − μ)/σ)], H the second-order loss function
    (Zipkin §6.4; H&S §2.4.3, B(Q,r))."""
    if sd <= 0:
        return 0.0
    return sd * sd / Q * (normal_loss2((r - mean) / sd) - normal_loss2((r + Q - mean) / sd))


def rq_on_hand_normal(r: float, Q: float, mean: float, sd: float) -> float:
    """Time-average on hand of an (r,Q) policy: E[OH] = r + Q/2 − μ + E[BO] (H&S §2.4.3, I(Q,r),
    continuous form; with whole units the position averages r + (Q + 1)/2)."""
    return r + Q / 2 - mean + rq_backorders_normal(r, Q, mean, sd)


def reorder_point_for_fill_rate(target: float, Q: float, mean: float, sd: float) -> float:
    """The reorder point r at which the (r,Q) fill rate β(r, Q) above equals `target` (a real number;
    round it up to whole units to meet the target).

    Solves the two-term formula of `rq_fill_rate_normal` numerically (Axsäter ch. 5); the familiar
    closed form G(k) = Q(1 − β)/σ, r = μ + kσ (SPT §6.7.2) drops the second term, which is
    negligible once Q is a few σ.
    """
    if not 0 < target < 1:
        raise ValueError(f"a target fill rate must lie strictly between 0 and 1, got {target}")
    if Q <= 0:
        raise ValueError(f"Q must be positive, got {Q}")
    if sd <= 0:
        return mean - target * Q  # shortage per cycle (μ − r)⁺ must be (1 − β)·Q
    low = mean - Q - 10 * sd
    high = mean + 10 * sd
    while rq_fill_rate_normal(high, Q, mean, sd) < target:
        high += 10 * sd
    return float(optimize.brentq(lambda r: rq_fill_rate_normal(r, Q, mean, sd) - target, low, high, xtol=1e-10))
