"""Outbound: a node's daily carrier pickup and the parcel's transit to the customer.

Shipments ready by the node's cut-off join that day's pickup (on the service's pickup days);
later ones wait for the next pickup day. Each pickup is one scheduled event that takes its whole
batch, so the kernel sees one event per node per pickup day, not one per parcel. At pickup each
parcel's transit time is its order's transit uniform (sim.streams) through the lane's inverse
CDF, evaluated once per lane for the whole batch; the delivery time is then known and needs no
event of its own. Transit is in calendar days. Because the uniform belongs to the order, the same
customer has the same transit luck under every policy (common random numbers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import simpy

from sim.distributions import _Dist
from sim.processes.kernel import PICKUP, call_at
from sim.streams import salt, uniforms_from
from sim.timebase import DAY, days

TRANSIT_SALT = salt("transit")

if TYPE_CHECKING:
    from sim.counters import Tally
    from sim.eventlog import EventLog
    from sim.network import Network, NodeInfo
    from sim.processes.orders import Order
    from sim.streams import Streams


class Outbound:
    """Dispatch from one node to customers in every region."""

    __slots__ = (
        "after_pickup",
        "buckets",
        "cutoff_s",
        "env",
        "lane_dists",
        "lanes",
        "log",
        "node",
        "pickup_s",
        "promise_transit_s",
        "start_weekday",
        "tally",
        "weekdays",
        "zone",
    )

    def __init__(
        self,
        env: simpy.Environment,
        network: Network,
        node: NodeInfo,
        streams: Streams,
        tally: Tally,
        log: EventLog | None,
    ) -> None:
        service = node.service
        assert service is not None and node.cutoff_s is not None
        self.env = env
        self.node = node
        self.tally = tally
        self.log = log
        self.cutoff_s = node.cutoff_s
        self.pickup_s = service.pickup_s
        self.weekdays = service.pickup_weekdays
        self.start_weekday = network.start_date.weekday()
        self.buckets: dict[int, list[tuple[Order, int, float]]] = {}
        # called once per pickup with (outbound, t, batch, transit seconds): returns, per-node statistics
        self.after_pickup: list[Callable[[Outbound, int, list[tuple[Order, int, float]], list[int]], None]] = []
        self.zone = network.zone[node.region]
        q = network.promise_quantile
        self.lanes: list[tuple[float, float]] = []  # (cost per shipment, cost per kg) by destination
        self.lane_dists: list[_Dist] = []  # transit days by destination
        self.promise_transit_s: list[int] = []
        for dest in range(len(network.regions)):
            lane = service.rates[self.zone[dest]]
            self.lanes.append((lane.cost_per_shipment, lane.cost_per_kg))
            self.lane_dists.append(lane.transit_days)
            self.promise_transit_s.append(days(lane.transit_days.quantile(q)))

    def pickup_for(self, ready_s: int) -> int:
        """The pickup a shipment ready at `ready_s` leaves with."""
        day, time_of_day = divmod(ready_s, DAY)
        if time_of_day > self.cutoff_s:
            day += 1
        while (self.start_weekday + day) % 7 not in self.weekdays:
            day += 1
        return day * DAY + self.pickup_s

    def promise(self, ready_estimate_s: int, region: int) -> int:
        """The promised delivery (end of day) for a shipment expected ready at `ready_estimate_s`."""
        arrival = self.pickup_for(ready_estimate_s) + self.promise_transit_s[region]
        return arrival - arrival % DAY + DAY - 1

    def ship(self, ready_s: int, order: Order, units: int, weight_kg: float) -> None:
        """Hand `units` of `order` (ready at `ready_s`) to the carrier's next eligible pickup."""
        t = self.pickup_for(ready_s)
        bucket = self.buckets.get(t)
        if bucket is None:
            bucket = self.buckets[t] = []
            call_at(self.env, t, PICKUP, self._pickup, t)
        bucket.append((order, units, weight_kg))

    def _transit_s(self, batch: list[tuple[Order, int, float]]) -> list[int]:
        """Each parcel's transit: its order's transit uniform through the lane's inverse CDF, one call per lane."""
        out = [0] * len(batch)
        by_region: dict[int, list[int]] = {}
        for i, (order, _, _) in enumerate(batch):
            by_region.setdefault(order.region, []).append(i)
        for region, positions in by_region.items():
            lane = self.lane_dists[region]
            if lane.is_constant:
                value = round(lane.mean * DAY)
                for i in positions:
                    out[i] = value
                continue
            u = uniforms_from([batch[i][0].key for i in positions], TRANSIT_SALT)
            seconds = np.rint(lane.ppf(u) * DAY).astype(np.int64).tolist()
            for i, transit in zip(positions, seconds, strict=True):
                out[i] = transit
        return out

    def _pickup(self, t: int) -> None:
        tally = self.tally
        batch = self.buckets.pop(t)
        transits = self._transit_s(batch)
        for (order, units, weight), transit_s in zip(batch, transits, strict=True):
            per_shipment, per_kg = self.lanes[order.region]
            delivered = t + transit_s
            cost = per_shipment + per_kg * weight
            tally.record_shipped(order.counted, units, cost)
            if self.log is not None:
                self.log.ship(t, order.id, self.node.index, order.sku, order.region, units, cost, delivered)
            order.open_parts -= 1
            if delivered > order.delivered_s:
                order.delivered_s = delivered
            if order.open_parts == 0:
                tally.record_delivered(order.counted, order.t, order.delivered_s, order.promised_s)
        for hook in self.after_pickup:  # once per pickup, never per order
            hook(self, t, batch, transits)

    @property
    def units_waiting(self) -> int:
        return sum(units for bucket in self.buckets.values() for _, units, _ in bucket)
