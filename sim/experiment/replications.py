"""Experiments: replications of one or several policies with common random numbers, and their statistics.

A *run* is one (policy, replication). Runs are independent: each builds its model from the
scenario and the seed keys `(seed, replication)` alone, so any executor — serial, a local process
pool, a cluster — produces identical numbers, in any order, with any number of workers. Every
policy in a replication sees the same customer demand (see sim.base.streams), which is what makes the
paired differences in `comparisons` tight.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import platform
import shutil
import time
import warnings as python_warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.base.confidence import mean_ci
from sim.config import Scenario, load_scenario, resolve
from sim.experiment.executors import Executor, make_executor
from sim.experiment.meaning import MeaninglessRunWarning, after_run, before_run
from sim.experiment.plan_table import plan_table
from sim.experiment.progress import run_all
from sim.experiment.results_folder import (
    COMPARISON_COLUMNS,
    DELIVERY_COLUMNS,
    INVENTORY_COLUMNS,
    KPI_COLUMNS,
    KPI_SCHEMA_VERSION,
    PLAN_FILE,
    SUMMARY_COLUMNS,
    atomic_folder,
    package_version,
    report_writer,
    scenario_yaml,
    write_csv,
    write_json,
    write_parquet,
)
from sim.experiment.runs import RunRecord, RunTask
from sim.experiment.warmup import AUTO_REPLICATIONS, ShortWarmupWarning, resolve_auto, short_warmup
from sim.metrics.breakdown import BREAKDOWN_COLUMNS, BREAKDOWN_DTYPES
from sim.metrics.kpis import KPI_NAMES
from sim.record.alerts import ALERT_COLUMNS


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the resolved scenario's canonical JSON: the identity of the world simulated."""
    text = json.dumps(resolve(scenario).model_dump(mode="json", by_alias=True), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Results:
    """The outcome of `run` or `compare`: tidy KPIs, their summary and the paired comparisons."""

    scenario: Scenario
    seed: int
    replications: int
    policies: list[str]
    kpis: pd.DataFrame
    delivery_times: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DELIVERY_COLUMNS))
    inventory_daily: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=INVENTORY_COLUMNS))
    breakdown: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=BREAKDOWN_COLUMNS))
    alerts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ALERT_COLUMNS))
    summary: pd.DataFrame = field(init=False)
    comparisons: pd.DataFrame = field(init=False)
    wall_s: float = 0.0
    events_dir: Path | None = None
    warnings: list[str] = field(default_factory=list)  # runs that mean little (sim.experiment.meaning)
    warmup: dict[str, Any] | None = None  # how `warmup_days: auto` was resolved (sim.experiment.warmup)

    def __post_init__(self) -> None:
        self.summary = summarise(self.kpis, self.policies)
        self.comparisons = compare_pairs(self.kpis, self.policies)

    def write(
        self,
        out: str | Path,
        command: str = "python API",
        finish: Callable[[Path], None] | None = None,
        *,
        report: bool = True,
    ) -> Path:
        """Write the results folder `out` atomically (it must not exist yet). Returns its path.

        `finish(tmp)`, when given, runs on the complete temporary folder just before it is renamed to
        `out`: the CLI writes the HTML report there (`sim.report.html.write_report`), so the folder
        never appears without it. Without `finish`, `report=True` (the default) writes the same
        report.html, recommendation.csv and plots/ as the CLI; a report that fails costs the report,
        not the results (a `RuntimeWarning` says why). `report=False` skips it.
        """
        out = Path(out)
        if finish is None and report:
            finish = _write_report
        if out.exists():
            raise FileExistsError(f"{out} already exists; choose another --out or remove it")
        plan = plan_table(self.scenario, self.policies)

        def fill(tmp: Path) -> None:
            write_json(tmp / "manifest.json", self.manifest(command))
            (tmp / "scenario.yaml").write_text(scenario_yaml(resolve(self.scenario)), encoding="utf-8")
            write_parquet(self.kpis, tmp / "kpis.parquet")
            write_csv(self.kpis, tmp / "kpis.csv")
            write_csv(self.summary, tmp / "summary.csv")
            write_csv(self.comparisons, tmp / "comparisons.csv")
            write_parquet(self.delivery_times, tmp / "delivery_times.parquet")
            write_parquet(self.inventory_daily, tmp / "inventory_daily.parquet")
            write_parquet(self.breakdown, tmp / "breakdown.parquet")  # per node and channel (sim.metrics.breakdown)
            write_csv(self.breakdown, tmp / "breakdown.csv")
            write_csv(self.alerts, tmp / "alerts.csv")  # the alerts log (sim.record.alerts)
            write_parquet(plan, tmp / f"{PLAN_FILE}.parquet")  # what each policy stocks where (the report reads it)
            write_csv(plan, tmp / f"{PLAN_FILE}.csv")
            if self.events_dir is not None and self.events_dir.exists():
                shutil.move(str(self.events_dir), tmp / "events")
            if finish is not None:
                finish(tmp)

        return atomic_folder(out, fill)

    def manifest(self, command: str) -> dict[str, Any]:
        return {
            "supplysim": package_version("supplysim"),
            "scenario": self.scenario.name,
            "scenario_sha256": scenario_hash(self.scenario),
            "seed": self.seed,
            "replications": self.replications,
            "policies": self.policies,
            "command": command,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "wall_seconds": round(self.wall_s, 3),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "versions": {d: package_version(d) for d in ("simpy", "numpy", "pandas", "pyarrow", "pydantic", "scipy")},
            "kpi_schema_version": KPI_SCHEMA_VERSION,
            **({"warmup": self.warmup} if self.warmup is not None else {}),
            **({"warnings": list(self.warnings)} if self.warnings else {}),
        }

    def table(self, metrics: Sequence[str]) -> pd.DataFrame:
        """Summary rows for `metrics`, one row per policy, in policy order."""
        rows = self.summary[self.summary.metric.isin(metrics)]
        return rows.set_index(["policy", "metric"])


