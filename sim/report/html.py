"""The planner's HTML report: one self-contained `report.html` (and the same charts as PNG in `plots/`).

`write_report(results_dir)` reads a results folder (sim.report.folder), words the verdict
(sim.report.verdict), draws the charts (sim.report.plots, .catalogue), derives the alerts
(sim.report.alerts_table) and renders `templates/report.html.j2` with Jinja2, autoescaping on, so any
text from the scenario (SKU ids, node names, the description) shows as text, never as markup.
Images are inline base64 PNGs and the CSS is in the file: opening it needs no network.

Writing is atomic: `plots/` is built in a temporary sibling folder and swapped in, then
`report.html` is written to a temporary file and renamed. `compare` calls this on the results
folder's *temporary* copy before that folder is renamed into place (see `Results.write(finish=…)`),
so a results folder never appears without its report. No SimPy here.
"""

from __future__ import annotations

import base64
import math
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from sim.experiment.results_folder import atomic_write_text
from sim.metrics.kpis import DESCRIPTIONS, KPI_NAMES
from sim.report.abc_xyz import SkuClass, abc_xyz_chart, classify, matrix
from sim.report.alerts_table import Alerts, build_alerts
from sim.report.breakdown_table import network_tables
from sim.report.charts import DPI, Chart, house_style
from sim.report.columns import KPI_TABLE, column_for
from sim.report.folder import SUMMARY_BASE_COLUMNS, ResultsFolder, parameter_columns, read_results_folder
from sim.report.plots import cost_breakdown_chart, delivery_chart, inventory_charts, response_curves, tradeoff_chart
from sim.report.verdict import Verdict, build_verdict

REPORT_FILE = "report.html"
PLOTS_DIR = "plots"


@dataclass
class Report:
    """A report built in memory: what the template renders and what the CLI prints."""

    folder: ResultsFolder
    verdict: Verdict
    charts: list[Chart]
    chart_notes: list[str]
    alerts: Alerts
    classes: list[SkuClass] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)

    def kpi_records(self) -> list[dict[str, Any]]:
        """The KPI table as flat records (policy[, parameters], metric, label, unit, mean, ci_low, ci_high, n)."""
        out = []
        for row in _summary_rows(self.folder):
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


# ---------------------------------------------------------------------------------------------
# building


def _summary_rows(folder: ResultsFolder) -> list[dict[str, Any]]:
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


def _network(folder: ResultsFolder) -> Any:
    if folder.scenario is None:
        return None
    from sim.network.build import build_network

    return build_network(folder.scenario)


def build_report(folder: ResultsFolder) -> Report:
    """Everything the report shows, computed from the folder (charts as matplotlib figures)."""
    verdict = build_verdict(folder.comparisons, folder.summary, folder.policies, folder.parameters)
    network = _network(folder)
    scenario = folder.scenario
    warmup = float(scenario.warmup_days) if scenario is not None else 0.0
    charts: list[Chart] = []
    notes: list[str] = []
    sweep = bool(folder.parameters)

    def add(chart: Chart | None, what: str) -> None:
        if chart is None:
            notes.append(f"{what}: nothing to draw.")
        else:
            charts.append(chart)

    with house_style():
        if sweep:
            notes.append(
                "This is a sweep: the per-policy charts (trade-off, delivery times, cost breakdown, inventory) "
                "pool every parameter setting, so they are left out; see the response curves."
            )
            curves = response_curves(folder.kpis, folder.parameters, folder.policies)
            charts += curves
            if not curves:
                notes.append("Response curves: no swept parameter takes two or more values.")
        else:
            add(tradeoff_chart(folder.summary, folder.policies), "Trade-off chart")
            if folder.delivery_times is not None:
                quantile = scenario.routing.promise_quantile if scenario is not None else None
                add(delivery_chart(folder.delivery_times, folder.summary, folder.policies, quantile), "Delivery times")
            else:
                notes.append(f"Delivery times: delivery_times.parquet {folder.missing['delivery_times.parquet']}.")
            add(cost_breakdown_chart(folder.kpis, folder.summary, folder.policies), "Cost breakdown")
            if folder.inventory_daily is not None:
                inventory = inventory_charts(folder.inventory_daily, folder.policies, warmup)
                charts += inventory
                if not inventory:
                    notes.append("Inventory: no policy holds stock, so there is no inventory to show.")
            else:
                notes.append(f"Inventory: inventory_daily.parquet {folder.missing['inventory_daily.parquet']}.")
        classes = classify(network) if network is not None else []
        if classes:
            add(abc_xyz_chart(classes), "ABC-XYZ matrix")
    alerts = build_alerts(folder.summary, folder.inventory_daily, folder.policies, network, warmup)
    report = Report(folder, verdict, charts, notes, alerts, classes)
    report.context = _context(report)
    return report


