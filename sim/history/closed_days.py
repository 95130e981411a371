"""The store calendar a demand history implies: the `store_open` column, and no demand on a closed day.

A daily file may carry a `store_open` flag per row (1/0, true/false, yes/no); one date is open or
closed for every row. The calendar (sim.history.calendar) joins those closed days to the scenario's
closed weekdays and dates; a row with units on a closed day is a problem, located at its date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from sim.history.calendar import Calendar, build_calendar
from sim.history.row_checks import Rows

_TRUE = {"1", "true", "yes", "y", "t"}
_FALSE = {"0", "false", "no", "n", "f"}


def history_calendar(
    rows: Rows, frame: pd.DataFrame, closed_weekdays: Iterable[str], closed_dates: Iterable[dt.date]
) -> Calendar | None:
    """The calendar of the history's date range, or None (with the problems) when a flag is bad or a
    closed day has demand."""
    first: dt.date = frame["date"].min().date()
    last: dt.date = frame["date"].max().date()
    closed_days: list[int] = []
    if "store_open" in rows.raw:
        flagged = _store_closed_days(rows, first)
        if flagged is None:
            return None
        closed_days = flagged
    calendar = build_calendar(first, last, closed_weekdays, closed_dates, closed_days)
    day = (frame["date"] - pd.Timestamp(first)).dt.days.to_numpy()
    on_closed = (~calendar.open[day]) & (frame["quantity"].to_numpy() > 0)
    if on_closed.any():
        which = "timestamp" if rows.fmt == "order_lines" else "date"
        when = frame["date"].to_numpy()[on_closed]
        rows.problems.add_rows(
            "closed",
            rows.name[which],
            rows.col[which],
            frame["row"].to_numpy()[on_closed],
            lambda i: (
                f"demand on {str(when[i])[:10]}, a closed day of the store calendar; "
                "reopen the day (calendar, store_open) or drop the row"
            ),
        )
        return None
    return calendar


def _store_closed_days(rows: Rows, first: dt.date) -> list[int] | None:
    """Day numbers (from `first`) the store_open column closes; None (with problems) when a flag is
    not a yes/no or a date's rows disagree."""
    problems = rows.problems
    s_text = np.char.lower(rows.raw["store_open"].astype(str))
    is_true = np.isin(s_text, list(_TRUE))
    is_false = np.isin(s_text, list(_FALSE))
    col, name = rows.col["store_open"], rows.name["store_open"]
    bad = ~(is_true | is_false)
    shown = rows.raw["store_open"][bad]
    problems.add_rows("flag", name, col, rows.line_no[bad], lambda i: f"{shown[i]!r} is not 1 or 0 (open or closed)")
    if problems.kinds:
        return None
    # raw arrays are aligned with every good row; frame may have dropped ignored SKUs
    all_dates = pd.to_datetime(pd.Series(rows.raw["date"]), format="%Y-%m-%d")
    flags = pd.DataFrame({"date": all_dates, "open": is_true, "row": rows.line_no})
    per_day = flags.groupby("date")["open"].agg(["min", "max"])
    mixed = per_day[per_day["min"] != per_day["max"]].index
    if len(mixed):
        bad_rows = flags[flags.date.isin(mixed) & ~flags.open]["row"].to_numpy()
        problems.add_rows(
            "mixed",
            name,
            col,
            bad_rows,
            lambda i: "other rows of this date say the store was open; one date is open or closed for every row",
        )
        return None
    closed = per_day[~per_day["max"].astype(bool)].index
    return [(d.date() - first).days for d in closed]
