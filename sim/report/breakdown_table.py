"""The report's per-channel and per-node table (breakdown.csv) and the simulated alerts log (alerts.csv).

Both files are optional inputs (older results folders lack them): without one, its table is left
out and the folder's `missing` notes say why. Values are means over replications; the alerts log
is summarised as alerts per replication by policy and kind, with the first rows of replication 0
listed. User text (node and SKU names) reaches the page through the template, which escapes it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sim.metrics.breakdown import BREAKDOWN_METRICS

SHOWN = (
    ("parcels", "parcels", "{:,.0f}"),
    ("units_shipped", "units", "{:,.0f}"),
    ("cost", "cost", "{:,.0f}"),
    ("carrier_on_time_rate", "carrier on time", "{:.1%}"),
    ("pick_utilisation", "pick/pack utilisation", "{:.1%}"),
    ("backlog_units_mean", "backlog (units)", "{:,.1f}"),
    # not a promise kept: due by placed + the *mean* lead time, so ≈ 50 % for a symmetric lead time
    ("supplier_on_time_rate", "POs within mean lead time", "{:.1%}"),
)
QUEUE_SHOWN = (  # scope "resource": per queueing resource (sim.metrics.capacity)
    ("jobs", "jobs", "{:,.0f}"),
    ("utilisation", "utilisation", "{:.1%}"),
    ("wait_probability", "share waiting", "{:.1%}"),
    ("wait_minutes_mean", "wait (min)", "{:,.1f}"),
    ("wait_minutes_p90", "wait p90 (min)", "{:,.1f}"),
    ("queue_length_mean", "queue length", "{:,.2f}"),
    ("carried_over_mean", "carried over at midnight", "{:,.1f}"),
    ("overtime_hours", "overtime (station-h)", "{:,.0f}"),
)
MAX_LOG_ROWS = 40


@dataclass
class NetworkTables:
    """What the template shows."""

    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # policy, scope, name, values…
    alert_counts: list[list[str]] = field(default_factory=list)  # policy, alert, per replication
    alert_rows: list[list[str]] = field(default_factory=list)  # policy, day, node, sku, alert, value, threshold
    alert_hidden: int = 0
    queue_headers: list[str] = field(default_factory=list)
    queue_rows: list[list[str]] = field(default_factory=list)  # policy, resource, values…


def _fmt(template: str, value: float) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else template.format(value)


def network_tables(breakdown: pd.DataFrame | None, alerts: pd.DataFrame | None, policies: list[str]) -> NetworkTables:
    out = NetworkTables()
    if breakdown is not None and not breakdown.empty and (breakdown["scope"] == "resource").any():
        queues = breakdown[breakdown["scope"] == "resource"]
        breakdown = breakdown[breakdown["scope"] != "resource"]
        q_means = queues.groupby(["policy", "name", "metric"], sort=False)["value"].mean()
        out.queue_headers = ["policy", "resource"] + [label for _, label, _ in QUEUE_SHOWN]
        for policy in policies:
            for name in queues[queues["policy"] == policy]["name"].drop_duplicates():
                row = [policy, str(name)]
                row += [_fmt(t, float(q_means.get((policy, name, m), math.nan))) for m, _, t in QUEUE_SHOWN]
                out.queue_rows.append(row)
    if breakdown is not None:
        breakdown = breakdown[breakdown["scope"].isin(("channel", "node"))]  # per-SKU rows: breakdown.csv only
    if breakdown is not None and not breakdown.empty:
        means = breakdown.groupby(["policy", "scope", "name", "metric"], sort=False)["value"].mean()
        out.headers = ["policy", "scope", "node or channel"] + [label for _, label, _ in SHOWN]
        keys = breakdown[["policy", "scope", "name"]].drop_duplicates()
        order = {p: i for i, p in enumerate(policies)}
        keys = keys.assign(_p=keys.policy.map(order), _s=keys.scope.map({"channel": 0, "node": 1}))
        for _, key in keys.sort_values(["_p", "_s"], kind="stable").iterrows():
            row = [str(key.policy), str(key.scope), str(key["name"])]
            for metric, _, template in SHOWN:
                value: Any = means.get((key.policy, key.scope, key["name"], metric), math.nan)
                row.append(_fmt(template, float(value)))
            out.rows.append(row)
    if alerts is not None and not alerts.empty:
        reps = max(int(alerts.replication.max()) + 1, 1)
        counts = alerts.groupby(["policy", "alert"], sort=False).size()
        for policy in policies:
            for alert in ("a_item_out_of_stock", "below_reorder_point", "dio_above_60"):
                n = int(counts.get((policy, alert), 0))
                if n:
                    out.alert_counts.append([policy, alert, f"{n / reps:,.1f}"])
        first = alerts[alerts.replication == 0]
        for _, a in first.head(MAX_LOG_ROWS).iterrows():
            value = "∞" if math.isinf(a.value) else f"{a.value:,.1f}"
            out.alert_rows.append(
                [str(a.policy), str(a.day), str(a.node), str(a.sku), str(a.alert), value, f"{a.threshold:g}"]
            )
        out.alert_hidden = max(0, len(first) - MAX_LOG_ROWS)
    return out


__all__ = ["BREAKDOWN_METRICS", "NetworkTables", "network_tables"]
