"""Shared pieces of the `supplysim` command: error handling, the consoles, the progress bar, output helpers.

The bottom of sim/cli/: it imports no other module of the folder (options live in sim.cli.options,
the helpers of the many-run verbs in sim.cli.scale).

Exit codes: 0 success; 2 bad input (scenario, CLI arguments, an existing --out), printed as
`file:line:col  key.path  message` lines with no traceback; 1 an internal error (a traceback
only with --debug). The last line a command prints on stdout is the results folder.
"""

from __future__ import annotations

import shlex
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console

from sim.base.words import plural, unknown_policy
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
        fail([p.format() for p in exc.problems] + [f"{plural(len(exc.problems), 'problem')}; nothing was written."])
    except BadInput as exc:
        fail([f"error: {exc}"])
    except KeyboardInterrupt as exc:  # a sweep's SweepInterrupted says what it kept and how to resume
        # A second interrupt while we say so (Ctrl-C pressed again, or one that reached the process
        # twice: seen once in a while under load in tests/sweeps/test_interrupt.py, exit -2) must
        # not end in a traceback: the process is ending, so further SIGINTs are ignored, and it
        # exits 130 whatever happens while printing.
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            err_console.print(str(exc) or "interrupted; nothing was written.", markup=False)
        finally:
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


def check_policies(names: Sequence[str] | None, scenario: Scenario) -> None:
    """BadInput naming every policy of `names` (None: all) that the scenario does not have."""
    known = [p.name for p in scenario.policies]
    unknown = [p for p in names or [] if p not in known]
    if unknown:
        raise BadInput(unknown_policy(unknown, known))


def new_folder(out: Path | None, scenario: Scenario, verb: str) -> Path:
    """The folder a verb creates: `--out`, else `default_out`; checked before any simulation.

    BadInput when it exists already (even as a dangling symlink) or cannot be created there
    (`sim.experiment.results_folder.out_problem`); stale leftovers of killed runs in its results
    root (its parent) are removed now (`clean_stale`)."""
    from sim.experiment.results_folder import clean_stale, out_problem

    target = out if out is not None else default_out(scenario, verb)
    problem = out_problem(target)
    if problem is not None:
        raise BadInput(problem)
    clean_stale(target.parent)
    return target


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
            warn_no_report(f"{type(exc).__name__}: {exc}", " (--debug shows the traceback)")

    return finish


def warn_no_report(reason: str, hint: str = "") -> None:
    """Say that the HTML report failed while the results folder is complete, and how to retry."""
    err_console.print(
        f"warning: the HTML report was not written ({reason}); the results are complete: "
        f"run `supplysim report` on the folder to try again{hint}",
        markup=False,
    )


def command_line() -> str:
    """The command being run, quoted for a shell (for manifests)."""
    return " ".join(shlex.quote(a) for a in ["supplysim", *sys.argv[1:]])


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar for runs: bar, done/total, runs per second, ETA (on a terminal only).

    The bar shows from the start; the first report sets the total. Runs already done at the
    first report (finished by an earlier, interrupted command) count as done but not towards the
    speed, so a resumed sweep's rate and ETA are this process's own.
    """
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
        TextColumn("{task.fields[detail]}"),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("runs", total=None, rate="", detail="")
        first: list[float] = []  # runs done at the first report, and its time

        def update(done: int, total: int) -> None:
            if not first:
                bar.reset(task, total=total, completed=done, rate="", detail="")  # rich's own speed starts here too
                first.extend((done, time.perf_counter()))
                return
            rate = (done - first[0]) / max(time.perf_counter() - first[1], 1e-9)
            bar.update(task, completed=done, total=total, rate=f"{rate:.2f} runs/s")

        def detail(text: str) -> None:  # inside a run: "run 1 of 2 · day 120 of 365" (sim.experiment.replications)
            bar.update(task, detail=text)

        update.detail = detail  # type: ignore[attr-defined]
        yield update
