"""A plan once the stocked SKUs are known: the `Plan` record, and the routes and slots that make it.

`resolve` finds the policy's stock-holding nodes (with their upstream chains) and virtual sources,
ranks a route for every (region, SKU) (sim.plan.routes) and sizes a rule for every slot
(sim.plan.slots). Which SKUs are stocked is decided before (sim.plan.build); the break-even
assignment resolves a trial plan with every SKU stocked (sim.plan.break_even).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.base.timebase import DAY
from sim.config import models as cfg
from sim.config.models import HybridPolicy, InventoryFreePolicy, PeriodicReview, StockedPolicy
from sim.network.build import Network
from sim.plan.placement import PlacementPlan
from sim.plan.routes import Ranker, Route, make_route, upstream_closure
from sim.plan.slots import SlotPlan, plan_slots
from sim.policies import FulfilmentPolicy


@dataclass(frozen=True)
class Plan:
    """A policy resolved on a network: the stocked SKUs, a slot per stocked (node, SKU), a route per
    (region, SKU), the review period and the routing in force."""

    policy_name: str
    policy_kind: str
    stocked_skus: frozenset[int]
    slots: dict[tuple[int, int], SlotPlan]
    routes: tuple[tuple[Route, ...], ...]  # routes[region][sku]
    review_period_s: int | None  # None: continuous review
    routing: cfg.Routing = field(default_factory=cfg.Routing)  # the policy's, else the scenario's
    placement: PlacementPlan | None = None  # predictive placement (sim.plan.placement), stocked policies only


def resolve(
    network: Network,
    config: InventoryFreePolicy | StockedPolicy | HybridPolicy,
    policy: FulfilmentPolicy,
    stocked: frozenset[int],
) -> Plan:
    """Routes and slots when the SKUs `stocked` are stocked under `config`."""
    # Stock-holding nodes of this policy (with their upstream chains), and virtual sources.
    if isinstance(config, StockedPolicy | HybridPolicy) and stocked:
        names = config.stock_at if config.stock_at is not None else [n.name for n in network.nodes if n.holds_stock]
        stock_nodes = upstream_closure(network, {network.node(n).index for n in names})
    else:
        stock_nodes = set()
    if isinstance(config, InventoryFreePolicy | HybridPolicy):
        explicit = config.virtual_sources
        virtual_all = [network.node(n).index for n in explicit] if explicit else None
    else:
        virtual_all = []
    serving = [n for n in stock_nodes if network.nodes[n].serves_customers]

    routing = config.routing if config.routing is not None else network.scenario.routing
    ranker = Ranker(network, routing)
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
                row.append(make_route(stock, virtual if fallback else [], fallback))
            else:
                row.append(make_route([], virtual, False))
        routes.append(tuple(row))

    review_period_s = None
    if isinstance(config, StockedPolicy | HybridPolicy) and isinstance(config.review, PeriodicReview):
        review_period_s = config.review.period_days * DAY
    slots = plan_slots(network, config, stocked, stock_nodes, routes, review_period_s) if stocked else {}
    return Plan(config.name, config.kind, stocked, slots, tuple(routes), review_period_s, routing)
