"""The store calendar: which days of a history's date range the store takes orders.

A day is closed when its weekday is in `closed_weekdays`, when it is listed in `closed_dates`, or
when a daily file says `store_open = 0` for it. Closed days carry no demand (a row with demand on a
closed day is an import error) and statistics "per open day" (ADI, CV² of demand sizes, the daily
XYZ basis) skip them. Days are numbered from the first date of the range.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from sim.base.timebase import WEEKDAYS


@dataclass(frozen=True)
class Calendar:
    """Open days of the date range [first, first + len(open) − 1]."""

    first: dt.date
    open: np.ndarray[tuple[int], np.dtype[np.bool_]]

    @property
    def n_days(self) -> int:
        """Calendar days in the range."""
        return int(self.open.size)

    @property
    def last(self) -> dt.date:
        """The last date of the range."""
        return self.first + dt.timedelta(days=self.n_days - 1)

    @property
    def open_days(self) -> int:
        """Number of open days."""
        return int(self.open.sum())

    def index(self, date: dt.date) -> int:
        """Day number of `date` (0 = `first`); may fall outside the range."""
        return (date - self.first).days

    def dates(self) -> np.ndarray[tuple[int], np.dtype[np.datetime64]]:
        """Every date of the range as datetime64[D]."""
        return np.datetime64(self.first, "D") + np.arange(self.n_days)

    def closed_dates(self) -> list[dt.date]:
        """The closed dates, in order."""
        return [self.first + dt.timedelta(days=int(i)) for i in np.flatnonzero(~self.open)]


def build_calendar(
    first: dt.date,
    last: dt.date,
    closed_weekdays: Iterable[str] = (),
    closed_dates: Iterable[dt.date] = (),
    closed_days: Iterable[int] = (),
) -> Calendar:
    """The calendar of [first, last]: closed on `closed_weekdays` ('mon'…'sun'), on `closed_dates`,
    and on the day numbers `closed_days` (e.g. from a store_open column). Dates outside the range
    are ignored."""
    n = (last - first).days + 1
    if n < 1:
        raise ValueError(f"empty date range {first} … {last}")
    open_ = np.ones(n, dtype=bool)
    weekday = (first.weekday() + np.arange(n)) % 7
    for name in closed_weekdays:
        open_[weekday == WEEKDAYS.index(name)] = False
    for date in closed_dates:
        i = (date - first).days
        if 0 <= i < n:
            open_[i] = False
    for i in closed_days:
        if 0 <= i < n:
            open_[i] = False
    return Calendar(first, open_)
