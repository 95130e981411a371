"""Per-node and per-channel KPIs of one run: shipments, cost, utilisation, backlog, on-time. No SimPy.

The processes fill one `NodeStats` per node used by the policy (sim.record.node_stats); `node_rows` turns them into tidy
rows (scope "node" with the node's name, and scope "channel" with the node kind, summed over the
kind's nodes). Like the headline KPIs, everything counts the statistics window: parcels and costs
of orders placed in [warmup, horizon) (followed to the end of the drain), purchase orders placed
in it, daily backlog samples and pick/pack time of counted orders.

| metric | definition |
|---|---|
| `parcels` | shipments (parcels) of counted orders handed to the carrier at this node |
| `units_shipped` | units in those parcels |
| `cost_shipping` | carrier charges of those parcels |
| `cost_fulfillment` | the node's per-order fee × parcels + per-unit fee × units (dropship/print: per-order fee) |
| `cost_fees` | marketplace referral fees on those units |
| `cost` | `cost_shipping + cost_fulfillment + cost_fees` (storage, holding and ordering are not split by node) |
| `orders_completed` | counted orders whose last shipment left from this node |
| `carrier_on_time_rate` | of those, the share delivered by the date promised at checkout |
| `pick_utilisation` | pick/pack busy time of counted orders ÷ (stations × window); NaN without pick/pack |
| `backlog_units_mean` | customer units waiting for stock at the node, sampled at the start of each day in the window |
| `purchase_orders` | purchase orders to a supplier placed in the window |
| `supplier_on_time_rate` | of those, the share due no later than placed + mean lead time (+ receiving); an outage makes it late |
| `units_on_order_mean` | time-averaged replenishment units the node has ordered (supplier or transfer) and not yet received |
| `units_in_transit_inbound_mean` | time-averaged units on their way to the node (supplier orders from placement, transfers from dispatch) |
| `units_in_transit_outbound_mean` | time-averaged units the carrier picked up at the node and has not yet delivered |
| `purchase_order_units_mean` | units per replenishment order (supplier or transfer) placed in the window |
| `backorders_mean` | time-averaged customer units waiting for stock at the node |
| `backorders_end_of_day_mean` | customer units waiting at the node at each day's end, mean over the window's days |
| `backorder_wait_days_mean` | order placed → allocated, mean over the node's backordered units of counted orders |
| `on_hand_end_of_day_mean` | units on hand at the node at each day's end, mean over the window's days |
| `wip_mean` | virtual source: time-averaged units accepted and not yet handed to the carrier (0 elsewhere) |

The per-node means add up to the run's KPIs of the same names (sim.metrics.kpis); a channel's
value is their sum over its nodes (ratios: of the sums). Scope "slot" (name `node/sku`) holds one
row per stocked (SKU, node): `orders_per_year`, its replenishment orders (supplier or transfer)
placed in the window × 365 ÷ the window's days.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sim.base.timebase import DAY
from sim.record.levels import NodeLevels
from sim.record.node_stats import NodeStats

if TYPE_CHECKING:
    from sim.network.build import Network

BREAKDOWN_COLUMNS = ["policy", "replication", "scope", "name", "metric", "value"]
LEVEL_METRICS = (
    "units_on_order_mean",
    "units_in_transit_inbound_mean",
    "units_in_transit_outbound_mean",
    "purchase_order_units_mean",
    "backorders_mean",
    "backorders_end_of_day_mean",
    "backorder_wait_days_mean",
    "on_hand_end_of_day_mean",
    "wip_mean",
)
"""Per-node pipeline, backorder, end-of-day and WIP figures (sim.record.levels)."""
ADDED_OVER_CHANNEL = (
    "units_on_order_mean",
    "units_in_transit_inbound_mean",
    "units_in_transit_outbound_mean",
    "backorders_mean",
    "backorders_end_of_day_mean",
    "on_hand_end_of_day_mean",
    "wip_mean",
)
SLOT_METRICS = ("orders_per_year",)
"""Scope "slot": per stocked (SKU, node)."""

BREAKDOWN_METRICS = (
    "parcels",
    "units_shipped",
    "cost_shipping",
    "cost_fulfillment",
    "cost_fees",
    "cost",
    "orders_completed",
    "carrier_on_time_rate",
    "pick_utilisation",
    "backlog_units_mean",
    "purchase_orders",
    "supplier_on_time_rate",
    *LEVEL_METRICS,
)

SUMMED_OVER_CHANNEL = (
    "parcels",
    "units_shipped",
    "cost_shipping",
    "cost_fulfillment",
    "cost_fees",
    "cost",
    "orders_completed",
    "purchase_orders",
)
"""A channel's value of these metrics is the sum over its nodes (the rest are ratios of sums)."""


_CHANNEL_TOTALS = ("busy", "capacity", "on_time", "po_on_time", "po", "po_units", "wait_s", "allocated")


def _ratio(a: float, b: float) -> float:
    return a / b if b else math.nan


def level_values(levels: NodeLevels | None, window_s: int) -> dict[str, float]:
    """`LEVEL_METRICS` of one node (all 0, ratios NaN, without recorded levels)."""
    lv = levels if levels is not None else NodeLevels()
    days = lv.eod_days
    return {
        "units_on_order_mean": lv.on_order_area / window_s,
        "units_in_transit_inbound_mean": lv.inbound_area / window_s,
        "units_in_transit_outbound_mean": lv.outbound_area / window_s,
        "purchase_order_units_mean": _ratio(lv.purchase_order_units, lv.purchase_orders),
        "backorders_mean": lv.backorders_area / window_s,
        "backorders_end_of_day_mean": _ratio(lv.eod_backorders_sum, days),
        "backorder_wait_days_mean": _ratio(lv.backorder_wait_s / DAY, lv.backorder_units_allocated),
        "on_hand_end_of_day_mean": _ratio(lv.eod_on_hand_sum, days),
        "wip_mean": lv.wip_area / window_s,
    }


