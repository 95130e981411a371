"""The final files of a sweep folder, and `SweepResults`, the tables a finished sweep returns.

`finish` reads the parts in canonical order (point, policy, replication; KPI order within a run)
into `kpis.parquet` — so its bytes never depend on the executor, the order runs finished in, or
interruptions — and writes the per-point statistics (sim.sweeps.statistics), `points.csv`, the resolved
base scenario and any extra files (the optimiser's), each atomically, then `manifest.json` last:
a folder with a manifest is complete. The HTML report, when installed, is a rendering of the
finished folder (`write_report_if_available`).
"""

from __future__ import annotations

import functools
import json
import platform
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from sim.config import resolve
from sim.experiment.executors import Executor
from sim.experiment.results_folder import report_writer, scenario_yaml, write_csv
from sim.metrics.kpis import HEADLINE
from sim.sweeps.parts import SCHEMA_NAME, SCHEMA_VERSION, PartStore, part_name, write_file_atomic, write_table_atomic
from sim.sweeps.points import SweepPlan
from sim.sweeps.statistics import compare_points, summarise_points

PRECISION_COLUMNS = [
    "point",
    "policy",
    "metric",
    "n",
    "mean",
    "half_width",
    "relative_half_width",
    "target",
    "met",
]


@dataclass
class SweepResults:
    """A finished sweep: tidy KPIs tagged with point and parameters, and their statistics.

    `kpis`: sweep_id, scenario, point, param.<path>…, policy, replication, metric, value (the
    columns of `kpis.parquet`, sim.sweeps.parts); `points`: one row per point with its parameters,
    replications and seed; `summary`: mean and 95 % CI per (point, policy, metric);
    `comparisons`: paired differences between policies per point; `precision`: where each
    headline KPI stands against a `precision` target (empty without one).
    """

    out: Path
    plan: SweepPlan
    kpis: pd.DataFrame
    points: pd.DataFrame
    summary: pd.DataFrame
    comparisons: pd.DataFrame
    precision: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PRECISION_COLUMNS))
    runs_done_now: int = 0
    runs_total: int = 0
    wall_s: float = 0.0
    report: Path | None = None
    report_error: str | None = None

    @property
    def sweep_id(self) -> str:
        """The sweep's 12-hex-digit identity (sim.sweeps.points)."""
        return self.plan.sweep_id

    @property
    def policies(self) -> list[str]:
        """The policies every point ran, in order."""
        return self.plan.policies

    def wide(self, metrics: Sequence[str] = HEADLINE) -> pd.DataFrame:
        """The summary's means, one row per (point, policy), one column per metric: for plotting."""
        params = [c for c in self.summary.columns if c.startswith("param.")]
        rows = self.summary[self.summary.metric.isin(metrics)]
        table = rows.pivot_table(index=["point", *params, "policy"], columns="metric", values="mean", sort=False)
        return table[[m for m in metrics if m in table.columns]].reset_index()


def _points_table(plan: SweepPlan, targets: dict[int, int]) -> pd.DataFrame:
    rows = [(p.index, p.scenario.name, *plan.column_values(p), targets[p.index], plan.seed_of(p)) for p in plan.points]
    columns = ["point", "scenario", *(c for c, _, _ in plan.columns), "replications", "seed"]
    return pd.DataFrame(rows, columns=columns)


def finish(
    plan: SweepPlan,
    store: PartStore,
    targets: dict[int, int],
    precision: pd.DataFrame,
    runner: Executor,
    command: str,
    started: float,
    done_now: int,
    extra_files: Mapping[str, Callable[[Path], None]],
    manifest_extra: Mapping[str, Any],
) -> SweepResults:
    """Assemble the parts and write the final files (each atomically; the manifest last)."""
    out = store.out
    names = [
        part_name(p.index, policy, r) for p in plan.points for policy in plan.policies for r in range(targets[p.index])
    ]
    table = store.read(names)
    kpis = table.to_pandas()
    points = _points_table(plan, targets)
    summary = summarise_points(kpis, points, plan.policies)
    comparisons = compare_points(kpis, points, plan.policies)
    if not precision.empty:
        precision = points[["point", *(c for c, _, _ in plan.columns)]].merge(precision, on="point", sort=False)

    write_table_atomic(table, out / "kpis.parquet")
    for name, frame in (
        ("kpis.csv", kpis),
        ("summary.csv", summary),
        ("comparisons.csv", comparisons),
        ("points.csv", points),
        *((("precision.csv", precision),) if not precision.empty else ()),
    ):
        write_file_atomic(out / name, functools.partial(_csv, frame))
    resolved = scenario_yaml(resolve(plan.base))
    write_file_atomic(out / "scenario.yaml", functools.partial(_text, resolved))
    for name, writer in extra_files.items():
        write_file_atomic(out / name, writer)
    wall_s = time.perf_counter() - started
    manifest = {**_manifest(plan, targets, runner, command, wall_s, done_now, precision), **manifest_extra}
    text = json.dumps(manifest, indent=2, default=str) + "\n"
    write_file_atomic(out / "manifest.json", functools.partial(_text, text))
    total = sum(targets.values()) * len(plan.policies)
    return SweepResults(out, plan, kpis, points, summary, comparisons, precision, done_now, total, wall_s)


def _text(text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8")


def _csv(frame: pd.DataFrame, path: Path) -> None:
    write_csv(frame, path)


def manifest_seed(plan: SweepPlan) -> int | str:
    """The root seed every point used (--seed, else the scenario's), or 'per point' when they differ."""
    seeds = {plan.seed_of(p) for p in plan.points}
    return seeds.pop() if len(seeds) == 1 else "per point (points.csv)"


def _manifest(
    plan: SweepPlan,
    targets: dict[int, int],
    runner: Executor,
    command: str,
    wall_s: float,
    done_now: int,
    precision: pd.DataFrame,
) -> dict[str, Any]:
    from sim.experiment.replications import scenario_hash

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "kind": "sweep",
        "supplysim": version("supplysim"),
        "sweep_id": plan.sweep_id,
        "scenario": plan.base.name,
        "scenario_sha256": scenario_hash(plan.base.model_copy(update={"sweep": None})),
        "seed": manifest_seed(plan),
        "policies": plan.policies,
        "design": plan.design_method,
        "parameters": {column: text for (column, _, _), text in zip(plan.columns, plan.description, strict=True)},
        "points": len(plan.points),
        "replications": max(targets.values()),
        "replications_per_point": {"min": min(targets.values()), "max": max(targets.values())},
        "runs": sum(targets.values()) * len(plan.policies),
        "runs_this_time": done_now,
        "precision_met": bool(precision["met"].all()) if not precision.empty else None,
        "executor": runner.describe(),
        "command": command,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "wall_seconds": round(wall_s, 3),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": {
            d: version(d) for d in ("simpy", "numpy", "pandas", "pyarrow", "pydantic", "scipy", "distributed")
        },
        "kpi_schema": {"name": SCHEMA_NAME, "version": SCHEMA_VERSION},
    }


def write_report_if_available(out: Path) -> tuple[Path | None, str | None]:
    """Write the HTML report into a finished folder, when this installation has one
    (the writer `sim/__init__.py` registers: sim.report.html.write_report); returns (its path, None) or (None, why not).

    A report that fails costs the report, not the results: the folder is complete already (its
    manifest is written), and `supplysim report DIR` can try again.
    """
    write_report = report_writer()
    if write_report is None:
        return None, None
    try:
        result = write_report(out)
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}"
    return (Path(result) if isinstance(result, str | Path) else out / "report.html"), None
