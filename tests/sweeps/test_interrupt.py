"""kill -9 in the middle of a sweep loses nothing and duplicates nothing (DESIGN.md §11).

A real `supplysim sweep` process (and its pool workers, killed as a group: the harshest case,
a worker may die mid-write) is killed once some runs have finished; running the command again
(same sweep, another PYTHONHASHSEED, serial this time) must finish the sweep with the very bytes
an uninterrupted sweep writes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from sim.sweeps.runner import sweep

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "scenarios" / "small_store.yaml"
SETS = ["horizon_days=90,120", "policies.stocked.reorder.service_level=0.9,0.95"]
REPS = 4
RUNS = 4 * 3 * REPS


def command(out: Path, workers: int) -> list[str]:
    sets = [arg for s in SETS for arg in ("--set", s)]
    return [sys.executable, "-m", "sim", "sweep", str(SMALL), *sets, "--reps", str(REPS), "--seed", "11",
            "--workers", str(workers), "--no-progress", "--out", str(out)]  # fmt: skip


def environment(hash_seed: str) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=hash_seed, NO_COLOR="1")


def test_kill_9_then_rerun_gives_the_uninterrupted_files(tmp_path):
    out = tmp_path / "sweep"
    parts = out / "parts"
    victim = subprocess.Popen(
        command(out, workers=2),
        cwd=ROOT,
        env=environment("1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: we kill the pool workers too
    )
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            done = len(list(parts.glob("p*.parquet"))) if parts.exists() else 0
            if done >= 6 or victim.poll() is not None:
                break
            time.sleep(0.01)
    finally:
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait()
    assert victim.returncode == -signal.SIGKILL, "the sweep finished before it could be interrupted"
    finished = len(list(parts.glob("p*.parquet")))
    assert 6 <= finished < RUNS
    assert not (out / "manifest.json").exists()

    # the rerun may use another executor: parts do not depend on it (a serial rerun also starts faster)
    again = subprocess.run(
        command(out, workers=1), cwd=ROOT, env=environment("2"), capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().splitlines()[-1] == str(out)
    assert "already done: resumed" in again.stderr
    assert not list(parts.glob(".*")), "temporary files of the killed run are cleaned up"

    grid = {"horizon_days": [90, 120], "policies.stocked.reorder.service_level": [0.9, 0.95]}
    reference = sweep(SMALL, grid, replications=REPS, seed=11, out=tmp_path / "reference", workers=1)
    assert (out / "kpis.parquet").read_bytes() == (reference.out / "kpis.parquet").read_bytes()
    assert (out / "kpis.csv").read_bytes() == (reference.out / "kpis.csv").read_bytes()
    table = pq.read_table(out / "kpis.parquet").to_pandas()
    assert not table.duplicated(["point", "policy", "replication", "metric"]).any()
    assert table.groupby(["point", "policy"]).replication.nunique().eq(REPS).all()


def test_ctrl_c_says_how_many_runs_are_kept_and_that_a_rerun_resumes(tmp_path):
    """Ctrl-C (SIGINT) mid-sweep keeps the finished parts; the message says so, not "nothing was written"."""
    out = tmp_path / "sweep"
    parts = out / "parts"
    victim = subprocess.Popen(
        command(out, workers=1),
        cwd=ROOT,
        env=environment("1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and victim.poll() is None:
        if parts.exists() and len(list(parts.glob("p*.parquet"))) >= 3:
            break
        time.sleep(0.01)
    victim.send_signal(signal.SIGINT)
    _, stderr = victim.communicate(timeout=60)
    assert victim.returncode == 130, stderr
    kept = len(list(parts.glob("p*.parquet")))
    assert 3 <= kept < RUNS
    assert "nothing was written" not in stderr
    assert f"interrupted; {kept} finished run(s) are kept in {parts}" in stderr, stderr
    assert "Run the same command again to resume" in stderr and "Traceback" not in stderr
