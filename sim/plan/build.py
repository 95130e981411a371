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
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Literal

from sim.analytics.economics import BreakEven, BreakEvenInputs, StockSlot, break_even
from sim.base.timebase import DAY
from sim.config import models as cfg
from sim.config.custom import import_object
from sim.config.models import (
    HybridPolicy,
    InventoryFreePolicy,
    PeriodicReview,
    Reorder,
    StockedPolicy,
)
from sim.network.build import Network, SkuInfo
from sim.plan.placement import PlacementPlan, hold_forward_slots, plan_placement
from sim.policies import (
    REORDER_RULES,
    FulfilmentPolicy,
    Hybrid,
    InventoryFree,
    ReorderRule,
    SkuFacts,
    SlotFacts,
    Stocked,
    build_rule,
)
from sim.routing.strategies import Candidate, Strategy, build_strategy, candidate, priority_order, rank_candidates


@dataclass(frozen=True)
class Route:
    """Where an order for one SKU from one region may go, in order of preference, with each node's
    static routing facts and key (sim.routing.strategies), parallel to the node tuples."""

    stock_nodes: tuple[int, ...]
    virtual_nodes: tuple[int, ...]
    fallback_to_virtual: bool
    stock_candidates: tuple[Candidate, ...] = ()
    virtual_candidates: tuple[Candidate, ...] = ()
    stock_keys: tuple[float, ...] = ()
    virtual_keys: tuple[float, ...] = ()


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


@dataclass(frozen=True)
class Plan:
    policy_name: str
    policy_kind: str
    stocked_skus: frozenset[int]
    slots: dict[tuple[int, int], SlotPlan]
    routes: tuple[tuple[Route, ...], ...]  # routes[region][sku]
    review_period_s: int | None  # None: continuous review
    routing: cfg.Routing = field(default_factory=cfg.Routing)  # the policy's, else the scenario's
    placement: PlacementPlan | None = None  # predictive placement (sim.plan.placement), stocked policies only


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


SKU_FREE_STRATEGIES = ("priority", "nearest")
"""Strategies whose order does not depend on the SKU: ranked once per region (big catalogues)."""


class _Ranker:
    """Orders a region's candidate nodes by the policy's routing strategy (sim.routing.strategies)."""

    def __init__(self, network: Network, routing: cfg.Routing) -> None:
        self.network = network
        self.routing = routing
        self.strategy: Strategy = build_strategy(routing)
        self.rank = {n: i for i, n in enumerate(priority_order(network, routing))}
        self.memo: dict[tuple[int, int, int, bool], float] = {}
        self.by_region: dict[tuple[int, tuple[int, ...], bool], list[tuple[int, Candidate | None, float]]] = {}

    def order(
        self, region: int, sku: int, nodes: list[int], keep_order: bool = False
    ) -> list[tuple[int, Candidate | None, float]]:
        """(node, facts, key), best first; `keep_order` keeps the given order (explicit virtual_sources).
        Priority and nearest need no per-SKU facts, so they are ranked once per region."""
        if self.routing.strategy in SKU_FREE_STRATEGIES:
            cache_key = (region, tuple(nodes), keep_order)
            cached = self.by_region.get(cache_key)
            if cached is None:
                zone = self.network.zone
                keyed: list[tuple[int, Candidate | None, float]] = [
                    (
                        n,
                        None,
                        float(
                            self.rank[n]
                            if self.routing.strategy == "priority"
                            else zone[self.network.nodes[n].region][region]
                        ),
                    )
                    for n in nodes
                ]
                ordered = keyed if keep_order else sorted(keyed, key=lambda x: (x[2], self.rank[x[0]]))
                self.by_region[cache_key] = ordered
                return ordered
            return cached
        q = self.routing.promise_quantile
        cands = [candidate(self.network, n, region, sku, self.rank[n], q, self.memo) for n in nodes]
        ranked = [(c, self.strategy.key(c)) for c in cands] if keep_order else rank_candidates(self.strategy, cands)
        return [(c.node, c, k) for c, k in ranked]


def _route(
    stock: list[tuple[int, Candidate | None, float]], virtual: list[tuple[int, Candidate | None, float]], fallback: bool
) -> Route:
    return Route(
        tuple(n for n, _, _ in stock),
        tuple(n for n, _, _ in virtual),
        fallback,
        tuple(c for _, c, _ in stock if c is not None),
        tuple(c for _, c, _ in virtual if c is not None),
        tuple(k for _, _, k in stock),
        tuple(k for _, _, k in virtual),
    )


def _upstream_closure(network: Network, nodes: set[int]) -> set[int]:
    out = set(nodes)
    for n in list(nodes):
        up = network.nodes[n].source_node
        while up is not None and up not in out:
            out.add(up)
            up = network.nodes[up].source_node
    return out


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
    plan = _resolve(network, config, policy, stocked)
    if isinstance(config, StockedPolicy) and config.placement is not None:  # docs/NETWORK.md
        placement = plan_placement(network, config.placement)
        plan = replace(plan, slots=hold_forward_slots(plan.slots, placement), placement=placement)
    return plan


