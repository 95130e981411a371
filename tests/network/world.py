"""A hand-built three-node world for routing tests: every strategy has one documented answer.

A customer in `south` can be served by
* `far_cheap`   — north, zone 2 on post.std: 3 days, 2.00 a parcel, no fee (cheapest, first by priority);
* `near_pricey` — south, zone 1 on post.std: 2 days, 4.00 a parcel + 5.00 per order (nearest);
* `fast_express` — north, zone 2 on post.express: 1 day, 12.00 a parcel (fastest).
Every service picks up at 17:00 every day; random demand is off (orders are scripted).
"""

from __future__ import annotations

import copy
from typing import Any

from tests.helpers import events, silent

STD = {
    "name": "std",
    "pickup_time": "17:00",
    "pickup_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "rates": [
        {"zone": 1, "transit_days": {"kind": "fixed", "value": 2}, "cost_per_shipment": 4.0},
        {"zone": 2, "transit_days": {"kind": "fixed", "value": 3}, "cost_per_shipment": 2.0},
    ],
}
EXPRESS = {
    "name": "express",
    "pickup_time": "17:00",
    "pickup_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "rates": [
        {"zone": 1, "transit_days": {"kind": "fixed", "value": 1}, "cost_per_shipment": 12.0},
        {"zone": 2, "transit_days": {"kind": "fixed", "value": 1}, "cost_per_shipment": 12.0},
    ],
}


def world(strategy: str = "priority", **routing: Any) -> dict[str, Any]:
    """The three-node world, stocked everywhere (5 units each of A and B), with this routing."""
    data = silent()
    data["regions"] = [{"name": "north", "demand_share": 0.5}, {"name": "south", "demand_share": 0.5}]
    data["zones"] = [{"between": ["north", "south"], "zone": 2}]
    data["carriers"] = [{"name": "post", "services": [copy.deepcopy(STD), copy.deepcopy(EXPRESS)]}]
    wh = {k: v for k, v in data["nodes"][0].items() if k not in ("name", "region", "ships_with")}
    data["nodes"] = [
        {**wh, "name": "far_cheap", "region": "north", "ships_with": "post.std"},
        {**wh, "name": "near_pricey", "region": "south", "ships_with": "post.std", "fees": {"per_order": 5.0}},
        {**wh, "name": "fast_express", "region": "north", "ships_with": "post.express"},
        {**data["nodes"][1], "region": "north"},
    ]
    data["routing"] = {"strategy": strategy, "priority": ["far_cheap", "near_pricey", "fast_express"], **routing}
    data["policies"] = [{"name": "p", "kind": "stocked", "reorder": {"kind": "sS", "s": 0, "S": 5}}]
    return data


def allocations(m: Any) -> list[tuple[str, int]]:
    return [(e["node"], e["units"]) for e in events(m) if e["event"] == "allocate"]


def set_on_hand(m: Any, node: str, sku: int, units: int) -> None:
    """Start a slot with `units` on hand instead of its rule's level (before the run)."""
    slot = m.stock_nodes[m.network.node(node).index].slots[sku]
    slot.on_hand = slot.initial = units
