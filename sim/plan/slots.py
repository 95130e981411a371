"""Slots of a plan: each stocked (node, SKU) with its reorder rule, sized from expected demand and lead time.

A region's demand for a stocked SKU is expected at its route's first node (the primary); a node's
replenishment demand adds to its upstream node's (means and variances add, as for independent
streams). The lead time is the supplier's (or the transfer's) plus any receiving/inbound delay.
These estimates reach the rule as `SlotFacts`; each rule class sizes itself from them
(`from_facts`, sim.policies), and the first override matching a slot chooses its rule.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sim.analytics import economics
from sim.base.timebase import DAY
from sim.config import models as cfg
from sim.config.custom import import_object
from sim.config.models import HybridPolicy, InventoryFreePolicy, Reorder, StockedPolicy
from sim.network.build import Network, NodeInfo, SkuInfo
from sim.plan.known_demand import slot_known_factors
from sim.plan.one_time_buy import one_time_buy_params
from sim.plan.routes import Route
from sim.policies import REORDER_RULES, ReorderRule, SlotFacts, build_rule


@dataclass(frozen=True)
class SlotPlan:
    """A stocked (node, SKU) and its reorder rule, with the estimates the rule was sized from."""

    node: int
    sku: int
    rule: ReorderRule
    daily_units_mean: float
    daily_units_sd: float
    lead_time_days_mean: float
    lead_time_days_sd: float


def plan_slots(
    network: Network,
    config: InventoryFreePolicy | StockedPolicy | HybridPolicy,
    stocked: frozenset[int],
    stock_nodes: set[int],
    routes: Sequence[Sequence[Route]],
    review_period_s: int | None,
) -> dict[tuple[int, int], SlotPlan]:
    """Every stocked (node, SKU) with its rule, nodes and SKUs in index order."""
    assert isinstance(config, StockedPolicy | HybridPolicy)
    mean, var = _slot_demand(network, stocked, stock_nodes, routes)
    known = slot_known_factors(network, stocked, stock_nodes, routes)  # promotions, profiles
    review_days = review_period_days(review_period_s)
    slots = {}
    for n in sorted(stock_nodes):
        node = network.nodes[n]
        lead_mean, lead_sd, order_cost = lead_time(network, n)
        for s in sorted(stocked):
            sku = network.skus[s]
            reorder = _reorder_of(config, node.name, sku)
            d, sd = mean[(n, s)], math.sqrt(var[(n, s)])
            facts = SlotFacts(
                daily_units_mean=d,
                daily_units_sd=sd,
                lead_time_days_mean=lead_mean,
                lead_time_days_sd=lead_sd,
                review_period_days=review_days,
                order_cost=order_cost,
                holding_per_unit_year=holding_per_unit_year(network, sku, node),
                unit_cost=sku.unit_cost,
                price=sku.price,
                known_factor=known.get((n, s)),
            )
            rule = _rule(reorder, facts, network)
            slots[(n, s)] = SlotPlan(n, s, rule, d, sd, lead_mean, lead_sd)
    return slots


def _slot_demand(
    network: Network, stocked: frozenset[int], stock_nodes: set[int], routes: Sequence[Sequence[Route]]
) -> tuple[dict[tuple[int, int], float], dict[tuple[int, int], float]]:
    """Expected daily demand (mean, variance) per slot: each region's demand at its primary node…"""
    mean: dict[tuple[int, int], float] = {(n, s): 0.0 for n in stock_nodes for s in stocked}
    var: dict[tuple[int, int], float] = dict(mean)
    shares = region_shares(network)
    for r, row in enumerate(routes):
        for s in stocked:
            route = row[s]
            if route.stock_nodes:
                primary = route.stock_nodes[0]
                sku = network.skus[s]
                mean[(primary, s)] += sku.daily_units_mean * shares[(r, s)]
                var[(primary, s)] += sku.daily_units_var * shares[(r, s)]
    # …then each node's demand flows to its upstream node (downstream nodes first).
    for n in sorted(stock_nodes, key=lambda n: -_depth(network, n)):
        up = network.nodes[n].source_node
        if up is not None:
            for s in stocked:
                mean[(up, s)] += mean[(n, s)]
                var[(up, s)] += var[(n, s)]
    return mean, var


def _reorder_of(config: StockedPolicy | HybridPolicy, node: str, sku: SkuInfo) -> Reorder:
    """The slot's `reorder:` block: the first override matching the slot wins, else the policy's."""
    for o in config.overrides:
        if (
            (o.skus is None or sku.id in o.skus)
            and (o.classes is None or sku.abc in o.classes)
            and (o.nodes is None or node in o.nodes)
        ):
            return o.reorder
    return config.reorder


def holding_per_unit_year(network: Network, sku: SkuInfo, node: NodeInfo) -> float:
    """The cost of holding one unit of `sku` at `node` for a year: capital (the holding rate on the
    unit cost) plus the node's storage fee."""
    return economics.holding_per_unit_year(sku.unit_cost, network.holding_rate_per_year, node.storage_per_unit_day)


def review_period_days(review_period_s: int | None) -> float:
    """The review period in days; 0 under continuous review."""
    return review_period_s / DAY if review_period_s else 0.0


def region_shares(network: Network) -> dict[tuple[int, int], float]:
    """Each (region, SKU) stream's share of the SKU's demand (history SKUs have their own split)."""
    return {(st.region, st.sku): st.share for st in network.streams}


def _depth(network: Network, n: int) -> int:
    depth = 0
    up = network.nodes[n].source_node
    while up is not None:
        depth += 1
        up = network.nodes[up].source_node
    return depth


def lead_time(network: Network, n: int) -> tuple[float, float, float]:
    """Mean and sd (days) of a slot's replenishment lead time, and the cost of one order."""
    node = network.nodes[n]
    receiving = node.receiving_s / DAY
    if node.source_supplier is not None:
        sup = network.suppliers[node.source_supplier]
        return sup.lead_time_days.mean + receiving, sup.lead_time_days.sd, sup.order_cost
    assert node.transfer_days is not None
    return node.transfer_days.mean + receiving, node.transfer_days.sd, node.transfer_order_cost


def _rule(reorder: Reorder, facts: SlotFacts, network: Network) -> ReorderRule:
    """The rule a scenario's `reorder:` block describes, sized from the slot's facts.

    A registered kind is built by its class's `from_facts(facts, **params)`, the params being the
    block's keys other than `kind`; `custom` names its class by Python path (sim.config.custom).
    """
    if isinstance(reorder, cfg.CustomReorder):
        return build_rule(import_object(reorder.class_path), facts, dict(reorder.params))
    if isinstance(reorder, cfg.OneTimeBuy):  # its date and season need the network (sim.plan.one_time_buy)
        return build_rule(REORDER_RULES[reorder.kind], facts, one_time_buy_params(network, reorder))
    params = reorder.model_dump(exclude={"kind"})
    return build_rule(REORDER_RULES[reorder.kind], facts, params)
