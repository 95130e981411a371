"""The report page's template context: every table and fact `templates/report.html.j2` shows, as plain data.

Built from the results folder (sim.report.folder) and what sim.report.html derived from it (verdict,
charts, alerts, catalogue classes); numbers are formatted with the one column spec of
sim.report.columns. No SimPy here, and nothing is rebuilt from the scenario but its summary.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from typing import Any

from sim.config import all_skus
from sim.experiment.results_folder import csv_text
from sim.metrics.kpis import DESCRIPTIONS, KPI_NAMES
from sim.report.abc_xyz import SkuClass, matrix
from sim.report.alerts_table import Alerts
from sim.report.breakdown_table import network_tables
from sim.report.charts import Chart
from sim.report.columns import KPI_TABLE, column_for
from sim.report.folder import SUMMARY_BASE_COLUMNS, ResultsFolder, parameter_columns
from sim.report.recommendation import RECOMMENDATION_FILE, sku_frame
from sim.report.verdict import Verdict
from sim.report.wording import VERDICT_METRICS, threshold_text


def summary_rows(folder: ResultsFolder) -> list[dict[str, Any]]:
    """One row per policy (and sweep setting) with every metric's (mean, low, high, n)."""
    summary = folder.summary
    params = parameter_columns(summary, SUMMARY_BASE_COLUMNS, folder.parameters)
    keys = ["policy", *params]
    rows: list[dict[str, Any]] = []
    order = {p: i for i, p in enumerate(folder.policies)}
    groups = summary.groupby(keys, sort=False, dropna=False)
    for key, group in groups:
        key_t = key if isinstance(key, tuple) else (key,)
        values = {
            str(r["metric"]): (float(r["mean"]), float(r["ci_low"]), float(r["ci_high"]), int(r["n"]))
            for r in group.to_dict("records")
        }
        rows.append({"policy": str(key_t[0]), "setting": dict(zip(params, key_t[1:], strict=True)), "values": values})
    rows.sort(key=lambda r: order.get(r["policy"], len(order)))
    return rows


def kpi_records(folder: ResultsFolder) -> list[dict[str, Any]]:
    """The KPI table as flat records (policy[, parameters], metric, label, unit, mean, ci_low, ci_high, n)."""
    out = []
    for row in summary_rows(folder):
        for column in KPI_TABLE:
            mean, low, high, n = row["values"].get(column.metric, (math.nan, math.nan, math.nan, 0))
            out.append(
                {
                    **row["setting"],
                    "policy": row["policy"],
                    "metric": column.metric,
                    "label": column.label,
                    "unit": column.unit,
                    "mean": mean,
                    "ci_low": low,
                    "ci_high": high,
                    "n": n,
                }
            )
    return out


def _cell(metric: str, values: tuple[float, float, float, int] | None) -> str:
    if values is None:
        return "–"
    mean, low, high, _ = values
    return column_for(metric).plus_minus(mean, low, high)


def _kpi_table(folder: ResultsFolder) -> dict[str, Any]:
    rows = summary_rows(folder)
    params = list(rows[0]["setting"]) if rows else []
    return {
        "headers": [c.header for c in KPI_TABLE],
        "descriptions": [DESCRIPTIONS.get(c.metric, "") for c in KPI_TABLE],
        "parameters": params,
        "rows": [
            {
                "policy": r["policy"],
                "setting": [r["setting"][p] for p in params],
                "cells": [_cell(c.metric, r["values"].get(c.metric)) for c in KPI_TABLE],
            }
            for r in rows
        ],
    }


def _all_kpis(folder: ResultsFolder) -> dict[str, Any]:
    rows = summary_rows(folder)
    if len(rows) > 12:  # a sweep: the full table per setting would be unreadable; summary.csv has it
        return {"columns": [], "rows": []}
    metrics = [m for m in KPI_NAMES if any(m in r["values"] for r in rows)]
    metrics += sorted({m for r in rows for m in r["values"]} - set(metrics))
    columns = [r["policy"] + "".join(f", {k}={v}" for k, v in r["setting"].items()) for r in rows]
    return {
        "columns": columns,
        "rows": [
            {
                "metric": m,
                "unit": {"%": "%", "money": "money"}.get(column_for(m).unit, column_for(m).unit),
                "description": DESCRIPTIONS.get(m, ""),
                "cells": [_cell(m, r["values"].get(m)) for r in rows],
            }
            for m in metrics
        ],
    }


def _scenario_summary(folder: ResultsFolder) -> dict[str, Any] | None:
    s = folder.scenario
    if s is None:
        return None
    facts = [
        ("name", s.name),
        ("description", s.description or "–"),
        ("start date", s.start_date.isoformat()),
        (
            "horizon",
            f"{s.horizon_days:g} days, of which the first {s.warmup_days:g} are warm-up (not in the KPIs)"
            + (" — chosen by warmup_days: auto (MSER-5 on a pilot run)" if folder.manifest.get("warmup") else ""),
        ),
        ("replications (scenario default)", str(s.replications)),
        ("seed (scenario default)", str(s.seed)),
        ("regions", ", ".join(f"{r.name} ({r.demand_share:g})" for r in s.regions)),
        ("SKUs", str(len(all_skus(s)))),
        ("suppliers", ", ".join(sp.name for sp in s.suppliers) or "–"),
        ("carriers", ", ".join(f"{c.name} ({', '.join(sv.name for sv in c.services)})" for c in s.carriers)),
        ("unmet demand", s.service.unmet_demand),
        ("routing", f"{s.routing.strategy}; promise at the {s.routing.promise_quantile:g} quantile"),
        *(
            (f"routing of {p.name}", f"{p.routing.strategy}; promise at the {p.routing.promise_quantile:g} quantile")
            for p in s.policies
            if p.routing is not None
        ),
        ("holding rate", f"{100 * s.costs.holding_rate_per_year:g} % of inventory value per year"),
    ]
    nodes = [
        {
            "name": n.name,
            "kind": n.kind,
            "region": n.region,
            "ships_with": getattr(n, "ships_with", None) or "–",
            "replenish_from": getattr(n, "replenish_from", None) or "–",
        }
        for n in s.nodes
    ]
    policies = []
    for p in s.policies:
        settings = p.model_dump(mode="json", exclude={"name", "kind"}, exclude_defaults=True)
        policies.append({"name": p.name, "kind": p.kind, "settings": _flat(settings) or "defaults"})
    return {"facts": facts, "nodes": nodes, "policies": policies}


