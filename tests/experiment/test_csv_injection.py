"""Text cells that a spreadsheet would run as a formula are written with a leading `'` (OWASP's advice).

Only strings are touched (numbers, including negative ones, are written as numbers); Parquet files keep the
raw text; reading a results folder back undoes the prefix exactly, so the report shows the real names.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from sim.cli import main
from sim.experiment.results_folder import csv_cell, csv_unsafe, uncsv_cell, write_csv
from sim.report.folder import read_results_folder

from ..conftest import TINY

HOSTILE = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "'=already", "''@x"]
HARMLESS = ["abc", "'abc", "", "-5", "-1.5e3", "+7", "a=b", "x-y"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_gets_a_leading_quote_and_reads_back_exactly(text: str) -> None:
    written = csv_cell(text)
    assert written == "'" + text
    assert uncsv_cell(written) == text


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_and_plain_numbers_are_written_as_they_are(text: str) -> None:
    assert csv_cell(text) == text
    assert uncsv_cell(text) == text


def test_write_csv_touches_only_text_cells(tmp_path: Path) -> None:
    frame = pd.DataFrame({"sku": ['=HYPERLINK("x")', "A1"], "value": [-3.5, 2.0], "n": [-1, 2]})
    write_csv(frame, tmp_path / "f.csv")
    lines = (tmp_path / "f.csv").read_text().splitlines()
    assert lines[1] == '"\'=HYPERLINK(""x"")",-3.5,-1'
    assert lines[2] == "A1,2.0,2"
    assert list(frame["sku"]) == ['=HYPERLINK("x")', "A1"]  # the caller's frame is not changed


def test_a_run_escapes_csvs_keeps_parquet_raw_and_the_report_reads_real_names(tmp_path: Path) -> None:
    data = copy.deepcopy(TINY)
    data["skus"][0]["id"] = "=evil"  # SKU codes come from the user's catalogue; names are restricted
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "res"
    args = ["run", str(path), "--out", str(out), "--reps", "2", "--workers", "1", "--no-progress"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    written = {name: (out / name).read_text() for name in ("plan.csv", "recommendation.csv")}
    for name, text in written.items():
        assert "'=evil" in text and "\n=evil" not in text and ",=evil" not in text, name
    assert "=evil" in set(pd.read_parquet(out / "plan.parquet")["sku"])
    folder = read_results_folder(out)
    assert folder.plan is not None and "=evil" in set(folder.plan["sku"])


def test_reading_a_results_csv_back_gives_the_raw_text(tmp_path: Path) -> None:
    frame = pd.DataFrame({"policy": ["p"], "name": ["-x"], "metric": ["@m"], "value": [-1.0]})
    write_csv(frame, tmp_path / "alerts.csv")
    assert "'-x" in (tmp_path / "alerts.csv").read_text()
    back = csv_unsafe(pd.read_csv(tmp_path / "alerts.csv"))
    assert back.to_dict("records") == frame.to_dict("records")
