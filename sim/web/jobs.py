"""Runs started from the workbench: each in its own process and folder, watched by polling files.

A run is a folder `.supplysim/jobs/<id>/` of the workspace, made with an exclusive `mkdir` (so two
runs started at once never share one), holding `job.json` (what to run), `progress.json` and
`status.json` (written by the run's process, sim.web.job) and `job.log` (its stderr). Its results
go to `results/<scenario>/<verb>-<id>/`, a folder named by the run's own id, so no two runs write
the same one. The scenario is loaded here first (as `compare` or `sweep` loads it), so bad input is
reported on the page with its located problems and no process starts.

The process runs in its own session: cancelling kills its whole process group (the pool's workers
too). A run whose process is gone without a status (the server was stopped, the machine rebooted)
shows as `stopped`; "run again" starts the same job.json again into the same results folder, as
its CLI command would: a compare's folder a killed run never created (it is written atomically),
a sweep's folder resumed from its part files (finished runs are kept, the rest run).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.experiment.results_folder import write_json
from sim.web.workspace import RESULTS_DIR, Refused, Workspace

JOB_FILE = "job.json"
PROGRESS_FILE = "progress.json"
STATUS_FILE = "status.json"
LOG_FILE = "job.log"
MAX_LISTED = 30
VERBS = ("compare", "sweep", "optimize")
OPTIMIZE_FLAGS = {  # an optimize run's options (sim.sweeps.tuning.prepare's names) and the CLI's flags
    "floor": "--fill-rate-floor",
    "policy": "--policy",
    "objective": "--objective",
    "floor_metric": "--fill-rate-metric",
    "max_replications": "--max-reps",
    "refine_rounds": "--refine",
}


@dataclass
class RunRequest:
    """What the run form asks for (strings already checked by the app)."""

    scenario: str  # workspace-relative
    policies: list[str] = field(default_factory=list)
    reps: int | None = None
    seed: int | None = None
    overrides: list[str] = field(default_factory=list)  # `--set` texts, e.g. horizon_days=60
    workers: int = 0
    scheduler: str | None = None
    verb: str = "compare"  # or "sweep": the scenario's sweep: block and `path=v1,v2` overrides; or "optimize"
    optimize: dict[str, Any] = field(default_factory=dict)  # optimize's options: OPTIMIZE_FLAGS' keys


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _child_environment() -> dict[str, str]:
    """This environment, with the folder this `sim` package was imported from first on PYTHONPATH,
    so the run uses the server's own code (a checkout, not another install) — never the workspace."""
    root = str(Path(__file__).resolve().parents[2])  # the folder holding this `sim` package
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def _checked_name(path: str, request: RunRequest) -> str:
    """The scenario's name, once loaded and checked as `supplysim <verb>` loads it (raises when bad)."""
    if request.verb == "sweep":
        from sim.sweeps.points import cli_plan

        plan, _ = cli_plan(path, request.overrides, request.policies or None, request.seed)
        return plan.base.name
    if request.verb == "optimize":  # as `supplysim optimize` checks it (sim.sweeps.tuning)
        from sim.sweeps.tuning import prepare

        options = {k: v for k, v in request.optimize.items() if k != "refine_rounds"}
        return prepare(path, request.overrides, reps=request.reps, seed=request.seed, **options).plan.base.name
    if request.verb != "compare":
        raise ValueError(f"unknown verb {request.verb!r}: {', '.join(VERBS)}")
    from sim.sweeps.settings import load_single

    scenario = load_single(path, request.overrides, "compare")
    for name in request.policies:
        scenario.policy(name)  # KeyError naming the known policies
    return scenario.name


def cli_command(request: RunRequest, out: str) -> str:
    """The CLI command that runs the same comparison into the same folder (from the workspace)."""
    words = ["supplysim", request.verb, request.scenario]
    if request.policies:
        words += ["--policies", ",".join(request.policies)]
    if request.reps is not None:
        words += ["--reps", str(request.reps)]
    if request.seed is not None:
        words += ["--seed", str(request.seed)]
    for text in request.overrides:
        words += ["--set", text]
    for key, flag in OPTIMIZE_FLAGS.items():
        value = request.optimize.get(key) if request.verb == "optimize" else None
        if value is not None:
            words += [flag, f"{value:g}" if isinstance(value, float) else str(value)]
    if request.scheduler:
        words += ["--scheduler", request.scheduler]
    return " ".join(shlex.quote(w) for w in [*words, "--out", out])


