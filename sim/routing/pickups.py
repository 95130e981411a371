"""The carrier pickup / cut-off rule: which pickup a parcel ready at a given time leaves with. No SimPy.

The one rule (docs/ROUTING.md §3): a parcel ready by the node's cut-off (exactly at it included)
leaves on that day, one ready later from the next day on (`leave_day`); it leaves with the first
pickup on or after that day that falls on one of the service's pickup weekdays and is not a
holiday (`first_pickup_day`), at the service's pickup time of day. Days count from the scenario's
start date, whose weekday is `start_weekday` (0 = Monday).

Two users, one rule:

* the routing strategies' static estimates call `next_pickup_s` for a node (sim.routing.strategies);
* the model's outbound (sim.model.outbound) is a `PickupCalendar`: a day → first pickup table
  built from `first_pickup_day` a year at a time, so each parcel costs one list look-up.
  tests/performance/test_calendar_cache.py checks the table against the rule on random calendars.

A service with `collection: continuous` has no pickups: a parcel leaves the moment it is ready
(`next_pickup_s` returns the ready time; the model's outbound is then sim.model.collection's).
"""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING

from sim.base.timebase import DAY

if TYPE_CHECKING:
    from sim.network.build import NodeInfo

TABLE_DAYS = 366
"""How far past the day asked for `PickupCalendar` extends its table at a time."""


def leave_day(ready_s: int, cutoff_s: int) -> int:
    """The first day a parcel ready at `ready_s` can leave: that day if ready by the cut-off, else the next."""
    day, time_of_day = divmod(ready_s, DAY)
    return day + 1 if time_of_day > cutoff_s else day


def is_pickup_day(day: int, start_weekday: int, weekdays: Set[int], holidays: Set[int]) -> bool:
    """Whether the carrier picks up on `day`: one of its weekdays, and not a holiday."""
    return (start_weekday + day) % 7 in weekdays and day not in holidays


def first_pickup_day(day: int, start_weekday: int, weekdays: Set[int], holidays: Set[int]) -> int:
    """The first pickup day on or after `day` (`weekdays` is never empty; holidays are finitely many)."""
    while not is_pickup_day(day, start_weekday, weekdays, holidays):
        day += 1
    return day


def next_pickup_s(ready_s: int, node: NodeInfo, start_weekday: int) -> int:
    """The pickup a shipment from `node` ready at `ready_s` leaves with: that day's if ready by the
    cut-off, else a later day; only on the service's pickup weekdays and never on a holiday."""
    service = node.service
    assert service is not None and node.cutoff_s is not None
    if service.continuous:  # collection: continuous — it leaves when ready (sim.model.collection)
        return ready_s
    day = leave_day(ready_s, node.cutoff_s)
    return first_pickup_day(day, start_weekday, service.pickup_weekdays, service.holiday_days) * DAY + service.pickup_s


class PickupCalendar:
    """One node's pickups, looked up in a cached table: `calendar[d]` is the first pickup (seconds)
    on day d or later, extended `TABLE_DAYS` past the day asked for when a parcel reaches its end."""

    __slots__ = ("calendar", "cutoff_s", "holidays", "pickup_s", "start_weekday", "weekdays")

    def __init__(
        self, cutoff_s: int, pickup_s: int, weekdays: frozenset[int], holidays: frozenset[int], start_weekday: int
    ) -> None:
        self.cutoff_s = cutoff_s
        self.pickup_s = pickup_s
        self.weekdays = weekdays
        self.holidays = holidays
        self.start_weekday = start_weekday
        self.calendar: list[int] = []  # day → its first pickup (seconds), extended as needed

    def pickup_for(self, ready_s: int) -> int:
        """The pickup a shipment ready at `ready_s` leaves with (the rule, looked up in `calendar`).

        Hot path (about two calls per order): `leave_day` is inlined here, saving a call per look-up."""
        day, time_of_day = divmod(ready_s, DAY)
        if time_of_day > self.cutoff_s:
            day += 1
        calendar = self.calendar
        if day >= len(calendar):
            self._extend_calendar(day)
        return calendar[day]

    def _extend_calendar(self, day: int) -> None:
        """Fill `calendar[d]` — the first pickup on day d or later — up to `TABLE_DAYS` past `day`."""
        start, weekdays, holidays, pickup_s = self.start_weekday, self.weekdays, self.holidays, self.pickup_s
        first = len(self.calendar)
        self.calendar.extend(
            first_pickup_day(d, start, weekdays, holidays) * DAY + pickup_s for d in range(first, day + TABLE_DAYS + 1)
        )


__all__ = ["PickupCalendar", "first_pickup_day", "is_pickup_day", "leave_day", "next_pickup_s"]
