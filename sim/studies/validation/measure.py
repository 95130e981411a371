"""What one validation run measures: public KPIs and breakdown rows only.

A validation run is an ordinary run through the public path (`sim.experiment.runs.execute`, the
unit of work of `sim.run` / `sim.compare`), and every measurement below is read from what that run
reports: its KPIs (`RunRecord.kpis`, docs/MODEL.md) and, for queues, its breakdown rows of scope
`resource` (`sim.metrics.capacity`). Nothing reads the model's counters or its event log. Every
value covers the statistics window [warm-up, horizon); "days" is the window's length.

| measure            | definition | public source |
|---|---|---|
| `fill_rate`        | units served from stock ÷ units demanded | KPI `fill_rate_units` |
| `csl`              | cycles without a shortage ÷ cycles | KPI `cycle_service_level` |
| `on_hand`          | time-average units on hand | KPI `avg_inventory_units` |
| `on_hand_eod`      | units on hand at the end of each day, mean | KPI `on_hand_end_of_day_mean` |
| `backorders`       | time-average customer units waiting | KPI `backorders_mean` |
| `backorders_eod`   | customer units waiting at the end of each day, mean | KPI `backorders_end_of_day_mean` |
| `little_backorders` | `backorders_mean` − (`units_backordered` ÷ days) × `backorder_wait_days_mean` (Little: 0) | KPIs |
| `on_order`         | time-average units ordered and not yet received | KPI `units_on_order_mean` |
| `lost_per_day`     | units lost a day | KPI `units_lost` ÷ days |
| `orders_per_year`  | purchase orders a year | KPI `purchase_orders` ÷ days × 365 |
| `holding_per_day`, `ordering_per_day`, `hold_order_per_day` | costs a day | KPIs `cost_holding`, `cost_ordering` ÷ days |
| `profit`           | revenue − cost of units sold − cost of the leftovers less salvage (a one-time buy's season) | KPIs `revenue` − `cost_product` − `cost_salvage` |
| `salvaged`         | units left at the end of a one-time buy's season | KPI `units_salvaged` |
| `delivery_days`    | order placed → delivered, mean | KPI `delivery_days_mean` |
| `wip`              | units at virtual sources until handed to the carrier | KPI `wip_mean` |
| `open_units`       | units ordered by customers and not yet delivered, when every order goes to a virtual source | KPIs `wip_mean` + `units_in_transit_outbound_mean` |
| `pp_p_wait`, `pp_wait_min`, `pp_p90_min`, `pp_in_queue`, `pp_sojourn_min`, `pp_utilisation` | the pick/pack station | resource rows `wait_probability`, `wait_minutes_mean`, `wait_minutes_p90`, `queue_length_mean`, `time_in_system_minutes_mean`, `utilisation` |
| `pp_little`        | `queue_length_mean` − λ × `wait_minutes_mean` (Little: 0), λ the measured arrival rate `jobs` ÷ window | resource rows |

The pick/pack measures need the run's breakdown (the `monitor` a compare or run asks for): the case
lists the group `pick_pack` (`MONITOR_MEASURES`) for the policies that need it.
"""

from __future__ import annotations

import math

from sim.base.timebase import DAY, MINUTE
from sim.experiment.runs import RunRecord

MONITOR_MEASURES = frozenset({"pick_pack"})
"""Measure groups that need the run's breakdown rows (the run is made with `monitor=True`)."""


def _per(value: float, days: float) -> float:
    return value / days if days > 0 else math.nan


def measure(record: RunRecord, window_days: float, groups: frozenset[str]) -> dict[str, float]:
    """Every measurement of one run, from its public KPIs (and its resource rows for `groups`)."""
    k = record.kpis
    days = window_days
    backordered_rate = _per(k["units_backordered"], days)
    wait = k["backorder_wait_days_mean"]
    result = {
        "fill_rate": k["fill_rate_units"],
        "csl": k["cycle_service_level"],
        "on_hand": k["avg_inventory_units"],
        "on_hand_eod": k["on_hand_end_of_day_mean"],
        "backorders": k["backorders_mean"],
        "backorders_eod": k["backorders_end_of_day_mean"],
        "little_backorders": k["backorders_mean"] - (backordered_rate * wait if backordered_rate else 0.0),
        "on_order": k["units_on_order_mean"],
        "lost_per_day": _per(k["units_lost"], days),
        "orders_per_year": _per(k["purchase_orders"], days) * 365,
        "holding_per_day": _per(k["cost_holding"], days),
        "ordering_per_day": _per(k["cost_ordering"], days),
        "hold_order_per_day": _per(k["cost_holding"] + k["cost_ordering"], days),
        "profit": k["revenue"] - k["cost_product"] - k["cost_salvage"],
        "salvaged": k["units_salvaged"],
        "delivery_days": k["delivery_days_mean"],
        "wip": k["wip_mean"],
        "open_units": k["wip_mean"] + k["units_in_transit_outbound_mean"],
    }
    if "pick_pack" in groups:
        result.update(_pick_pack(record, days))
    return result


def _pick_pack(record: RunRecord, days: float) -> dict[str, float]:
    rows = record.breakdown or []
    names = {name for scope, name, _, _ in rows if scope == "resource" and name.endswith("/pick_pack")}
    if len(names) != 1:
        raise ValueError(f"pick/pack measures need exactly one pick/pack resource in the breakdown, found {names}")
    (name,) = names
    q = {metric: value for scope, row_name, metric, value in rows if scope == "resource" and row_name == name}
    arrivals_per_min = q["jobs"] / (days * DAY / MINUTE)
    return {
        "pp_p_wait": q["wait_probability"],
        "pp_wait_min": q["wait_minutes_mean"],
        "pp_p90_min": q["wait_minutes_p90"],
        "pp_in_queue": q["queue_length_mean"],
        "pp_sojourn_min": q["time_in_system_minutes_mean"],
        "pp_utilisation": q["utilisation"],
        "pp_little": q["queue_length_mean"] - arrivals_per_min * q["wait_minutes_mean"],
    }
