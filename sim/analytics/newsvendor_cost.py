"""The newsvendor's expected cost and profit with a salvage value, for normal and Poisson demand,
and the optimal quantity from prices (the decision of a one-time buy).

A seller buys q units at unit cost c before demand D is seen, sells min(D, q) at price p, salvages
each leftover unit at v (v < c) and may count a goodwill penalty b per unit short. Then the overage
cost is c_o = c − v, the underage cost c_u = p − c + b, and

    cost(q)   = c_o·E[(q − D)⁺] + c_u·E[(D − q)⁺]
    profit(q) = p·E[min(D, q)] + v·E[(q − D)⁺] − c·q − b·E[(D − q)⁺] = (p − c)·E[D] − cost(q),

so the quantity that minimises the cost maximises the profit: q* = F⁻¹(c_u/(c_u + c_o)).
Normal demand: E[(D − q)⁺] = σ·G(z), E[(q − D)⁺] = (q − μ) + σ·G(z), z = (q − μ)/σ.

Sources: Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed. (2019), §4.3 (eqs. (4.6),
(4.24) the cost with the loss functions, (4.30) and (4.37) the optimum and its cost); Axsäter,
*Inventory Control*, 3rd ed. (2015), §9.2 (the single-period model with salvage); Zipkin (2000),
§6.2; Nahmias, *Production and Operations Analysis*, 6th ed. (2009), §5.3 (salvage value, the
critical ratio).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import special, stats

from sim.analytics.newsvendor import critical_fractile
from sim.analytics.normal import normal_loss
from sim.analytics.poisson import poisson_loss


@dataclass(frozen=True)
class Prices:
    """A one-time buy's economics: selling price, unit cost, salvage value, goodwill per unit short."""

    price: float
    cost: float
    salvage: float = 0.0
    shortage_penalty: float = 0.0

    def __post_init__(self) -> None:
        if self.salvage >= self.cost:
            raise ValueError(f"a salvage value ({self.salvage}) must lie below the unit cost ({self.cost})")
        if self.price < self.cost:
            raise ValueError(f"a price ({self.price}) below the unit cost ({self.cost}) makes any stock a loss")
        if self.shortage_penalty < 0:
            raise ValueError("a shortage penalty cannot be negative")

    @property
    def overage(self) -> float:
        """c_o = c − v."""
        return self.cost - self.salvage

    @property
    def underage(self) -> float:
        """c_u = p − c + b."""
        return self.price - self.cost + self.shortage_penalty


def _loss_normal(q: float, mean: float, sd: float) -> tuple[float, float]:
    """(E[(D − q)⁺], E[(q − D)⁺]) for D ~ N(mean, sd²)."""
    if sd <= 0:
        return max(mean - q, 0.0), max(q - mean, 0.0)
    short = sd * normal_loss((q - mean) / sd)
    return short, q - mean + short


def _loss_poisson(q: int, mean: float) -> tuple[float, float]:
    """(E[(D − q)⁺], E[(q − D)⁺]) for D ~ Poisson(mean)."""
    short = poisson_loss(q, mean)
    return short, q - mean + short


def newsvendor_cost_normal(q: float, mean: float, sd: float, underage: float, overage: float) -> float:
    """c_o·E[(q − D)⁺] + c_u·E[(D − q)⁺] for normal demand (Snyder & Shen eq. (4.24))."""
    short, left = _loss_normal(q, mean, sd)
    return overage * left + underage * short


def newsvendor_cost_poisson(q: int, mean: float, underage: float, overage: float) -> float:
    """c_o·E[(q − D)⁺] + c_u·E[(D − q)⁺] for Poisson demand (Snyder & Shen eq. (4.6))."""
    short, left = _loss_poisson(q, mean)
    return overage * left + underage * short


def newsvendor_profit_normal(q: float, mean: float, sd: float, prices: Prices) -> float:
    """Expected profit p·E[min(D, q)] + v·E[(q − D)⁺] − c·q − b·E[(D − q)⁺], normal demand
    (Axsäter §9.2; Nahmias §5.3)."""
    return (prices.price - prices.cost) * mean - newsvendor_cost_normal(q, mean, sd, prices.underage, prices.overage)


def newsvendor_profit_poisson(q: int, mean: float, prices: Prices) -> float:
    """Expected profit of q units with Poisson demand (as `newsvendor_profit_normal`)."""
    return (prices.price - prices.cost) * mean - newsvendor_cost_poisson(q, mean, prices.underage, prices.overage)


def newsvendor_optimal_normal(mean: float, sd: float, prices: Prices) -> tuple[float, float]:
    """(q*, its expected cost) for normal demand: q* = μ + σ·Φ⁻¹(c_u/(c_u + c_o)) and
    cost(q*) = (c_u + c_o)·σ·φ(z*) (Snyder & Shen eqs. (4.30), (4.37))."""
    ratio = critical_fractile(prices.underage, prices.overage)
    if sd <= 0:
        return mean, 0.0
    z = float(special.ndtri(ratio))
    cost = (prices.underage + prices.overage) * sd * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    return mean + z * sd, cost


def newsvendor_optimal_poisson(mean: float, prices: Prices) -> tuple[int, float]:
    """(q*, its expected cost) for Poisson demand: the smallest q with P(D ≤ q) ≥ c_u/(c_u + c_o)
    (Snyder & Shen §4.3.3)."""
    ratio = critical_fractile(prices.underage, prices.overage)
    q = int(stats.poisson.ppf(ratio, mean)) if mean > 0 else 0
    while q > 0 and float(stats.poisson.cdf(q - 1, mean)) >= ratio:
        q -= 1  # ppf's floating point may land one above the smallest such q
    return q, newsvendor_cost_poisson(q, mean, prices.underage, prices.overage)
