"""Assembling one run: the node objects a plan uses and its stocked slots (called by sim.model.model).

Node classes are chosen per node so an ordinary node's hot path is untouched: closable subclasses
only for nodes with closure windows (sim.model.closures), a `ShiftStockNode` only for a node with a
shift calendar (sim.model.shifts), a capped outbound only for a node with a pickup cap
(sim.model.capacity).
"""

from __future__ import annotations

import copy

import simpy

from sim.base.streams import Streams
from sim.model.capacity import capped, capped_nodes
from sim.model.closures import ClosableStockNode, ClosableVirtualNode, warm_on_hand
from sim.model.collection import outbound_class
from sim.model.outbound import Outbound, StoreCounter
from sim.model.shifts import ShiftStockNode
from sim.model.stock import Slot, StockNode
from sim.model.virtual import VirtualNode
from sim.network.build import Network, NodeInfo
from sim.plan.build import Plan
from sim.record.counters import Tally
from sim.record.eventlog import EventLog


def build_nodes(
    env: simpy.Environment, network: Network, plan: Plan, streams: Streams, tally: Tally, log: EventLog | None
) -> tuple[dict[int, StockNode], dict[int, VirtualNode]]:
    """The node objects the plan uses, by node index: stock nodes with their outbound (a store: its
    counter), and virtual sources. Closable subclasses only for nodes with closure windows (sim.model.closures)."""
    stock_nodes: dict[int, StockNode] = {}
    virtual_nodes: dict[int, VirtualNode] = {}
    used_stock = {n for n, _ in plan.slots}
    used_virtual = {n for row in plan.routes for route in row for n in route.virtual_nodes}
    q = plan.routing.promise_quantile  # the policy's routing, else the scenario's
    closures = network.closures or {}
    shifts, pickup_caps = capped_nodes(network)  # capacity (sim.model.capacity)
    for info in network.nodes:
        closed = info.index in closures
        out_cls = outbound_class(info, closed)  # scheduled or continuous collection (sim.model.collection)
        cap = pickup_caps.get(info.name)
        if cap is not None:
            out_cls = capped(out_cls)
        if info.index in used_stock:
            outbound: Outbound | StoreCounter | None = None
            if info.kind == "store":
                outbound = StoreCounter(info, tally, log)
            elif info.serves_customers:
                outbound = _outbound(out_cls, cap, env, network, info, streams, tally, log, q)
            node_cls: type[StockNode] = ClosableStockNode if closed else StockNode
            if info.name in shifts:
                node_cls = ShiftStockNode  # shifts and closures never meet (sim.config.capacity_checks)
            stock_nodes[info.index] = node_cls(env, network, info, streams, tally, log, outbound)
        elif info.index in used_virtual:
            outbound = _outbound(out_cls, cap, env, network, info, streams, tally, log, q)
            virtual_cls = ClosableVirtualNode if closed else VirtualNode
            virtual_nodes[info.index] = virtual_cls(env, network, info, streams, tally, log, outbound, q)
    return stock_nodes, virtual_nodes


def _outbound(
    cls: type[Outbound],
    cap: int | None,
    env: simpy.Environment,
    network: Network,
    info: NodeInfo,
    streams: Streams,
    tally: Tally,
    log: EventLog | None,
    q: float | None,
) -> Outbound:
    """An outbound of class `cls`; with a pickup cap, its cap and carried-over table set."""
    outbound = cls(env, network, info, streams, tally, log, q)
    if cap is not None:
        outbound.cap = cap  # type: ignore[attr-defined]
        outbound.due = {}  # type: ignore[attr-defined]
    return outbound


def build_slots(network: Network, plan: Plan, stock_nodes: dict[int, StockNode], tally: Tally) -> list[Slot]:
    """Every planned (node, SKU) slot, in plan order, added to its node and opened in the tally, with
    its upstream slot linked. A warm start sets on hand to exactly the snapshot's (0 when not listed)."""
    continuous = plan.review_period_s is None
    slots: list[Slot] = []
    warm = warm_on_hand(network)
    for (n, s), slot_plan in sorted(plan.slots.items()):
        node = stock_nodes[n]
        rule = slot_plan.rule
        if getattr(rule, "observes", False):
            rule = copy.deepcopy(rule)  # a learning rule's state belongs to this run, not to the plan
        slot = Slot(node, network.skus[s], rule, continuous)
        if warm is not None:
            slot.on_hand = slot.initial = warm.get((n, s), 0)
        node.add_slot(slot)
        tally.open_slot(slot.on_hand, slot.sku.unit_cost, slot.storage_fee_s)
        slots.append(slot)
    for slot in slots:
        up = slot.node.info.source_node
        if up is not None:
            slot.upstream = stock_nodes[up].slots[slot.sku.index]
    return slots
