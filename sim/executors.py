"""Executors: where runs happen. One small interface; results never depend on which one is used.

A run needs only the scenario (sent once per worker, not once per run) and its task: policy,
replication, seed, and an optional folder for its event log, which the worker writes itself. It
returns its KPI rows: a few hundred numbers, nothing large.

* `SerialExecutor`: in this process, in task order (the reference, and the fastest for a few runs);
* `ProcessExecutor`: a local process pool; results arrive in completion order and are sorted later.

Dask distributed (issue: experiments at scale) plugs in behind the same `run` method.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Protocol

from sim.config import Scenario
from sim.metrics import kpis
from sim.model import simulate
from sim.network import Network, build_network
from sim.plan import make_plan
from sim.results import write_parquet


@dataclass(frozen=True)
class RunRecord:
    """What one run sends back: small, whatever the horizon.

    `kpis` maps every KPI name to its value; `delivery_minutes` is the histogram of order delivery
    times (1-minute bins, counted orders); `inventory_daily` holds (day, node, sku or "*", on hand)
    rows for replication 0 only (the report's inventory chart), else None.
    """

    policy: str
    replication: int
    kpis: dict[str, float]
    delivery_minutes: dict[int, int]
    inventory_daily: list[tuple[int, str, str, int]] | None = None


@dataclass(frozen=True)
class RunTask:
    policy: str
    replication: int
    seed: int
    events_dir: str | None = None


def execute(network: Network, task: RunTask) -> RunRecord:
    """Simulate one run and return its record; write its event log when asked."""
    plan = make_plan(network, task.policy)
    output = simulate(
        network,
        plan,
        task.seed,
        task.replication,
        events=task.events_dir is not None,
        track_inventory=task.replication == 0,
    )
    if task.events_dir is not None and output.log is not None:
        folder = Path(task.events_dir) / task.policy
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"rep-{task.replication:04d}.parquet"
        tmp = folder / f".rep-{task.replication:04d}.parquet.tmp"
        write_parquet(output.log.to_frame(network), tmp)
        os.replace(tmp, target)
    inventory = None
    if output.inventory_daily is not None:
        names = [n.name for n in network.nodes]
        inventory = [(day, names[node], sku, on_hand) for day, node, sku, on_hand in output.inventory_daily]
    return RunRecord(
        policy=task.policy,
        replication=task.replication,
        kpis=kpis(output.tally, output.units_backordered_end),
        delivery_minutes=dict(sorted(output.tally.delivery_minutes.items())),
        inventory_daily=inventory,
    )


class Executor(Protocol):
    def run(self, scenario: Scenario, tasks: Sequence[RunTask]) -> Iterator[RunRecord]: ...


class SerialExecutor:
    """Runs every task here, in order."""

    def run(self, scenario: Scenario, tasks: Sequence[RunTask]) -> Iterator[RunRecord]:
        network = build_network(scenario)
        for task in tasks:
            yield execute(network, task)


_worker_network: Network | None = None


def _init_worker(scenario: Scenario) -> None:
    global _worker_network
    _worker_network = build_network(scenario)


def _execute_in_worker(task: RunTask) -> RunRecord:
    assert _worker_network is not None
    return execute(_worker_network, task)


class ProcessExecutor:
    """A local pool of `workers` processes (spawned, so no state leaks in from the parent)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def run(self, scenario: Scenario, tasks: Sequence[RunTask]) -> Iterator[RunRecord]:
        context = get_context("spawn")
        with ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_init_worker, initargs=(scenario,)
        ) as pool:
            futures = [pool.submit(_execute_in_worker, task) for task in tasks]
            for future in as_completed(futures):
                yield future.result()


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def make_executor(workers: int | None, n_tasks: int) -> Executor:
    """A process pool for `workers` > 1 and more than one task, else serial (0 or None: all cores)."""
    count = workers if workers else default_workers()
    if count <= 1 or n_tasks <= 1:
        return SerialExecutor()
    return ProcessExecutor(min(count, n_tasks))
