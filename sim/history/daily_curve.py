"""A seasonality profile's daily curve: a CSV of `date,factor` rows, every bad row located.

`date` is YYYY-MM-DD (that day only) or MM-DD (that day every year); `factor` a number ≥ 0.
A day listed twice is an error. See docs/DEMAND.md §11.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from sim.base.limits import MAX_QUANTITY
from sim.history.collector import Collector, HistoryError
from sim.history.csv_rows import read_csv, shown_header


@dataclass(frozen=True)
class DailyCurve:
    """Factors by exact date and by (month, day) every year; days in neither keep 1."""

    by_date: dict[dt.date, float]
    by_month_day: dict[tuple[int, int], float]

    def factor(self, day: dt.date) -> float:
        if day in self.by_date:
            return self.by_date[day]
        return self.by_month_day.get((day.month, day.day), 1.0)


def _parse_day(text: str) -> dt.date | tuple[int, int] | None:
    try:
        if len(text) == 5:
            month, day = int(text[:2]), int(text[3:])
            dt.date(2024, month, day)  # a leap year: 02-29 is a valid every-year day
            return month, day
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def read_daily_curve(path: str) -> DailyCurve:
    """The curve in `path`; raises HistoryError listing every bad row (file:row:col)."""
    problems = Collector(path)
    parsed = read_csv(Path(path), ",", problems)
    if parsed is None:
        raise HistoryError(problems.problems())
    header, rows, lines = parsed
    for name in ("date", "factor"):
        if name not in header:
            problems.whole_file(f"missing column {name!r}; the header has {shown_header(header)}", column=name)
    if problems.kinds:
        raise HistoryError(problems.problems())
    di, fi = header.index("date"), header.index("factor")
    by_date: dict[dt.date, float] = {}
    by_month_day: dict[tuple[int, int], float] = {}
    first: dict[object, int] = {}
    for line, row in zip(lines, rows, strict=True):
        if len(row) != len(header):
            problems.add("ragged", "row", line, 1, f"this row has {len(row)} fields but the header has {len(header)}")
            continue
        day = _parse_day(row[di].strip())
        if day is None:
            problems.add("date", "date", line, di + 1, f"{row[di]!r} is not a date: write YYYY-MM-DD or MM-DD")
            continue
        try:
            factor = float(row[fi])
        except ValueError:
            factor = math.nan
        if not (math.isfinite(factor) and 0 <= factor <= MAX_QUANTITY):
            problems.add("factor", "factor", line, fi + 1, f"{row[fi]!r} is not a factor: write a number ≥ 0")
            continue
        if day in first:
            problems.add("duplicate", "date", line, di + 1, f"{row[di]} again (first at row {first[day]})")
            continue
        first[day] = line
        if isinstance(day, dt.date):
            by_date[day] = factor
        else:
            by_month_day[day] = factor
    if not rows:
        problems.whole_file("the daily curve has no data rows")
    if problems.kinds:
        raise HistoryError(problems.problems())
    return DailyCurve(by_date, by_month_day)
