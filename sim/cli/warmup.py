"""`supplysim warmup SCENARIO`: running means of daily series and an MSER-5 warm-up suggestion.

Simulates a few replications of each policy from day 0 with daily series (units on hand, fill
rate), prints their running means at a few checkpoints and the MSER-5 truncation point, and
writes a folder with the series (warmup.csv), the MSER statistics (mser.csv), the suggestions
(suggestions.csv), a plot (warmup.png) and manifest.json. See sim.experiment.warmup for the method.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.table import Table

from sim.base.words import plural
from sim.cli.common import (
    BadInput,
    check_policies,
    command_line,
    err_console,
    errors,
    new_folder,
    out_console,
    progress_bar,
    show_path,
)
from sim.cli.options import common_options, executor_options, policies_option, scenario_argument
from sim.cli.scale import make_executor, scale_errors, split_names

if TYPE_CHECKING:
    from sim.config.models import Scenario
    from sim.experiment.executors import Executor
    from sim.experiment.warmup import WarmupResults


@click.command()
@scenario_argument
@policies_option("analyse")
@executor_options
@common_options
def warmup(
    scenario: str,
    policies: str | None,
    scheduler: str | None,
    dask_local: int | None,
    reps: int | None,
    seed: int | None,
    overrides: tuple[str, ...],
    out: Path | None,
    workers: int,
    no_progress: bool,
    events: bool,
    debug: bool,
) -> None:
    """Suggest warmup_days: running means of daily on-hand and fill rate, and MSER-5 (default 5 reps)."""
    from sim.experiment.warmup import warmup as analyse
    from sim.sweeps.settings import load_single

    with errors(debug), scale_errors():
        if events:
            raise BadInput("--events is not available for warmup (it records daily series, not event logs)")
        loaded = load_single(scenario, overrides, "warmup")
        names = split_names(policies)
        check_policies(names, loaded)
        target = new_folder(out, loaded, "warmup")
        executor = make_executor(workers, scheduler, dask_local)
        started = time.perf_counter()
        with progress_bar(enabled=not no_progress) as progress, executor:
            results = analyse(loaded, names, replications=reps or 5, seed=seed, executor=executor, progress=progress)
        wall_s = time.perf_counter() - started
        _print_tables(loaded, results)
        written = _write_folder(target, loaded, results, executor, wall_s)
        err_console.print(
            f"{plural(len(results.daily.policy.unique()), 'policy', 'policies')} analysed in {wall_s:.1f} s",
            markup=False,
        )
        out_console.print(show_path(written), markup=False)


def _print_tables(loaded: Scenario, results: WarmupResults) -> None:
    """Running means at the checkpoints, the MSER-5 suggestions and the suggested warmup_days."""
    from sim.experiment.warmup import checkpoints, seasonal

    table = Table(
        title=f"{loaded.name}: running mean from day 0 ({plural(results.replications, 'replication')}, seed {results.seed})",
        title_justify="left",
    )
    horizon = int(results.daily.day.max()) + 1 if not results.daily.empty else 0
    marks = checkpoints(horizon)
    table.add_column("policy", style="bold")
    table.add_column("series")
    for day in marks:
        table.add_column(f"day {day}", justify="right")
    for (policy, series), frame in results.daily.groupby(["policy", "series"], sort=False):
        running = frame.running_mean.to_numpy()
        fmt = "{:.2%}" if series == "fill_rate" else "{:,.0f}"
        table.add_row(str(policy), str(series), *(fmt.format(running[d - 1]) for d in marks))
    out_console.print(table)

    advice = Table(title="MSER-5 warm-up suggestion (5-day batches)", title_justify="left")
    for column in ("policy", "series", "warm-up (days)", "note"):
        advice.add_column(column, justify="right" if column.startswith("warm") else "left")
    for row in results.suggestions.itertuples(index=False):
        note = "not settled within the first half: lengthen the horizon" if row.at_bound else ""
        advice.add_row(str(row.policy), str(row.series), str(row.warmup_days), note)
    out_console.print(advice)
    out_console.print(
        f"suggested warmup_days: {results.suggested_days} (the scenario has {loaded.warmup_days:g})", markup=False
    )
    if seasonal(loaded):
        out_console.print(
            "note: demand varies by month, so there is no single steady state; MSER may read a seasonal "
            "trend as warm-up. Check warmup.png.",
            markup=False,
        )


def _write_folder(target: Path, loaded: Scenario, results: WarmupResults, executor: Executor, wall_s: float) -> Path:
    """warmup.csv, mser.csv, suggestions.csv, warmup.png and manifest.json, written atomically into `target`."""
    from sim.experiment.results_folder import atomic_folder, write_csv
    from sim.experiment.warmup import plot

    def fill(tmp: Path) -> None:
        write_csv(results.daily, tmp / "warmup.csv")
        write_csv(results.mser, tmp / "mser.csv")
        write_csv(results.suggestions, tmp / "suggestions.csv")
        plot(results, tmp / "warmup.png")
        manifest = {
            "kind": "warmup",
            "scenario": loaded.name,
            "seed": results.seed,
            "replications": results.replications,
            "policies": list(results.daily.policy.unique()) if not results.daily.empty else [],
            "method": "MSER-5 on replication-averaged daily series (sim.experiment.warmup)",
            "suggested_warmup_days": results.suggested_days,
            "executor": executor.describe(),
            "command": command_line(),
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "wall_seconds": round(wall_s, 3),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")

    return atomic_folder(target, fill)
