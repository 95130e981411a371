"""Outbound: a node's daily carrier pickup and the parcel's transit to the customer.

Shipments ready by the node's cut-off join that day's pickup (on the service's pickup days);
later ones wait for the next pickup day: the one pickup rule of sim.routing.pickups, which an
`Outbound` inherits as a `PickupCalendar` (a day → first pickup table, one look-up per parcel). Each pickup is one scheduled event that takes its whole
batch, so the kernel sees one event per node per pickup day, not one per parcel. At pickup each
parcel's transit time is its order's transit uniform (sim.base.streams) through the lane's inverse
CDF, evaluated once per lane for the whole batch; the delivery time is then known and needs no
event of its own. Transit is in calendar days. Because the uniform belongs to the order, the same
customer has the same transit luck under every policy (common random numbers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import simpy

from sim.base.distributions import _Dist
from sim.base.streams import salt, uniforms_from
from sim.base.timebase import DAY, days
from sim.model.kernel import PICKUP, call_at
from sim.routing.pickups import PickupCalendar

TRANSIT_SALT = salt("transit")
LATE_SALT = salt("carrier_late")  # is this parcel late? (the order's own uniform: common random numbers)
LATE_DAYS_SALT = salt("carrier_late_days")  # how late

if TYPE_CHECKING:
    from sim.base.streams import Streams
    from sim.model.entities import Order, Parcel, PickupHook
    from sim.network.build import Network, NodeInfo, ServiceInfo
    from sim.record.counters import Tally
    from sim.record.eventlog import EventLog


class Outbound(PickupCalendar):
    """Dispatch from one node to customers in every region."""

    __slots__ = (
        "after_pickup",
        "buckets",
        "delays",
        "env",
        "lane_dists",
        "lanes",
        "log",
        "node",
        "promise_transit_s",
        "tally",
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
        promise_quantile: float | None = None,
    ) -> None:
        service = node.service
        assert service is not None and node.cutoff_s is not None
        self.env = env
        self.node = node
        self.tally = tally
        self.log = log
        PickupCalendar.__init__(
            self,
            node.cutoff_s,
            service.pickup_s,
            service.pickup_weekdays,
            service.holiday_days,
            network.start_date.weekday(),
        )
        self.delays = _Delays(service) if service.has_delays else None
        self.buckets: dict[int, list[Parcel]] = {}
        # called once per pickup with (outbound, t, batch, transit seconds): returns, per-node statistics
        self.after_pickup: list[PickupHook] = []
        self.zone = network.zone[node.region]
        q = network.promise_quantile if promise_quantile is None else promise_quantile
        self.lanes: list[tuple[float, float]] = []  # (cost per shipment, cost per kg) by destination
        self.lane_dists: list[_Dist] = []  # transit days by destination
        self.promise_transit_s: list[int] = []
        for dest in range(len(network.regions)):
            lane = service.rates[self.zone[dest]]
            self.lanes.append((lane.cost_per_shipment, lane.cost_per_kg))
            self.lane_dists.append(lane.transit_days)
            self.promise_transit_s.append(days(lane.transit_days.quantile(q)))

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

    def _transit_s(self, batch: list[Parcel]) -> list[int]:
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
        if self.delays is not None:
            transits = self.delays.add(t, batch, transits)
        for (order, units, weight), transit_s in zip(batch, transits, strict=True):
            per_shipment, per_kg = self.lanes[order.region]
            delivered = t + transit_s
            cost = per_shipment + per_kg * weight
            if self.log is not None:
                self.log.ship(t, order.id, self.node.index, order.sku, order.region, units, cost, delivered)
            order.open_parts -= 1
            if delivered > order.delivered_s:
                order.delivered_s = delivered
            tally.record_shipment(order, units, cost)
        for hook in self.after_pickup:  # once per pickup, never per order
            hook(self, t, batch, transits)

    @property
    def units_waiting(self) -> int:
        return sum(units for bucket in self.buckets.values() for _, units, _ in bucket)


class StoreCounter:
    """A store's counter: the customer takes the goods away the moment they are ready.

    The same interface as Outbound (`promise`, `ship`) with no carrier leg: no pickup, no transit,
    no shipping cost and no event — the handover is the delivery. The promise is the end of the day
    the goods are expected ready.
    """

    __slots__ = ("after_pickup", "log", "node", "tally")

    def __init__(self, node: NodeInfo, tally: Tally, log: EventLog | None) -> None:
        self.node = node
        self.tally = tally
        self.log = log
        # as Outbound's, called with each handover as a batch of one (transit 0): returns, statistics
        self.after_pickup: list[PickupHook] = []

    def pickup_for(self, ready_s: int) -> int:
        """The handover: the moment the goods are ready."""
        return ready_s

    def promise(self, ready_estimate_s: int, region: int) -> int:
        return ready_estimate_s - ready_estimate_s % DAY + DAY - 1

    def ship(self, ready_s: int, order: Order, units: int, weight_kg: float) -> None:
        if self.log is not None:
            self.log.ship(ready_s, order.id, self.node.index, order.sku, order.region, units, 0.0, ready_s)
        order.open_parts -= 1
        if ready_s > order.delivered_s:
            order.delivered_s = ready_s
        self.tally.record_shipment(order, units, 0.0)  # free: no carrier
        if self.after_pickup:
            for hook in self.after_pickup:
                hook(self, ready_s, [(order, units, weight_kg)], [0])

    units_waiting = 0  # nothing waits for a pickup


class _Delays:
    """A carrier's lateness and delay windows (docs/ROUTING.md), added to a pickup's transit times.

    A parcel is late with probability 1 − `on_time_probability` and then takes `late_days` more;
    a parcel picked up on a day inside a peak or disruption window is delayed with the window's
    probability by its `delay_days` (windows add up). Every draw is the order's own uniform with
    a salt per question, so the same customer meets the same luck under every policy."""

    __slots__ = ("late_days", "late_probability", "windows")

    def __init__(self, service: ServiceInfo) -> None:
        self.late_probability = 1.0 - service.on_time_probability
        self.late_days = service.late_days
        self.windows = [
            (w.first_day, w.last_day, w.probability, w.delay_days, salt("window", w.name), salt("window_days", w.name))
            for w in service.windows
        ]

    def add(self, t: int, batch: list[Parcel], transit: list[int]) -> list[int]:
        keys = [order.key for order, _, _ in batch]
        extra = np.zeros(len(batch))
        if self.late_probability > 0 and self.late_days is not None:
            extra += _delayed(keys, LATE_SALT, LATE_DAYS_SALT, self.late_probability, self.late_days)
        day = t // DAY
        for first, last, probability, dist, hit_salt, days_salt in self.windows:
            if first <= day <= last:
                extra += _delayed(keys, hit_salt, days_salt, probability, dist)
        seconds = np.rint(extra * DAY).astype(np.int64).tolist()
        return [a + b for a, b in zip(transit, seconds, strict=True)]


def _delayed(keys: list[int], hit_salt: int, days_salt: int, probability: float, dist: _Dist) -> np.ndarray:
    """Extra days per parcel: `dist` (inverse CDF of the order's uniform) with `probability`, else 0."""
    hit = uniforms_from(keys, hit_salt) < probability
    if not hit.any():
        return np.zeros(len(keys))
    return np.where(hit, dist.ppf(uniforms_from(keys, days_salt)), 0.0)
