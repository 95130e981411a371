"""The stock-sizing figures the analysis reports beside the break-even, once for both cost worlds:
safety stock and expected units short a year of one stocking point (formulas of
`sim.analytics.economics`: σ_L, the expected shortfall per cycle, DAYS_PER_YEAR)."""

from __future__ import annotations

from sim.analytics.economics import DAYS_PER_YEAR, expected_short_per_cycle, lead_time_sd


def safety_units(reorder_point: float, daily_mean: float, lead_days: float) -> float:
    """Safety stock implied by a reorder point: max(0, ROP − d·L)."""
    return max(0.0, reorder_point - daily_mean * lead_days)


def short_units_per_year(
    daily_mean: float,
    daily_sd: float,
    lead_days: float,
    lead_sd_days: float,
    order_quantity: float,
    reorder_point: float,
) -> float:
    """Expected units short a year: (D/Q) cycles × σ_L·G(z) units short per cycle."""
    sigma = lead_time_sd(daily_sd, daily_mean, lead_days, lead_sd_days)
    cycles = daily_mean * DAYS_PER_YEAR / order_quantity
    return cycles * expected_short_per_cycle(reorder_point, daily_mean, sigma, lead_days)
