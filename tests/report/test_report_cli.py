"""`supplysim report` and the report at the end of `compare`, through click's runner."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import sim.report.html
from sim.cli import main
from sim.report.columns import KPI_TABLE

ROOT = Path(__file__).resolve().parents[2]


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_report_writes_the_report_and_prints_its_path_last(small_folder: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    folder = copy_of(small_folder)
    (folder / "report.html").unlink()
    shutil.rmtree(folder / "plots")
    result = invoke("report", str(folder))
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert Path(lines[-1]).resolve() == (folder / "report.html").resolve()
    assert (folder / "report.html").stat().st_size > 10_000
    assert (folder / "plots" / "tradeoff.png").is_file()
    assert any(line.startswith("• Lowest cost per order:") for line in lines)


@pytest.mark.parametrize("make", ["empty", "missing", "file", "partial"])
def test_report_on_a_bad_folder_exits_2_without_a_traceback(tmp_path: Path, small_folder: Path, make: str) -> None:
    target = tmp_path / "target"
    if make == "empty":
        target.mkdir()
    elif make == "file":
        target.write_text("not a folder")
    elif make == "partial":
        shutil.copytree(small_folder, target)
        (target / "summary.csv").unlink()
    result = invoke("report", str(target))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("error: ")
    assert "supplysim compare" in result.stderr  # how to fix it
    if make == "partial":
        assert "missing summary.csv" in result.stderr


def test_a_folder_it_cannot_write_into_is_bad_input(small_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(report: object) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sim.report.html, "save_report", denied)  # (root ignores a read-only folder)
    result = invoke("report", str(small_folder))
    assert result.exit_code == 2
    assert "cannot write the report into" in result.stderr and "Permission denied" in result.stderr


def test_format_json_is_parseable_and_complete(small_folder: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    folder = copy_of(small_folder)
    result = invoke("report", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # stdout holds the JSON and nothing else
    assert Path(data["report"]) == (folder / "report.html").resolve()
    assert data["policies"] == ["inventory_free", "stocked", "hybrid"]
    assert len(data["kpis"]) == 3 * len(KPI_TABLE)
    assert len(data["verdict"]["sentences"]) == 3
    assert {e["metric"] for e in data["verdict"]["effects"]} == {
        "cost_per_order",
        "fill_rate_units",
        "delivery_days_p90",
    }
    assert "wrote" in result.stderr


def test_format_csv_lists_the_verdicts_effects(small_folder: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    result = invoke("report", str(copy_of(small_folder)), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3 * 3  # policy pairs × headline KPIs
    assert {"policy", "baseline", "metric", "difference", "ci_low", "ci_high", "significant"} <= set(rows[0])
    comparisons = {
        (r["policy"], r["baseline"], r["metric"]): r for r in csv.DictReader((small_folder / "comparisons.csv").open())
    }
    for row in rows:
        stored = comparisons[(row["policy"], row["baseline"], row["metric"])]
        assert float(row["difference"]) == pytest.approx(float(stored["mean_diff"]))


def compare_args(out: Path) -> list[str]:
    return [
        "compare",
        str(ROOT / "scenarios/small_store.yaml"),
        "--reps",
        "2",
        "--set",
        "horizon_days=60",
        "--set",
        "warmup_days=7",
        "--workers",
        "1",
        "--no-progress",
        "--out",
        str(out),
    ]


def test_compare_writes_the_report_inside_the_results_folder(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = invoke(*compare_args(out))
    assert result.exit_code == 0, result.output
    assert Path(result.stdout.strip().splitlines()[-1]).resolve() == out.resolve()
    assert (out / "report.html").is_file()
    assert sorted(p.name for p in (out / "plots").glob("*.png")) == [
        "abc_xyz.png",
        "cost_breakdown.png",
        "delivery_ecdf.png",
        "inventory_nodes.png",
        "inventory_skus.png",
        "tradeoff.png",
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # no temporary folders left behind


def test_a_failing_report_still_writes_the_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(folder: Path) -> Path:
        raise RuntimeError("chart bug")

    monkeypatch.setattr(sim.report.html, "write_report", broken)
    out = tmp_path / "run"
    result = invoke(*compare_args(out))
    assert result.exit_code == 0, result.output
    assert "warning: the HTML report was not written (RuntimeError: chart bug)" in result.stderr
    assert (out / "kpis.parquet").is_file() and not (out / "report.html").exists()
    assert Path(result.stdout.strip().splitlines()[-1]).resolve() == out.resolve()
