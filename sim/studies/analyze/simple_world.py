"""Pricing and stock sizing per SKU in the single-warehouse world of `SimpleCosts` (no `--scenario`).

Each SKU is sized with the simulator's own rules (`sim.analytics.reorder_point`, `eoq`) and priced
stocked and virtual with `sim.analytics.economics.break_even`; catalogue unit costs and weights
replace the assumed ones where given.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Hashable
from typing import Any

import pandas as pd

from sim.analytics import eoq, reorder_point
from sim.analytics.economics import (
    DAYS_PER_YEAR,
    BreakEvenInputs,
    StockSlot,
    break_even,
    holding_per_unit_year,
    lost_order_cost,
    safety_from_reorder_point,
    stockout_cost,
    units_short_per_year,
)
from sim.studies.analyze.optimisers import cross_check
from sim.studies.analyze.recommend import verdict
from sim.studies.analyze.settings import SimpleCosts


def simple_costs(
    table: pd.DataFrame, c: SimpleCosts, catalogue: pd.DataFrame | None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Break-even and stock sizing in the single-warehouse world of `SimpleCosts`: the priced rows
    (one per SKU of `table`) and the cost world they assumed."""
    given: dict[str, dict[str, float]] = (
        {str(k): {str(c2): float(v) for c2, v in row.items()} for k, row in catalogue.to_dict("index").items()}
        if catalogue is not None
        else {}
    )
    rows = [_sku_row(t, c, given.get(str(t["sku"]), {})) for t in table.to_dict("records")]
    world: dict[str, Any] = {
        "source": "defaults (SimpleCosts)",
        "costs": dataclasses.asdict(c),
        "reorder": {"kind": "service_level", "service_level": c.service_level, "order_quantity": "eoq"},
        "fallback_to_virtual": True,
    }
    return pd.DataFrame(rows), world


def _sku_row(t: dict[Hashable, Any], c: SimpleCosts, entry: dict[str, float]) -> dict[str, Any]:
    """One SKU's row: its costs (catalogue `entry` or assumed), stock sizing and the break-even."""
    sku = str(t["sku"])
    price = float(t["unit_price"])
    cost_source = "assumed"
    unit_cost = c.unit_cost_share * price
    weight = c.weight_kg
    if not math.isnan(entry.get("unit_cost", math.nan)):
        unit_cost, cost_source = entry["unit_cost"], "catalogue"
    if not math.isnan(entry.get("weight_kg", math.nan)):
        weight = entry["weight_kg"]
    d, sd = float(t["units_per_day"]), float(t["units_per_day_sd"])
    q = float(t["units_per_order"]) if not math.isnan(t["units_per_order"]) else 1.0
    holding = holding_per_unit_year(unit_cost, c.holding_rate_per_year, c.storage_per_unit_day)
    rop = reorder_point(d, sd, c.lead_time_days, c.lead_time_sd_days, c.service_level)
    s = max(0, math.ceil(rop))
    order_q = max(1, round(eoq(d * DAYS_PER_YEAR, c.order_cost, holding)))
    margin = max(price - unit_cost, 0.0)
    inputs = _break_even_inputs(sku, d, sd, q, unit_cost, weight, margin, holding, s, order_q, c)
    short_per_year = units_short_per_year(d, sd, c.lead_time_days, c.lead_time_sd_days, order_q, s)
    return {
        "sku": sku,
        "unit_cost": unit_cost,
        "cost_source": cost_source,
        "weight_kg": weight,
        "stock_at": "warehouse",
        "lead_time_days": c.lead_time_days,
        "service_level": c.service_level,
        "safety_stock": safety_from_reorder_point(rop, d, c.lead_time_days),
        "reorder_point": s,
        "order_quantity": order_q,
        **verdict(break_even(inputs)),
        "stockout_cost_per_day": stockout_cost(d, margin, d / q, c.lost_customer_rate, c.customer_lifetime_value),
        "expected_stockout_units_per_year": short_per_year,
        **cross_check(d, sd, c.lead_time_days, c.lead_time_sd_days, holding, c.order_cost, c.service_level, s, order_q),
    }


def _break_even_inputs(
    sku: str,
    d: float,
    sd: float,
    q: float,
    unit_cost: float,
    weight: float,
    margin: float,
    holding: float,
    s: int,
    order_q: int,
    c: SimpleCosts,
) -> BreakEvenInputs:
    """One SKU's cost per order stocked (own warehouse) and virtual (dropship), as the break-even takes them."""
    return BreakEvenInputs(
        sku=sku,
        units_per_day=d,
        units_per_order=q,
        stocked_direct=q * (unit_cost + c.stock_fee_per_unit + c.return_rate * c.return_cost_stocked)
        + c.stock_fee_per_order
        + c.stock_ship_per_order
        + c.stock_ship_per_kg * weight * q,
        virtual_direct=q * (unit_cost * (1 + c.dropship_premium_share) + c.return_rate * c.return_cost_virtual)
        + c.dropship_fee_per_order
        + c.dropship_ship_per_order
        + c.dropship_ship_per_kg * weight * q,
        virtual_accept=c.dropship_availability,
        lost_order_cost=lost_order_cost(q, margin, c.lost_customer_rate, c.customer_lifetime_value),
        slots=(StockSlot(d, sd, c.lead_time_days, c.lead_time_sd_days, order_q, s, holding, c.order_cost),),
        shortage="fallback",
    )
