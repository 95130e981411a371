"""Small per-SKU tables read from CSV (a catalogue of costs, an inventory snapshot), every problem located.

One row per SKU: a `sku` column plus numeric columns, each with a rule, `"positive"` (> 0) or
`"nonneg"` (≥ 0). Problems are worded and located as for the demand history (sim.history.collector).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from sim.base.limits import MAX_QUANTITY
from sim.history.collector import EMPTY_SKU, Collector, HistoryError
from sim.history.csv_rows import read_csv, shown_header


def read_sku_table(
    path: str,
    required: dict[str, str],
    optional: dict[str, str],
    *,
    delimiter: str = ",",
    what: str = "table",
) -> pd.DataFrame:
    """A CSV with one row per SKU: a `sku` column plus numeric columns, each with a rule —
    `"positive"` (> 0) or `"nonneg"` (≥ 0). Optional columns may be absent, or empty in a row.
    Returns a frame indexed by sku; raises HistoryError with every problem located."""
    problems = Collector(path)
    parsed = read_csv(Path(path), delimiter, problems)
    if parsed is None:
        raise HistoryError(problems.problems())
    header, rows, row_lines = parsed
    seen = {name: i for i, name in reversed(list(enumerate(header)))}
    for name in ["sku", *required]:
        if name not in seen:
            problems.whole_file(
                f"missing column {name!r} in this {what}; the header has {shown_header(header)}", column=name
            )
    if problems.kinds:
        raise HistoryError(problems.problems())
    columns = ["sku", *required, *(c for c in optional if c in seen)]
    rules = {**required, **optional}
    data: dict[str, list[Any]] = {c: [] for c in columns}
    first_row: dict[str, int] = {}
    for line, row in zip(row_lines, rows, strict=True):
        if len(row) != len(header):
            problems.add("ragged", "row", line, 1, f"this row has {len(row)} fields but the header has {len(header)}")
            continue
        _sku_cell(row[seen["sku"]].strip(), line, seen["sku"] + 1, first_row, data, problems)
        for c in columns[1:]:
            data[c].append(_number_cell(c, row[seen[c]].strip(), rules[c], c in required, line, seen[c] + 1, problems))
    if not rows:
        problems.whole_file(f"the {what} has no data rows")
    if problems.kinds:
        raise HistoryError(problems.problems())
    return pd.DataFrame(data).set_index("sku")


def _sku_cell(
    sku: str, line: int, col: int, first_row: dict[str, int], data: dict[str, list[Any]], problems: Collector
) -> None:
    """One row's SKU code: not empty, not seen on an earlier row."""
    if not sku:
        problems.add("empty", "sku", line, col, EMPTY_SKU)
    elif sku in first_row:
        problems.add(
            "duplicate", "sku", line, col, f"SKU {sku!r} again (first at row {first_row[sku]}); one row per SKU"
        )
    first_row.setdefault(sku, line)
    data["sku"].append(sku)


def _number_cell(column: str, cell: str, rule: str, required: bool, line: int, col: int, problems: Collector) -> float:
    """One numeric cell under its rule; NaN when empty or bad (the problem is recorded)."""
    value = math.nan
    if cell == "":
        if required:
            problems.add("missing", column, line, col, f"missing {column}; fill it in")
        return value
    try:
        value = float(cell)
    except ValueError:
        problems.add("number", column, line, col, f"{cell!r} is not a number")
        return math.nan
    low_ok = value > 0 if rule == "positive" else value >= 0
    if not math.isfinite(value) or not low_ok or value > MAX_QUANTITY:
        bound = "above 0" if rule == "positive" else "at least 0"
        problems.add(
            "range",
            column,
            line,
            col,
            f"{column} {cell} must be {bound} and at most {MAX_QUANTITY:.0e} (docs/LIMITS.md)",
        )
        return math.nan
    return value