def _write_report(folder: Path) -> None:
    """The HTML report of `folder`, as `supplysim report` writes it, by the registered writer
    (`set_report_writer`; `sim/__init__.py` registers sim.report's); a failure is a warning."""
    write = report_writer()
    if write is None:
        return
    try:
        write(folder)
    except Exception as exc:
        python_warnings.warn(
            f"the HTML report was not written ({type(exc).__name__}: {exc}); the results are complete: "
            "run `supplysim report` on the folder to try again",
            RuntimeWarning,
            stacklevel=3,
        )


def summarise(kpis: pd.DataFrame, policies: Sequence[str]) -> pd.DataFrame:
    """Mean and 95 % CI per (policy, metric) over replications."""
    rows = []
    grouped = {key: g.value.to_numpy() for key, g in kpis.groupby(["policy", "metric"], sort=False)}
    for policy in policies:
        for metric in KPI_NAMES:
            values = grouped.get((policy, metric))
            if values is None:
                continue
            mean, low, high, n = mean_ci(values)
            rows.append((policy, metric, mean, low, high, n))
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def compare_pairs(kpis: pd.DataFrame, policies: Sequence[str]) -> pd.DataFrame:
    """Paired differences (policy − baseline) per metric, for every pair in scenario order."""
    rows = []
    wide = kpis.pivot_table(index=["metric", "replication"], columns="policy", values="value", dropna=False)
    for base_i, pol_i in itertools.combinations(range(len(policies)), 2):
        baseline, policy = policies[base_i], policies[pol_i]
        for metric in KPI_NAMES:
            if metric not in wide.index.get_level_values(0):
                continue
            block = wide.loc[metric]
            a = block[policy].to_numpy(dtype=float)
            b = block[baseline].to_numpy(dtype=float)
            both = np.isfinite(a) & np.isfinite(b)
            mean, low, high, n = mean_ci(a[both] - b[both])
            base_mean = float(b[both].mean()) if both.any() else math.nan
            relative = mean / base_mean if base_mean else math.nan
            significant = bool(n >= 2 and (low > 0 or high < 0))
            rows.append((policy, baseline, metric, mean, low, high, n, relative, significant))
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def tidy_kpis(records: Iterable[RunRecord], scenario: str, policies: Sequence[str]) -> pd.DataFrame:
    """One row per (policy, replication, metric), sorted by policy order, replication, KPI order."""
    order = {p: i for i, p in enumerate(policies)}
    rows = [
        (scenario, rec.policy, rec.replication, metric, value)
        for rec in sorted(records, key=lambda r: (order[r.policy], r.replication))
        for metric, value in rec.kpis.items()
    ]
    frame = pd.DataFrame(rows, columns=KPI_COLUMNS)
    return frame.astype(
        {"scenario": "string", "policy": "string", "replication": "int64", "metric": "string", "value": "float64"}
    )


def delivery_times(records: Iterable[RunRecord], policies: Sequence[str]) -> pd.DataFrame:
    """Delivery-time histogram per policy, all replications pooled: policy, minutes (bin start), orders."""
    pooled: dict[str, dict[int, int]] = {p: {} for p in policies}
    for rec in records:
        target = pooled[rec.policy]
        for minute, count in rec.delivery_minutes.items():
            target[minute] = target.get(minute, 0) + count
    rows = [(p, m, c) for p in policies for m, c in sorted(pooled[p].items())]
    return pd.DataFrame(rows, columns=DELIVERY_COLUMNS).astype(
        {"policy": "string", "minutes": "int64", "orders": "int64"}
    )


def inventory_daily(records: Iterable[RunRecord], policies: Sequence[str]) -> pd.DataFrame:
    """Start-of-day on hand of replication 0 per policy: per node (sku "*") and for the top SKUs."""
    order = {p: i for i, p in enumerate(policies)}
    rows = [
        (rec.policy, rec.replication, *row)
        for rec in sorted(records, key=lambda r: order[r.policy])
        if rec.inventory_daily
        for row in rec.inventory_daily
    ]
    return pd.DataFrame(rows, columns=INVENTORY_COLUMNS).astype(
        {
            "policy": "string",
            "replication": "int64",
            "day": "int64",
            "node": "string",
            "sku": "string",
            "on_hand": "int64",
        }
    )


