"""Run-layer entities: what flows through one run's processes (a customer order, its parcels, waiting lines).

Plain records with no behaviour of their own, so every process module (orders, stock, virtual,
outbound, returns, closures, monitor) can import them without importing each other: the process
modules then depend in one direction only (orders → stock, virtual → outbound → entities).

* `Order` — one customer order in flight (created by sim.model.orders, or by the warm start);
* `Parcel` — one shipment of an order waiting for (or leaving with) a carrier pickup:
  (order, units, weight kg);
* `WaitingLine` — one line in a slot's FIFO of demand it cannot serve yet:
  ("customer", units, Order) or ("transfer", units, downstream Slot);
* `PickupHook` — what an outbound calls once per pickup (a store: per handover) with
  (outbound, t, parcels, transit seconds): returns and per-node statistics plug in here;
* `PlaceFn` — what the demand process calls once per customer order (sim.model.hooks composes it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sim.record.counters import NO_CHANNEL


class Order:
    """One customer order in flight. `open_parts` counts its shipments and backorder lines not yet shipped."""

    __slots__ = (
        "channel",
        "counted",
        "delivered_s",
        "id",
        "key",
        "open_parts",
        "promised_s",
        "region",
        "sku",
        "t",
        "units",
    )

    def __init__(self, order_id: int, t: int, region: int, sku: int, units: int, counted: bool, key: int) -> None:
        self.id = order_id
        self.key = key  # the order's own randomness (see sim.base.streams.uniform_from)
        self.t = t
        self.region = region
        self.sku = sku
        self.units = units
        self.counted = counted
        self.promised_s = 0
        self.open_parts = 0
        self.delivered_s = 0
        self.channel = NO_CHANNEL  # the kind of node that first served it, a CHANNELS index (by-channel KPIs)


Parcel = tuple[Order, int, float]
"""One shipment of an order: (order, units, weight kg)."""

WaitingLine = tuple[str, int, Any]
"""One line waiting at a slot: ("customer", units, Order) or ("transfer", units, downstream Slot)."""

PickupHook = Callable[[Any, int, list[Parcel], list[int]], None]
"""Called once per pickup (a store: per handover) with (outbound, t, parcels, transit seconds)."""

PlaceFn = Callable[[int, int, int, int, int], None]
"""Places one customer order: (t, region, sku index, units, key); what the demand process calls per order."""
