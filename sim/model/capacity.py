"""Finite capacity in the SimPy model (docs/NETWORK.md, "Capacity"): the `install_capacity` plug-in.

What the scenario's `capacity:` block asks for, each with its queue statistics (sim.record.queue_stats):

* **pick/pack shifts** — the node is a `ShiftStockNode` (sim.model.shifts: a SimPy `Store` and one
  worker process per station); `build_nodes` picks the class, this plug-in starts the station;
* **parcels per pickup** — the node's outbound is a `CappedOutbound`: a pickup takes at most
  `parcels_per_pickup` parcels, oldest first (carried-over parcels, then the rest in the order they
  became ready); the others wait at the dock for the next pickup of the same service, ahead of
  that pickup's own parcels. Nothing moves to another service;
* **supplier units per day** — a `SupplyLine` shared by every node buying from the supplier: one
  production line making `units_per_day`, purchase orders first come first served; an order's lead
  time starts when the line has made it;
* **dropship units per day** — the partner's orders go through the same kind of line as
  print-on-demand's (sim.model.virtual): an order of q units takes q / capacity days after the line
  frees up, then its handling time.

Statistics are kept for every capacity above and, when the run keeps per-node statistics (the
monitor), for 24/7 pick/pack stations and print-on-demand lines too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.base.timebase import DAY
from sim.model.closures import ClosableOutbound
from sim.model.kernel import PICKUP, call_at
from sim.model.outbound import Outbound
from sim.model.shifts import ShiftCalendar, ShiftStation, ShiftStockNode
from sim.model.supply import SupplyLine
from sim.record.queue_stats import QueueStats

if TYPE_CHECKING:
    from sim.config.capacity import Capacity
    from sim.model.hooks import Hooks
    from sim.network.build import Network


def _capped_pickup(self: Any, t: int) -> None:
    """A pickup of a capped outbound: at most `cap` parcels leave, oldest first (module docstring)."""
    batch = self.buckets[t]
    due = self.due.pop(t, [])
    cap = self.cap
    if len(batch) > cap:
        over = batch[cap:]
        del batch[cap:]
        over_due = (due + [t] * (cap + len(over) - len(due)))[cap:]
        due = due[:cap]
        nxt = self.pickup_for(t - t % DAY + DAY)  # the first pickup from the next day on
        bucket = self.buckets.get(nxt)
        if bucket is None:
            bucket = self.buckets[nxt] = []
            call_at(self.env, nxt, PICKUP, self._pickup, nxt)
        bucket[:0] = over
        self.due[nxt] = over_due + self.due.get(nxt, [])
    stats = self.pickup_stats
    if stats.warmup_s <= t < stats.horizon_s:
        stats.capacity_s += cap
        stats.busy_s += len(batch)
    for i in range(len(batch)):
        stats.job(due[i] if i < len(due) else t, t, t)
    Outbound._pickup(self, t)


class CappedOutbound(Outbound):
    """An outbound whose pickups take at most `cap` parcels; the rest wait for the next pickup."""

    __slots__ = ("cap", "due", "pickup_stats")
    cap: int
    due: dict[int, list[int]]  # pickup time → when each carried parcel at the front of its bucket was first due
    pickup_stats: QueueStats
    _pickup = _capped_pickup


class CappedClosableOutbound(ClosableOutbound):
    """A capped outbound of a node with closure windows."""

    __slots__ = ("cap", "due", "pickup_stats")
    cap: int
    due: dict[int, list[int]]
    pickup_stats: QueueStats
    _pickup = _capped_pickup


def capped(base: type[Outbound]) -> type[Outbound]:
    """`base` (Outbound or the closable one) with a pickup cap."""
    return CappedClosableOutbound if issubclass(base, ClosableOutbound) else CappedOutbound


def capped_nodes(network: Network) -> tuple[set[str], dict[str, int]]:
    """Names of nodes with shifts, and node name → parcels per pickup (for `build_nodes`)."""
    cap: Capacity | None = network.scenario.capacity
    if cap is None:
        return set(), {}
    shifts = {name for name, c in cap.nodes.items() if c.shifts is not None}
    pickups = {name: c.parcels_per_pickup for name, c in cap.nodes.items() if c.parcels_per_pickup is not None}
    return shifts, pickups


class CapacityDesk:
    """What `install_capacity` returns: every resource's statistics, and the end-of-run booking."""

    def __init__(self, hooks: Hooks, monitor: bool) -> None:
        self.hooks = hooks
        self.resources: list[QueueStats] = []
        self.stations: list[ShiftStation] = []
        network = hooks.network
        warmup, horizon = network.warmup_s, network.horizon_s
        cap: Capacity | None = network.scenario.capacity
        node_caps = cap.nodes if cap is not None else {}

        def stats(name: str, unit: str) -> QueueStats:
            s = QueueStats(name, unit, warmup, horizon)
            self.resources.append(s)
            return s

        for n in sorted(hooks.stock_nodes):
            node = hooks.stock_nodes[n]
            name = node.info.name
            pp = node.info.pick_pack
            if isinstance(node, ShiftStockNode):
                shifts = node_caps[name].shifts
                assert shifts is not None and pp is not None
                calendar = ShiftCalendar(shifts, network.start_date)
                s = stats(f"{name}/pick_pack", "orders")
                node.station = ShiftStation(hooks.env, node, pp.stations, calendar, s)
                self.stations.append(node.station)
            elif pp is not None and monitor:
                node.queue_stats = stats(f"{name}/pick_pack", "orders")
                node.queue_stats.capacity_s = float(pp.stations * (horizon - warmup))
        for outbound in hooks.outbounds():
            if isinstance(outbound, (CappedOutbound, CappedClosableOutbound)):
                outbound.pickup_stats = stats(f"{outbound.node.name}/pickup", "parcels")
        for n in sorted(hooks.virtual_nodes):
            vnode = hooks.virtual_nodes[n]
            name = vnode.info.name
            units_per_day = node_caps[name].units_per_day if name in node_caps else None
            if units_per_day is not None:
                vnode.seconds_per_unit = DAY / units_per_day
                vnode.line_stats = stats(f"{name}/dropship", "orders")
            elif vnode.seconds_per_unit and monitor:
                vnode.line_stats = stats(f"{name}/production", "orders")
            if vnode.line_stats is not None:
                vnode.line_stats.capacity_s = float(horizon - warmup)
        lines: dict[str, SupplyLine] = {}
        for sup_name, sup_cap in cap.suppliers.items() if cap is not None else []:
            lines[sup_name] = SupplyLine(sup_cap.units_per_day, stats(f"{sup_name}/supply", "purchase orders"))
            lines[sup_name].stats.capacity_s = float(horizon - warmup)
        for n in sorted(hooks.stock_nodes):
            node = hooks.stock_nodes[n]
            if node.supplier is not None and node.supplier.name in lines:
                node.supply_line = lines[node.supplier.name]

    @property
    def busy(self) -> bool:
        """Whether any station still holds an order (the drain's idle check)."""
        return any(station.jobs_in_system for station in self.stations)

    def close(self) -> None:
        """At the end of the run: open station time and overtime in the window; book the overtime cost."""
        network = self.hooks.network
        warmup, horizon = network.warmup_s, network.horizon_s
        cap = network.scenario.capacity
        for station in self.stations:
            cal, s = station.calendar, station.stats
            s.capacity_s = float(station.stations * cal.open_seconds(warmup, horizon))
            days = [d for d, extra in cal.decided.items() if extra and warmup <= d * DAY < horizon]
            s.overtime_hours = station.stations * cal.overtime_s / 3600 * len(days)
            assert cap is not None
            shifts = cap.nodes[station.node.info.name].shifts
            assert shifts is not None
            s.overtime_cost = s.overtime_hours * shifts.overtime_cost_per_hour
            if s.overtime_cost:
                self.hooks.tally.record_cost(True, "fulfillment", s.overtime_cost)


def install_capacity(hooks: Hooks, monitor: bool) -> CapacityDesk:
    """Start the shift stations and attach every capacity's statistics (module docstring)."""
    return CapacityDesk(hooks, monitor)
