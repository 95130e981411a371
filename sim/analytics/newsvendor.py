"""The newsvendor (single-period) model: stock q before demand D is seen; each unit short costs the
underage cost c_u, each unit left over the overage cost c_o (Nahmias §5.3; SPT §10.3; Porteus,
*Foundations of Stochastic Inventory Theory*, 2002, ch. 1).
"""

from __future__ import annotations

from scipy import stats

from sim.analytics.discrete import Pmf, loss_of, mean_of


def critical_fractile(underage_cost: float, overage_cost: float) -> float:
    """The critical ratio c_u / (c_u + c_o): the optimal q makes P(D ≤ q) reach it (Nahmias §5.3)."""
    if underage_cost < 0 or overage_cost < 0 or underage_cost + overage_cost <= 0:
        raise ValueError("underage and overage costs must be non-negative and not both zero")
    return underage_cost / (underage_cost + overage_cost)


def newsvendor_quantity_normal(mean: float, sd: float, underage_cost: float, overage_cost: float) -> float:
    """q* = μ + σ·Φ⁻¹(c_u/(c_u + c_o)) for normal demand (Nahmias §5.3)."""
    return mean + sd * float(stats.norm.ppf(critical_fractile(underage_cost, overage_cost)))


def newsvendor_quantity_discrete(pmf: Pmf, underage_cost: float, overage_cost: float) -> int:
    """The smallest q with P(D ≤ q) ≥ c_u/(c_u + c_o), for demand on 0, 1, 2, … (Nahmias §5.3, discrete case)."""
    ratio = critical_fractile(underage_cost, overage_cost)
    cumulative = 0.0
    for q, p in enumerate(pmf):
        cumulative += float(p)
        if cumulative >= ratio - 1e-12:
            return q
    return len(pmf) - 1


def newsvendor_expected_lost(pmf: Pmf, q: int) -> float:
    """Expected units short, E[(D − q)⁺] (the loss function)."""
    return loss_of(pmf, q)


def newsvendor_expected_sales(pmf: Pmf, q: int) -> float:
    """Expected units sold, E[min(D, q)] = E[D] − E[(D − q)⁺]."""
    return mean_of(pmf) - loss_of(pmf, q)


def newsvendor_expected_leftover(pmf: Pmf, q: int) -> float:
    """Expected units left over, E[(q − D)⁺] = q − E[min(D, q)]."""
    return q - newsvendor_expected_sales(pmf, q)
