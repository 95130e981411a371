"""The customer-order KPIs of multi-line orders (baskets), defined in docs/MODEL.md. No SimPy here.

The tally counts each basket line as an order (sim.record.baskets); here a *customer order* is a
one-line order or a whole basket: the basket's lines are taken out of the tally's order counts and
the basket put in. Without baskets every customer order is one line in one parcel, so the KPIs are
1 line, 1 parcel, no split, the order fill rate at first attempt and the delivery times of the
existing KPIs; a one-line order's own splits (`routing.split_shipments`, a backorder shipped later)
are not counted as splits here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

from sim.base.timebase import DAY
from sim.record.baskets import BasketCounters
from sim.record.counters import Tally

BASKET_KPI_NAMES = (
    "customer_orders",
    "lines_per_order",
    "parcels_per_order",
    "split_order_rate",
    "order_complete_fill_rate",
    "delivery_days_last_parcel_mean",
    "delivery_days_last_parcel_p90",
    "split_shipping_cost",
)

BASKET_DESCRIPTIONS = {
    "customer_orders": "customer orders placed: one-SKU orders plus baskets (`orders` counts a basket's lines)",
    "lines_per_order": "order lines ÷ customer orders (a basket is one order; a one-SKU order one line)",
    "parcels_per_order": "parcels ÷ delivered customer orders (a basket's parcels: its distinct (node, pickup))",
    "split_order_rate": "delivered customer orders that left in more than one parcel ÷ delivered customer orders",
    "order_complete_fill_rate": "customer orders whose every line was filled at the first routing attempt ÷ orders",
    "delivery_days_last_parcel_mean": "order placed → its last parcel delivered, mean over delivered customer orders",
    "delivery_days_last_parcel_p90": "order placed → its last parcel delivered, 90th percentile (days)",
    "split_shipping_cost": "per-shipment charges of split baskets beyond their dearest parcel's (extra cost of splits)",
}


def basket_kpis(tally: Tally, percentile_days: Callable[[Counter[int], float], float]) -> dict[str, float]:
    """The KPIs of `BASKET_KPI_NAMES` from the tally and its basket counters (module docstring)."""
    b = tally.baskets if tally.baskets is not None else BasketCounters()
    orders = tally.orders - b.lines + b.baskets
    delivered = tally.orders_delivered - b.line_delivered + b.delivered
    minutes: Counter[int] = Counter(tally.delivery_minutes)
    minutes.subtract(b.line_minutes)
    minutes.update(b.minutes)
    minutes = +minutes  # drop the zero counts
    single_delivered = tally.orders_delivered - b.line_delivered
    return {
        "customer_orders": float(orders),
        "lines_per_order": _ratio(tally.orders, orders),
        "parcels_per_order": _ratio(single_delivered + b.parcels, delivered),
        "split_order_rate": _ratio(b.split, delivered),
        "order_complete_fill_rate": _ratio(tally.orders_full_first - b.lines_full_first + b.complete, orders),
        "delivery_days_last_parcel_mean": _ratio(
            (tally.delivery_s_total - b.line_delivery_s + b.delivery_s) / DAY, delivered
        ),
        "delivery_days_last_parcel_p90": percentile_days(minutes, 0.90),
        "split_shipping_cost": b.split_cost,
    }


def _ratio(a: float, b: float) -> float:
    return a / b if b else math.nan
