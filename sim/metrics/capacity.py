"""Per-resource queue KPIs of one run (docs/MODEL.md, "Capacity"), from `QueueStats`. No SimPy.

Rows go into the breakdown with scope `resource` and the resource's name `node/resource`
(`pick_pack`, `pickup`, `dropship`, `production`, `supply`, or a user's own):

| metric | definition |
|---|---|
| `jobs` | counted jobs (orders at pick/pack and partners, parcels at a pickup, purchase orders at a supplier) |
| `wait_probability` | share of counted jobs that waited at all before service |
| `wait_minutes_mean` | mean wait before service, minutes (wall clock: closed hours count) |
| `wait_minutes_p90` | 90th percentile of that wait (1-minute bins, bin middle) |
| `queue_length_mean` | time-average number of jobs waiting, over the window |
| `time_in_system_minutes_mean` | mean arrival → end of service, minutes |
| `utilisation` | server time spent in the window ÷ server time available in it (open station-hours; a pickup: parcels taken ÷ cap × pickups) |
| `carried_over_mean` | jobs still in the system at midnight, averaged over the window's midnights |
| `overtime_hours` | station-hours of overtime worked (shifts) |

Rows with scope `resource_day` carry the daily backlog: for each resource and each midnight in
the window, metric `carried_over_d<day>` (day = days since `start_date`, the midnight that starts
it) = jobs still in the system then; their mean over the days is `carried_over_mean`. The report
draws them, averaged over replications (sim.report.backlog_chart).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from sim.base.timebase import MINUTE
from sim.record.queue_stats import QueueStats

RESOURCE_METRICS = (
    "jobs",
    "wait_probability",
    "wait_minutes_mean",
    "wait_minutes_p90",
    "queue_length_mean",
    "time_in_system_minutes_mean",
    "utilisation",
    "carried_over_mean",
    "overtime_hours",
)


def _ratio(a: float, b: float) -> float:
    return a / b if b else math.nan


def p90_minutes(stats: QueueStats) -> float:
    """The 0.9-quantile of the counted waits, minutes at the bin's middle (0 when it is a zero wait)."""
    hist = stats.wait_minutes
    n = sum(hist.values())
    if n == 0:
        return math.nan
    cumulative = 0
    for minute in sorted(hist):
        cumulative += hist[minute]
        if cumulative >= 0.9 * n - 1e-9:
            return 0.0 if minute == 0 and stats.waited == 0 else minute + 0.5
    return max(hist) + 0.5


def resource_metrics(stats: QueueStats) -> dict[str, float]:
    """Every metric of `RESOURCE_METRICS` for one resource."""
    window = stats.horizon_s - stats.warmup_s
    return {
        "jobs": float(stats.jobs),
        "wait_probability": _ratio(stats.waited, stats.jobs),
        "wait_minutes_mean": _ratio(stats.wait_s / MINUTE, stats.jobs),
        "wait_minutes_p90": p90_minutes(stats),
        "queue_length_mean": stats.queue_area_s / window,
        "time_in_system_minutes_mean": _ratio(stats.system_s / MINUTE, stats.jobs),
        "utilisation": _ratio(stats.busy_s, stats.capacity_s),
        "carried_over_mean": _ratio(stats.carried, stats.midnights),
        "overtime_hours": stats.overtime_hours,
    }


DAY_METRIC = "carried_over_d"
"""Prefix of the `resource_day` rows' metric; the day number follows."""


def resource_rows(resources: Sequence[QueueStats]) -> list[tuple[str, str, str, float]]:
    """Breakdown rows (scope "resource", name, metric, value) for every resource, in model order,
    then the daily backlog rows (scope "resource_day", module docstring)."""
    rows = [
        ("resource", stats.name, metric, value)
        for stats in resources
        for metric, value in resource_metrics(stats).items()
    ]
    rows += [
        ("resource_day", stats.name, f"{DAY_METRIC}{day}", float(level))
        for stats in resources
        for day, level in stats.carried_by_day()
    ]
    return rows
