"""Checks of one-time buys against the catalogue and the calendar (docs/policies/one_time_buy.md).

A `reorder: {kind: one_time_buy}` block (a policy's, or an override's) is checked against every SKU
it can apply to — the override's `skus` when listed, else every SKU (an ABC `classes` filter is
not resolved here, so its block is checked against every SKU): the salvage value may not exceed a
SKU's unit cost (salvaging would then be a profit, and the newsvendor's overage cost negative);
without a `quantity`, the newsvendor quantity needs a price above the unit cost. Its `date` must
fall inside the horizon. A season has no steady state, so a one-time buy refuses a warm-up (the
season's first sales would drop out of the KPIs while the buy and the salvage count) and the
break-even assignment (which compares replenishment cycles with virtual sources).
Called by `sim.config.references`.
"""

from __future__ import annotations

import datetime as dt
import math

from sim.base.problems import Path
from sim.config.catalogue import all_skus
from sim.config.demand import Sku
from sim.config.names import Bad
from sim.config.policies import HybridPolicy, StockedPolicy
from sim.config.reorder import OneTimeBuy
from sim.config.scenario import Scenario


def one_time_buy_problems(scenario: Scenario, bad: Bad) -> None:
    """Every one-time buy of every policy and override."""
    skus = all_skus(scenario)
    for i, p in enumerate(scenario.policies):
        if not isinstance(p, StockedPolicy | HybridPolicy):
            continue
        blocks: list[tuple[Path, OneTimeBuy, list[str] | None]] = []
        if isinstance(p.reorder, OneTimeBuy):
            blocks.append((("policies", i, "reorder"), p.reorder, None))
        for k, o in enumerate(p.overrides):
            if isinstance(o.reorder, OneTimeBuy):
                blocks.append((("policies", i, "overrides", k, "reorder"), o.reorder, o.skus))
        if blocks and scenario.warmup_days > 0:
            bad(
                ("warmup_days",),
                f"policy {p.name!r} has a one-time buy: a season has no steady state to warm up to, and a "
                "warm-up would drop its first sales from the KPIs; set warmup_days: 0",
            )
        if blocks and isinstance(p, HybridPolicy) and p.assign is not None:
            bad(
                ("policies", i, "assign"),
                "the break-even assignment compares replenishment cycles with virtual sources, and a one-time "
                "buy has none; choose the SKUs with stock_skus or stock_classes",
            )
        for here, block, named in blocks:
            applies = [s for s in skus if named is None or s.id in named]
            _block_problems(here, block, applies, scenario, bad)


def _block_problems(here: Path, block: OneTimeBuy, skus: list[Sku], scenario: Scenario, bad: Bad) -> None:
    over = [s for s in skus if block.salvage_value > s.unit_cost]
    if over:
        cheapest = min(over, key=lambda s: s.unit_cost)
        bad(
            (*here, "salvage_value"),
            f"salvage_value {block.salvage_value:g} is above the unit cost of SKU {cheapest.id!r} "
            f"({cheapest.unit_cost:g}"
            + (f"; {len(over) - 1} more SKUs too" if len(over) > 1 else "")
            + "): a unit left over cannot fetch more than it cost; lower salvage_value to at most the unit cost",
        )
    if block.quantity is None:
        loss = [s for s in skus if s.price <= s.unit_cost]
        if loss:
            bad(
                (*here, "quantity"),
                f"SKU {loss[0].id!r} sells at {loss[0].price:g}, not above its unit cost {loss[0].unit_cost:g}, so "
                "the newsvendor quantity is 0; give quantity, or keep the SKU out of the one-time buy",
            )
    if block.date is not None:
        end = scenario.start_date + dt.timedelta(days=math.ceil(scenario.horizon_days))
        if not scenario.start_date <= block.date < end:
            bad(
                (*here, "date"),
                f"date {block.date} is outside the horizon [{scenario.start_date}, {end}); "
                "give a date from start_date on, before the horizon ends",
            )
