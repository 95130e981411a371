"""Same scenario + seed ⇒ byte-identical KPI files, whatever the workers or PYTHONHASHSEED."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ..conftest import ROOT, SCENARIOS


def compare_cli(out: Path, *extra: str, hashseed: str = "0") -> Path:
    cmd = [
        sys.executable,
        "-m",
        "sim",
        "compare",
        str(SCENARIOS / "small_store.yaml"),
        "--reps",
        "3",
        "--seed",
        "11",
        "--set",
        "horizon_days=60",
        "--set",
        "warmup_days=5",
        "--no-progress",
        "--out",
        str(out),
        *extra,
    ]
    env = {**os.environ, "PYTHONHASHSEED": hashseed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].endswith(out.name)
    return out


def test_kpi_files_are_byte_identical_across_workers_and_hash_seeds(tmp_path: Path) -> None:
    a = compare_cli(tmp_path / "a", "--workers", "1", hashseed="0")
    b = compare_cli(tmp_path / "b", "--workers", "2", hashseed="4242")
    for name in ("kpis.parquet", "kpis.csv", "summary.csv", "comparisons.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
