"""One run: what a (policy, replication) task asks for, how it is simulated, and the record it returns.

`run_task(scenario, task)` is the unit of work every executor (sim.experiment.executors) maps: it
builds the scenario's network, the policy's plan, simulates, and returns a small `RunRecord`
whatever the horizon. It depends only on the scenario and the task's seed keys, so it gives the
same record in any process.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.base.timebase import DAY
from sim.config import Scenario
from sim.metrics.breakdown import breakdown_rows
from sim.metrics.capacity import resource_rows
from sim.metrics.kpis import kpis
from sim.model.kernel import SNAPSHOT, wake_at
from sim.model.model import Model
from sim.network.build import Network, build_network
from sim.plan.build import make_plan


@dataclass(frozen=True)
class RunRecord:
    """What one run sends back: small, whatever the horizon.

    `kpis` maps every KPI name to its value; `delivery_minutes` is the histogram of order delivery
    times (1-minute bins, counted orders); `inventory_daily` holds (day, node, sku or "*", on hand)
    rows for replication 0 only (the report's inventory chart), else None. `daily`, when the task
    asks for it, holds whole-run daily series from day 0 (warm-up included): `units_demanded` and
    `units_filled` (at first attempt, by day of ordering) and `on_hand_units` (start of day).
    """

    policy: str
    replication: int
    kpis: dict[str, float]
    delivery_minutes: dict[int, int]
    inventory_daily: list[tuple[int, str, str, int]] | None = None
    daily: dict[str, list[int]] | None = None
    breakdown: list[tuple[str, str, str, float]] | None = None  # monitor: per node and channel (sim.metrics.breakdown)
    alerts: list[tuple[int, str, str, str, float, float]] | None = None  # monitor: the alerts log (sim.record.alerts)


@dataclass(frozen=True)
class RunTask:
    """One run: a policy, a replication and the experiment's root seed (its seed keys)."""

    policy: str
    replication: int
    seed: int
    events_dir: str | None = None
    daily: bool = False
    monitor: bool = False  # per-node statistics and alerts (compare and run ask for them)


DAY_TICKS = 100
"""A run that reports its progress (`execute(…, on_day=…)`) does so about this many times: every
⌈horizon / 100⌉ simulated days, one read-only event each (nothing per order)."""


def _ticker(env: Any, horizon_s: int, on_day: Callable[[int, int], None]) -> Generator[Any, Any, None]:
    """Call `on_day(day, horizon_days)` every ⌈horizon/DAY_TICKS⌉ simulated days (observation only)."""
    horizon_days = max(1, math.ceil(horizon_s / DAY))
    step = max(1, math.ceil(horizon_days / DAY_TICKS))
    for day in range(step, horizon_days, step):
        yield wake_at(env, day * DAY, SNAPSHOT)
        on_day(day, horizon_days)


def execute(network: Network, task: RunTask, on_day: Callable[[int, int], None] | None = None) -> RunRecord:
    """Simulate one run and return its record; write its event log when asked. `on_day(day, days)`,
    when given, is called as simulated time passes (`DAY_TICKS` times a run; the KPIs do not change)."""
    plan = make_plan(network, task.policy)
    target = tmp = None
    if task.events_dir is not None:  # the log streams to a temporary file, renamed once the run is done
        folder = Path(task.events_dir) / task.policy
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"rep-{task.replication:04d}.parquet"
        tmp = folder / f".rep-{task.replication:04d}.parquet.tmp-{os.getpid()}"
    model = Model(
        network,
        plan,
        task.seed,
        task.replication,
        track_inventory=task.replication == 0,
        daily=task.daily,
        events_sink=tmp,
        monitor=task.monitor,
    )
    if on_day is not None:
        model.env.process(_ticker(model.env, network.horizon_s, on_day))
    output = model.run()
    if target is not None and tmp is not None:
        os.replace(tmp, target)
    inventory = None
    if output.inventory_daily is not None:
        names = [n.name for n in network.nodes]
        inventory = [(day, names[node], sku, on_hand) for day, node, sku, on_hand in output.inventory_daily]
    daily = None
    if task.daily:
        tally = output.tally
        daily = {
            "units_demanded": list(tally.daily_units_demanded),
            "units_filled": list(tally.daily_units_filled),
            "on_hand_units": list(output.on_hand_daily or [0] * len(tally.daily_units_demanded)),
        }
    breakdown = breakdown_rows(network, output.node_stats)
    if breakdown is not None and output.resources:  # queue KPIs per resource (sim.metrics.capacity)
        breakdown += resource_rows(output.resources)
    return RunRecord(
        policy=task.policy,
        replication=task.replication,
        kpis=kpis(output.tally, output.units_backordered_end),
        delivery_minutes=dict(sorted(output.tally.delivery_minutes.items())),
        inventory_daily=inventory,
        daily=daily,
        breakdown=breakdown,
        alerts=output.alerts,
    )


def run_task(scenario: Scenario, task: RunTask) -> RunRecord:
    """Build the scenario's network (milliseconds) and execute one run: the unit of work of `run`."""
    return execute(build_network(scenario), task)
