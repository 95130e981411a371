"""Shared pieces of the `supplysim` command: error handling, common options, output helpers.

Exit codes: 0 success; 2 bad input (scenario, CLI arguments, an existing --out), printed as
`file:line:col  key.path  message` lines with no traceback; 1 an internal error (a traceback
only with --debug). The last line a command prints on stdout is the results folder.
"""

from __future__ import annotations

import shlex
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console

from sim.config import ScenarioError, load_scenario
from sim.config.models import Scenario

EXIT_BAD_INPUT = 2
out_console = Console(highlight=False, soft_wrap=True, emoji=False)
err_console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


class BadInput(Exception):
    """A user error that is not a scenario problem (e.g. --out exists); printed and exit 2."""


def fail(lines: list[str]) -> NoReturn:
    for line in lines:
        err_console.print(line, markup=False)
    sys.exit(EXIT_BAD_INPUT)


@contextmanager
def errors(debug: bool) -> Iterator[None]:
    """Turn known failures into clear messages and exit codes."""
    try:
        yield
    except ScenarioError as exc:
        fail([p.format() for p in exc.problems] + [f"{len(exc.problems)} problem(s); nothing was written."])
    except BadInput as exc:
        fail([f"error: {exc}"])
    except KeyboardInterrupt:
        err_console.print("interrupted; nothing was written.")
        sys.exit(130)
    except click.exceptions.Exit:
        raise
    except Exception as exc:  # an internal error: say so plainly
        if debug:
            traceback.print_exc()
        else:
            err_console.print(
                f"internal error: {type(exc).__name__}: {exc}\n(run again with --debug for the traceback)", markup=False
            )
        sys.exit(1)


def load(path: str, overrides: tuple[str, ...]) -> Scenario:
    return load_scenario(path, list(overrides))


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options every simulating verb takes."""
    options = [
        click.option(
            "--reps",
            type=click.IntRange(min=1),
            default=None,
            help="Replications per policy (default: the scenario's `replications`).",
        ),
        click.option(
            "--seed",
            type=click.IntRange(min=0, max=2**63 - 1),
            default=None,
            help="Root random seed (default: the scenario's `seed`).",
        ),
        click.option(
            "--set",
            "overrides",
            multiple=True,
            metavar="PATH=VALUE",
            help="Override a scenario value, e.g. --set horizon_days=90 or "
            "--set policies.stocked.reorder.service_level=0.98 (repeatable).",
        ),
        click.option(
            "--out",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            help="Results folder to create (default: results/<scenario>/<verb>-<time>/).",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=0),
            default=0,
            show_default=True,
            help="Processes to run replications on (0: all cores). Results do not depend on it.",
        ),
        click.option("--no-progress", is_flag=True, help="No progress bar."),
        click.option("--events", is_flag=True, help="Also write each run's event log to events/."),
        click.option("--debug", is_flag=True, help="Show tracebacks of internal errors."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def default_out(scenario: Scenario, verb: str) -> Path:
    base = Path("results") / scenario.name
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = base / f"{verb}-{stamp}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = base / f"{verb}-{stamp}-{n}"
    return candidate


def show_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


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
    from sim.experiment.replications import compare as run_compare
    from sim.report.terminal import print_results
    from sim.sweeps.points import load_single

    with errors(debug):
        scenario = load_single(scenario_path, overrides, verb)
        if first_only and policies is None:
            policies = [scenario.policies[0].name]
        if policies is not None:
            known = [p.name for p in scenario.policies]
            unknown = [p for p in policies if p not in known]
            if unknown:
                raise BadInput(f"unknown policy {', '.join(map(repr, unknown))}; the scenario has {', '.join(known)}")
        target = out if out is not None else default_out(scenario, verb)
        if target.exists():
            raise BadInput(f"{target} already exists; choose another --out or remove it")
        staging = target.parent / f".{target.name}.events-staging" if events else None
        executor = None
        if scheduler is not None or dask_local is not None:
            from sim.cli.scale import make_executor, scale_errors

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
                )
        finally:
            if executor is not None:
                executor.__exit__(None, None, None)
        command = " ".join(shlex.quote(a) for a in ["supplysim", *sys.argv[1:]])
        written = results.write(target, command, finish=report_step(debug))
        print_results(results, out_console)
        out_console.print(show_path(written), markup=False)


def report_step(debug: bool) -> Callable[[Path], None]:
    """The last step of writing a results folder: report.html and plots/ (`Results.write(finish=…)`).

    A report that fails costs the report, not the simulation: the folder is still written, and a
    warning says how to write the report again. Interrupts still abort the whole folder.
    """

    def finish(folder: Path) -> None:
        from sim.report.html import write_report

        try:
            write_report(folder)
        except Exception as exc:
            if debug:
                traceback.print_exc()
            err_console.print(
                f"warning: the HTML report was not written ({type(exc).__name__}: {exc}); the results are "
                "complete: run `supplysim report` on the folder to try again (--debug shows the traceback)",
                markup=False,
            )

    return finish


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    if not enabled or not err_console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("runs"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("runs", total=None, rate="")
        started = time.perf_counter()

        def update(done: int, total: int) -> None:
            rate = done / max(time.perf_counter() - started, 1e-9)
            bar.update(task, completed=done, total=total, rate=f"{rate:.1f} runs/s")

        yield update
