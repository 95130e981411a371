"""KPIs from one run's counters: one definition each, stable names (DESIGN.md §6). No SimPy here.

Every KPI covers the statistics window `[warmup, horizon)`: order KPIs cover the orders placed in
it (followed to delivery, however late), time-weighted KPIs the time in it. A ratio with nothing
to divide by (for example DIO when nothing is stocked and nothing sold) is NaN, not zero, so that
it cannot be mistaken for a measurement; summaries count only the replications that define it.
"""

from __future__ import annotations

import math
from collections import Counter

from sim.base.timebase import DAY, MINUTE
from sim.metrics.basket_kpis import BASKET_DESCRIPTIONS, BASKET_KPI_NAMES, basket_kpis
from sim.record.counters import CHANNELS, COST_COMPONENTS, Tally

HEADLINE = ("fill_rate_units", "cost_per_order", "delivery_days_p90")
"""The three KPIs a comparison leads with."""

PIPELINE = (
    "units_on_order_mean",
    "units_in_transit_mean",
    "units_in_transit_inbound_mean",
    "units_in_transit_outbound_mean",
    "purchase_orders",
    "purchase_order_units_mean",
    "units_backordered",
    "backorders_mean",
    "backorders_end_of_day_mean",
    "backorder_days_share",
    "backorder_wait_days_mean",
    "on_hand_end_of_day_mean",
    "wip_mean",
)
"""The pipeline, backorder, end-of-day and work-in-process KPIs (issue 15), in report order."""

KPI_NAMES = (
    "fill_rate_units",
    "fill_rate_orders",
    "cycle_service_level",
    "stockout_time_fraction",
    "delivery_days_mean",
    "delivery_days_p50",
    "delivery_days_p90",
    "delivery_days_p95",
    "on_time_rate",
    "promise_days_mean",
    "cost_total",
    "cost_per_order",
    *(f"cost_{c}" for c in COST_COMPONENTS),
    "revenue",
    "gross_margin",
    "avg_inventory_units",
    "avg_inventory_value",
    "dio_days",
    "inventory_turnover",
    "units_demanded",
    "units_delivered",
    "units_lost",
    "units_backordered_end",
    "units_returned",
    "orders",
    "units_walked_away",
    "refunds",
    "return_rate",
    "units_written_off",
    *PIPELINE,
    *(
        f"{kpi}_{channel}"
        for channel in CHANNELS
        for kpi in ("on_time_rate", "delivery_days_mean", "delivery_days_p90")
    ),
    *BASKET_KPI_NAMES,
    "units_salvaged",
    "salvage_credit",
)
"""Every KPI a run reports, in report order."""

