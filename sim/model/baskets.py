"""Fulfilling a basket (a multi-line order): ship it whole from one node when one can, else split it.

A basket's lines are `LineOrder`s: one-SKU orders as everywhere else in the model (picked, shipped,
backordered, lost and counted by the tally as the one-line orders are), tied to their `Basket`
and sharing its random key (so a virtual source accepts or refuses the whole basket, and lines in
one parcel share their transit luck). Routing, per basket at its arrival, with the routes of the
plan (each line's stock nodes and virtual sources in the strategy's order; the `score` strategy's
per-order re-ranking is not applied to baskets):

1. **whole from one stock node**: the first stock node, in the first line's route order, that is on
   every line's route and has every line's units on hand
   (with no one waiting before it) serves every line;
2. **whole from one virtual source**: else the first virtual source on every line's route that
   accepts the basket books every line;
3. else, by the policy's `routing.baskets.split` (sim.routing.baskets):
   * `allow` — each line is routed on its own by the one-line rule (docs/ROUTING.md): the first
     stock node with it on hand, else the first accepting virtual source, else the line's primary
     ships what it has and the rest is backordered there or lost (`routing.split_shipments` does not
     split a basket's line across nodes);
   * `consolidate` — the basket is held: every `recheck_hours` it looks again for one stock node
     with every line (step 1); at `max_wait_days` after arrival it is routed as `allow`. Nothing is
     reserved while it is held, and no demand is recorded until it is routed (at its arrival's day);
   * `none` — when the first line's primary stock node is on every line's route, every line goes
     there (what is on hand ships, the rest is backordered there or lost); otherwise as `allow`.

**Parcels.** Lines are picked as their own pick jobs (as one-line orders are); lines of one basket
leaving one node in the same pickup form one parcel: the carrier's per-shipment charge is paid once
for it (the tally's shipping cost is corrected at the pickup; the event log's `ship` rows still
show each line's full charge), its per-kg charge on every line. A basket's parcels are its distinct
(node, pickup) pairs. The basket is delivered when its last line leaves (lost lines aside) and its
delivery time is its last parcel's. The event log has `order` rows per line (line ids, not basket
ids) and no `route` rows for baskets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.base.timebase import HOUR, days
from sim.model.basket_demand import basket_demand, history_baskets
from sim.model.entities import Order
from sim.model.kernel import FULFIL, call_at
from sim.record.baskets import BasketCounters
from sim.record.counters import NO_CHANNEL
from sim.routing.baskets import first_whole, one_node_fallback

if TYPE_CHECKING:
    from sim.config.models import BasketRouting
    from sim.model.entities import Parcel
    from sim.model.hooks import Hooks
    from sim.model.orders import OrderManagement
    from sim.model.stock import Slot, StockNode
    from sim.model.virtual import VirtualNode
    from sim.network.build import Network
    from sim.record.counters import Tally
    from sim.record.eventlog import EventLog


class LineOrder(Order):
    """One line of a basket: a one-SKU order that knows its basket."""

    __slots__ = ("basket",)

    def __init__(self, order_id: int, basket: Basket, sku: int, units: int) -> None:
        # Order.__init__'s fields, set here: one call fewer per line
        self.id = order_id
        self.key = basket.key
        self.t = basket.t
        self.region = basket.region
        self.sku = sku
        self.units = units
        self.counted = basket.counted
        self.promised_s = 0
        self.open_parts = 0
        self.delivered_s = 0
        self.channel = NO_CHANNEL
        self.basket = basket


class Basket:
    """A multi-line customer order: its lines, its parcels so far (node, pickup) → per-shipment charge."""

    __slots__ = ("counted", "delivered_lines", "done", "key", "lines", "parcels", "region", "t")

    def __init__(self, t: int, region: int, counted: bool, key: int) -> None:
        self.t = t
        self.region = region
        self.counted = counted
        self.key = key
        self.lines: list[LineOrder] = []
        self.parcels: dict[tuple[int, int], float] = {}
        self.done = False
        self.delivered_lines: set[int] = set()  # ids of lines the tally counted as delivered orders


class BasketDesk:
    """Places and routes baskets (module docstring) and follows their parcels (`after_pickup`)."""

    def __init__(
        self,
        routing: BasketRouting,
        orders: OrderManagement,
        tally: Tally,
        log: EventLog | None,
        env: Any,
    ) -> None:
        self.split = routing.split
        self.max_wait_s = days(routing.max_wait_days)
        self.recheck_s = max(1, round(routing.recheck_hours * HOUR))
        self.orders = orders
        self.tally = tally
        self.log = log
        self.env = env
        self.counters = BasketCounters()
        tally.baskets = self.counters
        self.by_node: dict[tuple[int, int], dict[int, Slot]] = {}  # (region, SKU) → its route's slots by node
        self.held: dict[int, int] = {}  # baskets held for consolidation: first line's id → lines

    # -- placing and routing ------------------------------------------------------------------------

    def place(self, t: int, region: int, skus: list[int], units: list[int], key: int) -> None:
        """A customer in `region` orders `units[i]` of SKU `skus[i]` for every line i, at `t`."""
        basket = Basket(t, region, self.tally.warmup_s <= t, key)
        basket.lines = [LineOrder(self.orders.new_id(), basket, s, u) for s, u in zip(skus, units, strict=True)]
        c = self.counters
        c.all_placed += 1
        c.all_lines_placed += len(skus)
        if self.log is not None:
            for line in basket.lines:
                self.log.order(t, line.id, line.sku, region, line.units)
        self._route(t, basket, first=True)

    def _candidates(self, basket: Basket) -> tuple[list[dict[int, Slot]], list[list[VirtualNode]]]:
        """Per line: its route's stock slots by node index (route order), and its virtual sources."""
        region = basket.region
        cache = self.by_node
        slots = []
        for line in basket.lines:
            by_node = cache.get((region, line.sku))
            if by_node is None:
                by_node = cache[(region, line.sku)] = {
                    s.node.info.index: s for s in self.orders.routes[region][line.sku][0]
                }
            slots.append(by_node)
        routes = self.orders.routes[region]
        return slots, [routes[line.sku][1] for line in basket.lines]

    def _route(self, t: int, basket: Basket, first: bool) -> None:
        slots, virtual = self._candidates(basket)
        lines = basket.lines
        node = first_whole(slots, lambda i, slot: not slot.waiting and slot.on_hand >= lines[i].units)
        if node is not None:
            self._whole_from_stock(t, basket, [by_node[node] for by_node in slots], first)
            return
        if first:
            common = [v for v in virtual[0] if all(v in vs for vs in virtual[1:])]
            source = next((v for v in common if v.accepts(lines[0])), None)
            if source is not None:
                self._whole_from_virtual(t, basket, source)
                return
        split = self.split
        if split == "consolidate" and t < basket.t + self.max_wait_s:
            if first:
                self.held[lines[0].id] = len(lines)
            call_at(self.env, min(t + self.recheck_s, basket.t + self.max_wait_s), FULFIL, self._retry, basket)
            return
        primary = one_node_fallback(split, [list(by_node) for by_node in slots])
        self._routed(basket)
        full_before = self.counters.lines_full_first
        for line, by_node in zip(lines, slots, strict=True):
            if primary is not None:
                self._at_primary(t, basket, line, by_node[primary])
            else:
                self._line(t, basket, line)
        if first and basket.counted and self.counters.lines_full_first - full_before == len(lines):
            self.counters.complete += 1  # every line filled at once, though not from one node

    def _retry(self, basket: Basket) -> None:
        self._route(int(self.env.now), basket, first=False)

    def _routed(self, basket: Basket) -> None:
        c = self.counters
        c.all_routed += 1
        c.all_lines_routed += len(basket.lines)
        self.held.pop(basket.lines[0].id, None)
        if basket.counted:
            c.baskets += 1
            c.lines += len(basket.lines)

    def _record(self, basket: Basket, line: LineOrder, filled: int) -> None:
        """The tally's line-level order record (at the basket's arrival day)."""
        self.tally.record_order(basket.t, basket.counted, line.units, filled)
        if basket.counted and filled == line.units:
            self.counters.lines_full_first += 1

    def _whole_from_stock(self, t: int, basket: Basket, chosen: list[Slot], first: bool) -> None:
        self._routed(basket)
        if first and basket.counted:
            self.counters.complete += 1
        for line, slot in zip(basket.lines, chosen, strict=True):
            self._serve(t, line, slot, line.units)
            self._record(basket, line, line.units)
            self._review(t, slot)

    def _whole_from_virtual(self, t: int, basket: Basket, source: VirtualNode) -> None:
        self._routed(basket)
        if basket.counted:
            self.counters.complete += 1
        for line in basket.lines:
            self._book(t, line, source, line.sku)
            self._record(basket, line, line.units)

    def _serve(self, t: int, line: LineOrder, slot: Slot, units: int) -> None:
        node: StockNode = slot.node
        slot.demanded += units
        line.open_parts += 1
        if line.promised_s == 0:
            line.promised_s = node.outbound.promise(node.ready_estimate(t, units), line.region)  # type: ignore[union-attr]
        if line.channel == NO_CHANNEL:
            line.channel = node.channel
        node.serve(t, slot, line, units)

    def _book(self, t: int, line: LineOrder, source: VirtualNode, sku: int) -> None:
        line.promised_s = source.outbound.promise(source.ready_estimate(t, line.units), line.region)
        line.open_parts += 1
        source.book(t, line, self.orders.skus[sku], line.units)

    @staticmethod
    def _review(t: int, slot: Slot) -> None:
        if slot.continuous:
            slot.review(t)

    def _line(self, t: int, basket: Basket, line: LineOrder) -> None:
        """One line on its own, by the one-line rule (module docstring, `allow`)."""
        slots, virtual, _ = self.orders.routes[line.region][line.sku]
        for slot in slots:
            if slot.on_hand >= line.units and not slot.waiting:
                self._serve(t, line, slot, line.units)
                self._record(basket, line, line.units)
                if slot is not slots[0]:
                    slots[0].shortage = True
                self._review(t, slot)
                return
        for source in virtual:
            if source.accepts(line):
                if slots:
                    slots[0].demanded += line.units
                    slots[0].shortage = True
                self._book(t, line, source, line.sku)
                self._record(basket, line, line.units)
                return
        if not slots:
            self._record(basket, line, 0)
            self.orders._lose(t, line, line.units)
            return
        self._at_primary(t, basket, line, slots[0])

    def _at_primary(self, t: int, basket: Basket, line: LineOrder, primary: Slot) -> None:
        """The line at one stock slot: what is on hand ships, the rest waits there or is lost."""
        node = primary.node
        if primary.on_hand >= line.units and not primary.waiting:
            self._serve(t, line, primary, line.units)
            self._record(basket, line, line.units)
            self._review(t, primary)
            return
        served = 0 if primary.waiting else primary.on_hand
        line.promised_s = node.outbound.promise(node.ready_estimate(t, line.units), line.region)  # type: ignore[union-attr]
        if served > 0:
            self._serve(t, line, primary, served)
        else:
            line.channel = node.channel
        self._record(basket, line, served)
        short = line.units - served
        primary.demanded += short
        primary.shortage = True
        if self.orders.backorder:
            line.open_parts += 1
            if self.log is not None:
                self.log.backorder(t, line.id, node.info.index, line.sku, line.region, short)
            primary.wait_customer(t, line, short)
        else:
            self.orders._lose(t, line, short)
            self._review(t, primary)

    # -- parcels ------------------------------------------------------------------------------------

    def after_pickup(self, outbound: Any, t: int, batch: list[Parcel], transits: list[int]) -> None:
        """A pickup (a store: a handover) left: follow the basket lines in it (module docstring)."""
        c = self.counters
        node = outbound.node.index
        lanes = getattr(outbound, "lanes", None)
        for order, _, _ in batch:
            if type(order) is not LineOrder:
                continue
            basket = order.basket
            c.all_line_parts_shipped += 1
            fee = lanes[order.region][0] if lanes is not None else 0.0
            key = (node, t)
            if key in basket.parcels:
                if basket.counted and fee:
                    self.tally.record_cost(True, "shipping", -fee)  # one parcel: one per-shipment charge
                    c.shared_parcel_refund += fee
            else:
                basket.parcels[key] = fee
                c.all_parcels += 1
            if order.open_parts == 0 and order.counted and order.id not in basket.delivered_lines:
                basket.delivered_lines.add(order.id)  # the tally counted it so at its last parcel
                c.line_delivered_as_order(order.delivered_s - order.t)
            if not basket.done and all(line.open_parts == 0 for line in basket.lines):
                basket.done = True
                c.all_done += 1
                if basket.counted:
                    last = max(line.delivered_s for line in basket.lines)
                    c.basket_delivered(last - basket.t, list(basket.parcels.values()))

    def conservation_problems(self) -> list[str]:
        """Lines and parcels balance: every basket placed is routed or held; every routed line is
        shipped, lost or still open; every parcel entry of a basket line belongs to a parcel."""
        c = self.counters
        out = []
        if c.all_placed != c.all_routed + len(self.held):
            out.append(f"baskets: {c.all_placed} placed but {c.all_routed} routed + {len(self.held)} held")
        held_lines = sum(self.held.values())
        if c.all_lines_placed != c.all_lines_routed + held_lines:
            out.append(f"basket lines: {c.all_lines_placed} placed but {c.all_lines_routed} routed + {held_lines} held")
        if c.all_done > c.all_routed:
            out.append(f"baskets: {c.all_done} delivered of {c.all_routed} routed")
        if c.all_parcels > c.all_line_parts_shipped:
            out.append(f"parcels: {c.all_parcels} parcels hold only {c.all_line_parts_shipped} line shipments")
        return out


def wants_baskets(network: Network) -> bool:
    """Whether the run has multi-line orders: a `baskets` block, or a history replayed by invoice."""
    return network.baskets is not None or (network.replay is not None and network.replay.baskets is not None)


def install_baskets(hooks: Hooks, orders: OrderManagement) -> BasketDesk:
    """The basket plug-in: the desk, its pickup hook on every outbound, and the processes placing
    baskets — drawn (`baskets`) and replayed (`orders: by_invoice`) — started before the one-SKU
    demand process: at the same second, baskets are placed first."""
    network = hooks.network
    desk = BasketDesk(hooks.plan.routing.baskets, orders, hooks.tally, hooks.log, hooks.env)
    hooks.on_pickup(desk.after_pickup)
    if network.baskets is not None:
        hooks.process(basket_demand(hooks.env, network, hooks.streams, desk.place))
    if network.replay is not None and network.replay.baskets is not None:
        hooks.process(history_baskets(hooks.env, network, hooks.streams, desk.place))
    return desk