def _resolve(
    network: Network,
    config: InventoryFreePolicy | StockedPolicy | HybridPolicy,
    policy: FulfilmentPolicy,
    stocked: frozenset[int],
) -> Plan:
    """Routes and slots when the SKUs `stocked` are stocked under `config`."""
    # Stock-holding nodes of this policy (with their upstream chains), and virtual sources.
    if isinstance(config, StockedPolicy | HybridPolicy) and stocked:
        names = config.stock_at if config.stock_at is not None else [n.name for n in network.nodes if n.holds_stock]
        stock_nodes = _upstream_closure(network, {network.node(n).index for n in names})
    else:
        stock_nodes = set()
    if isinstance(config, InventoryFreePolicy | HybridPolicy):
        explicit = config.virtual_sources
        virtual_all = [network.node(n).index for n in explicit] if explicit else None
    else:
        virtual_all = []
    serving = [n for n in stock_nodes if network.nodes[n].serves_customers]

    routing = config.routing if config.routing is not None else network.scenario.routing
    ranker = _Ranker(network, routing)
    routes = []
    for r in range(len(network.regions)):
        row = []
        virtual_pool = [n.index for n in network.nodes if not n.holds_stock] if virtual_all is None else virtual_all
        # a store serves only its own region's customers (over the counter)
        serving_here = [n for n in serving if network.nodes[n].kind != "store" or network.nodes[n].region == r]
        for s in network.skus:
            virtual = ranker.order(
                r, s.index, [n for n in virtual_pool if network.nodes[n].carries_sku(s.index)], virtual_all is not None
            )
            if s.index in stocked:
                stock = ranker.order(r, s.index, serving_here)
                fallback = policy.fallback_to_virtual
                row.append(_route(stock, virtual if fallback else [], fallback))
            else:
                row.append(_route([], virtual, False))
        routes.append(tuple(row))

    review_period_s = None
    if isinstance(config, StockedPolicy | HybridPolicy) and isinstance(config.review, PeriodicReview):
        review_period_s = config.review.period_days * DAY
    slots = _plan_slots(network, config, stocked, stock_nodes, routes, review_period_s) if stocked else {}
    return Plan(config.name, config.kind, stocked, slots, tuple(routes), review_period_s, routing)


def _plan_slots(
    network: Network,
    config: InventoryFreePolicy | StockedPolicy | HybridPolicy,
    stocked: frozenset[int],
    stock_nodes: set[int],
    routes: list[list[Route]] | list[tuple[Route, ...]],
    review_period_s: int | None,
) -> dict[tuple[int, int], SlotPlan]:
    assert isinstance(config, StockedPolicy | HybridPolicy)
    # Expected daily demand (mean, variance) per slot: each region's demand at its primary node…
    mean: dict[tuple[int, int], float] = {(n, s): 0.0 for n in stock_nodes for s in stocked}
    var: dict[tuple[int, int], float] = dict(mean)
    shares = _region_shares(network)
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

    def reorder_of(node: str, sku: SkuInfo) -> Reorder:
        for o in config.overrides:  # the first override matching the slot wins
            if (
                (o.skus is None or sku.id in o.skus)
                and (o.classes is None or sku.abc in o.classes)
                and (o.nodes is None or node in o.nodes)
            ):
                return o.reorder
        return config.reorder

    review_days = review_period_s / DAY if review_period_s else 0.0
    slots = {}
    for n in sorted(stock_nodes):
        node = network.nodes[n]
        lead_mean, lead_sd, order_cost = _lead_time(network, n)
        for s in sorted(stocked):
            sku = network.skus[s]
            reorder = reorder_of(node.name, sku)
            d, sd = mean[(n, s)], math.sqrt(var[(n, s)])
            facts = SlotFacts(
                daily_units_mean=d,
                daily_units_sd=sd,
                lead_time_days_mean=lead_mean,
                lead_time_days_sd=lead_sd,
                review_period_days=review_days,
                order_cost=order_cost,
                holding_per_unit_year=sku.unit_cost * network.holding_rate_per_year + node.storage_per_unit_day * 365,
                unit_cost=sku.unit_cost,
                price=sku.price,
            )
            rule = _rule(reorder, facts)
            slots[(n, s)] = SlotPlan(n, s, rule, d, sd, lead_mean, lead_sd)
    return slots


def _region_shares(network: Network) -> dict[tuple[int, int], float]:
    """Each (region, SKU) stream's share of the SKU's demand (history SKUs have their own split)."""
    return {(st.region, st.sku): st.share for st in network.streams}


def _depth(network: Network, n: int) -> int:
    depth = 0
    up = network.nodes[n].source_node
    while up is not None:
        depth += 1
        up = network.nodes[up].source_node
    return depth


def _lead_time(network: Network, n: int) -> tuple[float, float, float]:
    """Mean and sd (days) of a slot's replenishment lead time, and the cost of one order."""
    node = network.nodes[n]
    receiving = node.receiving_s / DAY
    if node.source_supplier is not None:
        sup = network.suppliers[node.source_supplier]
        return sup.lead_time_days.mean + receiving, sup.lead_time_days.sd, sup.order_cost
    assert node.transfer_days is not None
    return node.transfer_days.mean + receiving, node.transfer_days.sd, node.transfer_order_cost