def tidy_run_rows(
    records: Iterable[RunRecord], policies: Sequence[str], rows_of: str, dtypes: dict[str, str]
) -> pd.DataFrame:
    """The rows each run record carries in its field `rows_of`, prefixed with the run's policy and
    replication, in policy then replication order, as a frame of `dtypes` (column → dtype)."""
    order = {p: i for i, p in enumerate(policies)}
    rows = [
        (rec.policy, rec.replication, *row)
        for rec in sorted(records, key=lambda r: (order[r.policy], r.replication))
        for row in (getattr(rec, rows_of) or [])
    ]
    return pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)


def tidy_breakdown(records: Iterable[RunRecord], policies: Sequence[str]) -> pd.DataFrame:
    """One row per (policy, replication, scope, name, metric) of the per-node and per-channel figures."""
    return tidy_run_rows(records, policies, "breakdown", dict(zip(BREAKDOWN_COLUMNS, BREAKDOWN_DTYPES, strict=True)))


def tidy_alerts(records: Iterable[RunRecord], policies: Sequence[str]) -> pd.DataFrame:
    """Every run's alerts log: policy, replication, day, node, sku, alert, value, threshold."""
    dtypes = ("string", "int64", "int64", "string", "string", "string", "float64", "float64")
    return tidy_run_rows(records, policies, "alerts", dict(zip(ALERT_COLUMNS, dtypes, strict=True)))


def _as_scenario(scenario: Scenario | str | Path) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def compare(
    scenario: Scenario | str | Path,
    policies: Sequence[str] | None = None,
    *,
    replications: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    executor: Executor | None = None,
    events_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    warn: bool = True,
) -> Results:
    """Run every policy (default: all in the scenario) for `replications` with common random numbers.

    Overloaded resources (estimated before, measured after) are listed in `Results.warnings`; with
    `warn` they are also issued as `MeaninglessRunWarning` (the CLI prints its own, before the run)."""
    scenario = _as_scenario(scenario)
    names = list(policies) if policies is not None else [p.name for p in scenario.policies]
    for name in names:
        scenario.policy(name)  # KeyError naming the known policies
    reps = replications if replications is not None else scenario.replications
    seed = seed if seed is not None else scenario.seed
    runner = executor if executor is not None else make_executor(workers, len(names) * reps)
    scenario, warmup_record = resolve_auto(scenario, names, seed, runner)
    before = before_run(scenario, names) if warn else []
    for message in before:
        python_warnings.warn(message, MeaninglessRunWarning, stacklevel=2)
    tasks = [
        RunTask(policy, rep, seed, str(events_dir) if events_dir else None, monitor=True, daily=rep < AUTO_REPLICATIONS)
        for rep in range(reps)
        for policy in names
    ]
    started = time.perf_counter()
    records = run_all(runner, scenario, tasks, progress)
    results = Results(
        scenario,
        seed,
        reps,
        names,
        tidy_kpis(records, scenario.name, names),
        delivery_times=delivery_times(records, names),
        inventory_daily=inventory_daily(records, names),
        breakdown=tidy_breakdown(records, names),
        alerts=tidy_alerts(records, names),
    )
    results.wall_s = time.perf_counter() - started
    results.events_dir = events_dir
    results.warmup = warmup_record
    results.warnings = before + _after_warnings(results, records, warn)
    return results


def _after_warnings(results: Results, records: Sequence[RunRecord], warn: bool) -> list[str]:
    """Warnings measured after the run: saturated nodes, and a warm-up below the MSER-5 suggestion
    (not checked when the warm-up was chosen by `auto`); issued as Python warnings when `warn`."""
    after = after_run(results.breakdown)
    for message in after if warn else []:
        python_warnings.warn(message, MeaninglessRunWarning, stacklevel=3)
    short = None if results.warmup is not None else short_warmup(results.scenario, records, results.seed)
    if short is not None and warn:
        python_warnings.warn(short, ShortWarmupWarning, stacklevel=3)
    return after + ([short] if short is not None else [])


def run(
    scenario: Scenario | str | Path,
    policy: str | None = None,
    *,
    replications: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    executor: Executor | None = None,
    events_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    warn: bool = True,
) -> Results:
    """Replications of one policy (default: the scenario's first)."""
    scenario = _as_scenario(scenario)
    name = policy if policy is not None else scenario.policies[0].name
    return compare(
        scenario,
        [name],
        replications=replications,
        seed=seed,
        workers=workers,
        executor=executor,
        events_dir=events_dir,
        progress=progress,
        warn=warn,
    )


__all__ = ["COMPARISON_COLUMNS", "Results", "compare", "compare_pairs", "run", "scenario_hash", "summarise"]
