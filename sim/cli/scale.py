"""Helpers and output shared by the verbs that run many runs: `sweep`, `optimize`, `warmup` (and `run`/`compare`).

`make_executor` makes the executor that `--scheduler`, `--dask-local` and `--workers`
(sim.cli.options) ask for; `scale_errors` turns the failures of a sweep folder or an executor
into exit 2 with a plain message; the tables print a sweep's headline KPIs and its precision.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sim.base.words import plural
from sim.cli.common import BadInput, warn_no_report
from sim.metrics.kpis import HEADLINE

if TYPE_CHECKING:  # the heavy modules load when a verb runs, so `supplysim --help` stays quick
    import pandas as pd
    from rich.console import Console
    from rich.table import Table

    from sim.experiment.executors import Executor
    from sim.sweeps.files import SweepResults


MAX_TABLE_ROWS = 40


def make_executor(workers: int, scheduler: str | None, dask_local: int | None) -> Executor:
    """The executor the options ask for (BadInput when they cannot make one)."""
    from sim.experiment.executors import ExecutorUnavailable, executor_for

    try:
        return executor_for(workers, scheduler, dask_local)
    except ExecutorUnavailable as exc:
        raise BadInput(str(exc)) from None


@contextmanager
def scale_errors() -> Iterator[None]:
    """Sweep-folder, executor and argument problems are bad input (exit 2), not internal errors."""
    from sim.experiment.executors import ExecutorUnavailable
    from sim.sweeps.parts import SweepFolderError
    from sim.sweeps.points import SweepError

    try:
        yield
    except (SweepFolderError, ExecutorUnavailable, SweepError) as exc:
        raise BadInput(str(exc)) from None


def warn_report(results: SweepResults) -> None:
    """Say so when the HTML report could not be written (the results themselves are complete)."""
    if results.report_error is not None:
        warn_no_report(results.report_error)


def split_names(text: str | None) -> list[str] | None:
    """`a,b` → ['a', 'b'] (None stays None)."""
    return [p.strip() for p in text.split(",") if p.strip()] if text else None


def headline_table(
    summary: pd.DataFrame, policies: Sequence[str], title: str, metrics: Sequence[str] = HEADLINE
) -> Table | None:
    """Mean ± 95 % CI half-width of the headline KPIs per (point, policy); None when too long to read."""
    from rich.table import Table

    from sim.report.columns import KPI_TABLE

    params = [c for c in summary.columns if c.startswith("param.")]
    rows = summary[summary.metric.isin(metrics)]
    keys = rows[["point", "policy"]].drop_duplicates()
    if len(keys) > MAX_TABLE_ROWS:
        return None
    columns = {c.metric: c for c in KPI_TABLE}
    table = Table(title=title, title_justify="left")
    table.add_column("point", justify="right")
    for p in params:
        table.add_column(p.removeprefix("param."), justify="right")
    table.add_column("policy", style="bold")
    for m in metrics:
        table.add_column(columns[m].header if m in columns else m, justify="right")
    cells: dict[tuple[Any, Any, Any], tuple[float, float, float]] = {
        (p, q, m): (float(a), float(b), float(c))
        for p, q, m, a, b, c in zip(
            rows.point, rows.policy, rows.metric, rows["mean"], rows.ci_low, rows.ci_high, strict=True
        )
    }
    first = rows.drop_duplicates(["point", "policy"]).set_index(["point", "policy"])
    for point, policy in keys.itertuples(index=False):
        values = [str(first.loc[(point, policy), p]) for p in params]
        shown = []
        for m in metrics:
            mean, low, high = cells.get((point, policy, m), (float("nan"),) * 3)
            column = columns.get(m)
            shown.append(column.plus_minus(mean, low, high) if column else f"{mean:.4g}")
        table.add_row(str(point), *values, policy, *shown)
    return table


def print_precision(precision: pd.DataFrame, target: float, console: Console) -> None:
    """One line on the precision reached, and every (point, policy, metric) that missed the target."""
    if precision.empty:
        return
    missed = precision[~precision["met"].astype(bool)]
    n = precision["n"]
    console.print(
        f"precision ±{100 * target:g} % (95 % CI half-width ÷ |mean|): met by {len(precision) - len(missed)} of "
        f"{plural(len(precision), 'estimate')}, with {int(n.min())}–{int(n.max())} replications",
        markup=False,
    )
    for point, policy, metric, relative, reps in zip(
        missed["point"].head(MAX_TABLE_ROWS),
        missed["policy"],
        missed["metric"],
        missed["relative_half_width"].astype(float),
        missed["n"].astype(int),
        strict=False,
    ):
        console.print(
            f"  not met: point {point} {policy} {metric}: ±{100 * relative:.2f} % after {plural(reps, 'replication')} "
            "(raise --max-reps)",
            markup=False,
        )
