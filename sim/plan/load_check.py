"""Offered load per resource, from the scenario's rates and the plan's routes: a warning, not an error.

A run whose pick/pack stations or print-on-demand line are offered more work than they can do has
queues that grow without bound; its delivery KPIs then measure the horizon's length, not the policy.
This check tells before the run. It is an **estimate**, with the planning assumptions of
sim.plan.build: a region's demand for a SKU goes to its route's first-choice node (the first stock
node, else the first virtual source), at the mean daily rate (seasonality averages 1, so a peak
month can overload a resource that passes here); fallbacks and lost sales are ignored.

* pick/pack: orders a day × (mean minutes per order + minutes per unit × mean units per order)
  against stations × 1,440 minutes (stations work around the clock, docs/MODEL.md);
* print-on-demand: units a day against `daily_capacity_units`.

With a `capacity:` block (sim.config.capacity) also:

* pick/pack under `shifts`: the station-minutes actually open in a week (shift hours, plus
  `overtime_hours` after each working day's last shift; holidays ignored) ÷ 7 instead of 1,440;
* a pickup cap: parcels (one per order) per pickup — orders a week ÷ pickup days a week — against
  `parcels_per_pickup`;
* a dropship partner's `units_per_day`: units a day against it;
* a supplier's `units_per_day`: the replenishment it is asked for — the units a day of every stock
  node it feeds, directly or through a chain of `replenish_from` nodes — against it.

Pure: no SimPy, no run.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.capacity import Shifts
from sim.network.build import Network
from sim.plan.resolve import Plan

MINUTES_PER_DAY = 1440.0


@dataclass(frozen=True)
class Load:
    """The work offered to one resource of one node under one policy, and what it can do, per day."""

    policy: str
    node: str
    resource: str  # "pick/pack", "print-on-demand line", "carrier pickup", "dropship line", "supply"
    offered: float  # per day, in `unit`
    capacity: float  # per day, in `unit`
    unit: str  # "orders", "units" or "parcels"
    kind: str = "node"  # "node" or "supplier": what `node` names
    per: str = "day"  # the period of `offered` and `capacity`

    @property
    def ratio(self) -> float:
        return self.offered / self.capacity if self.capacity > 0 else float("inf")

    def message(self) -> str:
        """The warning's text (without the `warning:` prefix)."""
        return (
            f"policy {self.policy}: {self.kind} {self.node} {self.resource} is offered {self.ratio:.1f}× its capacity "
            f"(about {self.offered:,.1f} {self.unit}/{self.per} vs {self.capacity:,.1f} {self.unit}/{self.per}, an estimate "
            "from the scenario's mean rates and first-choice routes): queues will grow without bound and "
            "delivery KPIs mean little"
        )


def first_choice_demand(network: Network, plan: Plan) -> dict[int, tuple[float, float]]:
    """Node index → (orders a day, units a day) expected at its first-choice routes."""
    out: dict[int, tuple[float, float]] = {}
    for stream in network.streams:
        sku = network.skus[stream.sku]
        route = plan.routes[stream.region][stream.sku]
        nodes = route.stock_nodes or route.virtual_nodes
        if not nodes:
            continue
        units = sku.daily_units_mean * stream.share
        orders = units / sku.units_per_order if sku.units_per_order > 0 else units
        o, u = out.get(nodes[0], (0.0, 0.0))
        out[nodes[0]] = (o + orders, u + units)
    return out


def open_minutes_per_day(shifts: Shifts | None) -> float:
    """A station's minutes of work a day, averaged over a week: 1,440 without shifts; with them, the
    shift hours plus `overtime_hours` on each day that has a shift, ÷ 7 (holidays are ignored)."""
    if shifts is None:
        return MINUTES_PER_DAY
    hours = sum(
        sum(s.end - s.start for s in day) + (shifts.overtime_hours if day else 0.0) for day in shifts.hours.values()
    )
    return hours * 60.0 / 7.0


def offered_loads(network: Network, plan: Plan) -> list[Load]:
    """Every capacity-limited resource that receives first-choice demand under `plan`, with its load."""
    cap = network.scenario.capacity
    node_caps = cap.nodes if cap is not None else {}
    loads = []
    demand = first_choice_demand(network, plan)
    for n, (orders, units) in sorted(demand.items()):
        info = network.nodes[n]
        pp = info.pick_pack
        own = node_caps.get(info.name)
        if pp is not None and orders > 0:
            minutes = pp.minutes_per_order.mean + pp.minutes_per_unit * (units / orders)
            day = open_minutes_per_day(own.shifts if own is not None else None)
            capacity = pp.stations * day / minutes if minutes > 0 else float("inf")
            loads.append(Load(plan.policy_name, info.name, "pick/pack", orders, capacity, "orders"))
        if info.daily_capacity_units is not None and units > 0:
            loads.append(
                Load(plan.policy_name, info.name, "print-on-demand line", units, info.daily_capacity_units, "units")
            )
        if own is not None and own.units_per_day is not None and units > 0 and info.kind == "dropship":
            loads.append(Load(plan.policy_name, info.name, "dropship line", units, own.units_per_day, "units"))
        if own is not None and own.parcels_per_pickup is not None and orders > 0 and info.service is not None:
            days = len(info.service.pickup_weekdays)
            per_pickup = orders * 7.0 / days if days else float("inf")
            loads.append(
                Load(
                    plan.policy_name,
                    info.name,
                    "carrier pickup",
                    per_pickup,
                    own.parcels_per_pickup,
                    "parcels",
                    per="pickup",
                )
            )
    if cap is not None and cap.suppliers:
        asked = supplier_demand(network, {n: u for n, (_, u) in demand.items()})
        for s, units in sorted(asked.items()):
            name = network.suppliers[s].name
            if name in cap.suppliers and units > 0:
                capacity = cap.suppliers[name].units_per_day
                loads.append(Load(plan.policy_name, name, "supply", units, capacity, "units", kind="supplier"))
    return loads


def supplier_demand(network: Network, node_units: dict[int, float]) -> dict[int, float]:
    """Supplier index → units a day it replenishes: every stock node's units a day, followed up its
    `replenish_from` chain (nodes feeding nodes) to the supplier at its end."""
    out: dict[int, float] = {}
    for n, units in node_units.items():
        seen = set()
        info = network.nodes[n]
        while info.source_node is not None and info.source_node not in seen:
            seen.add(info.index)
            info = network.nodes[info.source_node]
        if info.source_supplier is not None:
            out[info.source_supplier] = out.get(info.source_supplier, 0.0) + units
    return out


def overloads(network: Network, plans: list[Plan]) -> list[Load]:
    """The resources offered more than their capacity (ratio above 1), over `plans`."""
    return [load for plan in plans for load in offered_loads(network, plan) if load.ratio > 1.0]
