"""`supplysim optimize SCENARIO`: the cheapest candidate policy parameters that meet a fill-rate floor.

Candidates are the points of a sweep of one policy's parameters (the `sweep:` block, or
`--set policies.stocked.reorder.service_level=0.85,0.9,0.95,0.98`). Only the tuned policy runs.
Writes the sweep's files plus candidates.csv (every candidate's standing), pareto.csv (the
cost / fill rate / delivery-speed frontier) and chosen.json (the answer, with the --set options
that reproduce it). See sim.sweeps.optimize for the method; the folder resumes like a sweep's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.table import Table

from sim.base.words import plural
from sim.cli.common import (
    BadInput,
    command_line,
    err_console,
    errors,
    out_console,
    progress_bar,
    show_path,
)
from sim.cli.options import common_options, executor_options, scenario_argument
from sim.cli.scale import make_executor, scale_errors, warn_report

if TYPE_CHECKING:
    from sim.sweeps.optimize import Goal, OptimizeResults
    from sim.sweeps.points import SweepPlan
    from sim.sweeps.refine import Refinement


@click.command()
@scenario_argument
@click.option("--policy", default=None, help="The policy to tune (default: the one the swept paths belong to).")
@click.option(
    "--fill-rate-floor",
    type=click.FloatRange(min=0, max=1),
    required=True,
    metavar="F",
    help="Candidates must reach this mean fill rate (with 95 % confidence), e.g. 0.97.",
)
@click.option("--fill-rate-metric", default="fill_rate_units", show_default=True, help="The KPI the floor applies to.")
@click.option("--objective", default="cost_per_order", show_default=True, help="The KPI to minimise.")
@click.option(
    "--max-reps",
    type=click.IntRange(min=2),
    default=80,
    show_default=True,
    help="Most replications per candidate while separating close candidates.",
)
@click.option(
    "--refine",
    type=click.IntRange(min=0, max=20),
    default=0,
    show_default=True,
    metavar="ROUNDS",
    help="After the grid, this many rounds of bracketing around the best value of each numeric parameter "
    "(halving the interval each round, common random numbers; docs/EXPERIMENTS.md).",
)
@executor_options
@common_options
def optimize(
    scenario: str,
    policy: str | None,
    fill_rate_floor: float,
    fill_rate_metric: str,
    objective: str,
    max_reps: int,
    refine: int,
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
    """Minimise cost per order subject to a fill-rate floor over swept policy parameters (CRN)."""
    from sim.sweeps import tuning

    with errors(debug), scale_errors():
        if events:
            raise BadInput("--events is not available for optimize; rerun the chosen candidate with compare --events")
        setup = tuning.prepare(
            scenario,
            overrides,
            floor=fill_rate_floor,
            policy=policy,
            objective=objective,
            floor_metric=fill_rate_metric,
            reps=reps,
            max_replications=max_reps,
            seed=seed,
        )
        plan, goal = setup.plan, setup.goal
        target = out if out is not None else setup.default_folder
        executor = make_executor(workers, scheduler, dask_local)
        err_console.print(
            f"optimize {goal.policy}: {len(plan.points)} candidates ({'; '.join(plan.description)}), minimise "
            f"{objective} subject to {fill_rate_metric} ≥ {fill_rate_floor:g}, on {executor.describe()}",
            markup=False,
        )
        with progress_bar(enabled=not no_progress) as progress:
            results, refined = tuning.run(
                setup,
                target,
                executor=executor,
                progress=progress,
                command=command_line(),
                refine_rounds=refine,
                log=lambda text: err_console.print(text, markup=False),
            )
        _print_results(plan, results, goal, max_reps, refined)


def _print_results(
    plan: SweepPlan, results: OptimizeResults, goal: Goal, max_reps: int, refined: Refinement | None
) -> None:
    """The stage log, the candidates, the choice (and the refined one), report problems, the folder last."""
    for line in results.history:
        err_console.print(line, markup=False)
    out_console.print(_candidates_table(plan, results, goal))
    _print_choice(results, goal, max_reps, edges=refined is None)
    if refined is not None:
        _print_refined(refined)
    warn_report(results.sweep)
    out_console.print(show_path(results.sweep.out), markup=False)


def _print_refined(refined: Refinement) -> None:
    """The refined choice, why refinement stopped, and whether it sits at the edge of what was tried."""
    for note in refined.notes:
        err_console.print(f"note: refine: {note}", markup=False)
    if refined.final is not None and refined.rounds:
        verdict = "decided" if refined.final["decided"] else "statistically tied in its round"
        out_console.print(
            f"refined after {plural(len(refined.rounds), 'round')}: {' '.join(refined.final['set'])}  ({verdict}; "
            f"refined.json)",
            markup=False,
        )
    for edge in refined.at_edge:
        err_console.print(f"warning: {edge['warning']}", markup=False)


def _candidates_table(plan: SweepPlan, results: OptimizeResults, goal: Goal) -> Table:
    """Every candidate's parameters, replications, objective, fill rate, speed, standing, Pareto mark."""
    objective, fill_rate_metric = goal.objective, goal.floor_metric
    table = Table(title=f"{plan.base.name}: candidates for {goal.policy} (mean, 95 % CI)", title_justify="left")
    params = [c for c in results.candidates.columns if c.startswith("param.")]
    for column in ["point", *(p.removeprefix("param.") for p in params), "n", objective, fill_rate_metric, "p90"]:
        table.add_column(column, justify="right")
    table.add_column("standing")
    table.add_column("pareto")
    shown = results.candidates.head(40)
    for _, row in shown.iterrows():
        half = (row[f"{objective}_ci_high"] - row[f"{objective}_ci_low"]) / 2
        table.add_row(
            str(row["point"]),
            *(str(row[p]) for p in params),
            str(row["replications"]),
            f"{row[f'{objective}_mean']:.3f} ± {half:.3f}",
            f"{row[f'{fill_rate_metric}_mean']:.4f} (≥ {row[f'{fill_rate_metric}_lower_95']:.4f})",
            f"{row[f'{goal.speed_metric}_mean']:.2f}",
            str(row["standing"]),
            "✓" if row["pareto"] else "",
        )
    return table


def _print_choice(results: OptimizeResults, goal: Goal, max_reps: int, edges: bool = True) -> None:
    """The chosen candidate and the --set options that reproduce it, or why there is none."""
    chosen = results.chosen
    if chosen is None:
        out_console.print(
            f"no candidate reaches {goal.floor_metric} ≥ {goal.floor:g} with 95 % confidence "
            f"(after up to {plural(max_reps, 'replication')}); lower the floor or widen the candidates",
            markup=False,
        )
    else:
        verdict = (
            "decided"
            if results.decided
            else f"statistically tied with {plural(len(chosen['tied_with']), 'point')} {', '.join(map(str, chosen['tied_with']))} "
            f"at {plural(max_reps, 'replication')}"
        )
        out_console.print(f"chosen: point {chosen['point']}  {' '.join(chosen['set'])}  ({verdict})", markup=False)
        for edge in chosen["grid_edges"] if edges else []:  # with --refine, the refined edges are printed
            err_console.print(f"warning: {edge['warning']}", markup=False)