def _flat(value: Any) -> str:
    """A compact one-line rendering of nested settings: `reorder: {kind: service_level, …}`."""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_brace(v)}" for k, v in value.items())
    return str(value)


def _brace(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + _flat(value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_brace(v) for v in value) + "]"
    return str(value)


def _manifest(folder: ResultsFolder) -> list[tuple[str, str]]:
    return [(str(k), _brace(v) if isinstance(v, dict | list) else str(v)) for k, v in folder.manifest.items()]


def _catalogue(classes: Sequence[SkuClass]) -> dict[str, Any] | None:
    if not classes:
        return None
    return {
        "rows": [
            [{"abc": c.abc, "xyz": c.xyz, "skus": c.skus, "share": f"{100 * c.revenue_share:.1f} %"} for c in row]
            for row in matrix(classes)
        ],
        "count": len(classes),
    }


SKU_HEADERS = (
    "SKU",
    "assignment",
    "stocked at",
    "dropship via",
    "reorder points",
    "ABC",
    "XYZ",
    "revenue/day",
    "revenue share",
    "cost/order stocked",
    "cost/order virtual",
    "reason",
)


def _recommendation(verdict: Verdict) -> dict[str, Any] | None:
    """The recommendation sentence and its per-SKU table (rows as display strings)."""
    rec = verdict.recommendation
    if rec is None:
        return None
    rows = [
        [
            r["sku"],
            r["assignment"],
            r["stocked_at"] or "–",
            r["dropship_via"] or "–",
            r["reorder_points"] or "–",
            r["abc"],
            r["xyz"],
            f"{r['revenue_per_day']:,.2f}",
            f"{100 * r['revenue_share']:.1f} %" if math.isfinite(r["revenue_share"]) else "–",
            _money(r["cost_per_order_stocked"]),
            _money(r["cost_per_order_virtual"]),
            r["reason"],
        ]
        for r in rec.skus
    ]
    return {
        "sentence": rec.sentence,
        "policy": rec.shown,
        "headers": SKU_HEADERS,
        "rows": rows,
        "csv": RECOMMENDATION_FILE if rows else None,
        # the same table inline, so the download works wherever the page is opened (it fetches nothing)
        "csv_href": "data:text/csv;charset=utf-8;base64,"
        + base64.b64encode(csv_text(sku_frame(rec.skus)).encode()).decode("ascii")
        if rows
        else None,
    }


def _money(value: float) -> str:
    """A break-even figure for the per-SKU table ("–" when absent, "∞" when no virtual source)."""
    if math.isnan(value):
        return "–"
    return "∞" if math.isinf(value) else f"{value:,.2f}"


def _thresholds(verdict: Verdict) -> str:
    found = {e.metric: e.threshold for e in verdict.effects}
    return (
        ", ".join(f"{w.noun} {threshold_text(w.metric, found[w.metric])}" for w in VERDICT_METRICS if w.metric in found)
        or "none"
    )


def page_context(
    folder: ResultsFolder,
    verdict: Verdict,
    charts: Sequence[Chart],
    chart_notes: Sequence[str],
    alerts: Alerts,
    classes: Sequence[SkuClass],
) -> dict[str, Any]:
    """Everything the template renders (the charts as `Chart`s: sim.report.html inlines their PNGs)."""
    manifest = folder.manifest
    name = str(manifest.get("scenario") or (folder.scenario.name if folder.scenario else folder.path.name))
    return {
        "scenario_name": name,
        "subtitle": (
            f"{len(folder.policies)} polic{'y' if len(folder.policies) == 1 else 'ies'} · "
            f"{folder.replications} replication{'s' if folder.replications != 1 else ''} each · "
            f"seed {manifest.get('seed', '?')} · supplysim {manifest.get('supplysim', '?')}"
        ),
        "policies": folder.policies,
        "verdict": verdict,
        "recommendation": _recommendation(verdict),
        "thresholds": _thresholds(verdict),
        "kpi_table": _kpi_table(folder),
        "all_kpis": _all_kpis(folder),
        "charts": charts,
        "chart_notes": chart_notes,
        "catalogue": _catalogue(classes),
        "alerts": alerts,
        "network": network_tables(folder.breakdown, folder.alerts_log, folder.policies),
        "scenario": _scenario_summary(folder),
        "missing": folder.missing,
        "manifest": _manifest(folder),
        "replications": folder.replications,
        "sweep": None,  # a sweep's best point and neighbours (sim.report.sweep_points), set by build_report
        "run_warnings": [str(w) for w in manifest.get("warnings") or [] if isinstance(manifest.get("warnings"), list)],
    }
