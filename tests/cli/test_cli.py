"""The command line as a user meets it (click's CliRunner): exit codes, messages, the results folder."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import yaml
from click.testing import CliRunner

from sim.cli import main

from ..conftest import SCENARIOS, TINY, tiny

RUNNER = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return RUNNER.invoke(main, list(args))


def test_help_lists_the_verbs() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for verb in ("validate", "run", "compare"):
        assert f"  {verb}" in result.output


def test_validate_ok_and_broken(write_yaml) -> None:  # type: ignore[no-untyped-def]
    good = write_yaml(TINY, "good.yaml")
    result = invoke("validate", str(good))
    assert result.exit_code == 0 and result.output.startswith(f"ok  {good}")
    bad = write_yaml(tiny(horizon_days=0, colour="red"), "bad.yaml")
    result = invoke("validate", str(good), str(bad))
    assert result.exit_code == 2
    assert f"{bad}:" in result.output and "horizon_days" in result.output and "unknown key 'colour'" in result.output
    assert "Traceback" not in result.output


def test_compare_writes_the_results_folder_and_prints_it_last(tmp_path: Path, write_yaml) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "res"
    result = invoke(
        "compare",
        str(write_yaml(TINY)),
        "--reps",
        "2",
        "--seed",
        "5",
        "--out",
        str(out),
        "--no-progress",
        "--workers",
        "1",
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == str(out.resolve())
    for name in ("manifest.json", "scenario.yaml", "kpis.parquet", "kpis.csv", "summary.csv", "comparisons.csv"):
        assert (out / name).exists(), name
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 5 and manifest["replications"] == 2 and manifest["policies"] == ["free", "stock"]
    kpis = pd.read_parquet(out / "kpis.parquet")
    assert list(kpis.columns) == ["scenario", "policy", "replication", "metric", "value"]
    assert set(kpis.policy) == {"free", "stock"} and set(kpis.replication) == {0, 1}
    summary = pd.read_csv(out / "summary.csv")
    assert {"fill_rate_units", "cost_per_order", "delivery_days_p90"} <= set(summary.metric)
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir()), "no temporary folders left behind"
    resolved = yaml.safe_load((out / "scenario.yaml").read_text())
    assert resolved["seed"] == TINY["seed"] and resolved["policies"][1]["review"] == {"kind": "continuous"}


def test_run_defaults_to_the_first_policy_and_set_overrides(tmp_path: Path, write_yaml) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "one"
    result = invoke(
        "run",
        str(write_yaml(TINY)),
        "--reps",
        "2",
        "--out",
        str(out),
        "--no-progress",
        "--set",
        "horizon_days=10",
        "--workers",
        "1",
    )
    assert result.exit_code == 0, result.output
    assert set(pd.read_csv(out / "summary.csv").policy) == {"free"}
    assert yaml.safe_load((out / "scenario.yaml").read_text())["horizon_days"] == 10


def test_bad_input_exits_2_without_traceback_and_writes_nothing(tmp_path: Path, write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = str(write_yaml(TINY))
    existing = tmp_path / "exists"
    existing.mkdir()
    cases = [
        ("compare", path, "--reps", "0"),
        ("compare", path, "--policies", "nope", "--out", str(tmp_path / "x1")),
        ("compare", path, "--out", str(existing)),
        ("compare", path, "--set", "horizon_days=-1", "--out", str(tmp_path / "x2")),
        ("compare", str(tmp_path / "missing.yaml"), "--out", str(tmp_path / "x3")),
        ("run", path, "--policy", "stok", "--out", str(tmp_path / "x4")),
    ]
    for args in cases:
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exists", "scenario.yaml"]
    assert not any(existing.iterdir())


def test_python_m_sim_is_the_same_command() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "sim", "validate", str(SCENARIOS / "small_store.yaml")], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.startswith("ok  ")
