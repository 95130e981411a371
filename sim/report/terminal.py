"""The terminal summary: one row per policy with mean [95 % CI], then the paired differences."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from sim.base.words import plural
from sim.report.columns import DIFFERENCE_METRICS, KPI_TABLE, Column

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
    table = Table(title="paired differences (policy − baseline), 95 % CI; * = significant", title_justify="left")
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
            mark = " *" if significant else ""
            cells.append(_signed(columns[metric], diff, low, high) + mark)
        table.add_row(f"{policy} − {baseline}", *cells)
    return table


def _signed(column: Column, mean: float, low: float, high: float) -> str:
    text = column.plus_minus(mean, low, high)
    return text if text.startswith("-") else "+" + text


def print_results(results: Results, console: Console) -> None:
    console.print(kpi_table(results))
    differences = difference_table(results)
    if differences is not None:
        console.print(differences)
