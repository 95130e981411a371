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

import click
from rich.table import Table

from sim.cli.common import (
    BadInput,
    common_options,
    default_out,
    err_console,
    errors,
    out_console,
    show_path,
)
from sim.cli.scale import executor_options, make_executor, run_progress, scale_errors, split_names


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--policies", default=None, metavar="A,B,…", help="Policies to analyse (default: all in the scenario).")
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
    from sim.experiment.results_folder import atomic_folder, write_csv
    from sim.experiment.warmup import checkpoints, plot, seasonal
    from sim.experiment.warmup import warmup as analyse
    from sim.sweeps.points import load_single
    from sim.sweeps.runner import command_line

    with errors(debug), scale_errors():
        if events:
            raise BadInput("--events is not available for warmup (it records daily series, not event logs)")
        loaded = load_single(scenario, overrides, "warmup")
        names = split_names(policies)
        known = [p.name for p in loaded.policies]
        unknown = [p for p in names or [] if p not in known]
        if unknown:
            raise BadInput(f"unknown policy {', '.join(map(repr, unknown))}; the scenario has {', '.join(known)}")
        target = out if out is not None else default_out(loaded, "warmup")
        if target.exists():
            raise BadInput(f"{target} already exists; choose another --out or remove it")
        executor = make_executor(workers, scheduler, dask_local)
        started = time.perf_counter()
        with run_progress(enabled=not no_progress) as progress, executor:
            results = analyse(loaded, names, replications=reps or 5, seed=seed, executor=executor, progress=progress)
        wall_s = time.perf_counter() - started

        table = Table(
            title=f"{loaded.name}: running mean from day 0 ({results.replications} replications, seed {results.seed})",
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

        written = atomic_folder(target, fill)
        err_console.print(f"{len(results.daily.policy.unique())} policies analysed in {wall_s:.1f} s", markup=False)
        out_console.print(show_path(written), markup=False)
