"""The `sweep`, `optimize` and `warmup` verbs through click's runner: outputs, resume, bad input → exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sim.cli import main

ROOT = Path(__file__).resolve().parents[2]
SMALL = str(ROOT / "scenarios" / "small_store.yaml")
QUICK = ["--set", "horizon_days=40", "--workers", "1", "--no-progress", "--seed", "2"]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_sweep_writes_resumes_and_prints_the_folder_last(tmp_path):
    out = tmp_path / "s"
    args = ["sweep", SMALL, *QUICK, "--set", "policies.stocked.reorder.service_level=0.9,0.95", "--reps", "2"]
    first = invoke(*args, "--out", str(out))
    assert first.exit_code == 0, first.output
    assert first.stdout.strip().splitlines()[-1] == str(out)
    assert "2 points × 3 policies" in first.stderr and "12 runs" in first.stderr
    for name in ("kpis.parquet", "kpis.csv", "summary.csv", "comparisons.csv", "points.csv", "manifest.json"):
        assert (out / name).exists(), name
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["command"].startswith("supplysim ") or manifest["command"]  # provenance only
    before = (out / "kpis.parquet").read_bytes()
    again = invoke(*args, "--out", str(out))
    assert again.exit_code == 0 and "0 runs" in again.stderr and "12 already done: resumed" in again.stderr
    assert (out / "kpis.parquet").read_bytes() == before


def test_sweep_precision_reports_what_was_reached(tmp_path):
    result = invoke(
        "sweep",
        SMALL,
        *QUICK,
        "--policies",
        "stocked",
        "--reps",
        "2",
        "--precision",
        "0.5",
        "--out",
        str(tmp_path / "p"),
    )
    assert result.exit_code == 0, result.output
    assert "precision ±50 %" in result.stdout and "met by 3 of 3 estimates" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "horizon_days=40,,60"], "--set:1:1"),
        (["--set", "seed=1", "--set", "horizon_days=40,-1"], "--set:2:1  horizon_days  Input should be greater than 0"),
        (["--set", "policies.stockd.reorder.s=1,2"], "did you mean 'stocked'"),
        (["--scheduler", "localhost:8786"], "write it as tcp://host:port"),
        (["--scheduler", "tcp://127.0.0.1:9"], "cannot reach the Dask scheduler"),
        (["--scheduler", "tcp://127.0.0.1:9", "--dask-local", "2"], "either --scheduler or --dask-local"),
        (["--precision", "1.5"], "--precision"),
    ],
)
def test_sweep_bad_input_exits_2_and_writes_nothing(tmp_path, args, message):
    out = tmp_path / "never"
    result = invoke("sweep", SMALL, *args, "--out", str(out), "--no-progress")
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_sweep_refuses_a_folder_holding_another_sweep(tmp_path):
    out = tmp_path / "s"
    assert invoke("sweep", SMALL, *QUICK, "--reps", "1", "--out", str(out)).exit_code == 0
    other = invoke("sweep", SMALL, *QUICK, "--reps", "1", "--set", "warmup_days=5", "--out", str(out))
    assert other.exit_code == 2 and "holds another sweep" in other.output


def test_a_bad_sweep_block_is_located(tmp_path):
    path = tmp_path / "swept.yaml"
    path.write_text(Path(SMALL).read_text() + "sweep:\n  parameters:\n    horizon_days: 60\n")
    result = invoke("sweep", str(path), "--out", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert f"{path}:121:" in result.output and "give a list of values" in result.output


def test_compare_and_run_refuse_sweeps(tmp_path):
    path = tmp_path / "swept.yaml"
    path.write_text(Path(SMALL).read_text() + "sweep:\n  parameters:\n    horizon_days: [40, 60]\n")
    for verb in ("compare", "run"):
        result = invoke(verb, str(path), "--out", str(tmp_path / verb))
        assert result.exit_code == 2 and f"{path}:119:1  sweep" in result.output and "supplysim sweep" in result.output
        result = invoke(verb, SMALL, "--set", "horizon_days=40,60", "--out", str(tmp_path / verb))
        assert result.exit_code == 2 and "several values make a sweep" in result.output
        assert not (tmp_path / verb).exists()
    ok = invoke("compare", str(path), "--set", "sweep=null", *QUICK, "--reps", "2", "--out", str(tmp_path / "base"))
    assert ok.exit_code == 0, ok.output


def test_optimize(tmp_path):
    out = tmp_path / "o"
    result = invoke(
        "optimize", SMALL, *QUICK, "--set", "policies.stocked.reorder.service_level=0.8,0.95",
        "--fill-rate-floor", "0.9", "--reps", "3", "--max-reps", "6", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "chosen: point" in result.stdout and result.stdout.strip().splitlines()[-1] == str(out)
    assert (out / "pareto.csv").exists() and (out / "chosen.json").exists()
    # two candidates: the choice is at an edge of the grid, so the optimum may lie beyond it
    chosen = json.loads((out / "chosen.json").read_text())["chosen"]
    value = chosen["parameters"]["policies.stocked.reorder.service_level"]
    side = "lowest" if value == 0.8 else "highest"
    assert f"warning: policies.stocked.reorder.service_level={value} is the {side} value tried" in result.stderr
    assert "the optimum may lie beyond the grid" in result.stderr and chosen["grid_edges"][0]["side"] == side


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "nothing to search"),
        (["--set", "horizon_days=40,60"], "say which policy to tune"),
        (["--set", "policies.stocked.reorder.service_level=0.8,0.9", "--objective", "cost"], "unknown metric 'cost'"),
    ],
)
def test_optimize_bad_input(tmp_path, args, message):
    result = invoke("optimize", SMALL, "--fill-rate-floor", "0.9", *args, "--out", str(tmp_path / "o"))
    assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / "o").exists()


def test_warmup(tmp_path):
    out = tmp_path / "w"
    result = invoke("warmup", SMALL, *QUICK, "--set", "horizon_days=60", "--reps", "2", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "suggested warmup_days:" in result.stdout and "MSER-5" in result.stdout
    for name in ("warmup.csv", "mser.csv", "suggestions.csv", "warmup.png", "manifest.json"):
        assert (out / name).exists(), name
    assert result.stdout.strip().splitlines()[-1] == str(out)


def test_sweep_writes_the_html_report_and_survives_its_failure(tmp_path, monkeypatch):
    args = ["sweep", SMALL, *QUICK, "--reps", "2", "--policies", "stocked,hybrid"]
    ok = invoke(*args, "--out", str(tmp_path / "a"))
    assert ok.exit_code == 0 and (tmp_path / "a" / "report.html").exists()
    import sim.report.html

    def broken(folder: object) -> None:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(sim.report.html, "write_report", broken)
    failed = invoke(*args, "--out", str(tmp_path / "b"))
    assert failed.exit_code == 0, failed.output
    assert "the HTML report was not written (RuntimeError: no fonts)" in failed.stderr
    assert (tmp_path / "b" / "manifest.json").exists() and not (tmp_path / "b" / "report.html").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--set", "seed=1,2", "--seed", "3"],
            "--set:1:1  sweep.parameters.seed  the seed is swept here and fixed by --seed",
        ),
        (["--set", "replications=1,2", "--reps", "3"], "replications is swept and also fixed by --reps"),
    ],
)
def test_contradictory_sweep_options_are_bad_input(tmp_path, args, message):
    result = invoke("sweep", SMALL, *args, "--workers", "1", "--out", str(tmp_path / "x"))
    assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / "x").exists()
