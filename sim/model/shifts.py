"""Pick/pack under a shift calendar, as SimPy: a `Store` of waiting orders and one worker process per station.

A node with `capacity.nodes.<node>.shifts` (docs/NETWORK.md, "Capacity") gets a `ShiftStockNode`:
serving an order commits its stock as usual, then puts a job into the station's `queue` (a
`simpy.Store`, first come first served). Each of the `stations` workers takes the next job and
works on it only while a shift is open: work left at the end of a shift stops and resumes when the
next shift opens, so orders placed outside shifts queue until the next shift. When the job is
done the order is ready and goes to its carrier pickup.

Overtime: at the end of a day's last shift, if a worker still has work (an order in progress or
waiting), every station works `overtime_hours` more that day, paid per station-hour.

The queue, the workers and the calendar are plain SimPy and plain objects, so a user extension can
read `node.station.queue.items` or add its own resource the same way (docs/EXTENDING_THE_MODEL.md).
Workers wait on `queue.get()` when idle, which schedules nothing: they never keep a run alive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from sim.base.timebase import DAY, HOUR, WEEKDAYS
from sim.model.stock import StockNode
from sim.record.queue_stats import QueueStats

if TYPE_CHECKING:
    from sim.config.capacity import Shifts
    from sim.model.entities import Order
    from sim.model.stock import Slot

MAX_CLOSED_DAYS = 3660
"""A calendar with no shift within this many days of a time is an error (it would never open)."""


class ShiftCalendar:
    """When stations work: open intervals [start, end) by day, from the weekly hours and holidays,
    plus overtime decided at the end of each day's last shift."""

    __slots__ = ("decided", "holidays", "overtime_s", "start_weekday", "weekly", "work_waiting")

    def __init__(self, shifts: Shifts, start_date: dt.date) -> None:
        self.start_weekday = start_date.weekday()
        self.weekly: list[list[tuple[int, int]]] = [
            sorted((round(s.start * HOUR), round(s.end * HOUR)) for s in shifts.hours.get(day, [])) for day in WEEKDAYS
        ]
        if not any(self.weekly):
            raise ValueError("the shift calendar has no shift on any weekday")
        self.holidays = {(h - start_date).days for h in shifts.holidays}
        self.overtime_s = round(shifts.overtime_hours * HOUR)
        self.decided: dict[int, int] = {}  # day → overtime seconds worked after its last shift
        self.work_waiting: Any = lambda: False  # set by the station: is any order waiting or in progress?

    def day_intervals(self, day: int) -> list[tuple[int, int]]:
        """Day `day`'s open intervals, absolute seconds, overtime included once decided."""
        if day in self.holidays:
            return []
        hours = self.weekly[(self.start_weekday + day) % 7]
        out = [(day * DAY + a, day * DAY + b) for a, b in hours]
        extra = self.decided.get(day, 0)
        if extra and out:
            a, b = out[-1]
            out[-1] = (a, b + extra)
        return out

    def open_end(self, t: int) -> int | None:
        """The end of the open interval containing `t`, else None. Asked at the exact end of a day's
        last shift while work is waiting, it decides overtime and returns the extended end."""
        day = t // DAY
        intervals = self.day_intervals(day)
        for a, b in intervals:
            if a <= t < b:
                return b
        if intervals and t == intervals[-1][1] and self.overtime_s and day not in self.decided:
            if self.work_waiting():
                self.decided[day] = self.overtime_s
                return t + self.overtime_s
            self.decided[day] = 0
        return None

    def next_open(self, t: int) -> int:
        """The first instant at or after `t` when a shift is open."""
        day = t // DAY
        for d in range(day, day + MAX_CLOSED_DAYS):
            for a, b in self.day_intervals(d):
                if b > t:
                    return max(a, t)
        raise RuntimeError(f"no shift opens within {MAX_CLOSED_DAYS} days of t={t}s")

    def after_open(self, t: int, work_s: float) -> int:
        """The instant `work_s` seconds of open time after `t` (an estimate: overtime not counted)."""
        t = self.next_open(t)
        left = work_s
        while True:
            end = self._plain_end(t)
            if t + left <= end:
                return round(t + left)
            left -= end - t
            t = self.next_open(end)

    def _plain_end(self, t: int) -> int:
        for a, b in self.day_intervals(t // DAY):
            if a <= t < b:
                return b
        return t

    def open_seconds(self, lo: int, hi: int) -> int:
        """Open seconds in [lo, hi), overtime included."""
        total = 0
        for d in range(lo // DAY, (hi - 1) // DAY + 1):
            for a, b in self.day_intervals(d):
                total += max(0, min(b, hi) - max(a, lo))
        return total


class ShiftStation:
    """A bank of `stations` pick/pack stations working shifts: a SimPy `Store` of jobs and one
    worker process per station. A job is (arrive, order, units, weight kg, service seconds, sku index)."""

    def __init__(
        self, env: simpy.Environment, node: ShiftStockNode, stations: int, calendar: ShiftCalendar, stats: QueueStats
    ) -> None:
        self.env = env
        self.node = node
        self.stations = stations
        self.calendar = calendar
        self.stats = stats
        self.warmup_s, self.horizon_s = stats.warmup_s, stats.horizon_s
        self.queue: simpy.Store = simpy.Store(env)
        self.busy = 0  # workers with a job in hand
        calendar.work_waiting = lambda: self.busy > 0 or bool(self.queue.items)
        for _ in range(stations):
            env.process(self._worker())

    @property
    def jobs_in_system(self) -> int:
        return self.busy + len(self.queue.items)

    def _worker(self) -> Generator[simpy.Event, Any, None]:
        env, cal = self.env, self.calendar
        while True:
            job = yield self.queue.get()
            self.busy += 1
            arrive, order, units, weight, service_s, sku = job
            end = cal.open_end(int(env.now))
            if end is None:
                yield env.timeout(cal.next_open(int(env.now)) - env.now)
                end = cal.open_end(int(env.now))
            start = int(env.now)
            remaining = service_s
            while True:
                assert end is not None
                now = int(env.now)
                run = min(remaining, end - now)
                busy = min(now + run, self.horizon_s) - max(now, self.warmup_s)
                if busy > 0:
                    self.stats.busy_s += busy
                yield env.timeout(run)
                remaining -= run
                if remaining <= 0:
                    break
                end = cal.open_end(int(env.now))
                if end is None:
                    yield env.timeout(cal.next_open(int(env.now)) - env.now)
                    end = cal.open_end(int(env.now))
            self.busy -= 1
            self.node.picked(arrive, start, int(env.now), order, units, weight, service_s, sku)


class ShiftStockNode(StockNode):
    """A stock node whose pick/pack works shifts (`ShiftStation`); set up by `install_shifts`."""

    __slots__ = ("station",)
    station: ShiftStation

    def serve(self, t: int, slot: Slot, order: Order, units: int) -> None:
        """Commit stock (as StockNode.serve) and queue the order at the stations."""
        before = slot.on_hand
        slot.on_hand = before - units
        slot.issued += units
        self.units_committed -= units
        sku = slot.sku
        self.tally.stock_change(t, -units, sku.unit_cost, slot.storage_fee_s, 1 if units == before else 0)
        if order.counted:
            slot.sold_units += units
            slot.sold_orders += 1
        else:
            slot.sold_units_uncounted += units
        assert self.pick_minutes is not None
        service = self.pick_minutes() + round(self.pick_minutes_per_unit_s * units)
        self.station.queue.put((t, order, units, sku.weight_kg * units, service, sku.index))

    def picked(
        self, arrive: int, start: int, ready: int, order: Order, units: int, weight: float, service_s: int, sku: int
    ) -> None:
        """A job is done: record it and hand the order to the carrier."""
        self.station.stats.job(arrive, start, ready)  # busy time: counted by the workers
        if order.counted:
            self.stats.pick_busy_s += service_s
        if self.log is not None:
            self.log.allocate(arrive, order.id, self.info.index, sku, order.region, units, ready)
        assert self.outbound is not None
        self.outbound.ship(ready, order, units, weight)

    def ready_estimate(self, t: int, units: int) -> int:
        """At mean pick times: the jobs ahead shared by the stations, then this order, in open time."""
        station = self.station
        ahead = station.jobs_in_system / station.stations
        work = (ahead + 1) * self.pick_mean_s + self.pick_minutes_per_unit_s * units
        return station.calendar.after_open(t, work)

    def backlog_s(self, t: int) -> int:
        station = self.station
        if station.jobs_in_system < station.stations:
            return station.calendar.next_open(t) - t
        ahead = (station.jobs_in_system - station.stations + 1) / station.stations
        return station.calendar.after_open(t, ahead * self.pick_mean_s) - t
