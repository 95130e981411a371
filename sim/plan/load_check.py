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

Carriers and dropship partners have no capacity in the scenario schema, so they are never overloaded.
Pure: no SimPy, no run.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.network.build import Network
from sim.plan.resolve import Plan

MINUTES_PER_DAY = 1440.0


@dataclass(frozen=True)
class Load:
    """The work offered to one resource of one node under one policy, and what it can do, per day."""

    policy: str
    node: str
    resource: str  # "pick/pack" or "print-on-demand line"
    offered: float  # per day, in `unit`
    capacity: float  # per day, in `unit`
    unit: str  # "orders" or "units"

    @property
    def ratio(self) -> float:
        return self.offered / self.capacity if self.capacity > 0 else float("inf")

    def message(self) -> str:
        """The warning's text (without the `warning:` prefix)."""
        return (
            f"policy {self.policy}: node {self.node} {self.resource} is offered {self.ratio:.1f}× its capacity "
            f"(about {self.offered:,.1f} {self.unit}/day vs {self.capacity:,.1f} {self.unit}/day, an estimate "
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


def offered_loads(network: Network, plan: Plan) -> list[Load]:
    """Every capacity-limited resource that receives first-choice demand under `plan`, with its load."""
    loads = []
    for n, (orders, units) in sorted(first_choice_demand(network, plan).items()):
        info = network.nodes[n]
        pp = info.pick_pack
        if pp is not None and orders > 0:
            minutes = pp.minutes_per_order.mean + pp.minutes_per_unit * (units / orders)
            capacity = pp.stations * MINUTES_PER_DAY / minutes if minutes > 0 else float("inf")
            loads.append(Load(plan.policy_name, info.name, "pick/pack", orders, capacity, "orders"))
        if info.daily_capacity_units is not None and units > 0:
            loads.append(
                Load(plan.policy_name, info.name, "print-on-demand line", units, info.daily_capacity_units, "units")
            )
    return loads


def overloads(network: Network, plans: list[Plan]) -> list[Load]:
    """The resources offered more than their capacity (ratio above 1), over `plans`."""
    return [load for plan in plans for load in offered_loads(network, plan) if load.ratio > 1.0]
