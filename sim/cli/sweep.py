"""`supplysim sweep SCENARIO`: a parameter sweep into a resumable results folder.

The points come from the scenario's `sweep:` block and from `--set path=v1,v2,…` (several values
add a grid dimension); without either, the sweep has one point (handy with `--precision`). The
folder defaults to `results/<scenario>/sweep-<sweep id>`, so running the same command again
resumes it: finished runs are skipped, the rest run, and the final files are rewritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sim.base.words import plural
from sim.cli.common import command_line, err_console, errors, out_console, progress_bar, show_path
from sim.cli.options import common_options, executor_options, policies_option, scenario_argument
from sim.cli.scale import (
    headline_table,
    make_executor,
    print_precision,
    scale_errors,
    split_names,
    warn_report,
)

if TYPE_CHECKING:
    from sim.sweeps.files import SweepResults
    from sim.sweeps.points import SweepPlan


@click.command()
@scenario_argument
@policies_option("run")
@click.option(
    "--precision",
    type=click.FloatRange(min=0, max=1, min_open=True, max_open=True),
    default=None,
    metavar="R",
    help="Add replications until every headline KPI's 95 % CI half-width is within R of its mean "
    "(e.g. 0.01 = ±1 %), per point; --reps is then the first batch.",
)
@click.option(
    "--max-reps",
    type=click.IntRange(min=2),
    default=200,
    show_default=True,
    help="With --precision: the most replications per point.",
)
@executor_options
@common_options
def sweep(
    scenario: str,
    policies: str | None,
    precision: float | None,
    max_reps: int,
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
    """Run a parameter sweep (the sweep: block, and --set path=v1,v2); resumable.

    Every point runs every policy for the same replications (common random numbers). Results:
    kpis.parquet (tidy, one column per parameter), summary.csv and comparisons.csv per point,
    points.csv; rerun the same command to resume after an interruption.
    """
    from sim.sweeps.points import cli_plan
    from sim.sweeps.runner import run_plan

    with errors(debug), scale_errors():
        plan, folder = cli_plan(scenario, overrides, split_names(policies), seed)
        target = out if out is not None else folder
        executor = make_executor(workers, scheduler, dask_local)
        err_console.print(
            f"sweep {plan.sweep_id}: {plural(len(plan.points), 'point')} × {plural(len(plan.policies), 'policy', 'policies')}"
            + (f" ({plan.design_method}: {'; '.join(plan.description)})" if plan.description else "")
            + f" on {executor.describe()}",
            markup=False,
        )
        options: dict[str, Any] = {"replications": reps, "precision": precision, "max_replications": max_reps}
        with progress_bar(enabled=not no_progress) as progress:
            results = run_plan(
                plan,
                target,
                executor=executor,
                events=events,
                progress=progress,
                command=command_line(),
                report=True,
                **options,
            )
        _print_outcome(plan, results, precision)


def _print_best(results: SweepResults) -> None:
    """The report's best-point sentence (sim.report.sweep_points), when the sweep has parameters."""
    from sim.report.sweep_points import sweep_answer

    parameters = [c for c in results.kpis.columns if str(c).startswith("param.")]
    if not parameters or len(results.plan.points) < 2:
        return
    seeds = dict(zip(results.points["point"], results.points["seed"], strict=True))
    decision = results.plan.base.decision
    answer = sweep_answer(results.kpis, results.summary, parameters, seeds, decision, results.plan.design_method)
    if answer.sentence:
        out_console.print(answer.sentence, markup=False)


def _print_outcome(plan: SweepPlan, results: SweepResults, precision: float | None) -> None:
    """The run count, the headline table (or where to find it), the precision reached, the folder last."""
    from sim.sweeps.files import manifest_seed

    skipped = results.runs_total - results.runs_done_now
    err_console.print(
        f"{plural(results.runs_done_now, 'run')} in {results.wall_s:.1f} s"
        + (f" ({skipped} already done: resumed)" if skipped else ""),
        markup=False,
    )
    table = headline_table(
        results.summary,
        results.policies,
        f"{plan.base.name}: mean ± 95 % CI half-width per point (seed {manifest_seed(plan)})",
    )
    if table is not None:
        out_console.print(table)
    else:
        out_console.print(f"{plural(len(plan.points), 'point')}: see summary.csv", markup=False)
    _print_best(results)
    if precision is not None:
        print_precision(results.precision, precision, out_console)
    warn_report(results)
    out_console.print(show_path(results.out), markup=False)
