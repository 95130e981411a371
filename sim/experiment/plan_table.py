"""The plan table of a results folder: what each policy stocks where, with which numbers, per SKU.

One row per (policy, node, SKU) the policy's plan (sim.plan.build.make_plan, the plan the
simulation used) can serve the SKU from: every stocked slot (`source` "stocked", with its reorder
rule's kind, reorder point and initial level) and every virtual source on the SKU's routes
(`source` "virtual", no rule). Each row repeats the SKU's catalogue facts: ABC class, XYZ class
(sim.analytics.classify), the analytic daily mean and coefficient of variation of its demand (all
regions, before seasonality), price and expected revenue per day. Rows run in policy order, then
catalogue order, stocked nodes before virtual ones, each by node order.

`Results.write` writes it as `plan.parquet` and `plan.csv` with the other files, so the report
reads the plan from the folder instead of rebuilding the network (columns:
sim.experiment.results_folder.PLAN_DTYPES).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from sim.analytics.classify import xyz_class
from sim.config import Scenario
from sim.config.models import HybridPolicy
from sim.experiment.results_folder import PLAN_COLUMNS, PLAN_DTYPES
from sim.network.build import Network, SkuInfo, build_network
from sim.plan.build import Plan, SlotPlan, break_even_table, make_plan

Row = tuple[object, ...]


def sku_facts(sku: SkuInfo) -> Row:
    """abc, xyz, daily_units_mean, daily_units_cv, price, revenue_per_day of one SKU."""
    mean = sku.daily_units_mean
    cv = math.sqrt(sku.daily_units_var) / mean if mean > 0 else math.inf
    return sku.abc, xyz_class(cv), mean, cv, sku.price, sku.price * mean


def _break_even_costs(network: Network, scenario: Scenario, policy: str) -> dict[str, tuple[float, float]]:
    """SKU → (expected cost per order stocked, virtual) for a hybrid policy with `assign: break_even`
    (the figures its plan was decided by); empty for every other policy."""
    config = scenario.policy(policy)
    if config.kind != "hybrid" or getattr(config, "assign", None) != "break_even":
        return {}
    assert isinstance(config, HybridPolicy)
    return {b.sku: (b.stocked_per_order, b.virtual_per_order) for b in break_even_table(network, config)}


def _policy_rows(
    plan: Plan, skus: Sequence[SkuInfo], nodes: Sequence[str], costs: dict[str, tuple[float, float]]
) -> list[Row]:
    slots: dict[int, list[SlotPlan]] = {}
    for slot in plan.slots.values():
        slots.setdefault(slot.sku, []).append(slot)
    virtual: dict[int, set[int]] = {}
    for region in plan.routes:
        for sku_index, route in enumerate(region):
            virtual.setdefault(sku_index, set()).update(route.virtual_nodes)
    rows: list[Row] = []
    for sku in skus:
        facts = sku_facts(sku)
        figures = costs.get(sku.id, (math.nan, math.nan))
        for slot in sorted(slots.get(sku.index, ()), key=lambda s: s.node):
            rule = slot.rule
            kind = str(getattr(rule, "kind", type(rule).__name__))
            rows.append(
                (
                    plan.policy_name,
                    nodes[slot.node],
                    sku.id,
                    "stocked",
                    *facts,
                    kind,
                    rule.reorder_point,
                    rule.initial_level,
                    *figures,
                )
            )
        for node in sorted(virtual.get(sku.index, ())):
            rows.append((plan.policy_name, nodes[node], sku.id, "virtual", *facts, None, None, None, *figures))
    return rows


def plan_table(scenario: Scenario, policies: Sequence[str]) -> pd.DataFrame:
    """The plan table of `policies` in `scenario` (see the module docstring)."""
    network = build_network(scenario)
    nodes = [n.name for n in network.nodes]
    rows = [
        row
        for policy in policies
        for row in _policy_rows(
            make_plan(network, policy), network.skus, nodes, _break_even_costs(network, scenario, policy)
        )
    ]
    return pd.DataFrame(rows, columns=PLAN_COLUMNS).astype(PLAN_DTYPES)
