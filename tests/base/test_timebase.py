"""Integer simulation time: conversions at the boundary, no drift, calendar facts."""

import datetime as dt

import pytest

from sim.base.timebase import DAY, Calendar, days, format_clock, hours, minutes, parse_clock


def test_ten_tenths_of_a_day_make_exactly_one_day() -> None:
    total = 0
    for _ in range(10):
        total += days(0.1)
    assert total == days(1) == DAY


def test_conversions_round_to_the_nearest_second() -> None:
    assert days(1.5) == 129_600
    assert hours(0.5) == 1800
    assert minutes(2.5) == 150
    assert days(1 / 86_400) == 1


@pytest.mark.parametrize("text,seconds", [("00:00", 0), ("14:30", 52_200), ("23:59:59", 86_399), ("7:05", 25_500)])
def test_parse_clock(text: str, seconds: int) -> None:
    assert parse_clock(text) == seconds


@pytest.mark.parametrize("text", ["24:00", "12:60", "noon", "12", "1:2:3:4", ""])
def test_parse_clock_rejects_nonsense(text: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(text)


def test_format_clock_round_trips() -> None:
    for text in ("00:00", "09:15", "17:00", "23:59:30"):
        assert format_clock(parse_clock(text)) == text


def test_calendar_weekday_and_month() -> None:
    cal = Calendar(dt.date(2025, 1, 6))  # a Monday
    assert cal.weekday(0) == 0
    assert cal.weekday(5 * DAY + 3600) == 5  # Saturday
    assert cal.month(25 * DAY) == 1
    assert cal.month(26 * DAY) == 2  # 2025-02-01
    assert cal.end_of_day(3 * DAY + 5) == 4 * DAY - 1