class Jobs:
    """The runs of one workspace: start, watch, cancel, run again."""

    def __init__(self, workspace: Workspace, python: str = sys.executable) -> None:
        self.workspace = workspace
        self.python = python
        self._processes: dict[str, subprocess.Popen[bytes]] = {}

    def _folder(self, job_id: str) -> Path:
        if not job_id or not all(c.isalnum() or c == "-" for c in job_id):
            raise Refused(f"{job_id!r}: not a run id")
        folder = self.workspace.state("jobs") / job_id
        if not folder.is_dir():
            raise Refused(f"{job_id!r}: no such run")
        return folder

    def _new_folder(self) -> tuple[str, Path]:
        root = self.workspace.state("jobs")
        while True:
            job_id = f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"
            try:
                (root / job_id).mkdir()
            except FileExistsError:
                continue
            return job_id, root / job_id

    def start(self, request: RunRequest) -> str:
        """Check the scenario as the verb's CLI does (ScenarioError, Refused, KeyError for an unknown
        policy, SweepError) and start its run; returns the run id."""
        path = self.workspace.resolve(request.scenario)
        name = _checked_name(str(path), request)
        job_id, folder = self._new_folder()
        out_relative = f"{RESULTS_DIR}/{name}/{request.verb}-{job_id}"
        out = self.workspace.resolve(out_relative, must_exist=False)
        spec = {
            "id": job_id,
            "verb": request.verb,
            "scenario": str(path),
            "scenario_relative": request.scenario,
            "scenario_name": name,
            "policies": request.policies,
            "reps": request.reps,
            "seed": request.seed,
            "overrides": request.overrides,
            "workers": request.workers,
            "scheduler": request.scheduler,
            "optimize": request.optimize,
            "out": str(out),
            "out_relative": out_relative,
            "command": cli_command(request, out_relative),
            "created": time.time(),
        }
        write_json(folder / JOB_FILE, spec)
        self._launch(job_id, folder)
        return job_id

    def _launch(self, job_id: str, folder: Path) -> None:
        for name in (PROGRESS_FILE, STATUS_FILE):
            (folder / name).unlink(missing_ok=True)
        with open(folder / LOG_FILE, "ab") as log:
            process = subprocess.Popen(
                [self.python, "-m", "sim.web.job", str(folder)],
                cwd=self.workspace.root,
                env=_child_environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,  # its own process group: cancel ends the pool's workers too
            )
        self._processes[job_id] = process
        write_json(folder / "pid.json", {"pid": process.pid})

    def again(self, job_id: str) -> None:
        """Start a cancelled, failed or stopped run again, into the same results folder."""
        folder = self._folder(job_id)
        if self.status(job_id)["state"] in ("running", "done"):
            return
        self._launch(job_id, folder)

    def cancel(self, job_id: str) -> None:
        folder = self._folder(job_id)
        if self.status(job_id)["state"] != "running":
            return
        pid = (_read(folder / "pid.json") or {}).get("pid")
        if isinstance(pid, int):
            with contextlib.suppress(ProcessLookupError):  # the group this run leads (start_new_session)
                os.killpg(pid, signal.SIGTERM)
        process = self._processes.get(job_id)
        if process is not None:
            process.wait(timeout=30)
        write_json(folder / STATUS_FILE, {"state": "cancelled", "finished": time.time()})

    def status(self, job_id: str) -> dict[str, Any]:
        """State (running, done, failed, cancelled, stopped), progress, ETA, results folder, command."""
        folder = self._folder(job_id)
        spec = _read(folder / JOB_FILE) or {}
        status = _read(folder / STATUS_FILE)
        progress = _read(folder / PROGRESS_FILE) or {}
        process = self._processes.get(job_id)
        if status is not None:
            state = str(status.get("state"))
        elif process is not None:
            state = "running" if process.poll() is None else "stopped"
        else:
            pid = (_read(folder / "pid.json") or {}).get("pid")
            state = "running" if isinstance(pid, int) and _alive(pid) else "stopped"
        done, total = int(progress.get("done", 0)), int(progress.get("total", 0))
        eta = None
        if state == "running" and done and total:
            elapsed = time.time() - float(progress.get("started", time.time()))
            eta = max(elapsed / done * (total - done), 0.0)
        return {
            "id": job_id,
            "state": state,
            "done": done,
            "total": total,
            "eta_seconds": eta,
            "scenario": spec.get("scenario_relative"),
            "verb": spec.get("verb", "compare"),
            "results": (status or {}).get("results"),
            "error": (status or {}).get("error"),
            "warnings": (status or {}).get("warnings", []),
            "resumed": (status or {}).get("resumed", 0),  # a sweep's runs kept from a killed run
            "chosen": (status or {}).get("chosen"),  # an optimisation's answer, as --set options
            "command": spec.get("command"),
            "out": spec.get("out_relative"),
        }

    def recent(self) -> list[dict[str, Any]]:
        root = self.workspace.state("jobs")
        ids = sorted((p.name for p in root.iterdir() if (p / JOB_FILE).is_file()), reverse=True)[:MAX_LISTED]
        return [self.status(i) for i in ids]

    def stop_all(self) -> None:
        """End the runs this server started (when it stops): their folders show `stopped`, to run again."""
        for job_id, process in list(self._processes.items()):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            del self._processes[job_id]
