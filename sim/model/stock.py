"""Stock-holding nodes (warehouse, 3PL, marketplace): on-hand stock per SKU, pick/pack, replenishment.

A *slot* is one SKU at one node. Its stock is committed to an order the moment the order is
routed to it. Demand it cannot serve waits in one FIFO queue per slot — customer backorder lines
and transfer requests from downstream nodes alike — and a line is served only whole and only in
turn (no overtaking), when a receipt brings enough stock.

Pick/pack is a first-come-first-served bank of `stations` identical servers. Because orders reach
a node in time order, each order's start and finish follow from the stations' free times at
arrival (the multi-server Lindley recursion), so no process or event per order is needed.

Replenishment: a review asks the slot's reorder rule; a purchase order to a supplier arrives after
a lead time drawn independently per order, plus the node's receiving or inbound delay. Orders may
cross (a later order arriving first) unless the supplier says `order_crossing: false`; then each
order of the slot arrives no earlier than the one before it (sequential deliveries). The
supplier's MOQ and pack size apply to whatever the rule orders. A transfer from an upstream node
is served from that node's slot (waiting FIFO there if short), then travels `transfer_days`. After
the horizon no new orders are placed, but goods already ordered still arrive and serve waiting
lines (the drain, see sim.model.model).

Size: `Slot` and `StockNode` are one mechanism — a slot calls its node's `serve` and `replenish`,
the node moves the slot's stock (inlined on the hot path) — so in two modules each would import
the other, an import circle even when type-only (tests/test_layout.py).
"""

from __future__ import annotations

import heapq
from collections import deque
from typing import TYPE_CHECKING

import simpy

from sim.base.distributions import BufferedSampler
from sim.base.timebase import DAY, MINUTE, ceil_div
from sim.model.kernel import RECEIPT, call_at
from sim.policies import ReorderRule, Snapshot
from sim.record.counters import CHANNELS
from sim.record.node_stats import NodeStats

if TYPE_CHECKING:
    from sim.base.streams import Streams
    from sim.model.entities import Order, WaitingLine
    from sim.model.outbound import Outbound, StoreCounter
    from sim.network.build import Network, NodeInfo, SkuInfo, SupplierInfo
    from sim.network.disruptions import Calendar
    from sim.record.counters import Tally
    from sim.record.eventlog import EventLog


