"""One workbench run in its own process: `python -m sim.web.job JOB_DIR`.

It reads `job.json` (written by sim.web.jobs), loads the scenario as `compare` does
(`sim.sweeps.settings.load_single`), runs `sim.experiment.replications.compare` — the function behind
`sim.compare` and the CLI's `compare` — through the executor the CLI would make (a process pool, or
the Dask scheduler given), and writes the results folder with `Results.write`, atomically, with
the same report as the CLI. A sweep runs as `supplysim sweep` runs it: `cli_plan`, then `run_plan`
into its folder, which resumes from the part files a killed run left; an optimisation as `supplysim
optimize` runs it (sim.sweeps.tuning: `prepare`, then `run`), resuming the same way. While it runs it keeps `progress.json` (runs done, total, times) and
finally `status.json` (done or failed, with the located problems); both are written atomically.
A process killed mid-way leaves no results folder (only a temporary one that the next run in the
same results root removes), so running the job again, or its CLI command, completes it.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from sim.experiment.results_folder import write_json
from sim.web.jobs import JOB_FILE, PROGRESS_FILE, STATUS_FILE


def _progress_writer(folder: Path, started: float) -> Any:
    first: list[float] = []

    def progress(done: int, total: int) -> None:
        now = time.time()
        if not first:
            first.append(now)
        write_json(folder / PROGRESS_FILE, {"done": done, "total": total, "started": started, "now": now})

    return progress


def run_job(folder: Path) -> dict[str, Any]:
    """Run the job in `folder`; returns (and writes) its final status."""
    # `python -m sim.web.job` has imported the package `sim` first: its composition root has handed
    # the report stage's writer to Results.write, so the folder gets the same report as the CLI's.
    from sim.base.problems import ScenarioError
    from sim.experiment.executors import ExecutorUnavailable, executor_for
    from sim.experiment.replications import compare
    from sim.sweeps.parts import SweepFolderError
    from sim.sweeps.points import SweepError
    from sim.sweeps.settings import load_single

    spec = json.loads((folder / JOB_FILE).read_text(encoding="utf-8"))
    started = time.time()
    try:
        if spec.get("verb") == "sweep":
            return _finish(folder, _sweep(folder, spec, started))
        if spec.get("verb") == "optimize":
            return _finish(folder, _optimize(folder, spec, started))
        scenario = load_single(spec["scenario"], spec.get("overrides", []), "compare")
        policies = spec.get("policies") or [p.name for p in scenario.policies]
        reps = spec.get("reps") or scenario.replications
        write_json(
            folder / PROGRESS_FILE, {"done": 0, "total": reps * len(policies), "started": started, "now": started}
        )
        executor = executor_for(spec.get("workers", 0), spec.get("scheduler") or None)
        with executor:
            results = compare(
                scenario,
                policies,
                replications=reps,
                seed=spec.get("seed"),
                executor=executor,
                progress=_progress_writer(folder, started),
                warn=False,
            )
        results.write(Path(spec["out"]), spec["command"])
        status: dict[str, Any] = {"state": "done", "results": spec["out_relative"], "warnings": results.warnings}
    except ScenarioError as exc:
        status = {"state": "failed", "error": "\n".join(p.format() for p in exc.problems)}
    except (ExecutorUnavailable, SweepError, SweepFolderError) as exc:
        status = {"state": "failed", "error": str(exc)}
    except Exception as exc:
        traceback.print_exc()  # into the job's log (job.log), for --debug-like reading
        status = {"state": "failed", "error": f"internal error: {type(exc).__name__}: {exc}"}
    return _finish(folder, status)


def _finish(folder: Path, status: dict[str, Any]) -> dict[str, Any]:
    status["finished"] = time.time()
    write_json(folder / STATUS_FILE, status)
    return status


def _sweep(folder: Path, spec: dict[str, Any], started: float) -> dict[str, Any]:
    """A sweep as `supplysim sweep` runs it (`cli_plan`, then `run_plan` into the folder, which resumes)."""
    from sim.experiment.executors import executor_for
    from sim.sweeps.points import cli_plan
    from sim.sweeps.runner import run_plan

    plan, _ = cli_plan(spec["scenario"], spec.get("overrides", []), spec.get("policies") or None, spec.get("seed"))
    results = run_plan(
        plan,
        Path(spec["out"]),
        replications=spec.get("reps"),
        executor=executor_for(spec.get("workers", 0), spec.get("scheduler") or None),
        progress=_progress_writer(folder, started),
        command=spec["command"],
        report=True,
    )
    return {
        "state": "done",
        "results": spec["out_relative"],
        "warnings": [],
        "resumed": results.runs_total - results.runs_done_now,
    }


def _optimize(folder: Path, spec: dict[str, Any], started: float) -> dict[str, Any]:
    """An optimisation as `supplysim optimize` runs it: sim.sweeps.tuning's `prepare`, then `run` into the
    folder (grid, then refinement rounds when asked), which resumes from a killed run's part files."""
    from sim.experiment.executors import executor_for
    from sim.sweeps.tuning import prepare, run

    options = dict(spec.get("optimize") or {})
    rounds = int(options.pop("refine_rounds", None) or 0)
    setup = prepare(
        spec["scenario"], spec.get("overrides", []), reps=spec.get("reps"), seed=spec.get("seed"), **options
    )
    results, refined = run(
        setup,
        Path(spec["out"]),
        executor=executor_for(spec.get("workers", 0), spec.get("scheduler") or None),
        progress=_progress_writer(folder, started),
        command=spec["command"],
        refine_rounds=rounds,
    )
    chosen = refined.final if refined is not None else results.chosen
    edges = refined.at_edge if refined is not None else (chosen or {}).get("grid_edges", [])
    warnings = [e["warning"] for e in edges]
    if chosen is None:
        warnings.append(
            f"no candidate reaches {setup.goal.floor_metric} ≥ {setup.goal.floor:g} with 95 % confidence: lower "
            "the floor or widen the candidates"
        )
    return {
        "state": "done",
        "results": spec["out_relative"],
        "warnings": warnings,
        "chosen": " ".join(chosen["set"]) if chosen is not None else None,
        "resumed": results.sweep.runs_total - results.sweep.runs_done_now,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m sim.web.job JOB_DIR", file=sys.stderr)
        return 2
    status = run_job(Path(argv[0]))
    return 0 if status["state"] == "done" else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
