"""Virtual sources: dropship suppliers and print-on-demand producers. They hold no stock of ours.

* Dropship: each order is accepted with probability `availability`, decided by the order's own
  uniform for this source (sim.base.streams), so the same order meets the same answer under every
  policy; an accepted order is handed to the carrier after `handling_days`.
* Dropship with `capacity.nodes.<node>.units_per_day`: the same line as print-on-demand's below,
  before the handling time (sim.model.capacity).
* Print-on-demand: one production line of `daily_capacity_units` a day, first come first served
  (a fluid queue: an order of q units occupies the line for q / capacity days after the line
  frees up), then `production_days` of finishing. It accepts every order; a backlog shows up as
  longer delivery times.

Both charge `fee_per_order` (fulfilment) and the SKU's unit cost (print-on-demand: its own
`unit_cost` when given) plus `unit_premium` (product).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import simpy

from sim.base.distributions import BufferedSampler
from sim.base.streams import salt, uniform_from
from sim.base.timebase import DAY, days
from sim.record.counters import CHANNELS, NO_CHANNEL
from sim.record.node_stats import NodeStats

if TYPE_CHECKING:
    from sim.base.streams import Streams
    from sim.model.entities import Order
    from sim.model.outbound import Outbound
    from sim.network.build import Network, NodeInfo, SkuInfo
    from sim.record.counters import Tally
    from sim.record.eventlog import EventLog
    from sim.record.queue_stats import QueueStats


class VirtualNode:
    """A dropship or print-on-demand source."""

    __slots__ = (
        "accept_salt",
        "availability",
        "busy_until",
        "channel",
        "env",
        "handling",
        "handling_promise_s",
        "info",
        "line_stats",
        "log",
        "outbound",
        "outs",
        "own_unit_cost",
        "seconds_per_unit",
        "sold_orders",
        "sold_units",
        "sold_units_uncounted",
        "stats",
        "tally",
    )

    def __init__(
        self,
        env: simpy.Environment,
        network: Network,
        info: NodeInfo,
        streams: Streams,
        tally: Tally,
        log: EventLog | None,
        outbound: Outbound,
        promise_quantile: float | None = None,
    ) -> None:
        self.env = env
        self.info = info
        self.channel = CHANNELS.index(info.kind)
        self.tally = tally
        self.log = log
        self.outbound = outbound
        self.availability = info.availability
        self.accept_salt = salt("accept", info.name)
        q = network.promise_quantile if promise_quantile is None else promise_quantile
        stage = info.handling_days if info.handling_days is not None else info.production_days
        assert stage is not None
        self.handling = BufferedSampler(stage, streams.get("handling", info.name), DAY)
        self.handling_promise_s = days(stage.quantile(q))
        self.busy_until = 0
        self.outs: list[tuple[list[int], list[int]]] | None = None  # stock-out runs by SKU (sim.model.partner_stock)
        self.sold_units = [0] * len(network.skus)  # to counted orders, by SKU, not yet booked (book_sales)
        self.sold_units_uncounted = [0] * len(network.skus)
        self.sold_orders = 0
        # print-on-demand with its own unit cost: what a unit costs, premium included (else None)
        self.own_unit_cost = None if info.unit_cost is None else info.unit_cost + info.unit_premium
        self.stats: NodeStats | None = None  # per-node statistics (sim.record.node_stats), set by the monitor
        capacity = info.daily_capacity_units
        self.seconds_per_unit = DAY / capacity if capacity else 0.0
        self.line_stats: QueueStats | None = None  # the line's queue statistics, set by sim.model.capacity

    def accepts(self, order: Order) -> bool:
        """Whether this source takes `order`: the order's own uniform for this source, vs availability."""
        return self.availability >= 1.0 or uniform_from(order.key, self.accept_salt) < self.availability

    def ready_estimate(self, t: int, units: int) -> int:
        """When an order arriving now would be ready, with each random stage at the promise quantile."""
        start = max(t, self.busy_until) + round(self.seconds_per_unit * units) if self.seconds_per_unit else t
        return start + self.handling_promise_s

    def backlog_s(self, t: int) -> int:
        """How long a new order would wait for the production line (0 for dropship)."""
        return self.busy_until - t if self.busy_until > t else 0

    def book_sales(self, skus: tuple[SkuInfo, ...]) -> None:
        """Book the sales in the tally: revenue, product cost (unit cost + premium, or the node's own
        unit cost) and the fee per order. All linear in units and orders, so one booking per SKU at
        the end equals booking each order, and saves the hot path two calls per order."""
        tally, own = self.tally, self.own_unit_cost
        for sku in skus:
            unit_cost = sku.unit_cost + self.info.unit_premium if own is None else own
            if self.sold_units[sku.index]:
                tally.record_sale(True, self.sold_units[sku.index], sku.price, unit_cost)
            if self.sold_units_uncounted[sku.index]:
                tally.record_sale(False, self.sold_units_uncounted[sku.index], sku.price, unit_cost)
        tally.record_cost(True, "fulfillment", self.info.fee_per_order * self.sold_orders)
        self.sold_units = [0] * len(skus)
        self.sold_units_uncounted = [0] * len(skus)
        self.sold_orders = 0

    def book(self, t: int, order: Order, sku: SkuInfo, units: int) -> None:
        """Book an accepted order: its costs, the production line, handling, and the shipment."""
        if order.channel == NO_CHANNEL:
            order.channel = self.channel
        # the sale: counted per SKU here, booked in the tally once at the end (book_sales)
        if order.counted:
            self.sold_units[sku.index] += units
            self.sold_orders += 1
        else:
            self.sold_units_uncounted[sku.index] += units
        if self.seconds_per_unit:
            start = t if t > self.busy_until else self.busy_until
            self.busy_until = start + round(self.seconds_per_unit * units)
            if self.line_stats is not None:
                self.line_stats.job(t, start, self.busy_until, self.busy_until - start)
            ready = self.busy_until + self.handling()
        else:
            ready = t + self.handling()
        if self.log is not None:
            self.log.allocate(t, order.id, self.info.index, sku.index, order.region, units, ready)
        self.outbound.ship(ready, order, units, sku.weight_kg * units)
