"""The terminal summary: one row per policy with mean [95 % CI], the paired differences, then the
recommendation sentence (the same as the report's, sim.report.recommendation; the caller prints the
results path after it, as the last line)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from rich.console import Console
from rich.table import Table

from sim.base.words import plural
from sim.config.decision import Decision
from sim.report.columns import DIFFERENCE_METRICS, KPI_TABLE, Column
from sim.report.folder import PLAN_TABLE
from sim.report.recommendation import recommend
from sim.report.wording import threshold_text

if TYPE_CHECKING:
    from sim.experiment.replications import Results


def kpi_table(results: Results) -> Table:
    table = Table(
        title=f"{results.scenario.name}: mean ± 95 % CI half-width over {plural(results.replications, 'replication')} "
        f"(seed {results.seed})",
        title_justify="left",
    )
    table.add_column("policy", style="bold")
    for column in KPI_TABLE:
        table.add_column(column.header, justify="right")
    frame = results.summary
    summary = {
        (p, m): (float(a), float(b), float(c))
        for p, m, a, b, c in zip(frame.policy, frame.metric, frame["mean"], frame.ci_low, frame.ci_high, strict=True)
    }
    for policy in results.policies:
        cells = []
        for column in KPI_TABLE:
            mean, low, high = summary[(policy, column.metric)]
            cells.append(column.plus_minus(mean, low, high))
        table.add_row(policy, *cells)
    return table


def difference_table(results: Results) -> Table | None:
    if results.comparisons.empty:
        return None
    columns = {c.metric: c for c in KPI_TABLE}
    decision = results.scenario.decision or Decision()
    limits = {m: decision.threshold(m) for m in DIFFERENCE_METRICS}
    worth = ", ".join(threshold_text(m, limits[m]) for m in DIFFERENCE_METRICS)
    table = Table(
        title=f"paired differences (policy − baseline), 95 % CI; * = the CI lies beyond the difference worth acting on "
        f"({worth})",
        title_justify="left",
    )
    table.add_column("policy − baseline")
    for metric in DIFFERENCE_METRICS:
        table.add_column(columns[metric].header, justify="right")
    c = results.comparisons
    comparisons = {
        (p, b, m): (float(d), float(lo), float(hi), bool(sig))
        for p, b, m, d, lo, hi, sig in zip(
            c.policy, c.baseline, c.metric, c.mean_diff, c.ci_low, c.ci_high, c.significant, strict=True
        )
    }
    pairs = results.comparisons[["policy", "baseline"]].drop_duplicates().itertuples(index=False)
    for policy, baseline in pairs:
        cells = []
        for metric in DIFFERENCE_METRICS:
            diff, low, high, significant = comparisons[(policy, baseline, metric)]
            mark = " *" if _beyond(significant, low, high, limits[metric]) else ""
            cells.append(_signed(columns[metric], diff, low, high) + mark)
        table.add_row(f"{policy} − {baseline}", *cells)
    return table


def _beyond(significant: bool, low: float, high: float, threshold: float) -> bool:
    """The paired CI lies wholly beyond ±threshold (threshold 0: it excludes zero), as the report words it."""
    if threshold <= 0:
        return significant
    return bool(significant and (low > threshold or high < -threshold))


def _signed(column: Column, mean: float, low: float, high: float) -> str:
    text = column.plus_minus(mean, low, high)
    return text if text.startswith("-") else "+" + text


def _plan(folder: Path | None) -> pd.DataFrame | None:
    """The written folder's plan table, when there is one to read (the sentence then says what is stocked)."""
    if folder is None or not (folder / PLAN_TABLE).is_file():
        return None
    try:
        return pd.read_parquet(folder / PLAN_TABLE)
    except (OSError, ValueError):
        return None


def recommendation_line(results: Results, folder: Path | None = None) -> str | None:
    """The report's recommendation sentence for `results` (None when there is nothing to recommend)."""
    scenario = results.scenario
    rec = recommend(results.summary, results.comparisons, results.policies, _plan(folder), scenario.decision, scenario)
    return rec.sentence if rec is not None else None


def print_results(results: Results, console: Console, folder: Path | None = None) -> None:
    """The KPI table, the paired differences and, last, the recommendation (plan read from `folder`)."""
    console.print(kpi_table(results))
    differences = difference_table(results)
    if differences is not None:
        console.print(differences)
    line = recommendation_line(results, folder)
    if line is not None:
        console.print(line, markup=False)
