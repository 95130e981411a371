"""Lot sizing: the economic order quantity and its costs (Harris 1913; SPT ch. 5; Nahmias §4.5; H&S §2.2).

D is annual demand (units/year), S the fixed cost of one order, H the cost of holding one unit
for a year (unit cost × holding rate, plus any storage fee × 365).
"""

from __future__ import annotations

import math


def eoq(annual_demand: float, order_cost: float, holding_per_unit_year: float) -> float:
    """EOQ = √(2DS/H) (SPT §5.2; H&S §2.2). Free ordering gives 1 (order as needed); free holding
    gives a year's demand. The lesson: √(2 × 4380 × 50 / 7.5) = 241.7 ≈ 242 units."""
    if order_cost <= 0 or annual_demand <= 0:
        return 1.0
    if holding_per_unit_year <= 0:
        return annual_demand
    return math.sqrt(2 * annual_demand * order_cost / holding_per_unit_year)


def total_annual_cost(Q: float, annual_demand: float, order_cost: float, holding_per_unit_year: float) -> float:
    """Ordering plus cycle-stock holding cost per year of ordering Q at a time: D·S/Q + H·Q/2 (SPT §5.2)."""
    if Q <= 0:
        raise ValueError(f"Q must be positive, got {Q}")
    return annual_demand * order_cost / Q + holding_per_unit_year * Q / 2


def eoq_annual_cost(annual_demand: float, order_cost: float, holding_per_unit_year: float) -> float:
    """The annual cost at the EOQ, √(2DSH), half ordering and half holding (SPT §5.2)."""
    return math.sqrt(2 * annual_demand * order_cost * holding_per_unit_year)


def orders_per_year(annual_demand: float, Q: float) -> float:
    """D/Q (the lesson: 4380 / 242 ≈ 18 orders a year)."""
    return annual_demand / Q


def order_cycle_days(annual_demand: float, Q: float, days_per_year: float = 365.0) -> float:
    """Days between orders, 365·Q/D (the lesson: about every 20 days)."""
    return days_per_year * Q / annual_demand
