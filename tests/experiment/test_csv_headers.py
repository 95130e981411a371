"""CSV headers are escaped like cells: a column named like a formula is written with a leading quote
and read back exactly."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from sim.experiment.results_folder import csv_text, csv_unsafe, write_csv


def test_a_formula_like_header_is_quoted_and_read_back(tmp_path: Path) -> None:
    frame = pd.DataFrame({"=SUM(A1)": [1.0], "@cmd": ["x"], "sku": ["=evil"], "-5": [2]})
    write_csv(frame, tmp_path / "t.csv")
    header = (tmp_path / "t.csv").read_text().splitlines()[0]
    assert header == "'=SUM(A1),'@cmd,sku,-5"  # a plain number as a name is left as it is
    back = csv_unsafe(pd.read_csv(tmp_path / "t.csv"))
    assert list(back.columns) == list(frame.columns) and back.loc[0, "sku"] == "=evil"
    assert frame.columns[0] == "=SUM(A1)"  # the caller's frame is not changed
    assert csv_text(frame).splitlines()[0] == header


def test_plain_headers_are_untouched() -> None:
    frame = pd.DataFrame({"policy": ["a"], "param.policies.x.reorder.S": [3]})
    assert csv_text(frame).splitlines()[0] == "policy,param.policies.x.reorder.S"
    assert list(csv_unsafe(pd.read_csv(io.StringIO(csv_text(frame)))).columns) == list(frame.columns)
