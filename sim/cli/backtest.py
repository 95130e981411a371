"""`supplysim backtest SCENARIO`: fit on the history before an origin, replay what came after, per fold.

Without `--origins` or `--folds` there is one fold: the scenario as written. `--folds N` rolls the
origin forward from `start_date` by `--step-days` (default: the fold length). Each fold is a full
results folder; `backtest/folds.csv` and `backtest/summary.csv` collect them (docs/DEMAND.md). The
last line printed is the output folder.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import click
from rich.table import Table

from sim.base.words import plural
from sim.cli.common import (
    BadInput,
    check_policies,
    command_line,
    errors,
    load,
    new_folder,
    out_console,
    progress_bar,
    report_step,
    show_path,
)
from sim.cli.options import (
    allow_code_option,
    debug_option,
    no_progress_option,
    out_option,
    policies_option,
    reps_option,
    scenario_argument,
    seed_option,
    set_option,
    workers_option,
)
from sim.cli.scale import split_names
from sim.metrics.kpis import HEADLINE as KPI_HEADLINE

HEADLINE = (*KPI_HEADLINE, "avg_inventory_value")
"""The columns of the fold tables: the headline KPIs, and the stock they hold."""


@click.command()
@scenario_argument
@click.option("--origins", default=None, metavar="DATE,…", help="Fold origins (YYYY-MM-DD), instead of --folds.")
@click.option(
    "--folds", type=click.IntRange(min=1), default=None, help="Rolling origin: this many folds from start_date."
)
@click.option(
    "--fold-days", type=click.FloatRange(min=1), default=None, help="Days replayed per fold (default: horizon_days)."
)
@click.option(
    "--step-days", type=click.IntRange(min=1), default=None, help="Days between origins (default: the fold length)."
)
@click.option(
    "--fit-days",
    type=click.IntRange(min=1),
    default=None,
    help="Fit on this many days before each origin (sliding window); default: all earlier history (expanding).",
)
@policies_option("compare")
@reps_option("Replications per policy and fold.")
@seed_option()
@set_option
@out_option
@workers_option
@no_progress_option
@allow_code_option
@debug_option
def backtest(
    scenario: str,
    origins: str | None,
    folds: int | None,
    fold_days: float | None,
    step_days: int | None,
    fit_days: int | None,
    policies: str | None,
    reps: int | None,
    seed: int | None,
    overrides: tuple[str, ...],
    out: Path | None,
    workers: int,
    no_progress: bool,
    debug: bool,
) -> None:
    """Backtest the scenario's policies on its demand history, with an optional rolling origin."""
    from sim.studies.backtest import fold_specs, run_backtest

    with errors(debug):
        world = load(scenario, overrides)
        if world.demand_history is None:
            raise BadInput(f"{scenario}: a backtest replays a demand history; the scenario has no demand_history block")
        if origins and folds:
            raise BadInput("give --origins or --folds, not both")
        starts: list[dt.date] | None = None
        if origins:
            try:
                starts = [dt.date.fromisoformat(v.strip()) for v in origins.split(",") if v.strip()]
            except ValueError:
                raise BadInput(f"--origins {origins!r}: write dates as YYYY-MM-DD separated by commas") from None
        names = split_names(policies)
        check_policies(names, world)
        specs = fold_specs(world, starts, folds=folds, days=fold_days, step_days=step_days, fit_days=fit_days)
        target = new_folder(out, world, "backtest")
        try:
            with progress_bar(enabled=not no_progress) as progress:
                result = run_backtest(
                    world, specs, names, replications=reps, seed=seed, workers=workers, progress=progress
                )
        except ValueError as exc:
            raise BadInput(f"the folds do not fit the history:\n{exc}") from None
        written = result.write(target, command_line(), finish=report_step(debug))
        out_console.print(_table(result.table, "per fold: mean over replications", by_fold=True))
        out_console.print(
            _table(result.summary, f"across {plural(len(specs), 'fold')}: mean ± 95 % CI over folds", by_fold=False)
        )
        out_console.print(show_path(written), markup=False)


def _table(frame: object, title: str, by_fold: bool) -> Table:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    table = Table(title=title, title_justify="left")
    if by_fold:
        table.add_column("origin")
    table.add_column("policy", style="bold")
    for metric in HEADLINE:
        table.add_column(metric, justify="right")
    keys = ["origin", "policy"] if by_fold else ["policy"]
    for key, part in frame[frame.metric.isin(HEADLINE)].groupby(keys, sort=False):
        values = dict(zip(part.metric, part["mean"], strict=True))
        spread = dict(zip(part.metric, (part.ci_high - part.ci_low) / 2, strict=True))
        cells = []
        for metric in HEADLINE:
            v = values.get(metric, math.nan)
            text = f"{v:.2%}" if metric.startswith("fill") else f"{v:,.2f}"
            if not by_fold and not math.isnan(spread.get(metric, math.nan)):
                half = spread[metric]
                text += f" ± {half:.2%}" if metric.startswith("fill") else f" ± {half:,.2f}"
            cells.append(text)
        table.add_row(*(str(k) for k in (key if isinstance(key, tuple) else (key,))), *cells)
    return table