DESCRIPTIONS = {
    "fill_rate_units": "units served from stock or accepted by a virtual source when routed ÷ units demanded",
    "fill_rate_orders": "orders fully served at first attempt ÷ orders",
    "cycle_service_level": "replenishment cycles (receipt to receipt) without a shortage ÷ cycles",
    "stockout_time_fraction": "time-weighted share of stocked (SKU, node) time at zero on hand",
    "delivery_days_mean": "order placed → last unit delivered, mean (days)",
    "delivery_days_p50": "order placed → delivered, median (days)",
    "delivery_days_p90": "order placed → delivered, 90th percentile (days)",
    "delivery_days_p95": "order placed → delivered, 95th percentile (days)",
    "on_time_rate": "orders delivered by the date promised at checkout ÷ orders delivered",
    "promise_days_mean": "order placed → the delivery promised at checkout (end of the promised day), mean over delivered orders",
    "cost_total": "sum of the cost components",
    "cost_per_order": "cost_total ÷ orders",
    "cost_product": "unit cost (plus any dropship/print premium) of units sold",
    "cost_shipping": "carrier charges for shipments to customers",
    "cost_fulfillment": "per-order and per-unit fees of the node that fulfils (own labour, 3PL, dropship, print)",
    "cost_storage": "storage fees per unit-day on hand",
    "cost_holding": "capital cost: holding rate × inventory value × time",
    "cost_ordering": "fixed costs of purchase and transfer orders",
    "cost_returns": "refunds + return shipping − unit cost of restocked returns (docs/NETWORK.md)",
    "cost_stockout": "lost units × unit margin (at least 0) + lost customers × lost-customer rate × CLV",
    "cost_fees": "marketplace referral fees",
    "revenue": "price × units sold",
    "gross_margin": "revenue − cost_product",
    "avg_inventory_units": "time-averaged units on hand, all stocked nodes",
    "avg_inventory_value": "time-averaged value on hand at unit cost",
    "dio_days": "avg_inventory_value ÷ daily cost of goods sold",
    "inventory_turnover": "annual cost of goods sold ÷ avg_inventory_value (= 365 / DIO)",
    "units_demanded": "units ordered by customers",
    "units_delivered": "units shipped to customers (delivery times known at pickup)",
    "units_lost": "units not sold (stock-out or no virtual source accepted)",
    "units_backordered_end": "units still waiting for stock when the run ends",
    "units_returned": "units of counted orders returned by customers (restocked or written off)",
    "orders": "customer orders placed",
    "cost_walkaway": "margin of units whose customers walked away at checkout (conversion elasticity)",
    "units_walked_away": "units of customers who walked away because the promise exceeded their tolerance",
    **{f"on_time_rate_{c}": f"on_time_rate of orders first served by a {c} node (NaN when none)" for c in CHANNELS},
    **{f"delivery_days_mean_{c}": f"delivery_days_mean of orders first served by a {c} node" for c in CHANNELS},
    **{f"delivery_days_p90_{c}": f"delivery_days_p90 of orders first served by a {c} node" for c in CHANNELS},
    "refunds": "money refunded to customers for returned units",
    "return_rate": "units_returned ÷ units_delivered",
    "units_written_off": "returned units not restocked (unsellable, or no stocked slot to take them)",
    "units_on_order_mean": "time-averaged replenishment units ordered (from suppliers, or transfers from upstream nodes) and not yet received",
    "units_in_transit_mean": "units_in_transit_inbound_mean + units_in_transit_outbound_mean",
    "units_in_transit_inbound_mean": "time-averaged units on their way to a stock node: supplier orders from placement, transfers from dispatch, to receipt",
    "units_in_transit_outbound_mean": "time-averaged units picked up by the carrier and not yet delivered to the customer",
    "purchase_orders": "replenishment orders placed in the window (to suppliers and transfer orders to upstream nodes)",
    "purchase_order_units_mean": "units per replenishment order (after MOQ, pack size and storage cap)",
    "units_backordered": "units of counted orders that waited for stock (backorders)",
    "backorders_mean": "time-averaged customer units waiting for stock",
    "backorders_end_of_day_mean": "customer units waiting for stock at the end of each day, mean over the window's days",
    "backorder_days_share": "share of the window's days ending with at least one customer unit waiting for stock",
    "backorder_wait_days_mean": "order placed → backordered unit allocated, mean over allocated units of counted orders (days)",
    "on_hand_end_of_day_mean": "units on hand at the end of each day, all stocked nodes, mean over the window's days",
    "wip_mean": "time-averaged units accepted by virtual sources (dropship, print-on-demand) and not yet handed to the carrier",
    **BASKET_DESCRIPTIONS,
    "cost_salvage": "one-time buys: units left at the end of the horizon × (unit cost − salvage value)",
    "cost_backorder": "backorder cost: units_backordered × cost per unit + backordered unit-days in the window × cost per unit-day",
    "units_salvaged": "one-time buys: units left at the end of the horizon, sold off at the salvage value",
    "salvage_credit": "one-time buys: units_salvaged × salvage value (already netted in cost_salvage)",
}


def _ratio(a: float, b: float) -> float:
    return a / b if b else math.nan


def percentile_days(histogram: Counter[int], p: float) -> float:
    """The p-quantile (smallest v with F(v) ≥ p) of a 1-minute histogram, as days at the bin's middle."""
    n = sum(histogram.values())
    if n == 0:
        return math.nan
    target = p * n
    cumulative = 0
    for minute in sorted(histogram):
        cumulative += histogram[minute]
        if cumulative >= target - 1e-9:
            return (minute * MINUTE + MINUTE / 2) / DAY
    return (max(histogram) * MINUTE + MINUTE / 2) / DAY