class Slot:
    """One SKU's stock at one node."""

    __slots__ = (
        "continuous",
        "demanded",
        "initial",
        "issued",
        "last_arrival",
        "last_zero",
        "lead_time",
        "node",
        "on_hand",
        "on_order",
        "received",
        "returned",
        "rule",
        "shortage",
        "sku",
        "sold_orders",
        "sold_units",
        "sold_units_uncounted",
        "storage_fee_s",
        "upstream",
        "waiting",
        "waiting_units",
    )

    def __init__(self, node: StockNode, sku: SkuInfo, rule: ReorderRule, continuous: bool) -> None:
        self.node = node
        self.sku = sku
        self.rule = rule
        self.on_hand = rule.initial_level
        self.initial = self.on_hand
        self.on_order = 0
        self.waiting_units = 0
        # FIFO of ("customer", units, order) and ("transfer", units, downstream slot)
        self.waiting: deque[WaitingLine] = deque()
        self.received = 0
        self.returned = 0  # customer returns restocked here (sim.model.returns)
        self.issued = 0
        self.demanded = 0  # units asked of this slot (customers routed to it, downstream transfers)
        self.sold_units = 0  # to counted orders, not yet booked in the tally (StockNode.book_sales)
        self.sold_orders = 0
        self.sold_units_uncounted = 0
        self.last_arrival = 0  # of this slot's latest purchase order (sequential deliveries)
        self.shortage = False  # in the current replenishment cycle
        self.continuous = continuous
        self.upstream: Slot | None = None
        self.lead_time: BufferedSampler | None = None
        self.storage_fee_s = node.info.storage_per_unit_day / DAY

    @property
    def position(self) -> int:
        return self.on_hand + self.on_order - self.waiting_units

    # -- stock movements ----------------------------------------------------------------------------

    def take(self, t: int, units: int) -> None:
        """Remove `units` from on-hand stock (they leave for a customer or a downstream node)."""
        before = self.on_hand
        self.on_hand = before - units
        self.issued += units
        self.node.units_committed -= units
        self.node.tally.stock_change(
            t, -units, self.sku.unit_cost, self.storage_fee_s, 1 if self.on_hand == 0 and before > 0 else 0
        )

    def put(self, t: int, units: int) -> None:
        """Add `units` to on-hand stock (a receipt or a restocked return; the caller counts which)."""
        before = self.on_hand
        self.on_hand = before + units
        self.node.tally.stock_change(
            t, units, self.sku.unit_cost, self.storage_fee_s, -1 if before == 0 and units > 0 else 0
        )

    # -- demand it cannot serve now -----------------------------------------------------------------

    def wait_customer(self, t: int, order: Order, units: int) -> None:
        self.waiting.append(("customer", units, order))
        self.waiting_units += units
        tally = self.node.tally
        tally.backorders_change(t, units)
        if order.counted:
            tally.units_backordered += units
        self.shortage = True
        if self.continuous:
            self.review(t)

    def request_transfer(self, t: int, units: int, downstream: Slot) -> None:
        """A downstream node asks this slot for `units`."""
        self.demanded += units
        if not self.waiting and self.on_hand >= units:
            self._send(t, units, downstream)
        else:
            self.waiting.append(("transfer", units, downstream))
            self.waiting_units += units
            self.shortage = True
        if self.continuous:
            self.review(t)

    def _send(self, t: int, units: int, downstream: Slot) -> None:
        self.take(t, units)
        node = downstream.node
        assert node.transfer_time is not None
        closed = self.node.closed  # a closed node ships transfers at reopening
        depart = t if closed is None else closed.open_at(t)
        arrival = depart + node.transfer_time() + node.info.receiving_s
        call_at(node.env, arrival, RECEIPT, downstream.receive, arrival, units)
        if node.log is not None:
            node.log.transfer(t, node.info.index, self.sku.index, units, arrival, self.node.info.index)

    # -- replenishment ------------------------------------------------------------------------------

    def review(self, t: int) -> None:
        """Ask the rule whether to order, and place the order (not after the horizon)."""
        if self.on_hand + self.on_order - self.waiting_units > self.rule.reorder_point or not self.node.accepting:
            return
        units = self.rule.decide(Snapshot(t, self.on_hand, self.on_order, self.waiting_units))
        if units > 0:
            self.node.replenish(t, self, units)

    def receive(self, t: int, units: int) -> None:
        """Goods arrive (a receipt event): count the cycle, then serve waiting lines in turn."""
        closed = self.node.closed
        if closed is not None and closed.blocked(t):  # a closed node receives at reopening
            reopen = closed.open_at(t)
            call_at(self.node.env, reopen, RECEIPT, self.receive, reopen, units)
            return
        self.on_order -= units
        self.received += units
        self.put(t, units)
        self.node.tally.record_cycle(t, self.shortage)
        self.shortage = False
        if self.node.log is not None:
            self.node.log.receipt(t, self.node.info.index, self.sku.index, units)
        self._serve_waiting(t)

    def restock(self, t: int, units: int) -> None:
        """A customer return is put back on the shelf (received at reopening if the node is closed)."""
        closed = self.node.closed
        if closed is not None and closed.blocked(t):
            reopen = closed.open_at(t)
            call_at(self.node.env, reopen, RECEIPT, self.restock, reopen, units)
            return
        self.returned += units  # kept apart from receipts for the balance check
        self.node.units_committed += units
        self.put(t, units)
        self._serve_waiting(t)
        if self.continuous:
            self.review(t)

    def _serve_waiting(self, t: int) -> None:
        waiting = self.waiting
        while waiting and waiting[0][1] <= self.on_hand:
            kind, qty, who = waiting.popleft()
            self.waiting_units -= qty
            if kind == "customer":
                self.node.tally.backorders_change(t, -qty)
                self.node.serve(t, self, who, qty)
            else:
                self._send(t, qty, who)
        if waiting:
            self.shortage = True  # the new cycle starts short


