"""Runs started from the workbench: the same results folders as the CLI, never a shared folder, cancel, and
a killed run that the CLI's command completes."""

from __future__ import annotations

import os
import shlex
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sim.cli import main
from sim.web.jobs import Jobs, RunRequest
from sim.web.views import results_view
from sim.web.workspace import Workspace

pytestmark = pytest.mark.slow
SHORT = ["horizon_days=40", "warmup_days=7"]


def wait(jobs: Jobs, job_id: str, until: Any, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = jobs.status(job_id)
        if until(status):
            return status
        time.sleep(0.1)
    raise AssertionError(f"run {job_id} did not get there: {jobs.status(job_id)}")


def cli(space: Path, command: str, out: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the job's CLI command in the workspace, into `out`."""
    words = shlex.split(command)[1:]
    words[words.index("--out") + 1] = out
    monkeypatch.chdir(space)
    result = CliRunner().invoke(main, [*words, "--no-progress", "--workers", "1"])
    assert result.exit_code == 0, result.output
    return space / out


def test_a_run_writes_the_folder_the_cli_writes(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = Jobs(Workspace.open(workspace))
    first = jobs.start(RunRequest("small_store.yaml", reps=2, seed=5, overrides=SHORT))
    second = jobs.start(RunRequest("small_store.yaml", reps=2, seed=5, overrides=SHORT))  # at once
    a = wait(jobs, first, lambda s: s["state"] != "running")
    b = wait(jobs, second, lambda s: s["state"] != "running")
    assert a["state"] == b["state"] == "done", (a, b)
    assert a["results"] != b["results"]  # two runs started together never share a folder
    assert (a["done"], a["total"]) == (6, 6)
    folder = workspace / a["results"]
    assert {"manifest.json", "kpis.csv", "summary.csv", "comparisons.csv", "report.html", "plots"} <= {
        p.name for p in folder.iterdir()
    }
    by_cli = cli(workspace, a["command"], "results/by-cli", monkeypatch)
    for name in ("kpis.csv", "summary.csv", "comparisons.csv", "recommendation.csv", "plan.csv"):
        assert (folder / name).read_bytes() == (by_cli / name).read_bytes(), name
    assert (folder / "kpis.csv").read_bytes() == (workspace / b["results"] / "kpis.csv").read_bytes()


def test_bad_input_starts_nothing(workspace: Path) -> None:
    jobs = Jobs(Workspace.open(workspace))
    from sim.base.problems import ScenarioError

    with pytest.raises(ScenarioError, match="horizon_days"):
        jobs.start(RunRequest("small_store.yaml", overrides=["horizon_days=-3"]))
    with pytest.raises(KeyError, match="stoked"):
        jobs.start(RunRequest("small_store.yaml", policies=["stoked"], overrides=SHORT))
    assert jobs.recent() == []


def test_cancel_ends_the_run_and_writes_nothing(workspace: Path) -> None:
    jobs = Jobs(Workspace.open(workspace))
    job_id = jobs.start(RunRequest("multichannel.yaml", reps=20, overrides=["horizon_days=120"]))
    wait(jobs, job_id, lambda s: s["total"] > 0)
    jobs.cancel(job_id)
    status = jobs.status(job_id)
    assert status["state"] == "cancelled"
    assert not (workspace / status["out"]).exists()


def test_a_killed_run_is_completed_by_its_cli_command(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = Jobs(Workspace.open(workspace))
    job_id = jobs.start(RunRequest("small_store.yaml", reps=2, seed=3, overrides=SHORT))
    wait(jobs, job_id, lambda s: s["total"] > 0)  # loaded and running
    pid = jobs._processes[job_id].pid
    os.killpg(pid, signal.SIGKILL)  # as if the machine stopped: no chance to tidy up
    jobs._processes[job_id].wait()
    del jobs._processes[job_id]  # a later server knows the run only by its folder
    status = jobs.status(job_id)
    assert status["state"] == "stopped"
    assert not (workspace / status["out"]).exists()  # results are atomic: nothing half-written
    folder = cli(workspace, status["command"], status["out"], monkeypatch)
    assert (folder / "manifest.json").is_file() and (folder / "kpis.csv").is_file()


def test_a_killed_sweep_resumes_where_it_stopped(workspace: Path) -> None:
    jobs = Jobs(Workspace.open(workspace))
    levels = "policies.stocked.reorder.service_level=0.9,0.95,0.98"
    request = RunRequest("small_store.yaml", ["stocked"], 2, 1, [*SHORT, levels], workers=1, verb="sweep")
    job_id = jobs.start(request)
    wait(jobs, job_id, lambda s: s["done"] >= 2)
    os.killpg(jobs._processes[job_id].pid, signal.SIGKILL)
    jobs._processes[job_id].wait()
    assert jobs.status(job_id)["state"] == "stopped"
    jobs.again(job_id)
    status = wait(jobs, job_id, lambda s: s["state"] != "running")
    assert status["state"] == "done", status
    assert status["resumed"] >= 2 and status["total"] == 6  # the runs done before the kill were kept
    folder = workspace / status["results"]
    assert status["results"].startswith("results/small_store/sweep-")
    assert (folder / "summary.csv").is_file() and (folder / "manifest.json").is_file()
    assert status["command"].startswith("supplysim sweep small_store.yaml --policies stocked --reps 2 --seed 1")
    view = results_view(folder, status["results"])  # the results page of a sweep: one row per setting
    assert view.folder.is_sweep and len(view.rows) == 3 and all("service_level" in r["setting"] for r in view.rows)