def _rule(reorder: Reorder, facts: SlotFacts) -> ReorderRule:
    """The rule a scenario's `reorder:` block describes, sized from the slot's facts.

    A registered kind is built by its class's `from_facts(facts, **params)`, the params being the
    block's keys other than `kind`; `custom` names its class by Python path (sim.config.custom).
    """
    if isinstance(reorder, cfg.CustomReorder):
        return build_rule(import_object(reorder.class_path), facts, dict(reorder.params))
    params = reorder.model_dump(exclude={"kind"})
    return build_rule(REORDER_RULES[reorder.kind], facts, params)


# --------------------------------------------------------------------------------------------------
# Break-even assignment (hybrid `assign: break_even`; formulas in sim.analytics.economics, docs/DEMAND.md)


def break_even_table(network: Network, config: HybridPolicy) -> list[BreakEven]:
    """Per SKU, the expected cost per order stocked vs virtual under `config`'s nodes and reorder rule.

    Costs come from the scenario: every SKU is planned as if stocked (routes, slots and reorder
    levels exactly as this policy would size them), then each region's order is priced at its
    route's primary stock node and at its first virtual source (unit cost, premium, fees, referral
    fee, the carrier rate of the zone travelled for an order of q̄ units), weighted by the region's
    share of the SKU's demand; holding, storage, ordering and expected shortages come from the slots."""
    trial_config = config.model_copy(update={"fallback_to_virtual": True})
    everything = frozenset(s.index for s in network.skus)
    trial = _resolve(network, trial_config, Hybrid(skus=frozenset(s.id for s in network.skus)), everything)
    shares = _region_shares(network)
    review_days = trial.review_period_s / DAY if trial.review_period_s else 0.0
    if network.unmet_demand == "backorder" and not config.fallback_to_virtual:
        shortage: Literal["fallback", "lost", "backorder"] = "backorder"
    else:
        shortage = "fallback" if config.fallback_to_virtual else "lost"
    lost_customer = network.lost_customer_rate * network.customer_lifetime_value
    out = []
    for sku in network.skus:
        q = max(sku.units_per_order, 1e-9)
        stocked_direct = virtual_direct = accept = 0.0
        for r in range(len(network.regions)):
            w = shares[(r, sku.index)]
            route = trial.routes[r][sku.index]
            if w == 0:
                continue
            node = network.nodes[route.stock_nodes[0]]
            stocked_direct += w * (
                q * (sku.unit_cost + node.fee_per_unit + node.referral_fee_rate * sku.price)
                + node.fee_per_order
                + _shipping(network, node.index, r, sku.weight_kg * q)
            )
            if route.virtual_nodes:
                source = network.nodes[route.virtual_nodes[0]]
                virtual_direct += w * (
                    q * ((sku.unit_cost if source.unit_cost is None else source.unit_cost) + source.unit_premium)
                    + source.fee_per_order
                    + _shipping(network, source.index, r, sku.weight_kg * q)
                )
                refuse = math.prod(1 - network.nodes[v].availability for v in route.virtual_nodes)
                accept += w * (1 - refuse)
        if accept == 0:  # no virtual source carries it: virtual means every order is lost
            virtual_direct = math.inf
        slots = []
        for (n, s), slot in trial.slots.items():
            if s != sku.index:
                continue
            rule = slot.rule
            # the cycle's order quantity: S − s for (s,S), Q for (r,Q), 1 for base stock
            q_units, rop = max(1, rule.initial_level - rule.reorder_point), rule.reorder_point
            node = network.nodes[n]
            _, _, order_cost = _lead_time(network, n)
            slots.append(
                StockSlot(
                    slot.daily_units_mean,
                    slot.daily_units_sd,
                    slot.lead_time_days_mean + review_days,
                    slot.lead_time_days_sd,
                    float(q_units),
                    float(rop),
                    sku.unit_cost * network.holding_rate_per_year + node.storage_per_unit_day * 365,
                    order_cost,
                )
            )
        inputs = BreakEvenInputs(
            sku=sku.id,
            units_per_day=sku.daily_units_mean,
            units_per_order=q,
            stocked_direct=stocked_direct,
            virtual_direct=virtual_direct if accept > 0 else 0.0,
            virtual_accept=accept,
            lost_order_cost=q * max(sku.price - sku.unit_cost, 0.0) + lost_customer,
            slots=tuple(slots),
            shortage=shortage,
        )
        out.append(break_even(inputs))
    return out


def _shipping(network: Network, node: int, region: int, weight_kg: float) -> float:
    """The carrier charge for one parcel of `weight_kg` from `node` to `region`."""
    info = network.nodes[node]
    if info.service is None:
        return 0.0
    lane = info.service.rates[network.zone[info.region][region]]
    return lane.cost_per_shipment + lane.cost_per_kg * weight_kg


__all__ = ["Plan", "Route", "SlotPlan", "break_even_table", "make_plan", "plan_policy"]
