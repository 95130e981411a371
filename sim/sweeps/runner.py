"""Running a sweep: every (point, policy, replication) as a resumable run, then the final tables.

`run_plan` takes a validated `SweepPlan` (sim.sweeps.points) and a results folder (sim.sweeps.parts):

1. Open the folder (create it, or resume it: same sweep id), under its lock.
2. Work out the runs still missing — a run is done when its part file exists — and hand them to
   the executor. Each worker builds the point's network, simulates, writes the run's part file
   atomically and returns a small summary (its KPI values); the parent never holds more.
3. With a precision target, assess every point after each batch (sim.experiment.precision) and add
   replications to the points that need them, all policies of a point together (so paired
   comparisons stay paired), up to the cap.
4. Read the parts in canonical order (point, policy, replication; KPI order within a run) into
   `kpis.parquet`, and write the other tables, each atomically; `manifest.json` goes last
   (sim.sweeps.files).

Replication r of every point and policy uses the seed keys (seed, r): common random numbers
across policies *and* points, which is what makes differences between points (and the search of
sim.sweeps.optimize) precise. Nothing in the KPI files depends on the executor, the number of workers,
the order runs finish in, or on interruptions: the same command gives byte-identical files.
"""

from __future__ import annotations

import contextlib
import functools
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from sim.config import Scenario
from sim.config.loader import load_located
from sim.experiment.executors import Executor, executor_for
from sim.experiment.precision import Assessment, assess, next_count
from sim.experiment.runs import RunTask, execute
from sim.metrics.kpis import HEADLINE, KPI_NAMES
from sim.network.build import build_network
from sim.sweeps.files import PRECISION_COLUMNS, SweepResults, finish, write_report_if_available
from sim.sweeps.parts import (
    PLAN_FILE,
    PartStore,
    SweepInterrupted,
    kpi_schema,
    part_name,
    run_table,
    write_table_atomic,
)
from sim.sweeps.points import Point, SweepError, SweepPlan, plan_sweep


@dataclass(frozen=True)
class RunJob:
    """One run of a sweep, as sent to a worker: small (the scenario travels separately)."""

    sweep_id: str
    scenario_name: str
    point: int
    params: tuple[Any, ...]
    columns: tuple[tuple[str, str, str], ...]
    policy: str
    replication: int
    seed: int
    part: str
    events_dir: str | None = None


@dataclass(frozen=True)
class RunSummary:
    """What a worker sends back: which run, and its KPI values (a few hundred bytes)."""

    point: int
    policy: str
    replication: int
    kpis: dict[str, float]


@functools.lru_cache(maxsize=16)
def _schema(columns: tuple[tuple[str, str, str], ...]) -> pa.Schema:
    return kpi_schema(columns)


def run_part(scenario: Scenario, job: RunJob) -> RunSummary:
    """Worker: simulate one run, write its part file atomically, return its summary."""
    record = execute(build_network(scenario), RunTask(job.policy, job.replication, job.seed, job.events_dir))
    table = run_table(
        _schema(job.columns),
        job.sweep_id,
        job.scenario_name,
        job.point,
        job.params,
        job.policy,
        job.replication,
        record.kpis,
    )
    write_table_atomic(table, Path(job.part))
    return RunSummary(job.point, job.policy, job.replication, record.kpis)


