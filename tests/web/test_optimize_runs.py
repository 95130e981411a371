"""`optimize` from the workbench: the same set-up and folder as `supplysim optimize` (sim.sweeps.tuning), its
progress and its answer on the run page, the run form's checks, cancel, and its results page."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.sweeps.points import SweepError
from sim.sweeps.tuning import prepare
from sim.web.jobs import Jobs, RunRequest
from sim.web.views import results_view
from sim.web.workspace import Workspace
from tests.web.conftest import Live
from tests.web.test_runs import SHORT, cli, wait

pytestmark = pytest.mark.slow
LEVELS = "policies.stocked.reorder.service_level=0.8,0.95"
OPTIONS = {"floor": 0.9, "max_replications": 4}


def test_an_optimize_run_writes_the_folder_the_cli_writes(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = Jobs(Workspace.open(workspace))
    request = RunRequest("small_store.yaml", [], 2, 2, [*SHORT, LEVELS], workers=1, verb="optimize", optimize=OPTIONS)
    job_id = jobs.start(request)
    status = wait(jobs, job_id, lambda s: s["state"] != "running")
    assert status["state"] == "done", status
    assert status["total"] > 0 and status["done"] == status["total"]
    assert status["results"].startswith("results/small_store/optimize-")
    assert status["command"] == (
        f"supplysim optimize small_store.yaml --reps 2 --seed 2 --set horizon_days=40 --set warmup_days=7 "
        f"--set {LEVELS} --fill-rate-floor 0.9 --max-reps 4 --out {status['out']}"
    )
    assert status["chosen"] and status["chosen"].startswith("--set policies.stocked.reorder.service_level=")
    assert any("the optimum may lie beyond the grid" in w for w in status["warnings"])  # two values: an edge
    folder = workspace / status["results"]
    by_cli = cli(workspace, status["command"], "results/by-cli", monkeypatch)
    for name in ("kpis.csv", "summary.csv", "candidates.csv", "pareto.csv", "chosen.json", "points.csv"):
        assert (folder / name).read_bytes() == (by_cli / name).read_bytes(), name
    assert (folder / "report.html").is_file()
    view = results_view(folder, status["results"])  # its results page: one row per candidate
    assert view.folder.is_sweep and len(view.rows) == 2


def test_the_set_up_is_the_clis_checks(workspace: Path) -> None:
    path = str(workspace / "small_store.yaml")
    with pytest.raises(SweepError, match="nothing to search"):
        prepare(path, SHORT, floor=0.9)
    with pytest.raises(SweepError, match="did you mean 'stocked'"):
        prepare(path, [*SHORT, LEVELS], floor=0.9, policy="stoked")
    with pytest.raises(SweepError, match="unknown metric 'cost'"):
        prepare(path, [*SHORT, LEVELS], floor=0.9, objective="cost")
    with pytest.raises(SweepError, match="raise --max-reps"):
        prepare(path, [*SHORT, LEVELS], floor=0.9, reps=10, max_replications=4)
    setup = prepare(path, [*SHORT, LEVELS], floor=0.9, max_replications=4)
    assert setup.goal.policy == "stocked" and setup.plan.policies == ["stocked"] and setup.first == 4


def test_the_run_form_starts_nothing_on_bad_optimize_options(live: Live) -> None:
    client = live.client().login()
    csrf = client.csrf()
    form = {"csrf": csrf, "path": "small_store.yaml", "verb": "optimize", "sweep": LEVELS, "horizon_days": "40"}
    for extra, message in (
        ({}, "optimize needs a fill-rate floor between 0 and 1"),
        ({"fill_rate_floor": "1.5"}, "outside 0…1"),
        ({"fill_rate_floor": "0.9", "tune_policy": "stoked"}, "did you mean &#39;stocked&#39;"),
        ({"fill_rate_floor": "0.9", "sweep": ""}, "nothing to search"),
        ({"fill_rate_floor": "0.9", "max_reps": "x"}, "take whole numbers"),
    ):
        status, _, text = client.post("/run", {**form, **extra})
        assert status == 200 and message in text, (extra, text[-2000:])
    assert live.server.app.jobs.recent() == []


def test_an_optimize_run_from_the_form_shows_progress_and_cancels(live: Live) -> None:
    client = live.client().login()
    form = {
        "csrf": client.csrf(),
        "path": "multichannel.yaml",
        "verb": "optimize",
        "sweep": "policies.stocked.reorder.service_level=0.8,0.9,0.95,0.98",
        "fill_rate_floor": "0.95",
        "reps": "10",
        "horizon_days": "200",
    }
    status, headers, _ = client.post("/run", form)
    assert status == 303, status
    job_id = headers["location"].split("id=")[1]
    jobs = live.server.app.jobs
    running = wait(jobs, job_id, lambda s: s["total"] > 0)
    assert running["verb"] == "optimize" and running["total"] == 40  # 4 candidates × 10 replications first
    client.post("/job/cancel", {"csrf": form["csrf"], "id": job_id})
    cancelled = jobs.status(job_id)
    assert cancelled["state"] == "cancelled"
    assert not (live.space / cancelled["out"] / "manifest.json").exists()
