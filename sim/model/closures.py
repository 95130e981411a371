"""Node closures and supplier outages in the SimPy model, and the warm start at time zero.

Closures use subclasses, created by the model only for nodes that have closure windows, so an
open node's hot path is untouched (docs/NETWORK.md):

* `ClosableOutbound`: no carrier pickup inside a window; a parcel whose pickup would fall inside
  leaves with the first pickup it can make from the reopening instant (cut-off rules apply);
* `ClosableStockNode`: no pick starts inside a window; picks due to start inside start at
  reopening (stations are held until then), a pick already started finishes;
* `ClosableVirtualNode`: a print-on-demand line starts no work inside a window; dropship handling
  (the supplier's staff) runs on, but its parcels wait for a pickup outside the window.

Receipts at a closed node and transfers sent from one wait for reopening (sim.model.stock);
a supplier outage delays the start of purchase orders placed inside it (StockNode.replenish).

`install_disruptions` and `install_warm_start` are plug-ins (sim.model.hooks): they receive the
run's `Hooks`, set the documented per-node fields and schedule events, and never touch the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.model.entities import Order
from sim.model.kernel import RECEIPT, call_at
from sim.model.outbound import Outbound
from sim.model.stock import StockNode
from sim.model.virtual import VirtualNode
from sim.network.disruptions import Calendar, merge, random_outages

if TYPE_CHECKING:
    from sim.model.hooks import Hooks
    from sim.model.stock import Slot
    from sim.network.build import Network, SkuInfo


class ClosableOutbound(Outbound):
    """Outbound of a node with closure windows: pickups inside a window are skipped."""

    __slots__ = ("closed",)
    closed: Calendar

    def pickup_for(self, ready_s: int) -> int:
        t = Outbound.pickup_for(self, ready_s)
        while self.closed.blocked(t):
            t = Outbound.pickup_for(self, self.closed.open_at(t))
        return t


class ClosableStockNode(StockNode):
    """A stock node with closure windows: no pick starts inside a window."""

    __slots__ = ()

    def serve(self, t: int, slot: Slot, order: Order, units: int) -> None:
        stations = self.stations
        if stations:
            start = t if t > stations[0] else stations[0]
            assert self.closed is not None
            reopen = self.closed.open_at(start)
            if reopen != start:  # hold every station until reopening (keeps the heap a heap)
                for i, free in enumerate(stations):
                    if free < reopen:
                        stations[i] = reopen
        StockNode.serve(self, t, slot, order, units)

    def ready_estimate(self, t: int, units: int) -> int:
        if self.stations:
            assert self.closed is not None
            start = self.closed.open_at(max(t, self.stations[0]))
            return start + round(self.pick_mean_s + self.pick_minutes_per_unit_s * units)
        return t


class ClosableVirtualNode(VirtualNode):
    """A virtual node with closure windows: a print-on-demand line starts no work inside one."""

    __slots__ = ("closed",)
    closed: Calendar

    def book(self, t: int, order: Order, sku: SkuInfo, units: int) -> None:
        if self.seconds_per_unit:
            start = t if t > self.busy_until else self.busy_until
            self.busy_until = max(self.busy_until, self.closed.open_at(start))
        VirtualNode.book(self, t, order, sku, units)


def install_disruptions(hooks: Hooks) -> None:
    """Give closed nodes their calendars and suppliers their outage windows (random ones drawn now)."""
    network = hooks.network
    for index, windows in (network.closures or {}).items():
        calendar = Calendar(windows)
        stock, virtual = hooks.stock_nodes.get(index), hooks.virtual_nodes.get(index)
        if stock is not None:
            stock.closed = calendar
            outbound = stock.outbound
        elif isinstance(virtual, ClosableVirtualNode):
            virtual.closed = calendar
            outbound = virtual.outbound
        else:
            continue  # not used by this policy
        if isinstance(outbound, ClosableOutbound):
            outbound.closed = calendar
    calendars: dict[int, Calendar] = {}
    for supplier, (windows, rnd) in (network.outages or {}).items():
        intervals = list(windows)
        if rnd is not None:
            rng = hooks.streams.get("outage", network.suppliers[supplier].name)
            intervals += random_outages(rng, rnd[0], rnd[1], network.horizon_s)
        calendars[supplier] = Calendar(merge(intervals))
    for node in hooks.stock_nodes.values():
        if node.supplier is not None and node.supplier.index in calendars:
            node.outage = calendars[node.supplier.index]


def warm_on_hand(network: Network) -> dict[tuple[int, int], int] | None:
    """Snapshot on hand by (node, SKU), or None without a snapshot (slots keep their planned level)."""
    rows = network.snapshot
    if rows is None:
        return None
    return {(r.node, r.sku): r.units for r in rows if r.record == "on_hand"}


def install_warm_start(hooks: Hooks) -> None:
    """Open purchase orders and backorders of the snapshot, in file order, at time zero.

    Rows for a (node, SKU) the policy does not stock do not apply to that policy."""
    rows = hooks.network.snapshot
    if rows is None:
        return
    tally, log = hooks.tally, hooks.log
    for r in rows:
        node = hooks.stock_nodes.get(r.node)
        slot = node.slots.get(r.sku) if node is not None else None
        if slot is None or r.record == "on_hand":
            continue
        assert node is not None
        if r.record == "purchase_order":
            slot.on_order += r.units
            node.units_committed += r.units
            tally.pipeline_change(0, r.node, r.units, r.units)
            slot.last_arrival = max(slot.last_arrival, r.eta_s)  # later orders keep their place (no crossing)
            call_at(hooks.env, r.eta_s, RECEIPT, slot.receive, r.eta_s, r.units)
            if log is not None:
                log.purchase(0, r.node, r.sku, r.units, r.eta_s)
        else:  # backorder: a customer order placed before time zero, first in line
            order_id = hooks.new_order_id()
            order = Order(order_id, 0, r.region, r.sku, r.units, False, order_id)
            order.open_parts = 1
            tally.record_order_before_start(r.units)
            slot.waiting.append(("customer", r.units, order))
            slot.waiting_units += r.units
            tally.backorders_change(0, r.units, r.node, order)
            if log is not None:
                log.backorder(0, order.id, r.node, r.sku, r.region, r.units)