def pipeline_kpis(tally: Tally) -> dict[str, float]:
    """The `PIPELINE` KPIs: time averages over the window, end-of-day means over its whole days."""
    window_s = tally.horizon_s - tally.warmup_s
    inbound = tally.inbound_area / window_s
    outbound = tally.outbound_area / window_s
    days = tally.eod_days
    out = {
        "units_on_order_mean": tally.on_order_area / window_s,
        "units_in_transit_mean": inbound + outbound,
        "units_in_transit_inbound_mean": inbound,
        "units_in_transit_outbound_mean": outbound,
        "purchase_orders": float(tally.purchase_orders),
        "purchase_order_units_mean": _ratio(tally.purchase_order_units, tally.purchase_orders),
        "units_backordered": float(tally.units_backordered),
        "backorders_mean": tally.backorders_area / window_s,
        "backorders_end_of_day_mean": _ratio(tally.eod_backorders_sum, days),
        "backorder_days_share": _ratio(tally.eod_backorder_days, days),
        "backorder_wait_days_mean": _ratio(tally.backorder_wait_s / DAY, tally.backorder_units_allocated),
        "on_hand_end_of_day_mean": _ratio(tally.eod_on_hand_sum, days),
        "wip_mean": tally.wip_area / window_s,
    }
    assert tuple(out) == PIPELINE
    return out


def kpis(tally: Tally, units_backordered_end: int) -> dict[str, float]:
    """Every KPI of `KPI_NAMES` from one run's counters."""
    window_s = tally.horizon_s - tally.warmup_s
    cost_total = sum(tally.cost.values())
    avg_units = tally.inventory_units_area / window_s
    avg_value = tally.inventory_value_area / window_s
    daily_cogs = tally.cost["product"] / (window_s / DAY)
    out = {
        "fill_rate_units": _ratio(tally.units_filled_first, tally.units_demanded),
        "fill_rate_orders": _ratio(tally.orders_full_first, tally.orders),
        "cycle_service_level": _ratio(tally.cycles_without_shortage, tally.cycles),
        "stockout_time_fraction": _ratio(tally.zero_stock_s, tally.stocked_slot_s),
        "delivery_days_mean": _ratio(tally.delivery_s_total / DAY, tally.orders_delivered),
        "delivery_days_p50": percentile_days(tally.delivery_minutes, 0.50),
        "delivery_days_p90": percentile_days(tally.delivery_minutes, 0.90),
        "delivery_days_p95": percentile_days(tally.delivery_minutes, 0.95),
        "on_time_rate": _ratio(tally.orders_on_time, tally.orders_delivered),
        "promise_days_mean": _ratio(tally.promise_s_total / DAY, tally.orders_delivered),
        "cost_total": cost_total,
        "cost_per_order": _ratio(cost_total, tally.orders),
        **{f"cost_{c}": tally.cost[c] for c in COST_COMPONENTS},
        "revenue": tally.revenue,
        "gross_margin": tally.revenue - tally.cost["product"],
        "avg_inventory_units": avg_units,
        "avg_inventory_value": avg_value,
        "dio_days": _ratio(avg_value, daily_cogs) if avg_value > 0 else (0.0 if daily_cogs > 0 else math.nan),
        "inventory_turnover": _ratio(daily_cogs * 365, avg_value),
        "units_demanded": float(tally.units_demanded),
        "units_delivered": float(tally.units_delivered),
        "units_lost": float(tally.units_lost),
        "units_backordered_end": float(units_backordered_end),
        "units_returned": float(tally.units_returned),
        "orders": float(tally.orders),
        "units_walked_away": float(tally.units_walked_away),
        "refunds": tally.refunds,
        "return_rate": _ratio(tally.units_returned, tally.units_delivered),
        "units_written_off": float(tally.units_written_off),
        **pipeline_kpis(tally),
    }
    for code, channel in enumerate(CHANNELS):
        delivered = tally.delivered_by_channel[code]
        out[f"on_time_rate_{channel}"] = _ratio(tally.on_time_by_channel[code], delivered)
        out[f"delivery_days_mean_{channel}"] = _ratio(tally.delivery_s_by_channel[code] / DAY, delivered)
        out[f"delivery_days_p90_{channel}"] = percentile_days(tally.channel_histogram(code), 0.90)
    out.update(basket_kpis(tally, percentile_days))
    out["units_salvaged"] = float(tally.units_salvaged)
    out["salvage_credit"] = tally.salvage_credit
    assert tuple(out) == KPI_NAMES
    return out
