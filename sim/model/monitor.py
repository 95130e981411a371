"""Per-node statistics and the daily alert check of one run (sim.record.node_stats, sim.record.alerts).

A plug-in (sim.model.hooks), installed by `Model(monitor=True)` (what `compare` and `run` use); off,
nothing here runs. The KPIs made of these statistics are in sim.metrics.breakdown.

* Each outbound gets a pickup hook that adds the batch's counted parcels, units, carrier charges,
  on-time orders and (marketplace) referral fees to its node's `NodeStats` (see `PickupStats`):
  nothing in the order path.
* Pick/pack busy time and purchase orders are counted by the stock node itself (sim.model.stock).
* One event a day (SNAPSHOT phase, before anything changes at that instant) reads every slot's on
  hand, reorder point and units issued into the `AlertWatch`, and samples each node's backlog.
"""

from __future__ import annotations

from collections.abc import Generator
from operator import attrgetter
from typing import TYPE_CHECKING

import numpy as np
import simpy

from sim.base.timebase import DAY
from sim.model.kernel import SNAPSHOT, wake_at
from sim.record.alerts import DIO_CHECK_DAYS, AlertWatch
from sim.record.node_stats import NodeStats

if TYPE_CHECKING:
    from sim.model.entities import Parcel
    from sim.model.hooks import Hooks
    from sim.model.outbound import Outbound
    from sim.model.stock import StockNode
    from sim.model.virtual import VirtualNode
    from sim.record.counters import Tally


class PickupStats:
    """The pickup hook of one node: O(1) per pickup but for one counted-parcel test per parcel.

    Units, carrier charges and on-time deliveries of counted orders change only inside a pickup
    (sim.model.outbound calls `tally.record_shipment` there, and a store's counter at each handover,
    and nowhere else), so each pickup's share is the change of those tally totals since the previous pickup of
    any node (`seen`, shared by every node's hook)."""

    __slots__ = ("prices", "referral", "seen", "stats", "tally")

    def __init__(
        self, stats: NodeStats, referral_rate: float, prices: list[float], tally: Tally, seen: list[float]
    ) -> None:
        self.stats = stats
        self.referral = referral_rate
        self.prices = prices
        self.tally = tally
        self.seen = seen  # [units_delivered, shipping cost, orders_delivered, orders_on_time] after the last pickup

    def __call__(self, outbound: Outbound, t: int, batch: list[Parcel], transits: list[int]) -> None:
        s, tally, seen = self.stats, self.tally, self.seen
        units, shipping = tally.units_delivered, tally.cost["shipping"]
        delivered, on_time = sum(tally.delivered_by_channel), sum(tally.on_time_by_channel)  # running totals
        s.units += units - int(seen[0])
        s.shipping += shipping - seen[1]
        s.orders_completed += delivered - int(seen[2])
        s.on_time += on_time - int(seen[3])
        seen[:] = (units, shipping, delivered, on_time)
        s.parcels += [order.counted for order, _, _ in batch].count(True)
        if self.referral:
            prices = self.prices
            s.fees += self.referral * sum(prices[o.sku] * n for o, n, _ in batch if o.counted)


def install_monitor(hooks: Hooks) -> tuple[dict[int, NodeStats], AlertWatch]:
    """NodeStats for every node the policy uses, pickup hooks, and the daily alert process."""
    network = hooks.network
    prices = [s.price for s in network.skus]
    stats: dict[int, NodeStats] = {}
    seen = [0.0, 0.0, 0.0, 0.0]
    nodes: list[tuple[int, StockNode | VirtualNode]] = [*hooks.stock_nodes.items(), *hooks.virtual_nodes.items()]
    for index, node in nodes:
        stats[index] = node.stats = NodeStats()
        if node.outbound is not None:
            hook = PickupStats(stats[index], node.info.referral_fee_rate, prices, hooks.tally, seen)
            hooks.on_pickup(hook, node.outbound)
    slots = hooks.slots
    watch = AlertWatch(
        [s.node.info.index for s in slots],
        [(s.node.info.name, s.sku.id) for s in slots],
        [s.sku.abc == "A" for s in slots],
        [s.sku.unit_cost for s in slots],
        {n: node.info.name for n, node in hooks.stock_nodes.items()},
    )
    if slots:
        hooks.process(_daily(hooks, watch, stats))
    return stats, watch


def _daily(hooks: Hooks, watch: AlertWatch, stats: dict[int, NodeStats]) -> Generator[simpy.Event, None, None]:
    env, network, slots = hooks.env, hooks.network, hooks.slots
    nodes = [(stats[n], list(node.slots.values())) for n, node in sorted(hooks.stock_nodes.items())]
    on_hand, issued = attrgetter("on_hand"), attrgetter("issued")
    learning = any(getattr(s.rule, "observes", False) for s in slots)  # only they move their reorder point
    reorder_points = np.asarray([s.rule.reorder_point for s in slots], dtype=np.float64)
    day = 0
    while day * DAY < network.horizon_s:
        yield wake_at(env, day * DAY, SNAPSHOT)
        in_window = day * DAY >= network.warmup_s
        if learning:
            reorder_points = np.asarray([s.rule.reorder_point for s in slots], dtype=np.float64)
        units_issued = list(map(issued, slots)) if day % DIO_CHECK_DAYS == 0 else None
        watch.check(day, list(map(on_hand, slots)), reorder_points, units_issued, in_window)
        if in_window:
            for node_stats, node_slots in nodes:
                node_stats.backlog_days += 1
                for slot in node_slots:
                    if slot.waiting:
                        node_stats.backlog_sum += sum(u for kind, u, _ in slot.waiting if kind == "customer")
        day += 1
