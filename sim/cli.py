"""The `supplysim` command: a thin layer over the Python API (sim.experiment), tested with a runner.

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
out_console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class BadInput(Exception):
    """A user error that is not a scenario problem (e.g. --out exists); printed and exit 2."""


def _fail(lines: list[str]) -> NoReturn:
    for line in lines:
        err_console.print(line, markup=False)
    sys.exit(EXIT_BAD_INPUT)


@contextmanager
def _errors(debug: bool) -> Iterator[None]:
    """Turn known failures into clear messages and exit codes."""
    try:
        yield
    except ScenarioError as exc:
        _fail([p.format() for p in exc.problems] + [f"{len(exc.problems)} problem(s); nothing was written."])
    except BadInput as exc:
        _fail([f"error: {exc}"])
    except KeyboardInterrupt:
        err_console.print("interrupted; nothing was written.")
        sys.exit(130)
    except click.exceptions.Exit:
        raise
    except Exception as exc:  # an internal error: say so plainly
        if debug:
            traceback.print_exc()
        else:
            err_console.print(f"internal error: {type(exc).__name__}: {exc}\n(run again with --debug for the traceback)",
                              markup=False)
        sys.exit(1)


def _load(path: str, overrides: tuple[str, ...]) -> Scenario:
    return load_scenario(path, list(overrides))


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options every simulating verb takes."""
    options = [
        click.option("--reps", type=click.IntRange(min=1), default=None,
                     help="Replications per policy (default: the scenario's `replications`)."),
        click.option("--seed", type=click.IntRange(min=0, max=2**63 - 1), default=None,
                     help="Root random seed (default: the scenario's `seed`)."),
        click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE",
                     help="Override a scenario value, e.g. --set horizon_days=90 or "
                          "--set policies.stocked.reorder.service_level=0.98 (repeatable)."),
        click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Results folder to create (default: results/<scenario>/<verb>-<time>/)."),
        click.option("--workers", type=click.IntRange(min=0), default=0, show_default=True,
                     help="Processes to run replications on (0: all cores). Results do not depend on it."),
        click.option("--no-progress", is_flag=True, help="No progress bar."),
        click.option("--events", is_flag=True, help="Also write each run's event log to events/."),
        click.option("--debug", is_flag=True, help="Show tracebacks of internal errors."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _default_out(scenario: Scenario, verb: str) -> Path:
    base = Path("results") / scenario.name
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = base / f"{verb}-{stamp}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = base / f"{verb}-{stamp}-{n}"
    return candidate


def _show_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(package_name="supplysim")
def main() -> None:
    """supplysim: should we stock it, dropship it, or both?

    A discrete-event simulator of e-commerce fulfilment that compares inventory-free, stocked and
    hybrid policies on fill rate, cost and delivery speed, with confidence intervals.
    """


@main.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a value before checking.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def validate(scenarios: tuple[str, ...], overrides: tuple[str, ...], debug: bool) -> None:
    """Check scenario files; print every problem as file:line:col  key.path  message."""
    from sim.config.catalogue import all_skus

    problems: list[str] = []
    with _errors(debug):
        for path in scenarios:
            try:
                scenario = _load(path, overrides)
            except ScenarioError as exc:
                problems += [p.format() for p in exc.problems]
                continue
            out_console.print(
                f"ok  {path}  ({scenario.name}: {len(scenario.regions)} regions, {len(all_skus(scenario))} SKUs, "
                f"{len(scenario.nodes)} nodes, policies {', '.join(p.name for p in scenario.policies)})",
                markup=False,
            )
    if problems:
        _fail(problems + [f"{len(problems)} problem(s)."])


def _simulate(verb: str, scenario_path: str, policies: list[str] | None, first_only: bool, reps: int | None,
              seed: int | None,
              overrides: tuple[str, ...], out: Path | None, workers: int, no_progress: bool, events: bool,
              debug: bool) -> None:
    from sim.experiment import compare as run_compare
    from sim.report.terminal import print_results

    with _errors(debug):
        scenario = _load(scenario_path, overrides)
        if first_only and policies is None:
            policies = [scenario.policies[0].name]
        if policies is not None:
            known = [p.name for p in scenario.policies]
            unknown = [p for p in policies if p not in known]
            if unknown:
                raise BadInput(f"unknown policy {', '.join(map(repr, unknown))}; the scenario has {', '.join(known)}")
        target = out if out is not None else _default_out(scenario, verb)
        if target.exists():
            raise BadInput(f"{target} already exists; choose another --out or remove it")
        staging = target.parent / f".{target.name}.events-staging" if events else None
        with _progress(enabled=not no_progress) as progress:
            results = run_compare(scenario, policies, replications=reps, seed=seed, workers=workers,
                                  events_dir=staging, progress=progress)
        command = " ".join(shlex.quote(a) for a in ["supplysim", *sys.argv[1:]])
        written = results.write(target, command)
        print_results(results, out_console)
        out_console.print(_show_path(written), markup=False)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    if not enabled or not err_console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("runs"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                  TimeRemainingColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task("runs", total=None, rate="")
        started = time.perf_counter()

        def update(done: int, total: int) -> None:
            rate = done / max(time.perf_counter() - started, 1e-9)
            bar.update(task, completed=done, total=total, rate=f"{rate:.1f} runs/s")

        yield update


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--policy", default=None, help="Policy to run (default: the scenario's first).")
@common_options
def run(scenario: str, policy: str | None, **options: Any) -> None:
    """Replications of one policy; writes the results folder."""
    _simulate("run", scenario, [policy] if policy else None, True, **options)


@main.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--policies", default=None, metavar="A,B,…", help="Policies to compare (default: all in the scenario).")
@common_options
def compare(scenario: str, policies: str | None, **options: Any) -> None:
    """Compare policies on the same demand (common random numbers); writes the results folder."""
    names = [p.strip() for p in policies.split(",") if p.strip()] if policies else None
    _simulate("compare", scenario, names, False, **options)


if __name__ == "__main__":
    main()
