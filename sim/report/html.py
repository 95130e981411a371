"""The planner's HTML report: one self-contained `report.html` (and the same charts as PNG in `plots/`).

`write_report(results_dir)` reads a results folder (sim.report.folder), words the verdict
(sim.report.verdict), draws the charts (sim.report.plots, .inventory_plots, .backlog_chart, .response_plots,
.abc_xyz), derives the alerts (sim.report.alerts_table), gathers the page's tables
(sim.report.context) and renders `templates/report.html.j2` with Jinja2, autoescaping on, so any
text from the scenario (SKU ids, node names, the description) shows as text, never as markup.
Images are inline base64 PNGs and the CSS is in the file: opening it needs no network.

The per-SKU answer of the recommendation goes to `recommendation.csv` (atomically, before the page
that links to it). Writing is atomic: `plots/` is built in a temporary sibling folder and swapped in, then
`report.html` is written to a temporary file and renamed. `compare` calls this on the results
folder's *temporary* copy before that folder is renamed into place (see `Results.write(finish=…)`),
so a results folder never appears without its report. No SimPy here.
"""

from __future__ import annotations

import base64
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

from sim.experiment.results_folder import atomic_write_text, csv_text
from sim.report.abc_xyz import SkuClass, abc_xyz_chart, classify
from sim.report.alerts_table import Alerts, build_alerts
from sim.report.backlog_chart import backlog_chart
from sim.report.charts import DPI, Chart, house_style
from sim.report.context import kpi_records, page_context
from sim.report.folder import ResultsFolder, read_results_folder
from sim.report.inventory_plots import inventory_charts
from sim.report.plots import cost_breakdown_chart, delivery_chart, tradeoff_chart
from sim.report.recommendation import RECOMMENDATION_FILE, sku_frame
from sim.report.response_plots import response_curves
from sim.report.sweep_points import folder_seeds, sweep_answer, sweep_context
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
        return kpi_records(self.folder)


# ---------------------------------------------------------------------------------------------
# building


def build_report(folder: ResultsFolder) -> Report:
    """Everything the report shows, computed from the folder (charts as matplotlib figures).

    Only the folder's files are read: the ABC-XYZ matrix and the stock alerts come from its plan
    table; when it has none, their sections say why (`ResultsFolder.plan_missing`)."""
    scenario = folder.scenario
    verdict = build_verdict(
        folder.comparisons,
        folder.summary,
        folder.policies,
        folder.parameters,
        decision=scenario.decision if scenario is not None else None,
        plan=folder.plan,
        scenario=scenario,
    )
    warmup = float(scenario.warmup_days) if scenario is not None else 0.0
    classes = classify(folder.plan) if folder.plan is not None else []
    with house_style():
        charts, notes = _sweep_charts(folder) if folder.parameters else _policy_charts(folder, warmup)
        if classes:
            _add(charts, notes, abc_xyz_chart(classes), "ABC-XYZ matrix")
        elif folder.plan_missing is not None:
            notes.append(f"ABC-XYZ matrix: {folder.plan_missing}.")
    alerts = build_alerts(
        folder.summary, folder.inventory_daily, folder.policies, folder.plan, warmup, folder.plan_missing
    )
    report = Report(folder, verdict, charts, notes, alerts, classes)
    report.context = page_context(folder, verdict, charts, notes, alerts, classes)
    if folder.parameters and "point" in folder.kpis.columns:  # a sweep: its best point and neighbours
        answer = sweep_answer(
            folder.kpis,
            folder.summary,
            folder.parameters,
            folder_seeds(folder.path),
            scenario.decision if scenario is not None else None,
            str(folder.manifest.get("design") or "grid"),
        )
        report.context["sweep"] = sweep_context(answer)
    return report


def _add(charts: list[Chart], notes: list[str], chart: Chart | None, what: str) -> None:
    if chart is None:
        notes.append(f"{what}: nothing to draw.")
    else:
        charts.append(chart)


def _sweep_charts(folder: ResultsFolder) -> tuple[list[Chart], list[str]]:
    """A sweep's response curves (the per-policy charts would pool every setting)."""
    notes = [
        "This is a sweep: the per-policy charts (trade-off, delivery times, cost breakdown, inventory) "
        "pool every parameter setting, so they are left out; see the response curves."
    ]
    curves = response_curves(folder.kpis, folder.parameters, folder.policies)
    if not curves:
        notes.append("Response curves: no swept parameter takes two or more values.")
    return curves, notes


def _policy_charts(folder: ResultsFolder, warmup: float) -> tuple[list[Chart], list[str]]:
    """The per-policy charts of a comparison: trade-off, delivery times, cost breakdown, inventory."""
    charts: list[Chart] = []
    notes: list[str] = []
    _add(charts, notes, tradeoff_chart(folder.summary, folder.policies), "Trade-off chart")
    if folder.delivery_times is not None:
        quantile = folder.scenario.routing.promise_quantile if folder.scenario is not None else None
        delivery = delivery_chart(folder.delivery_times, folder.summary, folder.policies, quantile)
        _add(charts, notes, delivery, "Delivery times")
    else:
        notes.append(f"Delivery times: delivery_times.parquet {folder.missing['delivery_times.parquet']}.")
    _add(charts, notes, cost_breakdown_chart(folder.kpis, folder.summary, folder.policies), "Cost breakdown")
    if folder.inventory_daily is not None:
        inventory = inventory_charts(folder.inventory_daily, folder.policies, warmup)
        charts += inventory
        if not inventory:
            notes.append("Inventory: no policy holds stock, so there is no inventory to show.")
    else:
        notes.append(f"Inventory: inventory_daily.parquet {folder.missing['inventory_daily.parquet']}.")
    scenario = folder.scenario  # the backlog chart: only for a scenario with capacity (or its own resources)
    if scenario is None or scenario.capacity is not None or scenario.extensions:
        backlog = backlog_chart(folder.breakdown, folder.policies)
        if backlog is not None:
            charts.append(backlog)
    return charts, notes


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
    rec = report.verdict.recommendation
    if rec is not None and rec.skus:
        answer = folder / RECOMMENDATION_FILE
        atomic_write_text(answer, csv_text(sku_frame(rec.skus)))
        os.chmod(answer, _umask_mode(directory=False))
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
