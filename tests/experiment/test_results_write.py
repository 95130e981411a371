"""`Results.write` from Python writes the HTML report too, as the CLI does (issue 16)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import sim

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def results() -> sim.Results:
    scenario = sim.load_scenario(ROOT / "scenarios" / "small_store.yaml", ["horizon_days=60", "warmup_days=10"])
    return sim.compare(scenario, replications=2, seed=3, workers=1)


def test_write_from_python_writes_the_report(results: sim.Results, tmp_path: Path) -> None:
    written = results.write(tmp_path / "run")
    assert (written / "report.html").is_file()
    assert (written / "recommendation.csv").is_file()
    assert "recommend" in (written / "report.html").read_text(encoding="utf-8").lower()
    assert (written / "summary.csv").is_file()


def test_report_false_skips_it(results: sim.Results, tmp_path: Path) -> None:
    written = results.write(tmp_path / "run", report=False)
    assert (written / "summary.csv").is_file()
    assert not (written / "report.html").exists()


def test_a_failing_report_costs_the_report_not_the_results(
    results: sim.Results, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sim.report.html

    def broken(folder: Path) -> Path:
        raise ValueError("no fonts")

    monkeypatch.setattr(sim.report.html, "write_report", broken)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        written = results.write(tmp_path / "run")
    assert (written / "kpis.csv").is_file()
    assert not (written / "report.html").exists()
    assert any("report was not written" in str(w.message) and "no fonts" in str(w.message) for w in caught)
