"""What `supplysim analyze` recommends per SKU: stock it or keep it virtual (from the break-even),
and, given an on-hand snapshot, its DIO, turnover, capital released and the lesson's stock alerts.

The formulas are `sim.analytics.economics`'s; the over-stock limit is `sim.analytics.classify`'s.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from sim.analytics.classify import DIO_ALERT_DAYS, dio_alert
from sim.analytics.economics import BreakEven, capital_released, dio_days, turnover


def verdict(result: BreakEven) -> dict[str, Any]:
    """The break-even's columns of the per-SKU table, with the policy it recommends and why."""
    if result.orders_per_year <= 0:
        policy, reason = "inventory_free", "no demand in the period"
    elif math.isinf(result.virtual_per_order):
        policy, reason = "stocked", "no virtual source carries it"
    elif result.stock:
        policy = "stocked"
        reason = f"stocking saves {result.saving_per_order:.2f} per order ({result.saving_per_order * result.orders_per_year:,.0f} a year)"
    else:
        policy = "inventory_free"
        reason = f"virtual saves {-result.saving_per_order:.2f} per order ({-result.saving_per_order * result.orders_per_year:,.0f} a year)"
    return {
        "orders_per_year": result.orders_per_year,
        "stocked_direct_per_order": result.stocked_direct,
        "holding_per_order": result.holding,
        "ordering_per_order": result.ordering,
        "shortage_per_order": result.shortage,
        "stocked_cost_per_order": result.stocked_per_order,
        "virtual_cost_per_order": result.virtual_per_order,
        "saving_per_order": result.saving_per_order,
        "policy": policy,
        "reason": reason,
    }


def with_inventory(table: pd.DataFrame, inventory: pd.DataFrame, target_dio: float) -> pd.DataFrame:
    """DIO, turnover, capital released and the lesson's alerts from an on-hand snapshot."""
    on_hand = inventory["on_hand"].reindex(table.sku).to_numpy(dtype=float)
    cost = table.unit_cost.to_numpy(dtype=float)
    if "unit_cost" in inventory.columns:
        given = inventory["unit_cost"].reindex(table.sku).to_numpy(dtype=float)
        cost = np.where(np.isnan(given), cost, given)
    value = on_hand * cost
    cogs = table.units_per_day.to_numpy(dtype=float) * cost
    out = table.copy()
    out["on_hand"] = on_hand
    out["inventory_value"] = value
    out["daily_cogs"] = cogs
    out["dio_days"] = [dio_days(v, c) if not math.isnan(v) else math.nan for v, c in zip(value, cogs, strict=True)]
    out["turnover"] = [turnover(v, c) if not math.isnan(v) else math.nan for v, c in zip(value, cogs, strict=True)]
    out["capital_released"] = [
        capital_released(dio, target_dio, c) for dio, c in zip(out["dio_days"], cogs, strict=True)
    ]
    out["alert"] = [
        stock_alert(oh, abc, rop, dio)
        for oh, abc, rop, dio in zip(on_hand, out.abc, out.reorder_point, out.dio_days, strict=True)
    ]
    return out


def stock_alert(on_hand: float, abc: str, reorder_point: float, dio: float) -> str:
    """The lesson's alerts for one SKU, '; '-joined ('' when none, or without stock data)."""
    if math.isnan(on_hand):
        return ""
    found = []
    if on_hand == 0 and abc == "A":
        found.append("CRITICAL: A item out of stock")
    if on_hand < reorder_point:
        found.append("URGENT: below reorder point")
    if dio_alert(dio):
        found.append(f"ATTENTION: DIO above {DIO_ALERT_DAYS:g} days")
    return "; ".join(found)
