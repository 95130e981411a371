"""A policy applied to a network: what is stocked where, with which reorder rule, and every route.

Pure (no SimPy). For each (region, SKU) the route lists the stock-holding nodes to try, in the
routing strategy's order, then the virtual sources. For each stocked (node, SKU) — a *slot* — it
resolves the reorder rule to numbers from the node's expected demand and replenishment lead time:

* a region's demand for a stocked SKU is expected at its route's first node (the primary);
  a node's replenishment demand adds to its upstream node's expected demand (means and variances
  add, as for independent streams);
* the lead time is the supplier's (or the transfer's) plus any receiving/inbound delay.

These are planning estimates, documented in docs/MODEL.md; the simulation itself uses the
actual demand and lead times. They reach the rule as `SlotFacts`; each rule class sizes itself
from them (`from_facts`, with the analytic formulas of sim.analytics), so the formulas for the
reorder point and the EOQ have one definition each.

This module chooses what is stocked and returns the plan; the parts live beside it: routes
(sim.plan.routes), slots (sim.plan.slots), the plan record and its resolution (sim.plan.resolve),
the break-even assignment (sim.plan.break_even), forward placement (sim.plan.placement). `Plan`,
`Route`, `SlotPlan` and `break_even_table` are importable from here as before.
"""

from __future__ import annotations

from dataclasses import replace

from sim.config.models import HybridPolicy, InventoryFreePolicy, StockedPolicy
from sim.network.build import Network
from sim.plan.break_even import break_even_table
from sim.plan.placement import hold_forward_slots, plan_placement
from sim.plan.resolve import Plan, resolve
from sim.plan.routes import Route
from sim.plan.slots import SlotPlan
from sim.policies import FulfilmentPolicy, Hybrid, InventoryFree, SkuFacts, Stocked


def fulfilment_policy(config: InventoryFreePolicy | StockedPolicy | HybridPolicy) -> FulfilmentPolicy:
    if isinstance(config, InventoryFreePolicy):
        return InventoryFree()
    if isinstance(config, StockedPolicy):
        return Stocked()
    if config.assign == "break_even":
        raise ValueError("a break-even hybrid needs the network: use plan_policy(network, config)")
    return Hybrid(
        skus=frozenset(config.stock_skus) if config.stock_skus is not None else None,
        classes=frozenset(config.stock_classes) if config.stock_classes is not None else None,
        fallback_to_virtual=config.fallback_to_virtual,
    )


def make_plan(network: Network, policy_name: str) -> Plan:
    """Resolve the scenario's policy `policy_name` on `network`."""
    return plan_policy(network, network.scenario.policy(policy_name))


def plan_policy(network: Network, config: InventoryFreePolicy | StockedPolicy | HybridPolicy) -> Plan:
    """Resolve a policy configuration (one of the scenario's, or built in code) on `network`."""
    if isinstance(config, HybridPolicy) and config.assign == "break_even":
        chosen = frozenset(b.sku for b in break_even_table(network, config) if b.stock)
        policy: FulfilmentPolicy = Hybrid(skus=chosen, fallback_to_virtual=config.fallback_to_virtual)
    else:
        policy = fulfilment_policy(config)
    facts = [SkuFacts(s.id, s.abc, s.unit_cost, s.price, s.daily_units_mean) for s in network.skus]
    stocked = frozenset(s.index for s in network.skus if policy.stocks(facts[s.index]))
    plan = resolve(network, config, policy, stocked)
    if isinstance(config, StockedPolicy) and config.placement is not None:  # docs/NETWORK.md
        placement = plan_placement(network, config.placement)
        plan = replace(plan, slots=hold_forward_slots(plan.slots, placement), placement=placement)
    return plan


__all__ = ["Plan", "Route", "SlotPlan", "break_even_table", "make_plan", "plan_policy"]
