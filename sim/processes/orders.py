"""Order management: route each customer order to a node and account for what happens to it.

For an order of q units of one SKU from one region, with the plan's route for (region, SKU):

1. the first stock-holding node in the route with all q units on hand serves it;
2. otherwise, when the route allows it, the first virtual source that carries the SKU and
   accepts the order serves it (a virtual-only route starts here);
3. otherwise the route's first stock node (its primary) ships what it has, and the rest is
   backordered there or lost, as `service.unmet_demand` says; a virtual-only route loses it.

An order counts as *filled at first attempt* for the units served in steps 1–3 at once; units
backordered or lost are not. Each order also counts as demand at one slot — the one that serves it
in step 1, else the primary — which is what forecasting rules observe (sim.model). The delivery promise is made at checkout from the chosen route.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.counters import Tally
    from sim.eventlog import EventLog
    from sim.network import Network
    from sim.plan import Plan
    from sim.processes.stock import Slot, StockNode
    from sim.processes.virtual import VirtualNode


class Order:
    """One customer order in flight. `open_parts` counts its shipments and backorder lines not yet shipped."""

    __slots__ = ("counted", "delivered_s", "id", "key", "open_parts", "promised_s", "region", "sku", "t", "units")

    def __init__(self, order_id: int, t: int, region: int, sku: int, units: int, counted: bool, key: int) -> None:
        self.id = order_id
        self.key = key  # the order's own randomness (see sim.streams.uniform_from)
        self.t = t
        self.region = region
        self.sku = sku
        self.units = units
        self.counted = counted
        self.promised_s = 0
        self.open_parts = 0
        self.delivered_s = 0


class OrderManagement:
    """Routes orders along pre-resolved routes: a list lookup per order, no search."""

    def __init__(
        self,
        network: Network,
        plan: Plan,
        stock_nodes: dict[int, StockNode],
        virtual_nodes: dict[int, VirtualNode],
        tally: Tally,
        log: EventLog | None,
    ) -> None:
        self.tally = tally
        self.log = log
        self.skus = network.skus
        self.backorder = network.unmet_demand == "backorder"
        self.lost_customer_cost = network.lost_customer_rate * network.customer_lifetime_value
        self.next_id = 0
        # routes[region][sku] → (stock slots in order, virtual nodes in order)
        self.routes: list[list[tuple[list[Slot], list[VirtualNode]]]] = [
            [
                (
                    [stock_nodes[n].slots[sku] for n in route.stock_nodes],
                    [virtual_nodes[n] for n in route.virtual_nodes],
                )
                for sku, route in enumerate(row)
            ]
            for row in plan.routes
        ]

    def place(self, t: int, region: int, sku_index: int, units: int, key: int) -> None:
        """A customer in `region` orders `units` of SKU `sku_index` at time `t`; `key` is its randomness."""
        tally = self.tally
        counted = tally.warmup_s <= t
        order = Order(self.next_id, t, region, sku_index, units, counted, key)
        self.next_id += 1
        if self.log is not None:
            self.log.order(t, order.id, sku_index, region, units)
        slots, virtual = self.routes[region][sku_index]

        for slot in slots:
            if slot.on_hand >= units and not slot.waiting:  # never overtake waiting lines
                slot.demanded += units
                node = slot.node
                order.promised_s = node.outbound.promise(node.ready_estimate(t, units), region)  # type: ignore[union-attr]
                order.open_parts = 1
                node.serve(t, slot, order, units)
                tally.record_order(t, counted, units, units)
                if slot is not slots[0]:
                    slots[0].shortage = True
                if slot.continuous and slot.on_hand + slot.on_order - slot.waiting_units <= slot.rule.reorder_point:
                    slot.review(t)  # the position reached the reorder point (the check is review's own, hoisted)
                return

        if slots:  # no stock node could serve it whole: the demand counts at the primary
            slots[0].demanded += units
        sku = self.skus[sku_index]
        for source in virtual:
            promise = source.outbound.promise(source.ready_estimate(t, units), region)
            if source.try_serve(t, order, sku, units):
                order.promised_s = promise
                order.open_parts = 1
                tally.record_order(t, counted, units, units)
                if slots:
                    slots[0].shortage = True
                return

        if not slots:
            tally.record_order(t, counted, units, 0)
            self._lose(t, order, units)
            return
        primary = slots[0]
        node = primary.node
        order.promised_s = node.outbound.promise(node.ready_estimate(t, units), region)  # type: ignore[union-attr]
        served = 0 if primary.waiting else primary.on_hand  # stock on hand belongs to the oldest line
        if served > 0:
            order.open_parts += 1
            node.serve(t, primary, order, served)
        tally.record_order(t, counted, units, served)
        short = units - served
        primary.shortage = True
        if self.backorder:
            order.open_parts += 1
            if self.log is not None:
                self.log.backorder(t, order.id, node.info.index, sku_index, region, short)
            primary.wait_customer(t, order, short)
        else:
            self._lose(t, order, short)
            if primary.continuous:
                primary.review(t)

    def _lose(self, t: int, order: Order, units: int) -> None:
        sku = self.skus[order.sku]
        self.tally.record_lost(order.counted, units, max(sku.price - sku.unit_cost, 0.0), self.lost_customer_cost)
        if self.log is not None:
            self.log.lost(t, order.id, order.sku, order.region, units)
