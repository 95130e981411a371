"""Run the validation cases: replications on a process pool, then the pass/fail decision per check.

The decision is honest about multiplicity: with m stochastic checks, each 95 % interval would
miss a true value 5 % of the time, so a run of ~60 checks would fail somewhere most of the time
even with a correct simulator (and seeds would be tempting to tune). A check therefore passes
when its analytic value lies within the simulated mean ± the **simultaneous** (Bonferroni)
half-width t_{1−α/(2m), n−1}·s/√n with α = 0.05 — the whole table fails by chance at most 5 % of
the time when the simulator is right — plus, for approximations, the check's stated tolerance.
The plain per-check 95 % interval is printed too. Replications are independent (own seeds) and
long, so their means are close to normal and the t intervals apply.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path

import numpy as np
from scipy import stats

from sim.base.confidence import mean_ci
from sim.base.timebase import DAY
from sim.config import Scenario
from sim.config.models import PoissonOrders
from sim.experiment.runs import RunTask, execute
from sim.network.build import Network, build_network
from sim.studies.validation.case import Case, Check, Size
from sim.studies.validation.cases import CASES, SCENARIO_DIR, load_case_scenario
from sim.studies.validation.measure import MONITOR_MEASURES, measure

FAMILY_ALPHA = 0.05
"""Family-wise error rate of the whole table."""


@dataclass(frozen=True)
class Task:
    """One replication of one policy of one case."""

    case: str
    policy: str
    replication: int
    seed: int
    size: Size | None  # None: the scenario's own horizon and warm-up
    folder: str
    groups: frozenset[str]


@dataclass(frozen=True)
class Row:
    """A check and what the simulation said about it."""

    case: Case
    check: Check
    mean: float = math.nan
    ci_low: float = math.nan
    ci_high: float = math.nan
    n: int = 0
    simultaneous: float = math.nan  # half-width of the simultaneous interval
    passed: bool = False

    @property
    def source(self) -> str:
        """The outside reference of the analytic value (the check's, else its case's)."""
        return self.check.source or self.case.source

    @property
    def deviation(self) -> float:
        """simulated − analytic (calc: analytic − reference)."""
        if self.check.kind == "calc":
            assert self.check.reference is not None
            return self.check.analytic - self.check.reference
        return self.mean - self.check.analytic


@dataclass(frozen=True)
class CaseRun:
    """How a case was run."""

    case: Case
    replications: int
    horizon_days: float
    warmup_days: float
    seed: int


@dataclass(frozen=True)
class Report:
    """The outcome of a validation run."""

    rows: list[Row]
    runs: list[CaseRun]
    stochastic_checks: int
    quick: bool
    wall_s: float

    @property
    def failed(self) -> list[Row]:
        return [r for r in self.rows if r.passed is False]

    @property
    def ok(self) -> bool:
        return not self.failed


def select(names: Sequence[str] | None) -> list[Case]:
    """The cases called `names` (all when None); KeyError naming the known ones otherwise."""
    if not names:
        return list(CASES)
    by_name = {c.name: c for c in CASES}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise KeyError(f"unknown case {', '.join(map(repr, unknown))}; the cases are {', '.join(by_name)}")
    return [by_name[n] for n in dict.fromkeys(names)]


def validate_model(
    cases: Sequence[Case] | None = None,
    *,
    quick: bool = False,
    replications: int | None = None,
    seed: int | None = None,
    workers: int = 0,
    folder: Path = SCENARIO_DIR,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Simulate every case's policies and compare with the analytic values."""
    started = time.perf_counter()
    chosen = list(cases) if cases is not None else list(CASES)
    tasks: list[Task] = []
    runs: list[CaseRun] = []
    checks: dict[str, list[Check]] = {}
    cost: dict[Task, float] = {}
    for case in chosen:
        base = load_case_scenario(case, folder)
        size = case.quick if quick else None
        scenario = load_case_scenario(case, folder, size)
        reps = replications or (case.quick.replications if quick else base.replications)
        case_seed = seed if seed is not None else base.seed
        runs.append(CaseRun(case, reps, scenario.horizon_days, scenario.warmup_days, case_seed))
        checks[case.name] = case.checks(base)
        for policy, groups in case.runs:
            for rep in range(reps):
                task = Task(case.name, policy, rep, case_seed, size, str(folder), groups)
                tasks.append(task)
                cost[task] = _cost(scenario, groups)
    tasks.sort(key=lambda t: -cost[t])  # longest first: the pool ends together

    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    for task, values in _execute(tasks, workers, progress):
        results.setdefault((task.case, task.policy), []).append(values)

    stochastic = [c for cs in checks.values() for c in cs if c.kind in ("exact", "approx")]
    m = max(1, len(stochastic))
    rows = [
        _decide(case, check, results.get((case.name, check.policy or ""), []), m)
        for case in chosen
        for check in checks[case.name]
    ]
    return Report(rows, runs, len(stochastic), quick, time.perf_counter() - started)


def _cost(scenario: Scenario, groups: frozenset[str]) -> float:
    rate = sum(s.demand.orders_per_day if isinstance(s.demand, PoissonOrders) else 10.0 for s in scenario.skus)
    return scenario.horizon_days * rate * (1.5 if groups & MONITOR_MEASURES else 1.0)


def _decide(case: Case, check: Check, values: list[dict[str, float]], m: int) -> Row:
    if check.kind == "calc":
        assert check.reference is not None
        return Row(case, check, passed=abs(check.analytic - check.reference) <= check.tolerance + 1e-9)
    assert check.measure is not None
    x = np.asarray([v[check.measure] for v in values], dtype=float)
    mean, low, high, n = mean_ci(x)
    finite = x[np.isfinite(x)]
    if n >= 2:
        sd = float(finite.std(ddof=1))
        simultaneous = float(stats.t.ppf(1 - FAMILY_ALPHA / (2 * m), n - 1)) * sd / math.sqrt(n)
    else:
        simultaneous = math.nan
    passed = n >= 2 and abs(mean - check.analytic) <= simultaneous + check.tolerance + 1e-12
    return Row(case, check, mean, low, high, n, simultaneous, bool(passed))


# -- execution ------------------------------------------------------------------------------------


@cache
def _prepared(case_name: str, size: Size | None, folder: str) -> Network:
    case = next(c for c in CASES if c.name == case_name)
    return build_network(load_case_scenario(case, Path(folder), size))


def run_task(task: Task) -> tuple[Task, dict[str, float]]:
    """Simulate one replication through the public run path and measure it from its KPIs (also the
    process-pool entry point)."""
    network = _prepared(task.case, task.size, task.folder)
    monitor = bool(task.groups & MONITOR_MEASURES)
    record = execute(network, RunTask(task.policy, task.replication, task.seed, monitor=monitor))
    return task, measure(record, (network.horizon_s - network.warmup_s) / DAY, task.groups)


def _execute(
    tasks: list[Task], workers: int, progress: Callable[[int, int], None] | None
) -> Iterable[tuple[Task, dict[str, float]]]:
    count = (
        workers
        if workers
        else len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count() or 1
    )
    total = len(tasks)
    if count <= 1 or total <= 1:
        for done, task in enumerate(tasks, start=1):
            yield run_task(task)
            if progress is not None:
                progress(done, total)
        return
    with ProcessPoolExecutor(min(count, total), mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(run_task, task) for task in tasks]
        for done, future in enumerate(as_completed(futures), start=1):
            yield future.result()
            if progress is not None:
                progress(done, total)
