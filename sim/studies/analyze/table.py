"""The analysis itself: from a validated `DemandTable`, the per-SKU table (statistics, prices, costs,
stock sizing, the recommendation, the inventory snapshot's columns), the ABC × XYZ matrix and the
findings; and `restrict`, which cuts a table to a date window first."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from sim.base.words import plural
from sim.config.models import Scenario
from sim.history.calendar import build_calendar
from sim.history.table import DemandTable
from sim.studies.analyze.findings import policy_block, skus_block, summary
from sim.studies.analyze.folder import Analysis
from sim.studies.analyze.recommend import with_inventory
from sim.studies.analyze.scenario_world import scenario_costs
from sim.studies.analyze.settings import DEFAULT_SETTINGS, Settings
from sim.studies.analyze.simple_world import simple_costs
from sim.studies.demand_stats import abc_xyz_matrix, sku_statistics


def analyze(
    demand: DemandTable,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    scenario: Scenario | None = None,
    policy: str | None = None,
    catalogue: pd.DataFrame | None = None,
    inventory: pd.DataFrame | None = None,
) -> Analysis:
    """Analyse `demand` (already restricted to the window wanted). Costs come from `scenario` (its
    policy `policy`, by default the first hybrid or stocked one) or else from `settings.costs` with
    unit costs, prices and weights from `catalogue` (indexed by sku) where given. `inventory`
    (indexed by sku, column `on_hand`, optional `unit_cost`) adds DIO, turnover and alerts.
    Raises ValueError with a user-facing message when the inputs cannot be analysed."""
    prices = _catalogue_prices(scenario, catalogue)
    table = sku_statistics(
        demand, settings.basis, settings.abc_cuts, settings.xyz_cuts, settings.adi_cut, settings.cv2_cut, prices
    )
    if table["revenue"].isna().any():
        missing = table.loc[table["revenue"].isna(), "sku"].tolist()
        raise ValueError(
            f"no price for {plural(len(missing), 'SKU')} ({', '.join(missing[:5])}…): the file has no unit_price column; "
            "map one (--column unit_price=NAME) or give prices with --catalogue or --scenario"
        )
    table["unit_price"] = np.where(table.units > 0, table.revenue / table.units.clip(lower=1), np.nan)
    for sku, price in prices.items():
        table.loc[(table.sku == sku) & table.unit_price.isna(), "unit_price"] = price
    if scenario is not None:
        priced, world = scenario_costs(demand, table, scenario, policy)
    else:
        priced, world = simple_costs(table, settings.costs, catalogue)
    table = table.merge(priced, on="sku", how="left")
    if inventory is not None:
        table = with_inventory(table, inventory, settings.target_dio_days)
    matrix = abc_xyz_matrix(table)
    return Analysis(
        demand.path,
        table,
        matrix,
        summary(demand, table, matrix, settings, world),
        policy_block(table, world, demand),
        skus_block(table),
    )


def _catalogue_prices(scenario: Scenario | None, catalogue: pd.DataFrame | None) -> dict[str, float]:
    """Price per unit by SKU from the scenario or the catalogue, for files without prices."""
    if scenario is not None:
        return {s.id: s.price for s in scenario.skus}
    if catalogue is not None and "price" in catalogue.columns:
        return {str(k): float(v) for k, v in catalogue["price"].dropna().items()}
    return {}


def restrict(table: DemandTable, first: dt.date | None, last: dt.date | None) -> DemandTable:
    """The rows of `table` dated within [first, last] (either end open), with its calendar cut to match."""
    cal = table.calendar
    lo = max(first, cal.first) if first else cal.first
    hi = min(last, cal.last) if last else cal.last
    if lo > hi:
        raise ValueError(
            f"the window {first or '…'} to {last or '…'} holds none of the file's dates ({cal.first} to {cal.last})"
        )
    start, stop = cal.index(lo), cal.index(hi)
    frame = table.frame[(table.frame.day >= start) & (table.frame.day <= stop)].copy()
    frame["day"] -= start
    closed = [int(i) - start for i in np.flatnonzero(~cal.open) if start <= i <= stop]
    return dataclasses.replace(
        table, frame=frame.reset_index(drop=True), calendar=build_calendar(lo, hi, closed_days=closed)
    )
