"""`supplysim backtest SCENARIO`: fit on the history before an origin, replay what came after, per fold.

Without `--origins` or `--folds` there is one fold: the scenario as written. `--folds N` rolls the
origin forward from `start_date` by `--step-days` (default: the fold length). Each fold is a full
results folder; `backtest/folds.csv` and `backtest/summary.csv` collect them (docs/DEMAND.md). The
last line printed is the output folder.
"""

from __future__ import annotations

import datetime as dt
import math
import shlex
import sys
import time
from pathlib import Path

import click
from rich.table import Table

from sim.cli.common import BadInput, errors, load, out_console, progress_bar, report_step, show_path

HEADLINE = ("fill_rate_units", "cost_per_order", "delivery_days_p90", "avg_inventory_value")


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
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
@click.option("--policies", default=None, metavar="A,B,…", help="Policies to compare (default: all).")
@click.option("--reps", type=click.IntRange(min=1), default=None, help="Replications per policy and fold.")
@click.option("--seed", type=click.IntRange(min=0, max=2**63 - 1), default=None, help="Root random seed.")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a scenario value.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Output folder to create.")
@click.option("--workers", type=click.IntRange(min=0), default=0, show_default=True, help="Processes (0: all cores).")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
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
        names = [p.strip() for p in policies.split(",") if p.strip()] if policies else None
        known = [p.name for p in world.policies]
        unknown = [p for p in names or [] if p not in known]
        if unknown:
            raise BadInput(f"unknown policy {', '.join(map(repr, unknown))}; the scenario has {', '.join(known)}")
        specs = fold_specs(world, starts, folds=folds, days=fold_days, step_days=step_days, fit_days=fit_days)
        target = out if out is not None else _default_out(world.name)
        if target.exists():
            raise BadInput(f"{target} already exists; choose another --out or remove it")
        try:
            with progress_bar(enabled=not no_progress) as progress:
                result = run_backtest(
                    world, specs, names, replications=reps, seed=seed, workers=workers, progress=progress
                )
        except ValueError as exc:
            raise BadInput(f"the folds do not fit the history:\n{exc}") from None
        command = " ".join(shlex.quote(a) for a in ["supplysim", *sys.argv[1:]])
        written = result.write(target, command, finish=report_step(debug))
        out_console.print(_table(result.table, "per fold: mean over replications", by_fold=True))
        out_console.print(
            _table(result.summary, f"across {len(specs)} fold(s): mean ± 95 % CI over folds", by_fold=False)
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


def _default_out(name: str) -> Path:
    base = Path("results") / name
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = base / f"backtest-{stamp}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = base / f"backtest-{stamp}-{n}"
    return candidate
