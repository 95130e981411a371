"""`supplysim validate-model`: simulate the analytic validation cases and print the table.

Exit codes: 0 every check passes; 1 a check failed (or an internal error); 2 bad input (an
unknown case, a missing scenarios folder, a scenario that does not load, an --out folder that
exists or cannot be made). The table is also written, as CSV, to a results folder (`--out`, default
results/validation/validate-model-<time>/), whose path is the last line printed.
"""

from __future__ import annotations

from pathlib import Path

import click

from sim.base.words import plural
from sim.cli.common import BadInput, err_console, errors, out_console, progress_bar, show_path
from sim.cli.options import (
    debug_option,
    no_progress_option,
    out_option,
    reps_option,
    seed_option,
    workers_option,
)


@click.command("validate-model")
@click.option(
    "--quick",
    is_flag=True,
    help="Fewer replications and shorter runs (about a minute): wider, still honest, intervals.",
)
@click.option("--case", "cases", multiple=True, metavar="NAME", help="Run only this case (repeatable; see --list).")
@click.option("--list", "list_only", is_flag=True, help="List the cases and exit.")
@reps_option("Replications per policy (default: each case's own).", minimum=2)
@seed_option("Root seed for every case (default: each scenario's seed). Any seed should pass.")
@workers_option
@click.option(
    "--scenarios",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the validation scenarios (default: scenarios/validation of this checkout).",
)
@out_option
@no_progress_option
@debug_option
def validate_model(
    quick: bool,
    cases: tuple[str, ...],
    list_only: bool,
    reps: int | None,
    seed: int | None,
    workers: int,
    folder: Path | None,
    out: Path | None,
    no_progress: bool,
    debug: bool,
) -> None:
    """Check the simulator against inventory and queueing theory: for each case (a scenario under
    scenarios/validation/), simulate replications and compare each quantity with its analytic
    value. Prints quantity, analytic value, simulated mean, 95 % CI, pass/fail and the outside
    source of each value, and writes the table as validation.csv to a results folder (--out, default
    results/validation/validate-model-<time>/); see docs/VALIDATION.md for the formulas and the
    criterion."""
    import shlex
    import sys

    from sim.experiment.results_folder import out_problem
    from sim.studies.validation.cases import CASES, SCENARIO_DIR
    from sim.studies.validation.folder import default_out, write_validation
    from sim.studies.validation.runner import select
    from sim.studies.validation.runner import validate_model as run_validation
    from sim.studies.validation.table import render

    if list_only:
        for case in CASES:
            out_console.print(f"{case.name:<22} {case.title}  ({case.scenario})", markup=False)
        return
    with errors(debug):
        try:
            chosen = select(cases)
        except KeyError as exc:
            raise BadInput(exc.args[0]) from None
        where = folder if folder is not None else SCENARIO_DIR
        missing = [c.scenario for c in chosen if not (where / c.scenario).is_file()]
        if missing:
            raise BadInput(f"{where} does not hold {', '.join(missing)}; give the folder with --scenarios")
        target = out if out is not None else default_out()
        problem = out_problem(target)
        if problem is not None:
            raise BadInput(problem)
        with progress_bar(enabled=not no_progress) as progress:
            report = run_validation(
                chosen, quick=quick, replications=reps, seed=seed, workers=workers, folder=where, progress=progress
            )
        for line in render(report):
            out_console.print(line, markup=False)
        command = " ".join(shlex.quote(a) for a in ["supplysim", *sys.argv[1:]])
        written = write_validation(report, target, command)
    if not report.ok:
        err_console.print(f"{plural(len(report.failed), 'check')} failed: the simulator disagrees with theory there.")
    out_console.print(show_path(written), markup=False)
    if not report.ok:
        raise SystemExit(1)


__all__ = ["validate_model"]
