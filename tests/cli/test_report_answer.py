"""`supplysim report` ends with the one-line recommendation, as `compare` does, and puts it in its JSON (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sim.cli import main

ROOT = Path(__file__).resolve().parents[2]
SHORT = ["--set", "horizon_days=60", "--set", "warmup_days=10", "--reps", "2", "--seed", "4", "--no-progress"]


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("rep") / "cmp"
    result = CliRunner().invoke(
        main, ["compare", str(ROOT / "scenarios" / "small_store.yaml"), *SHORT, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out, result.stdout.strip().splitlines()


def _headline(folder: Path) -> str:
    from sim.report.folder import read_results_folder
    from sim.report.html import build_report

    headline = build_report(read_results_folder(folder)).verdict.headline
    assert headline
    return headline


def test_report_prints_the_recommendation_before_the_path(compared: tuple[Path, list[str]]) -> None:
    folder, compare_lines = compared
    answer = compare_lines[-2]
    assert answer == _headline(folder)  # compare's last line before the path is the report's sentence
    result = CliRunner().invoke(main, ["report", str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert Path(lines[-1]).name == "report.html"
    assert lines[-2] == answer  # the same sentence compare ended with


def test_report_json_has_the_recommendation(compared: tuple[Path, list[str]]) -> None:
    folder, compare_lines = compared
    result = CliRunner().invoke(main, ["report", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["recommendation"] == compare_lines[-2]
    assert payload["recommended_policy"] is None or payload["recommended_policy"] in payload["policies"]