# ---------------------------------------------------------------------------------------------
# template context


def _cell(metric: str, values: tuple[float, float, float, int] | None) -> str:
    if values is None:
        return "–"
    mean, low, high, _ = values
    return column_for(metric).plus_minus(mean, low, high)


def _kpi_table(report: Report) -> dict[str, Any]:
    rows = _summary_rows(report.folder)
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


def _all_kpis(report: Report) -> dict[str, Any]:
    rows = _summary_rows(report.folder)
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
    from sim.config import all_skus

    facts = [
        ("name", s.name),
        ("description", s.description or "–"),
        ("start date", s.start_date.isoformat()),
        ("horizon", f"{s.horizon_days:g} days, of which the first {s.warmup_days:g} are warm-up (not in the KPIs)"),
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


def _catalogue(report: Report) -> dict[str, Any] | None:
    if not report.classes:
        return None
    return {
        "rows": [
            [{"abc": c.abc, "xyz": c.xyz, "skus": c.skus, "share": f"{100 * c.revenue_share:.1f} %"} for c in row]
            for row in matrix(report.classes)
        ],
        "count": len(report.classes),
    }


def _context(report: Report) -> dict[str, Any]:
    folder = report.folder
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
        "verdict": report.verdict,
        "kpi_table": _kpi_table(report),
        "all_kpis": _all_kpis(report),
        "charts": report.charts,
        "chart_notes": report.chart_notes,
        "catalogue": _catalogue(report),
        "alerts": report.alerts,
        "network": network_tables(folder.breakdown, folder.alerts_log, folder.policies),
        "scenario": _scenario_summary(folder),
        "missing": folder.missing,
        "manifest": _manifest(folder),
        "replications": folder.replications,
    }


# ---------------------------------------------------------------------------------------------
# rendering and writing


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sim.report", "templates"),
        autoescape=True,  # every {{ … }} is escaped: scenario text can never become markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["emphasise"] = emphasise
    return env


def emphasise(text: str, names: Sequence[str]) -> Markup:
    """Escape `text`, then wrap whole-word occurrences of `names` (policy names) in <strong>."""
    escaped = str(escape(text))
    targets = sorted({str(escape(n)) for n in names if n}, key=len, reverse=True)
    if not targets:
        return Markup(escaped)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in targets) + r")(?![\w-])")
    return Markup(pattern.sub(r"<strong>\1</strong>", escaped))


def render_html(report: Report, images: dict[str, bytes]) -> str:
    """The report page, with each chart's PNG inline as a data URI."""
    charts = []
    for chart in report.charts:
        png = images[chart.name]
        width, height = (round(v * DPI) for v in chart.figure.get_size_inches())
        charts.append(
            {
                "name": chart.name,
                "title": chart.title,
                "alt": chart.alt,
                "caption": chart.caption,
                "src": "data:image/png;base64," + base64.b64encode(png).decode("ascii"),
                "width": width,
                "height": height,
            }
        )
    template = _environment().get_template("report.html.j2")
    return template.render(**{**report.context, "charts": charts})


def _umask_mode(directory: bool) -> int:
    """The mode a plain `open`/`mkdir` would give (temporary files are created private)."""
    mask = os.umask(0)
    os.umask(mask)
    return (0o777 if directory else 0o666) & ~mask


def _swap_in_plots(folder: Path, images: dict[str, bytes]) -> None:
    """Write plots/ whole: into a temporary sibling, then swapped with the old one."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{PLOTS_DIR}.tmp-", dir=folder))
    try:
        os.chmod(tmp, _umask_mode(directory=True))
        for name, png in images.items():
            (tmp / f"{name}.png").write_bytes(png)
        target = folder / PLOTS_DIR
        old = None
        if target.exists():
            old = folder / f".{PLOTS_DIR}.old-{os.getpid()}"
            shutil.rmtree(old, ignore_errors=True)
            os.rename(target, old)
        os.rename(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def save_report(report: Report) -> Path:
    """Render the PNGs, write plots/ and report.html into the report's folder. Returns report.html's path."""
    images = {chart.name: chart.png() for chart in report.charts}
    html = render_html(report, images)
    folder = report.folder.path
    _swap_in_plots(folder, images)
    target = folder / REPORT_FILE
    atomic_write_text(target, html)
    os.chmod(target, _umask_mode(directory=False))
    return target


def write_report(results_dir: str | Path) -> Path:
    """Write `report.html` and `plots/` into a results folder; return the report's path.

    Raises `sim.report.folder.NotAResultsFolder` (a ValueError) when `results_dir` is not a
    readable results folder. Safe to call again: both outputs are replaced atomically.
    """
    return save_report(build_report(read_results_folder(results_dir)))