class StockNode:
    """A warehouse, 3PL or marketplace node holding stock of some SKUs."""

    __slots__ = (
        "accepting",
        "channel",
        "closed",
        "env",
        "fee_per_order",
        "fee_per_unit",
        "info",
        "log",
        "network",
        "outage",
        "outbound",
        "pick_mean_s",
        "pick_minutes",
        "pick_minutes_per_unit_s",
        "referral_rate",
        "slots",
        "stations",
        "stats",
        "supplier",
        "supplier_lead_time",
        "tally",
        "transfer_time",
        "units_committed",
    )

    def __init__(
        self,
        env: simpy.Environment,
        network: Network,
        info: NodeInfo,
        streams: Streams,
        tally: Tally,
        log: EventLog | None,
        outbound: Outbound | StoreCounter | None,
    ) -> None:
        self.env = env
        self.info = info
        self.channel = CHANNELS.index(info.kind)
        self.network = network
        self.tally = tally
        self.log = log
        self.slots: dict[int, Slot] = {}
        self.outbound = outbound
        self.accepting = True
        self.closed: Calendar | None = None  # closure windows (sim.network.disruptions), set by the model
        self.outage: Calendar | None = None  # the supplier's outage windows, set by the model
        self.stats = NodeStats()  # per-node statistics (sim.record.node_stats); replaced by the monitor's
        self.units_committed = 0  # on hand + on order, for a storage cap
        self.fee_per_order = info.fee_per_order
        self.fee_per_unit = info.fee_per_unit
        self.referral_rate = info.referral_fee_rate
        pp = info.pick_pack
        if pp is not None:
            self.stations = [0] * pp.stations
            self.pick_minutes: BufferedSampler | None = BufferedSampler(
                pp.minutes_per_order, streams.get("pick_pack", info.name), MINUTE
            )
            self.pick_minutes_per_unit_s = pp.minutes_per_unit * MINUTE
            self.pick_mean_s = pp.minutes_per_order.mean * MINUTE
        else:
            self.stations = []
            self.pick_minutes = None
            self.pick_minutes_per_unit_s = 0.0
            self.pick_mean_s = 0.0
        self.transfer_time = (
            BufferedSampler(info.transfer_days, streams.get("transfer", info.name), DAY)
            if info.transfer_days is not None
            else None
        )
        self.supplier: SupplierInfo | None = None
        self.supplier_lead_time: BufferedSampler | None = None
        if info.source_supplier is not None:
            sup = network.suppliers[info.source_supplier]
            self.supplier = sup
            self.supplier_lead_time = BufferedSampler(
                sup.lead_time_days, streams.get("lead_time", sup.name, info.name), DAY
            )

    def add_slot(self, slot: Slot) -> None:
        self.slots[slot.sku.index] = slot
        self.units_committed += slot.on_hand

    # -- customer orders ----------------------------------------------------------------------------

    def ready_estimate(self, t: int, units: int) -> int:
        """When an order arriving now would be packed, at mean pick/pack times (for the promise)."""
        if not self.stations:
            return t
        return max(t, self.stations[0]) + round(self.pick_mean_s + self.pick_minutes_per_unit_s * units)

    def backlog_s(self, t: int) -> int:
        """How long a new order would wait for a free pick/pack station."""
        stations = self.stations
        return stations[0] - t if stations and stations[0] > t else 0

    def serve(self, t: int, slot: Slot, order: Order, units: int) -> None:
        """Commit `units` of stock to `order`, queue it for pick/pack, and book it for pickup."""
        # slot.take(t, units), inlined: this runs once per order served from stock
        before = slot.on_hand
        slot.on_hand = before - units
        slot.issued += units
        self.units_committed -= units
        sku = slot.sku
        self.tally.stock_change(t, -units, sku.unit_cost, slot.storage_fee_s, 1 if units == before else 0)
        # the sale: counted per slot here, booked in the tally once at the end (book_sales)
        if order.counted:
            slot.sold_units += units
            slot.sold_orders += 1
        else:
            slot.sold_units_uncounted += units
        if self.pick_minutes is not None:
            stations = self.stations
            start = t if t > stations[0] else stations[0]
            ready = start + self.pick_minutes() + round(self.pick_minutes_per_unit_s * units)
            heapq.heapreplace(stations, ready)
            if order.counted:
                self.stats.pick_busy_s += ready - start
        else:
            ready = t
        if self.log is not None:
            self.log.allocate(t, order.id, self.info.index, sku.index, order.region, units, ready)
        assert self.outbound is not None
        self.outbound.ship(ready, order, units, sku.weight_kg * units)

    def book_sales(self) -> None:
        """Book every slot's sales in the tally: revenue, product cost, fulfilment and referral fees.

        All are linear in a slot's units and orders, so one booking per slot at the end of the run
        equals booking each order as it is served, and saves the hot path a call per order."""
        tally = self.tally
        for sku_index in sorted(self.slots):
            slot = self.slots[sku_index]
            sku = slot.sku
            units = slot.sold_units
            if units:
                tally.record_sale(
                    True,
                    units,
                    sku.price,
                    sku.unit_cost,
                    self.fee_per_order * slot.sold_orders + self.fee_per_unit * units,
                    self.referral_rate * sku.price * units,
                )
            if slot.sold_units_uncounted:
                tally.record_sale(False, slot.sold_units_uncounted, sku.price, sku.unit_cost)
            slot.sold_units = slot.sold_orders = slot.sold_units_uncounted = 0

    # -- replenishment ------------------------------------------------------------------------------

    def replenish(self, t: int, slot: Slot, units: int) -> None:
        """Order `units` for `slot` from the supplier or the upstream node."""
        info = self.info
        if slot.upstream is not None:
            cap = info.storage_cap_units  # a marketplace's cap binds transfers too
            if cap is not None:
                units = min(units, cap - self.units_committed)
                if units <= 0:
                    return
            slot.on_order += units
            self.units_committed += units
            self.tally.record_purchase_order(t, info.transfer_order_cost)
            slot.upstream.request_transfer(t, units, slot)
            return
        sup = self.supplier
        assert sup is not None and self.supplier_lead_time is not None
        units = max(units, sup.moq)
        units = ceil_div(units, sup.pack_size) * sup.pack_size
        cap = info.storage_cap_units
        if cap is not None:
            room = cap - self.units_committed
            units = min(units, room // sup.pack_size * sup.pack_size)
            if units <= 0 or units < sup.moq:
                return
        slot.on_order += units
        self.units_committed += units
        start = t if self.outage is None else self.outage.open_at(t)  # an outage delays the start
        arrival = start + self.supplier_lead_time() + info.receiving_s
        if not sup.order_crossing:
            if arrival < slot.last_arrival:
                arrival = slot.last_arrival
            slot.last_arrival = arrival
        call_at(self.env, arrival, RECEIPT, slot.receive, arrival, units)
        if self.tally.in_window(t):  # supplier on-time: due by placed + mean lead time (+ receiving)
            self.stats.purchase_orders += 1
            self.stats.purchase_orders_on_time += arrival <= t + round(sup.lead_time_days.mean * DAY) + info.receiving_s
        self.tally.record_purchase_order(t, sup.order_cost)
        if self.log is not None:
            self.log.purchase(t, info.index, slot.sku.index, units, arrival)

    def review_all(self, t: int) -> None:
        for sku in sorted(self.slots):
            self.slots[sku].review(t)
