"""`supplysim run` and `supplysim compare`: replications with common random numbers, results folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from sim.cli.common import (
    check_policies,
    command_line,
    err_console,
    errors,
    new_folder,
    out_console,
    progress_bar,
    report_step,
    show_path,
)
from sim.cli.options import common_options, executor_options, policies_option, scenario_argument
from sim.cli.scale import make_executor, scale_errors, split_names


@click.command()
@scenario_argument
@click.option("--policy", default=None, help="Policy to run (default: the scenario's first).")
@executor_options
@common_options
def run(scenario: str, policy: str | None, **options: Any) -> None:
    """Replications of one policy; writes the results folder."""
    simulate_verb("run", scenario, [policy] if policy else None, True, **options)


@click.command()
@scenario_argument
@policies_option("compare")
@executor_options
@common_options
def compare(scenario: str, policies: str | None, **options: Any) -> None:
    """Compare policies on the same demand (common random numbers); writes the results folder."""
    simulate_verb("compare", scenario, split_names(policies), False, **options)


def simulate_verb(
    verb: str,
    scenario_path: str,
    policies: list[str] | None,
    first_only: bool,
    reps: int | None,
    seed: int | None,
    overrides: tuple[str, ...],
    out: Path | None,
    workers: int,
    no_progress: bool,
    events: bool,
    debug: bool,
    scheduler: str | None = None,
    dask_local: int | None = None,
) -> None:
    """Run (or compare) the scenario's policies and write the results folder; prints it last."""
    from sim.experiment.meaning import before_run
    from sim.experiment.replications import compare as run_compare
    from sim.experiment.results_folder import events_staging
    from sim.report.terminal import print_results
    from sim.sweeps.settings import load_single

    with errors(debug):
        scenario = load_single(scenario_path, overrides, verb)
        if first_only and policies is None:
            policies = [scenario.policies[0].name]
        check_policies(policies, scenario)
        target = new_folder(out, scenario, verb)
        before = before_run(scenario, policies if policies is not None else [p.name for p in scenario.policies])
        for message in before:
            err_console.print(f"warning: {message}", markup=False)
        staging = events_staging(target) if events else None  # this process's own, clean
        executor = None
        if scheduler is not None or dask_local is not None:
            with scale_errors():
                executor = make_executor(workers, scheduler, dask_local)
                executor.__enter__()  # connect now: an unreachable scheduler is bad input, nothing written
        try:
            with progress_bar(enabled=not no_progress) as progress:
                results = run_compare(
                    scenario,
                    policies,
                    replications=reps,
                    seed=seed,
                    workers=workers,
                    executor=executor,
                    events_dir=staging,
                    progress=progress,
                    warn=False,
                )
        finally:
            if executor is not None:
                executor.__exit__(None, None, None)
        _print_after(results)
        written = results.write(target, command_line(), finish=report_step(debug))
        print_results(results, out_console, written)
        out_console.print(show_path(written), markup=False)


def _print_after(results: Any) -> None:
    """What the run decided and found, on stderr: the auto warm-up chosen, then the warnings (measured
    after the run; `warn=False` kept the estimates, which were printed before it)."""
    from sim.experiment.warmup import auto_message

    if results.warmup is not None:
        err_console.print(f"note: {auto_message(results.warmup)}", markup=False)
    for message in results.warnings:
        err_console.print(f"warning: {message}", markup=False)
