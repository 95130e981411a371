"""Pricing and stock sizing per SKU with a scenario's costs (`supplysim analyze --scenario`).

The same computation as a hybrid policy's `assign: break_even` (`sim.plan.build.break_even_table`):
the scenario's nodes, suppliers, carriers and costs, with each analysed SKU's demand (level,
variability, order size, regional split) replaced by the file's.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pandas as pd

from sim.analytics.economics import safety_from_reorder_point, stockout_cost, units_short_per_year
from sim.config.models import HybridPolicy, InventoryFreePolicy, Scenario, ServiceLevel, StockedPolicy
from sim.history.table import DemandTable
from sim.network.build import Network, SkuInfo, build_network
from sim.plan.build import Plan, break_even_table, plan_policy
from sim.studies.analyze.recommend import verdict


def scenario_costs(
    demand: DemandTable, table: pd.DataFrame, scenario: Scenario, policy_name: str | None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Break-even and stock sizing with the scenario's nodes, suppliers, carriers and costs, the
    SKUs' demand replaced by the file's: the priced rows and the cost world they assumed."""
    config = break_even_policy(scenario, policy_name)
    network = build_network(scenario)
    if not any(not n.holds_stock for n in network.nodes):
        raise ValueError(
            f"scenario {scenario.name!r} has no dropship or print_on_demand node: nothing to compare stocking with"
        )
    stats = table.set_index("sku")
    network = _with_file_demand(network, demand, stats)
    results = {b.sku: b for b in break_even_table(network, config)}
    everything = StockedPolicy(
        kind="stocked",
        name=config.name,
        stock_at=config.stock_at,
        reorder=config.reorder,
        review=config.review,
        overrides=config.overrides,
    )
    plan = plan_policy(network, everything)
    service_level = config.reorder.service_level if isinstance(config.reorder, ServiceLevel) else math.nan
    rows = []
    for s in network.skus:
        if s.id not in stats.index:
            continue
        sizing, short = _sizing(network, plan, s, service_level)
        rows.append(
            {
                **sizing,
                **verdict(results[s.id]),
                "stockout_cost_per_day": _stockout_cost(network, s),
                "expected_stockout_units_per_year": short,
            }
        )
    world = {
        "source": f"scenario {scenario.name!r}, policy {config.name!r}",
        "reorder": config.reorder.model_dump(mode="json", exclude_none=True),
        "fallback_to_virtual": config.fallback_to_virtual,
        "stock_at": config.stock_at,
        "virtual_sources": config.virtual_sources,
    }
    return pd.DataFrame(rows), world


def _with_file_demand(network: Network, demand: DemandTable, stats: pd.DataFrame) -> Network:
    """`network` with each analysed SKU's demand and regional shares taken from the file."""
    shares = demand.frame.groupby(["sku", "region"])["quantity"].sum()
    totals = demand.frame.groupby("sku")["quantity"].sum()
    skus = []
    per_day = stats["units_per_day"].astype(float).to_dict()
    per_day_sd = stats["units_per_day_sd"].astype(float).to_dict()
    per_order_of = stats["units_per_order"].astype(float).fillna(1.0).to_dict()
    for s in network.skus:
        if s.id in per_day:
            s = dataclasses.replace(
                s,
                daily_units_mean=per_day[s.id],
                daily_units_var=per_day_sd[s.id] ** 2,
                units_per_order=per_order_of[s.id],
            )
        skus.append(s)
    streams = []
    for st in network.streams:
        sku_id = network.skus[st.sku].id
        if sku_id in stats.index:
            total = float(totals.get(sku_id, 0.0))
            region = network.regions[st.region]
            share = float(shares.get((sku_id, region), 0.0)) / total if total > 0 else 1.0 / len(network.regions)
            st = dataclasses.replace(st, share=share)
        streams.append(st)
    return dataclasses.replace(network, skus=tuple(skus), streams=tuple(streams))


def _sizing(network: Network, plan: Plan, s: SkuInfo, service_level: float) -> tuple[dict[str, Any], float]:
    """One SKU's costs and stock sizing, summed over the customer-serving nodes that stock it, and
    its expected units short a year."""
    slots = [slot for (n, k), slot in plan.slots.items() if k == s.index]
    serving = [slot for slot in slots if network.nodes[slot.node].serves_customers]
    safety = reorder = order_q = 0.0
    short = 0.0
    for slot in serving:
        rule = slot.rule
        s_level, q_units = (rule.s, rule.S - rule.s) if hasattr(rule, "S") else (rule.r, rule.Q)  # type: ignore[attr-defined]
        reorder += s_level
        order_q += q_units
        lead = slot.lead_time_days_mean
        safety += safety_from_reorder_point(s_level, slot.daily_units_mean, lead)
        if q_units > 0:
            short += units_short_per_year(
                slot.daily_units_mean, slot.daily_units_sd, lead, slot.lead_time_days_sd, q_units, s_level
            )
    lead_times = sorted({round(slot.lead_time_days_mean, 3) for slot in serving})
    return {
        "sku": s.id,
        "unit_cost": s.unit_cost,
        "cost_source": "scenario",
        "weight_kg": s.weight_kg,
        "stock_at": "|".join(network.nodes[slot.node].name for slot in serving),
        "lead_time_days": lead_times[0] if len(lead_times) == 1 else math.nan,
        "service_level": service_level,
        "safety_stock": safety,
        "reorder_point": int(reorder),
        "order_quantity": int(order_q),
    }, short


def _stockout_cost(network: Network, s: SkuInfo) -> float:
    """One SKU's cost of a day out of stock: lost margin and lost customers."""
    margin = max(s.price - s.unit_cost, 0.0)
    return stockout_cost(
        s.daily_units_mean,
        margin,
        s.daily_units_mean / s.units_per_order,
        network.lost_customer_rate,
        network.customer_lifetime_value,
    )


def break_even_policy(scenario: Scenario, name: str | None) -> HybridPolicy:
    """The scenario policy whose nodes and reorder rule price the stocked side, as a break-even hybrid."""
    candidates = [p for p in scenario.policies if not isinstance(p, InventoryFreePolicy)]
    if name is not None:
        chosen = scenario.policy(name)
        if isinstance(chosen, InventoryFreePolicy):
            raise ValueError(f"policy {name!r} is inventory_free; name a stocked or hybrid policy")
    elif candidates:
        hybrids = [p for p in candidates if isinstance(p, HybridPolicy)]
        chosen = hybrids[0] if hybrids else candidates[0]
    else:
        raise ValueError(f"scenario {scenario.name!r} has no stocked or hybrid policy to size the stocked side with")
    assert isinstance(chosen, StockedPolicy | HybridPolicy)
    return HybridPolicy(
        kind="hybrid",
        name=chosen.name,
        assign="break_even",
        stock_at=chosen.stock_at,
        reorder=chosen.reorder,
        review=chosen.review,
        overrides=chosen.overrides,
        virtual_sources=chosen.virtual_sources if isinstance(chosen, HybridPolicy) else None,
        fallback_to_virtual=chosen.fallback_to_virtual if isinstance(chosen, HybridPolicy) else True,
    )
