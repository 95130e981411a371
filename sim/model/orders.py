"""Order management: route each customer order to a node and account for what happens to it.

For an order of q units of one SKU from one region, with the plan's route for (region, SKU) — its
stock nodes and virtual sources in the routing strategy's order (sim.routing.strategies, docs/ROUTING.md):

1. the first stock-holding node in the route with all q units on hand serves it;
2. otherwise, with `routing.split_shipments`, the stock nodes in route order each ship what they
   have until the order is covered; the rest goes on to step 3 (or 4);
3. otherwise, when the route allows it, the first virtual source that carries the SKU and
   accepts the order serves it (a virtual-only route starts here);
4. otherwise the route's first stock node (its primary) ships what it has, and the rest is
   backordered there or lost, as `service.unmet_demand` says; a virtual-only route loses it.

Under the `score` strategy the stock nodes are re-ranked per order by their score, which adds
each node's current cut-off position and backlog to its static score; the best-scored node is
then the primary. An order counts as *filled at first attempt* for the units served in steps 1–4 at
once; units backordered or lost are not. Each order also counts as demand at one slot — the one
that serves it in step 1, else the primary — which is what forecasting rules observe (sim.model.model).
The delivery promise is made at checkout from the chosen route (the latest part's promise for a
split order); with a `conversion` block a customer whose promise exceeds their tolerance walks
away before anything is committed (sim.network.conversion). With the event log on, every decision is
logged as `route` rows, one per candidate, with the key or score that ranked it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.base.timebase import DAY
from sim.model.entities import Order

if TYPE_CHECKING:
    from sim.model.stock import Slot, StockNode
    from sim.model.virtual import VirtualNode
    from sim.network.build import Network
    from sim.network.conversion import Conversion
    from sim.plan.build import Plan, Route
    from sim.record.counters import Tally
    from sim.record.eventlog import EventLog


class ScoreRank:
    """The `score` strategy's per-order ranking of a route's stock nodes: static part (landed cost,
    carrier lateness) + per_delivery_day × expected days from now (the node's queue-aware ready
    estimate, its next pickup after the cut-off, mean transit and lateness) + per_backlog_day ×
    the node's backlog. Lowest first."""

    __slots__ = ("items", "per_backlog_s", "per_s")

    def __init__(self, nodes: list[StockNode], route: Route, per_day: float, per_backlog_day: float) -> None:
        # per node: (its stations, outbound, static part, mean transit s, mean pick s, pick s per unit);
        # the ready estimate and backlog are StockNode.ready_estimate / backlog_s, inlined (hot path)
        self.items = []
        for node, key, c in zip(nodes, route.stock_keys, route.stock_candidates, strict=True):
            assert node.outbound is not None
            static = key - per_day * c.expected_days
            self.items.append(
                (node.stations, node.outbound, static, c.transit_mean_s, node.pick_mean_s, node.pick_minutes_per_unit_s)
            )
        self.per_s = per_day / DAY
        self.per_backlog_s = per_backlog_day / DAY

    def scores(self, t: int, units: int) -> list[float]:
        out = []
        per_s, per_backlog_s = self.per_s, self.per_backlog_s
        for stations, outbound, static, transit, pick_s, per_unit_s in self.items:
            if stations:
                start = stations[0] if stations[0] > t else t
                ready = start + round(pick_s + per_unit_s * units)
            else:
                start = ready = t
            delivered = outbound.pickup_for(ready) + transit
            out.append(static + per_s * (delivered - t) + per_backlog_s * (start - t))
        return out