def slot_rows(
    nodes: Sequence[Any], stats: dict[int, NodeStats], window_s: int, sku_ids: Sequence[str]
) -> list[tuple[str, str, str, float]]:
    """Scope "slot" rows: `orders_per_year` of every stocked (SKU, node), by node then SKU index."""
    rows: list[tuple[str, str, str, float]] = []
    years = window_s / DAY / 365
    for index in sorted(stats):
        levels = stats[index].levels
        if levels is None:
            continue
        for sku in levels.stocked:
            orders = levels.orders_by_sku.get(sku, 0)
            rows.append(("slot", f"{nodes[index].name}/{sku_ids[sku]}", "orders_per_year", orders / years))
    return rows


def node_rows(nodes: Sequence[Any], stats: dict[int, NodeStats], window_s: int) -> list[tuple[str, str, str, float]]:
    """(scope, name, metric, value) rows: one block per node used, then one per channel (node kind).

    `nodes` are the network's NodeInfo records (name, kind, fee_per_order, fee_per_unit, pick_pack)."""
    rows: list[tuple[str, str, str, float]] = []
    channels: dict[str, dict[str, float]] = {}
    for index in sorted(stats):
        info, s = nodes[index], stats[index]
        stations = info.pick_pack.stations if info.pick_pack is not None else 0
        fulfil = info.fee_per_order * s.parcels + info.fee_per_unit * s.units
        values = {
            "parcels": float(s.parcels),
            "units_shipped": float(s.units),
            "cost_shipping": s.shipping,
            "cost_fulfillment": fulfil,
            "cost_fees": s.fees,
            "cost": s.shipping + fulfil + s.fees,
            "orders_completed": float(s.orders_completed),
            "carrier_on_time_rate": _ratio(s.on_time, s.orders_completed),
            "pick_utilisation": _ratio(s.pick_busy_s, stations * window_s) if stations else math.nan,
            "backlog_units_mean": _ratio(s.backlog_sum, s.backlog_days) if s.backlog_days else 0.0,
            "purchase_orders": float(s.purchase_orders),
            "supplier_on_time_rate": _ratio(s.purchase_orders_on_time, s.purchase_orders),
            **level_values(s.levels, window_s),
        }
        rows += [("node", info.name, m, values[m]) for m in BREAKDOWN_METRICS]
        c = channels.setdefault(info.kind, dict.fromkeys(_CHANNEL_TOTALS, 0.0))
        if s.levels is not None:
            lv = s.levels
            c["po"] += lv.purchase_orders
            c["po_units"] += lv.purchase_order_units
            c["wait_s"] += lv.backorder_wait_s
            c["allocated"] += lv.backorder_units_allocated
        for m in ADDED_OVER_CHANNEL:
            c[m] = c.get(m, 0.0) + values[m]
        for m in SUMMED_OVER_CHANNEL:
            c[m] = c.get(m, 0.0) + values[m]
        c["busy"] += s.pick_busy_s
        c["capacity"] += stations * window_s
        c["on_time"] += s.on_time
        c["po_on_time"] += s.purchase_orders_on_time
        c["backlog_units_mean"] = c.get("backlog_units_mean", 0.0) + values["backlog_units_mean"]
    for kind in sorted(channels):
        c = channels[kind]
        values = {
            **{m: c[m] for m in SUMMED_OVER_CHANNEL},
            "carrier_on_time_rate": _ratio(c["on_time"], c["orders_completed"]),
            "pick_utilisation": _ratio(c["busy"], c["capacity"]),
            "backlog_units_mean": c["backlog_units_mean"],
            "supplier_on_time_rate": _ratio(c["po_on_time"], c["purchase_orders"]),
            **{m: c[m] for m in ADDED_OVER_CHANNEL},
            "purchase_order_units_mean": _ratio(c["po_units"], c["po"]),
            "backorder_wait_days_mean": _ratio(c["wait_s"] / DAY, c["allocated"]),
        }
        rows += [("channel", kind, m, values[m]) for m in BREAKDOWN_METRICS]
    return rows


def breakdown_rows(network: Network, stats: dict[int, NodeStats] | None) -> list[tuple[str, str, str, float]] | None:
    """`node_rows` of one run's statistics over the window [warmup, horizon); None when the run kept
    none (it ran without the monitor: `RunOutput.node_stats` is None)."""
    if stats is None:
        return None
    window_s = network.horizon_s - network.warmup_s
    rows = node_rows(network.nodes, stats, window_s)
    return rows + slot_rows(network.nodes, stats, window_s, [sku.id for sku in network.skus])


BREAKDOWN_DTYPES = ("string", "int64", "string", "string", "string", "float64")
"""The dtypes of BREAKDOWN_COLUMNS (sim.experiment.replications.tidy_breakdown builds the frame)."""


__all__ = [
    "BREAKDOWN_COLUMNS",
    "BREAKDOWN_DTYPES",
    "BREAKDOWN_METRICS",
    "LEVEL_METRICS",
    "SLOT_METRICS",
    "breakdown_rows",
    "node_rows",
    "slot_rows",
]
