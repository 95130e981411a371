"""The click options and arguments several verbs share, each declared once (same flag, type and help everywhere).

A verb stacks the ones it takes: `common_options` is the block of every simulating verb (`run`,
`compare`, `sweep`, `optimize`, `warmup`), `executor_options` adds `--scheduler ADDRESS` (a Dask
scheduler) and `--dask-local N` (a Dask LocalCluster of N workers on loopback). Verbs that take
only some of them (`backtest`, `validate`, `validate-model`) use the single decorators; where an
option means something verb-specific (`--reps` of `validate-model`, say), the factory takes the
verb's help text, and the flag and type stay shared. Only click here, so `supplysim --help` stays quick.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]

REPS_HELP = "Replications per policy (default: the scenario's `replications`)."
SEED_HELP = "Root random seed (default: the scenario's `seed`)."

scenario_argument = click.argument("scenario", type=click.Path(dir_okay=False))
"""The SCENARIO file of a verb that simulates one (`run`, `compare`, `sweep`, `optimize`, `warmup`, `backtest`)."""


def reps_option(text: str = REPS_HELP, minimum: int = 1) -> Decorator[Any]:
    """`--reps N`: replications (at least `minimum`); default None (the scenario's or the verb's own)."""
    return click.option("--reps", type=click.IntRange(min=minimum), default=None, help=text)


def seed_option(text: str = SEED_HELP) -> Decorator[Any]:
    """`--seed N`: the root random seed, a 63-bit non-negative integer; default None."""
    return click.option("--seed", type=click.IntRange(min=0, max=2**63 - 1), default=None, help=text)


def policies_option(action: str) -> Decorator[Any]:
    """`--policies A,B,…`: the policies to `action` (run, compare, analyse), default all in the scenario."""
    return click.option(
        "--policies", default=None, metavar="A,B,…", help=f"Policies to {action} (default: all in the scenario)."
    )


set_option = click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="PATH=VALUE",
    help="Override a scenario value, e.g. --set horizon_days=90 or "
    "--set policies.stocked.reorder.service_level=0.98 (repeatable).",
)
out_option = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Results folder to create (default: results/<scenario>/<verb>-<time>/).",
)


def _cap_workers(ctx: click.Context, param: click.Parameter, value: int) -> int:
    """--workers above the cores this process may use is capped there, with a note (never 999 processes)."""
    if value <= 1:
        return value
    from sim.experiment.executors import default_workers

    cores = default_workers()
    if value > cores:
        click.echo(f"note: --workers {value} is more than the {cores} core(s) here; using {cores}.", err=True)
        return cores
    return value


workers_option = click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    callback=_cap_workers,
    help="Processes to run replications on (0: all cores; more than the cores is capped). Results do not depend on it.",
)
no_progress_option = click.option("--no-progress", is_flag=True, help="No progress bar.")
events_option = click.option("--events", is_flag=True, help="Also write each run's event log to events/.")
debug_option = click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")


def _allow_code(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        from sim.config.custom import allow_code

        allow_code()  # via the environment, so spawned worker processes inherit it


allow_code_option = click.option(
    "--allow-code",
    is_flag=True,
    expose_value=False,
    callback=_allow_code,
    help="Import the Python classes the scenario names (`class:`): that runs their code, so only for "
    "scenarios you trust (or set SUPPLYSIM_ALLOW_CODE=1; docs/TRUST.md).",
)


def stack(fn: F, *decorators: Decorator[Any]) -> F:
    """`fn` with `decorators` applied as if written above it in this order (so --help lists them so)."""
    for decorator in reversed(decorators):
        fn = decorator(fn)
    return fn


def common_options(fn: F) -> F:
    """Options every simulating verb takes."""
    return stack(
        fn,
        reps_option(),
        seed_option(),
        set_option,
        out_option,
        workers_option,
        no_progress_option,
        events_option,
        allow_code_option,
        debug_option,
    )


def executor_options(fn: F) -> F:
    """`--scheduler` and `--dask-local`."""
    return stack(
        fn,
        click.option(
            "--scheduler",
            default=None,
            metavar="ADDRESS",
            help="Run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); its workers "
            "need supplysim installed and must see --out at the same path.",
        ),
        click.option(
            "--dask-local",
            type=click.IntRange(min=1),
            default=None,
            metavar="N",
            help="Run on a Dask LocalCluster of N worker processes on loopback (127.0.0.1).",
        ),
    )
