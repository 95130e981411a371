"""One queueing resource's statistics (pick/pack under shifts, a capped pickup, a partner's or a
supplier's daily capacity, print-on-demand's line, or a user's own): what a job met. No SimPy.

A resource calls `job(arrive, start, end, busy_s)` once per job when it is done: the job joined the
queue at `arrive`, its service began at `start` and ended at `end`, and it kept a server busy for
the last `busy_s` seconds before `end` (a resource whose service stops and resumes, like shifts,
passes 0 and adds its busy time in the window to `busy_s` itself). Jobs arriving in the
statistics window [warmup, horizon) are counted (waits, time in system); time averages (queue
length, carried over, busy time) count the part inside the window, whoever it belongs to. The metrics are in sim.metrics.capacity.

`carried_by_day` is the daily backlog series behind the report's "where the queues build" chart:
jobs in the system at each midnight of the window, per day. A partner's or a supplier's line books
a job's end when it arrives (no queue object to read at midnight), so the series is counted where
`carried` is, as a difference array touched only by jobs that span a midnight (two list writes;
a job inside one day costs nothing more). Its sum over days is `carried`.
"""

from __future__ import annotations

from collections import Counter

from sim.base.timebase import DAY, MINUTE


class QueueStats:
    """Counters of one resource, `name` ("node/resource"), with `unit` naming what a job is."""

    __slots__ = (
        "busy_s",
        "capacity_s",
        "carried",
        "carried_delta",
        "horizon_s",
        "jobs",
        "name",
        "overtime_cost",
        "overtime_hours",
        "queue_area_s",
        "system_s",
        "unit",
        "wait_minutes",
        "wait_s",
        "waited",
        "warmup_s",
    )

    def __init__(self, name: str, unit: str, warmup_s: int, horizon_s: int) -> None:
        self.name = name
        self.unit = unit
        self.warmup_s = warmup_s
        self.horizon_s = horizon_s
        self.jobs = 0  # counted jobs (arrived in the window)
        self.waited = 0  # of those, how many waited at all
        self.wait_s = 0
        self.wait_minutes: Counter[int] = Counter()  # 1-minute bins of counted waits
        self.system_s = 0
        self.busy_s = 0.0  # server time spent in the window
        self.capacity_s = 0.0  # server time available in the window (0: not a server bank)
        self.queue_area_s = 0  # ∫ jobs waiting dt over the window
        self.carried = 0  # Σ over midnights in (warmup, horizon] of jobs in the system then
        self.carried_delta = [0] * (horizon_s // DAY + 2)  # difference array of jobs in the system at day d's midnight
        self.overtime_hours = 0.0  # station-hours of overtime (shifts)
        self.overtime_cost = 0.0

    def job(self, arrive: int, start: int, end: int, busy_s: float = 0.0) -> None:
        """Record one finished job (see the module docstring)."""
        lo, hi = self.warmup_s, self.horizon_s
        if lo <= arrive < hi:
            wait = start - arrive
            self.jobs += 1
            if wait > 0:
                self.waited += 1
                self.wait_s += wait
            self.wait_minutes[wait // MINUTE] += 1
            self.system_s += end - arrive
        if busy_s:
            busy = min(end, hi) - max(end - busy_s, lo)
            if busy > 0:
                self.busy_s += busy
        a, b = max(arrive, lo), min(start, hi)
        if b > a:
            self.queue_area_s += b - a
        # midnights m with arrive < m < end, inside (warmup, horizon]
        first = max(arrive // DAY + 1, lo // DAY + 1)
        last = min((end - 1) // DAY, hi // DAY)
        if last >= first:
            self.carried += last - first + 1
            delta = self.carried_delta
            delta[first] += 1
            delta[last + 1] -= 1

    @property
    def midnights(self) -> int:
        """Midnights in (warmup, horizon]: the days carried-over is averaged over."""
        return self.horizon_s // DAY - self.warmup_s // DAY

    def carried_by_day(self) -> list[tuple[int, int]]:
        """(day, jobs in the system at its first midnight) for every midnight in (warmup, horizon]."""
        out = []
        level = 0
        first = self.warmup_s // DAY + 1
        for day, step in enumerate(self.carried_delta[: self.horizon_s // DAY + 1]):
            level += step
            if day >= first:
                out.append((day, level))
        return out