class OrderManagement:
    """Routes orders along pre-resolved routes: a list lookup per order, no search (the `score`
    strategy re-ranks a route's few stock nodes per order)."""

    def __init__(
        self,
        network: Network,
        plan: Plan,
        stock_nodes: dict[int, StockNode],
        virtual_nodes: dict[int, VirtualNode],
        tally: Tally,
        log: EventLog | None,
        conversion: Conversion | None = None,
    ) -> None:
        self.tally = tally
        self.log = log
        self.skus = network.skus
        self.backorder = network.unmet_demand == "backorder"
        self.lost_customer_cost = network.lost_customer_rate * network.customer_lifetime_value
        self.next_id = 0
        self.split = plan.routing.split_shipments
        self.conversion = conversion
        self.plan_routes = plan.routes
        weights = plan.routing.weights
        dynamic = plan.routing.strategy == "score"
        # routes[region][sku] → (stock slots in order, virtual nodes in order, per-order ranking or None)
        self.routes: list[list[tuple[list[Slot], list[VirtualNode], ScoreRank | None]]] = [
            [
                (
                    [stock_nodes[n].slots[sku] for n in route.stock_nodes],
                    [virtual_nodes[n] for n in route.virtual_nodes],
                    ScoreRank(
                        [stock_nodes[n] for n in route.stock_nodes],
                        route,
                        weights.per_delivery_day,
                        weights.per_backlog_day,
                    )
                    if dynamic and len(route.stock_nodes) > 1
                    else None,
                )
                for sku, route in enumerate(row)
            ]
            for row in plan.routes
        ]

    def new_id(self) -> int:
        """The next order id, for orders created outside `place` (the warm start's backorders)."""
        order_id = self.next_id
        self.next_id += 1
        return order_id

    def place(self, t: int, region: int, sku_index: int, units: int, key: int) -> None:
        """A customer in `region` orders `units` of SKU `sku_index` at time `t`; `key` is its randomness.

        Size: hot path, one call per customer order; the steps of the fallback chain (module
        docstring) read top to bottom here, and splitting them out would add a Python call per
        order (benchmarks/README.md counts calls per order)."""
        tally = self.tally
        counted = tally.warmup_s <= t
        order = Order(self.next_id, t, region, sku_index, units, counted, key)
        self.next_id += 1
        log = self.log
        if log is not None:
            log.order(t, order.id, sku_index, region, units)
        slots, virtual, ranking = self.routes[region][sku_index]
        scores: list[float] | None = None
        if ranking is not None:
            ranked = sorted(zip(ranking.scores(t, units), range(len(slots)), strict=True))  # ties: route order
            slots = [slots[i] for _, i in ranked]
            scores = [score for score, _ in ranked]
        conversion = self.conversion

        for slot in slots:
            if slot.on_hand >= units and not slot.waiting:  # never overtake waiting lines
                slot.demanded += units
                node = slot.node
                promise = node.outbound.promise(node.ready_estimate(t, units), region)  # type: ignore[union-attr]
                if conversion is not None and conversion.walks_away(key, promise - t):
                    self._walk_away(t, order, units, slots, virtual, scores)
                    return
                order.promised_s = promise
                order.open_parts = 1
                order.channel = node.channel
                node.serve(t, slot, order, units)
                tally.record_order(t, counted, units, units)
                if slot is not slots[0]:
                    slots[0].shortage = True
                if slot.continuous and slot.on_hand + slot.on_order - slot.waiting_units <= slot.rule.reorder_point:
                    slot.review(t)  # the position reached the reorder point (the check is review's own, hoisted)
                if log is not None:
                    self._log_route(t, order, slots, virtual, scores, {node.info.index: units})
                return

        if self.split and slots and self._split(t, order, slots, virtual, scores):
            return

        if slots:  # no stock node could serve it whole: the demand counts at the primary
            slots[0].demanded += units
        sku = self.skus[sku_index]
        for source in virtual:
            if not source.accepts(order):
                continue
            promise = source.outbound.promise(source.ready_estimate(t, units), region)
            if conversion is not None and conversion.walks_away(key, promise - t):
                self._walk_away(t, order, units, slots, virtual, scores)
                return
            order.promised_s = promise
            order.open_parts = 1
            source.book(t, order, sku, units)
            tally.record_order(t, counted, units, units)
            if slots:
                slots[0].shortage = True
            if log is not None:
                self._log_route(t, order, slots, virtual, scores, {source.info.index: units})
            return

        if not slots:
            tally.record_order(t, counted, units, 0)
            if log is not None:
                self._log_route(t, order, slots, virtual, scores, {})
            self._lose(t, order, units)
            return
        primary = slots[0]
        node = primary.node
        order.promised_s = node.outbound.promise(node.ready_estimate(t, units), region)  # type: ignore[union-attr]
        if conversion is not None and conversion.walks_away(key, order.promised_s - t):
            self._walk_away(t, order, units, slots, virtual, scores)
            return
        order.channel = node.channel
        served = 0 if primary.waiting else primary.on_hand  # stock on hand belongs to the oldest line
        if log is not None:
            self._log_route(t, order, slots, virtual, scores, {node.info.index: served})
        if served > 0:
            order.open_parts += 1
            node.serve(t, primary, order, served)
        tally.record_order(t, counted, units, served)
        short = units - served
        primary.shortage = True
        if self.backorder:
            order.open_parts += 1
            if log is not None:
                log.backorder(t, order.id, node.info.index, sku_index, order.region, short)
            primary.wait_customer(t, order, short)
        else:
            self._lose(t, order, short)
            if primary.continuous:
                primary.review(t)

    def _split(
        self, t: int, order: Order, slots: list[Slot], virtual: list[VirtualNode], scores: list[float] | None
    ) -> bool:
        """Split shipments (step 2): stock nodes in route order ship what they have; the rest goes to
        the first accepting virtual source, else waits at (or is lost from) the primary. Returns
        False, changing nothing, when no stock node has any free stock (the usual path then runs).

        Size: per-order path of every order not served whole under split shipments: choose the
        parts, promise, commit, then the remainder; a split would add Python calls per such order
        (benchmarks/README.md, `nearest + split`)."""
        units = order.units
        parts: list[tuple[Slot, int]] = []
        remaining = units
        for slot in slots:
            if slot.waiting or slot.on_hand <= 0:
                continue
            take = min(slot.on_hand, remaining)
            parts.append((slot, take))
            remaining -= take
            if remaining == 0:
                break
        if not parts:
            return False
        t_region = order.region
        promise = max(
            s.node.outbound.promise(s.node.ready_estimate(t, q), t_region)  # type: ignore[union-attr]
            for s, q in parts
        )
        source: VirtualNode | None = None
        if remaining:
            source = next((v for v in virtual if v.accepts(order)), None)
            if source is not None:
                promise = max(promise, source.outbound.promise(source.ready_estimate(t, remaining), t_region))
            else:
                primary = slots[0].node
                promise = max(promise, primary.outbound.promise(primary.ready_estimate(t, units), t_region))  # type: ignore[union-attr]
        if self.conversion is not None and self.conversion.walks_away(order.key, promise - t):
            slots[0].demanded += units
            self._walk_away(t, order, units, slots, virtual, scores)
            return True
        order.promised_s = promise
        order.channel = parts[0][0].node.channel
        taken: dict[int, int] = {}
        for slot, q in parts:
            slot.demanded += q
            order.open_parts += 1
            slot.node.serve(t, slot, order, q)
            taken[slot.node.info.index] = q
        slots[0].shortage = True
        filled = units - remaining
        if remaining and source is not None:
            slots[0].demanded += remaining
            order.open_parts += 1
            source.book(t, order, self.skus[order.sku], remaining)
            taken[source.info.index] = remaining
            filled = units
            remaining = 0
        if self.log is not None:
            self._log_route(t, order, slots, virtual, scores, taken)
        self.tally.record_order(t, order.counted, units, filled)
        if remaining:
            primary_slot = slots[0]
            primary_slot.demanded += remaining
            if self.backorder:
                order.open_parts += 1
                if self.log is not None:
                    self.log.backorder(t, order.id, primary_slot.node.info.index, order.sku, order.region, remaining)
                primary_slot.wait_customer(t, order, remaining)
            else:
                self._lose(t, order, remaining)
        reviewed = [slot for slot, _ in parts]
        if slots[0] not in reviewed:
            reviewed.append(slots[0])  # its shortage may call for an order, as on the usual path
        for slot in reviewed:
            if slot.continuous:
                slot.review(t)
        return True

    def _walk_away(
        self,
        t: int,
        order: Order,
        units: int,
        slots: list[Slot],
        virtual: list[VirtualNode],
        scores: list[float] | None,
    ) -> None:
        """The customer leaves at checkout: nothing is committed; the margin is lost."""
        sku = self.skus[order.sku]
        self.tally.record_order(t, order.counted, units, 0)
        self.tally.record_walked_away(order.counted, units, max(sku.price - sku.unit_cost, 0.0))
        if self.log is not None:
            self._log_route(t, order, slots, virtual, scores, {})
            self.log.walk_away(t, order.id, order.sku, order.region, units)

    def _log_route(
        self,
        t: int,
        order: Order,
        slots: list[Slot],
        virtual: list[VirtualNode],
        scores: list[float] | None,
        taken: dict[int, int],
    ) -> None:
        """One `route` row per candidate: its key or score, the units it took, the chosen node."""
        assert self.log is not None
        route = self.plan_routes[order.region][order.sku]
        stock_keys = scores if scores is not None else list(route.stock_keys)
        chosen = next(iter(taken), -1)
        candidates = [(s.node.info.index, k) for s, k in zip(slots, stock_keys, strict=True)]
        candidates += [(v.info.index, k) for v, k in zip(virtual, route.virtual_keys, strict=True)]
        for node, score in candidates:
            self.log.route(t, order.id, node, order.sku, order.region, taken.get(node, 0), score, chosen)

    def _lose(self, t: int, order: Order, units: int) -> None:
        sku = self.skus[order.sku]
        self.tally.record_lost(order.counted, units, max(sku.price - sku.unit_cost, 0.0), self.lost_customer_cost)
        if self.log is not None:
            self.log.lost(t, order.id, order.sku, order.region, units)
