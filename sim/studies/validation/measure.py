"""What one validation run measures: KPIs plus quantities the KPIs do not expose.

Everything here is read after the run, from the run's counters or its event log; nothing is added
to the simulation's hot path. Time averages cover the statistics window [warm-up, horizon).

| measure            | definition (window) | source |
|---|---|---|
| `fill_rate`        | KPI `fill_rate_units` | counters |
| `csl`              | KPI `cycle_service_level` | counters |
| `on_hand`          | KPI `avg_inventory_units` (time average) | counters |
| `backorders`       | time-average customer units waiting for stock | KPI `backorders_mean` once it exists, until then `Tally.backorders_area` |
| `lost_per_day`     | units lost per day | KPI `units_lost` ÷ days |
| `orders_per_year`  | purchase orders placed per 365 days | KPI `purchase_orders` once it exists, until then counters |
| `holding_per_day`  | KPI `cost_holding` ÷ days | counters |
| `ordering_per_day` | KPI `cost_ordering` ÷ days | counters |
| `hold_order_per_day` | (KPI `cost_holding` + `cost_ordering`) ÷ days | counters |
| `delivery_days`    | KPI `delivery_days_mean` | counters |
| `pp_p_wait`        | share of orders that wait for a pick/pack station | event log |
| `pp_wait_min`      | mean wait for a station, minutes | event log |
| `pp_sojourn_min`   | mean wait + pick/pack, minutes | event log |
| `pp_in_queue`      | time-average orders waiting for a station | event log |
| `pp_in_system`     | time-average orders waiting or being picked | event log |
| `ready_days`       | mean order → ready to ship at the (virtual) source, days | event log |
| `open_orders`      | time-average orders placed and not yet delivered (lost orders excluded) | event log |

Pick/pack start times are not logged; they follow from the logged arrival and ready times by the
first-come-first-served multi-server recursion (start = max(arrival, earliest free station)),
which is the definition of the stations' discipline (sim.model.stock).
"""

from __future__ import annotations

import heapq
import math
from typing import Any

import numpy as np

from sim.base.timebase import DAY, MINUTE
from sim.metrics.kpis import kpis
from sim.model.model import Model, RunOutput
from sim.record.eventlog import EVENTS

ORDER, ALLOCATE, SHIP = EVENTS.index("order"), EVENTS.index("allocate"), EVENTS.index("ship")

LOG_MEASURES = frozenset({"pick_pack", "ready", "open_orders"})
"""Measure groups that need the event log (the run is made with `events=True`)."""


def measure(model: Model, out: RunOutput, groups: frozenset[str]) -> dict[str, float]:
    """Every measurement of one run; `groups` adds the log-based ones (`LOG_MEASURES`)."""
    tally = out.tally
    values = kpis(tally, out.units_backordered_end)
    window_s = tally.horizon_s - tally.warmup_s
    days = window_s / DAY
    result = {
        "fill_rate": values["fill_rate_units"],
        "csl": values["cycle_service_level"],
        "on_hand": values["avg_inventory_units"],
        "backorders": values.get("backorders_mean", tally.backorders_area / window_s),
        "lost_per_day": values["units_lost"] / days,
        "orders_per_year": values.get("purchase_orders", tally.purchase_orders) / days * 365,
        "delivery_days": values["delivery_days_mean"],
        "holding_per_day": values["cost_holding"] / days,
        "ordering_per_day": values["cost_ordering"] / days,
        "hold_order_per_day": (values["cost_holding"] + values["cost_ordering"]) / days,
    }
    if groups & LOG_MEASURES:
        assert out.log is not None, "log-based measures need a run with events=True"
        log = {name: np.asarray(getattr(out.log, name)) for name in ("t", "event", "order_id", "node", "t2")}
        if "pick_pack" in groups:
            result.update(_pick_pack(model, log, tally.warmup_s, tally.horizon_s))
        if "ready" in groups:
            result["ready_days"] = _ready_days(log, tally.warmup_s, tally.horizon_s)
        if "open_orders" in groups:
            result["open_orders"] = _open_orders(log, tally.warmup_s, tally.horizon_s)
    return result


def _overlap(start: np.ndarray[Any, Any], end: np.ndarray[Any, Any], low: int, high: int) -> float:
    """Σ |[start, end) ∩ [low, high)| in seconds."""
    return float(np.sum(np.clip(np.minimum(end, high) - np.maximum(start, low), 0, None)))


def _pick_pack(model: Model, log: dict[str, np.ndarray[Any, Any]], low: int, high: int) -> dict[str, float]:
    nodes = [n for n in model.stock_nodes.values() if n.stations]
    if len(nodes) != 1:
        raise ValueError("pick/pack measures need exactly one node with pick/pack stations")
    node = nodes[0]
    rows = (log["event"] == ALLOCATE) & (log["node"] == node.info.index)
    arrival, ready = log["t"][rows], log["t2"][rows]
    free = [0] * len(node.stations)
    start = np.empty_like(arrival)
    for i, (a, r) in enumerate(zip(arrival.tolist(), ready.tolist(), strict=True)):
        s = a if a > free[0] else free[0]
        start[i] = s
        heapq.heapreplace(free, r)
    counted = (arrival >= low) & (arrival < high)
    window = high - low
    return {
        "pp_p_wait": float(np.mean(start[counted] > arrival[counted])),
        "pp_wait_min": float(np.mean(start[counted] - arrival[counted])) / MINUTE,
        "pp_sojourn_min": float(np.mean(ready[counted] - arrival[counted])) / MINUTE,
        "pp_in_queue": _overlap(arrival, start, low, high) / window,
        "pp_in_system": _overlap(arrival, ready, low, high) / window,
    }


def _ready_days(log: dict[str, np.ndarray[Any, Any]], low: int, high: int) -> float:
    rows = log["event"] == ALLOCATE
    t, ready = log["t"][rows], log["t2"][rows]
    counted = (t >= low) & (t < high)
    return float(np.mean(ready[counted] - t[counted])) / DAY if counted.any() else math.nan


def _open_orders(log: dict[str, np.ndarray[Any, Any]], low: int, high: int) -> float:
    """Orders are open from placement to their last delivery; a lost order is never open (it has no
    shipment), and the drain delivers everything else, so every open order has an end."""
    orders = log["event"] == ORDER
    ids, placed = log["order_id"][orders], log["t"][orders]
    ships = log["event"] == SHIP
    position = np.searchsorted(ids, log["order_id"][ships])  # order ids increase along the log
    delivered = placed.copy()
    np.maximum.at(delivered, position, log["t2"][ships])
    return _overlap(placed, delivered, low, high) / (high - low)
