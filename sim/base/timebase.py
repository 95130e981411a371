"""Simulation time: integer seconds since the scenario's start, converted at the boundary.

Every duration the scenario states in days, hours or minutes becomes a whole number of seconds
here, once, so that `10 × 0.1 days` is exactly `1 day` inside the simulation and clocks never
drift. Time zero is midnight at the start of `start_date`; calendar questions (weekday, month,
time of day) are answered from that anchor.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Literal, get_args

SECOND = 1
MINUTE = 60
HOUR = 3600
DAY = 86_400
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
"""A weekday as scenarios and history files write it."""
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)
"""The weekdays, Monday first (index = `date.weekday()`)."""
CLOCK_PATTERN = r"^\d{1,2}:\d{2}(:\d{2})?$"
"""The shape of a time of day, 'HH:MM' or 'HH:MM:SS'; `parse_clock` is the one reader of it."""
_CLOCK = re.compile(CLOCK_PATTERN)


def days(value: float) -> int:
    """Whole seconds in `value` days, rounded to the nearest second."""
    return round(value * DAY)


def hours(value: float) -> int:
    """Whole seconds in `value` hours, rounded to the nearest second."""
    return round(value * HOUR)


def minutes(value: float) -> int:
    """Whole seconds in `value` minutes, rounded to the nearest second."""
    return round(value * MINUTE)


def to_days(seconds: float) -> float:
    """Seconds as (fractional) days, for reporting."""
    return seconds / DAY


def parse_clock(text: str) -> int:
    """Seconds after midnight of a 'HH:MM' or 'HH:MM:SS' time of day.

    The one parser of clock text: the scenario schema validates its clock fields with it (and
    states `CLOCK_PATTERN` in the JSON Schema for editors). Raises ValueError with a message a
    planner can act on.
    """
    if not _CLOCK.fullmatch(text):
        raise ValueError(f"time of day must look like '14:30', got {text!r}")
    parts = text.split(":")
    h, m = int(parts[0]), int(parts[1])
    s = int(parts[2]) if len(parts) == 3 else 0
    if not (0 <= h <= 23 and 0 <= m <= 59 and 0 <= s <= 59):
        raise ValueError(f"time of day {text!r} is out of range (00:00 to 23:59:59)")
    return h * HOUR + m * MINUTE + s


def seconds_at(point: float | dt.date, start_date: dt.date) -> int:
    """Seconds from midnight of `start_date` to `point`: days after it, or a date (its midnight)."""
    return (point - start_date).days * DAY if isinstance(point, dt.date) else days(point)


def format_clock(seconds_of_day: int) -> str:
    """'HH:MM' (or 'HH:MM:SS' when seconds are not zero) for seconds after midnight."""
    h, rest = divmod(seconds_of_day, HOUR)
    m, s = divmod(rest, MINUTE)
    return f"{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


class Calendar:
    """Maps simulation seconds to calendar facts, anchored at midnight of `start_date`."""

    __slots__ = ("_start_weekday", "start_date")

    def __init__(self, start_date: dt.date) -> None:
        self.start_date = start_date
        self._start_weekday = start_date.weekday()

    def day_index(self, t: int) -> int:
        """Whole days since the start (day 0 is `start_date`)."""
        return t // DAY

    def weekday(self, t: int) -> int:
        """0 = Monday … 6 = Sunday."""
        return (self._start_weekday + t // DAY) % 7

    def date(self, t: int) -> dt.date:
        return self.start_date + dt.timedelta(days=t // DAY)

    def month(self, t: int) -> int:
        """1 = January … 12 = December."""
        return self.date(t).month

    def start_of_day(self, t: int) -> int:
        return t - t % DAY

    def end_of_day(self, t: int) -> int:
        """The last second of the day holding `t` (a promise 'by end of day')."""
        return t - t % DAY + DAY - 1


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def is_whole(value: float) -> bool:
    return math.isfinite(value) and float(value).is_integer()