class SweepSession:
    """A sweep folder being filled (opened by `open_session`): runs to per-point replication targets,
    remembers the KPI values it has seen, and writes the final files."""

    def __init__(
        self,
        plan: SweepPlan,
        store: PartStore,
        runner: Executor,
        *,
        events: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.plan = plan
        self.store = store
        self.runner = runner
        self.events = events
        self.progress = progress
        self.targets: dict[int, int] = {p.index: 0 for p in plan.points}
        self.known: dict[tuple[int, str, int], dict[str, float]] = {}
        self.finished = store.finished()
        self.done_now = 0
        self.started = time.perf_counter()

    def run(self, targets: Mapping[int, int]) -> None:
        """Make sure point i has replications 0 … targets[i] − 1 of every policy (skipping finished runs)."""
        for index, n in targets.items():
            self.targets[index] = max(self.targets[index], n)
        names = self.plan.policies
        todo = [
            (p, policy, r)
            for p in self.plan.points
            for r in range(self.targets[p.index])
            for policy in names
            if part_name(p.index, policy, r) not in self.finished
        ]
        total = sum(self.targets.values()) * len(names)
        done = total - len(todo)
        if self.progress is not None:
            self.progress(done, total)
        out = self.store.out
        work = [(p.scenario, _job(self.plan, self.store, p, policy, r, self.events, out)) for p, policy, r in todo]
        for summary in self.runner.map_unordered(run_part, work):
            self.known[(summary.point, summary.policy, summary.replication)] = summary.kpis
            self.finished.add(part_name(summary.point, summary.policy, summary.replication))
            done += 1
            self.done_now += 1
            if self.progress is not None:
                self.progress(done, total)

    def values(self, point: Point, policy: str, metric: str, n: int | None = None) -> list[float]:
        """`metric` of replications 0 … n−1 (default: the point's target) of `policy` at `point`."""
        count = self.targets[point.index] if n is None else n
        out = []
        for r in range(count):
            kpis = self.known.get((point.index, policy, r))
            if kpis is None:  # finished by an earlier process: read its part
                table = self.store.read([part_name(point.index, policy, r)], columns=["metric", "value"])
                kpis = dict(zip(table.column("metric").to_pylist(), table.column("value").to_pylist(), strict=True))
                self.known[(point.index, policy, r)] = kpis
            out.append(kpis[metric])
        return out

    def finish(
        self,
        command: str,
        precision: pd.DataFrame | None = None,
        extra_files: Mapping[str, Callable[[Path], None]] | None = None,
        manifest_extra: Mapping[str, Any] | None = None,
    ) -> SweepResults:
        """Assemble the parts and write the final files, each atomically; `manifest.json` last."""
        return finish(
            self.plan,
            self.store,
            self.targets,
            precision if precision is not None else pd.DataFrame(columns=PRECISION_COLUMNS),
            self.runner,
            command,
            self.started,
            self.done_now,
            extra_files or {},
            manifest_extra or {},
        )


@contextlib.contextmanager
def open_session(
    plan: SweepPlan,
    out: Path,
    executor: Executor | None = None,
    *,
    workers: int | None = None,
    events: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[SweepSession]:
    """Open (create or resume) the sweep folder `out` for `plan`, with the executor's workers running."""
    runner = executor if executor is not None else executor_for(workers)
    store = PartStore(out)
    try:
        with runner, store.open(plan.plan_json()):  # the executor first: an unreachable cluster writes nothing
            yield SweepSession(plan, store, runner, events=events, progress=progress)
    except SweepInterrupted:
        raise
    except KeyboardInterrupt:  # the parts written so far stay: say how many, and that a rerun resumes
        if not (out / PLAN_FILE).exists():
            raise
        raise SweepInterrupted(out, len(store.finished())) from None


def run_plan(
    plan: SweepPlan,
    out: Path,
    *,
    replications: int | None = None,
    precision: float | None = None,
    max_replications: int = 200,
    precision_metrics: Sequence[str] = HEADLINE,
    executor: Executor | None = None,
    workers: int | None = None,
    events: bool = False,
    progress: Callable[[int, int], None] | None = None,
    command: str = "python API",
    report: bool = False,
) -> SweepResults:
    """Run (or resume) `plan` into the folder `out` and write its final tables; see the module docstring.

    `replications`: per point (default: each point's scenario `replications`); with `precision`
    it is the first batch, and replications are added up to `max_replications`. `report`: also
    write report.html (the CLI does; a failure is recorded in `report_error`, not raised).
    """
    if precision is not None and not 0 < precision < 1:
        raise SweepError("precision is a relative half-width, between 0 and 1 (e.g. 0.01 for ±1 %)")
    if replications is not None and "replications" in plan.paths:
        raise SweepError("replications is swept and also fixed by --reps (replications=): drop one")
    unknown = [m for m in precision_metrics if m not in KPI_NAMES]
    if unknown:
        raise SweepError(f"unknown metric {', '.join(unknown)}")
    with open_session(plan, out, executor, workers=workers, events=events, progress=progress) as session:
        targets = {p.index: _first_count(p, replications, precision, max_replications) for p in plan.points}
        while True:
            session.run(targets)
            if precision is None:
                break
            targets = {
                p.index: next_count(
                    session.targets[p.index],
                    _assess(session, p, precision, precision_metrics),
                    precision,
                    max_replications,
                )
                for p in plan.points
            }
            if targets == session.targets:
                break
        table = _precision_table(session, precision, precision_metrics) if precision is not None else None
        results = session.finish(command, table)
    if report:
        results.report, results.report_error = write_report_if_available(out)
    return results


def _first_count(point: Point, replications: int | None, precision: float | None, cap: int) -> int:
    n = replications if replications is not None else point.scenario.replications
    if precision is not None:
        n = min(max(n, 2), cap)
    return n


def _job(plan: SweepPlan, store: PartStore, point: Point, policy: str, r: int, events: bool, out: Path) -> RunJob:
    return RunJob(
        sweep_id=plan.sweep_id,
        scenario_name=point.scenario.name,
        point=point.index,
        params=plan.column_values(point),
        columns=plan.schema_fields(),
        policy=policy,
        replication=r,
        seed=plan.seed_of(point),
        part=str(store.path(point.index, policy, r)),
        events_dir=str(out / "events" / f"p{point.index:06d}") if events else None,
    )


def _assess(session: SweepSession, point: Point, gamma: float, metrics: Sequence[str]) -> list[Assessment]:
    return [assess(m, session.values(point, policy, m), gamma) for policy in session.plan.policies for m in metrics]


def _precision_table(session: SweepSession, gamma: float, metrics: Sequence[str]) -> pd.DataFrame:
    rows = []
    for point in session.plan.points:
        for policy in session.plan.policies:
            for metric in metrics:
                a = assess(metric, session.values(point, policy, metric), gamma)
                rows.append(
                    (point.index, policy, metric, a.n, a.mean, a.half_width, a.relative_half_width, gamma, a.met)
                )
    return pd.DataFrame(rows, columns=PRECISION_COLUMNS)


def sweep(
    scenario: Scenario | str | Path,
    parameters: Mapping[str, Any] | None = None,
    *,
    method: str | None = None,
    samples: int | None = None,
    design_seed: int | None = None,
    policies: Sequence[str] | None = None,
    replications: int | None = None,
    seed: int | None = None,
    precision: float | None = None,
    max_replications: int = 200,
    out: str | Path | None = None,
    workers: int | None = None,
    executor: Executor | None = None,
    events: bool = False,
    progress: Callable[[int, int], None] | None = None,
    report: bool = False,
) -> SweepResults:
    """Run a parameter sweep and return its tables (see `SweepResults`).

    `scenario`: a Scenario or a scenario file (its `sweep:` block is the design; `extends` works).
    `parameters`: dotted path → list of values, or a range `{"low": …, "high": …, "steps": …}`,
    laid over the scenario's block (same rules as the YAML block); `method`, `samples` and
    `design_seed` likewise. No parameters at all: one point (useful with `precision`).
    `replications`, `seed`: per point (default: the scenario's); `precision` (e.g. 0.01) adds
    replications until every headline KPI's 95 % CI half-width is within ±1 % of its mean, up to
    `max_replications`. `out`: a folder to write (and resume); default: a temporary folder that
    is removed afterwards. `workers`: processes (None or 0: all cores; 1: serial); or pass any
    `executor` (sim.experiment.executors), e.g. `DaskExecutor(local_workers=2)`. `report`: also write
    report.html into `out`.

        results = sim.sweep("scenarios/small_store.yaml",
                            {"policies.stocked.reorder.service_level": [0.9, 0.95, 0.98]},
                            replications=10, seed=1)
        results.summary    # point, param.…, policy, metric, mean, ci_low, ci_high, n
    """
    base, positions = (scenario, None) if isinstance(scenario, Scenario) else load_located(scenario)
    design_options: dict[str, Any] = {
        "parameters": parameters,
        "method": method,
        "samples": samples,
        "design_seed": design_seed,
    }
    plan = plan_sweep(base, positions, **design_options, policies=policies, seed=seed)
    options: dict[str, Any] = {
        "replications": replications,
        "precision": precision,
        "max_replications": max_replications,
        "executor": executor,
        "workers": workers,
        "events": events,
        "progress": progress,
        "report": report and out is not None,
    }
    if out is not None:
        return run_plan(plan, Path(out), **options)
    return _run_in_temporary_folder(plan, options)


def _run_in_temporary_folder(plan: SweepPlan, options: Mapping[str, Any]) -> SweepResults:
    """`run_plan` into a temporary folder that is removed afterwards (the tables stay in memory)."""
    with tempfile.TemporaryDirectory(prefix="supplysim-sweep-") as tmp:
        results = run_plan(plan, Path(tmp) / "sweep", **options)
        results.out = Path("<temporary, removed>")
        return results


__all__ = [
    "RunJob",
    "RunSummary",
    "SweepResults",
    "SweepSession",
    "open_session",
    "run_plan",
    "sweep",
]
