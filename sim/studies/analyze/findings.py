"""The findings of an analysis as data: `summary.json`, and the two YAML blocks a user pastes into a
scenario (the `auto_hybrid` policy and the `skus:` catalogue of the file)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from sim.analytics.economics import dio_days, turnover
from sim.base.words import plural
from sim.history.table import DemandTable
from sim.studies.analyze.settings import Settings


def summary(
    demand: DemandTable, table: pd.DataFrame, matrix: pd.DataFrame, settings: Settings, world: dict[str, Any]
) -> dict[str, Any]:
    """The analysis in numbers: the file, the thresholds, the matrix, the recommendation, the costs."""
    stocked = table[table.policy == "stocked"]
    saving_year = float((stocked.saving_per_order * stocked.orders_per_year).sum())
    out: dict[str, Any] = {
        "file": demand.path,
        "format": demand.format,
        "first_date": str(demand.calendar.first),
        "last_date": str(demand.calendar.last),
        "days": demand.calendar.n_days,
        "open_days": demand.calendar.open_days,
        "skus": len(table),
        "units": int(table.units.sum()),
        "revenue": float(table.revenue.sum()),
        "xyz_basis": settings.basis,
        "xyz_periods": int(table.periods.iloc[0]) if len(table) else 0,
        "thresholds": {
            "abc_a_up_to": settings.abc_cuts[0],
            "abc_b_up_to": settings.abc_cuts[1],
            "xyz_x_below": settings.xyz_cuts[0],
            "xyz_y_up_to": settings.xyz_cuts[1],
            "adi_cut": settings.adi_cut,
            "cv2_cut": settings.cv2_cut,
            "cv": "population standard deviation ÷ mean of complete periods",
        },
        "matrix": {str(cell): int(n) for cell, n in zip(matrix.cell, matrix.skus, strict=True)},
        "patterns": {str(k): int(v) for k, v in table.pattern.value_counts().sort_index().to_dict().items()},
        "recommendation": {
            "stocked": int((table.policy == "stocked").sum()),
            "inventory_free": int((table.policy == "inventory_free").sum()),
            "stocked_revenue_share": float(stocked.revenue_share.sum()),
            "saving_per_year_vs_all_virtual": saving_year,
        },
        "costs": world,
    }
    if "on_hand" in table.columns:
        out["inventory"] = _inventory_summary(table, settings.target_dio_days)
    out["warnings"] = history_warnings(out["xyz_periods"], settings.basis, out["open_days"])
    return out


MIN_XYZ_PERIODS = 6
"""XYZ needs at least this many complete periods on its basis: a CV of fewer totals is mostly noise."""
MIN_OPEN_DAYS = 28
"""Rates per year (orders, the saving) extrapolated from fewer open days than this are unreliable."""


def history_warnings(periods: int, basis: str, open_days: int) -> list[str]:
    """What a too-short history makes unreliable (docs/DEMAND.md, "Minimum history")."""
    out = []
    if periods < MIN_XYZ_PERIODS:
        unit = {"daily": "open day", "weekly": "week", "monthly": "month"}.get(basis, "period")
        shown = f"{periods} complete {unit}{'' if periods == 1 else 's'}"
        every_z = "; without two periods there is no CV and every SKU is classed Z" if periods < 2 else ""
        finer = " or a finer --basis" if basis != "daily" else ""
        out.append(
            f"the XYZ classes rest on {shown} ({MIN_XYZ_PERIODS} needed){every_z}: they are not meaningful; "
            f"use a longer history{finer}"
        )
    if open_days < MIN_OPEN_DAYS:
        out.append(
            f"the history has {open_days} open day{'' if open_days == 1 else 's'} ({MIN_OPEN_DAYS} needed): demand "
            "rates, the break-even and the expected saving a year are extrapolated from it and not reliable; "
            "use a longer history"
        )
    return out


def _inventory_summary(table: pd.DataFrame, target_dio_days: float) -> dict[str, Any]:
    """Totals over the SKUs of the on-hand snapshot: value, DIO, turnover, capital released, alerts."""
    has = table[~table.on_hand.isna()]
    value = float(has.inventory_value.sum())
    cogs = float(has.daily_cogs.sum())
    return {
        "skus_with_stock_data": len(has),
        "inventory_value": value,
        "daily_cogs": cogs,
        "dio_days": dio_days(value, cogs),
        "turnover": turnover(value, cogs),
        "target_dio_days": target_dio_days,
        "capital_released": float(has.capital_released.sum()),
        "alerts": int((has.alert != "").sum()),
    }


def policy_block(table: pd.DataFrame, world: dict[str, Any], demand: DemandTable) -> str:
    """`policy_block.yaml`: the recommended `auto_hybrid` policy, to paste under `policies:`."""
    stocked = [str(s) for s in table.loc[table.policy == "stocked", "sku"]]
    policy: dict[str, Any] = {"name": "auto_hybrid", "kind": "hybrid", "stock_skus": stocked}
    if world.get("stock_at"):
        policy["stock_at"] = world["stock_at"]
    policy["reorder"] = world["reorder"]
    if world.get("virtual_sources"):
        policy["virtual_sources"] = world["virtual_sources"]
    policy["fallback_to_virtual"] = bool(world["fallback_to_virtual"])
    header = (
        f"# supplysim analyze: stock-or-virtual break-even per SKU, from {Path(demand.path).name}\n"
        f"# ({demand.calendar.first} … {demand.calendar.last}; costs: {world['source']}).\n"
        f"# {len(stocked)} of {plural(len(table), 'SKU')} cost less per order stocked than virtual.\n"
        "# Paste this item under `policies:` in a scenario. Inside a scenario, a hybrid policy with\n"
        "# `assign: break_even` makes the same comparison from the scenario's own costs and demand.\n"
    )
    return header + yaml.safe_dump([policy], sort_keys=False, width=100, default_flow_style=None)


def skus_block(table: pd.DataFrame) -> str:
    """`skus_block.yaml`: the file's catalogue, for a scenario that replays it."""
    ordered = table.sort_values("sku")
    items = [
        {
            "id": str(sku),
            "unit_cost": round(cost, 4),
            "price": round(price, 4) if not math.isnan(price) else None,
            "weight_kg": weight,
            "demand": {"kind": "history"},
        }
        for sku, cost, price, weight in zip(
            ordered.sku,
            ordered.unit_cost.astype(float),
            ordered.unit_price.astype(float),
            ordered.weight_kg.astype(float),
            strict=True,
        )
    ]
    header = (
        "# supplysim analyze: the catalogue of this file, for a scenario that replays it\n"
        "# (`demand_history: {path: FILE}` at the top level). Prices are the file's average price per\n"
        "# unit; unit costs and weights come from the scenario, the catalogue, or the assumed defaults\n"
        "# (cost_source in sku_analysis.csv).\n"
    )
    return header + yaml.safe_dump({"skus": items}, sort_keys=False, width=120, default_flow_style=None)
