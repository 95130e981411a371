"""Reading a results folder for the report: which files it must hold, and what each becomes.

The report is built from the folder alone (never from a live `Results`), so `supplysim report DIR`
and the report written at the end of `compare` are the same function of the same files. Required:
`manifest.json`, `kpis.parquet`, `summary.csv`, `comparisons.csv`. Optional (their sections say
so when missing): `scenario.yaml`, `delivery_times.parquet`, `inventory_daily.parquet`, and the plan
table `plan.parquet` (sim.experiment.plan_table: ABC-XYZ matrix, stock alerts). The report never
rebuilds the network or the plan: folders written before the plan table existed say which
sections need a re-run; sweep folders hold no plan table (the plan changes with the parameters).

Sweeps add parameter columns to the tidy frames. They are found by `parameter_columns`: every
column beyond the base layout, except identifiers (names ending in `id`), unless the manifest
lists them under `"parameters"`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.config import Scenario, ScenarioError, load_scenario
from sim.config.custom import code_skipped
from sim.experiment.results_folder import (
    COMPARISON_COLUMNS,
    KPI_COLUMNS,
    PLAN_COLUMNS,
    PLAN_FILE,
    PLAN_OPTIONAL,
    SUMMARY_COLUMNS,
    csv_unsafe,
)

REQUIRED_FILES = ("manifest.json", "kpis.parquet", "summary.csv", "comparisons.csv")
KPI_BASE_COLUMNS = tuple(KPI_COLUMNS)
SUMMARY_BASE_COLUMNS = tuple(SUMMARY_COLUMNS)
COMPARISON_BASE_COLUMNS = tuple(COMPARISON_COLUMNS)
"""The layout `compare` writes (sim.experiment.results_folder); sweeps add parameter columns."""
PLAN_TABLE = f"{PLAN_FILE}.parquet"
PLAN_SECTIONS = "the ABC-XYZ matrix and the stock alerts (A item out of stock, on hand below the reorder point)"


class NotAResultsFolder(ValueError):
    """The path is not a readable results folder; the message says what is missing and how to fix it."""


@dataclass
class ResultsFolder:
    """Everything the report reads from one results folder."""

    path: Path
    manifest: dict[str, Any]
    kpis: pd.DataFrame
    summary: pd.DataFrame
    comparisons: pd.DataFrame
    policies: list[str]
    parameters: list[str] = field(default_factory=list)
    delivery_times: pd.DataFrame | None = None
    inventory_daily: pd.DataFrame | None = None
    breakdown: pd.DataFrame | None = None  # per node and channel (sim.metrics.breakdown)
    alerts_log: pd.DataFrame | None = None  # the simulated alerts log (sim.record.alerts)
    scenario: Scenario | None = None
    plan: pd.DataFrame | None = None  # the plan table (sim.experiment.plan_table)
    missing: dict[str, str] = field(default_factory=dict)
    """Optional inputs that could not be used, each with the reason (shown in the report)."""

    @property
    def replications(self) -> int:
        """Replications per policy, from the manifest (else counted in the KPIs)."""
        reps = self.manifest.get("replications")
        if isinstance(reps, int):
            return reps
        return int(self.kpis["replication"].nunique()) if not self.kpis.empty else 0

    @property
    def is_sweep(self) -> bool:
        """A sweep folder (sim.sweeps): its manifest says so, or its frames carry parameters."""
        return self.manifest.get("kind") == "sweep" or bool(self.parameters)

    @property
    def plan_missing(self) -> str | None:
        """Why the plan table's sections cannot be shown (None when the table was read)."""
        if self.plan is not None:
            return None
        return f"{PLAN_TABLE} {self.missing.get(PLAN_TABLE, 'was not read')}"


def parameter_columns(frame: pd.DataFrame, base: Sequence[str], declared: Sequence[str] | None = None) -> list[str]:
    """The sweep parameter columns of a tidy frame: `declared` ones that exist, else the columns beyond
    `base`, minus identifiers (names ending in `id`). Empty for a plain comparison."""
    if declared is not None:
        return [c for c in declared if c in frame.columns]
    return [c for c in frame.columns if c not in base and not str(c).lower().endswith("id")]


def summary_value(summary: pd.DataFrame, policy: str, metric: str) -> tuple[float, float, float]:
    """(mean, ci_low, ci_high) of one policy's metric in a summary.csv frame; NaNs when absent."""
    rows = summary[(summary["policy"] == policy) & (summary["metric"] == metric)]
    if rows.empty:
        return math.nan, math.nan, math.nan
    r = rows.iloc[0]
    return float(r["mean"]), float(r["ci_low"]), float(r["ci_high"])


def _hint(path: Path) -> str:
    return (
        f"pass the folder `supplysim compare` printed as its last line (results/<scenario>/<verb>-<time>/), not {path}"
    )


def _check_is_folder(folder: Path) -> None:
    if not folder.exists():
        raise NotAResultsFolder(f"{folder} does not exist; {_hint(folder)}")
    if not folder.is_dir():
        raise NotAResultsFolder(f"{folder} is a file, not a results folder; {_hint(folder)}")
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if missing:
        raise NotAResultsFolder(
            f"{folder} is not a results folder: missing {', '.join(missing)}; {_hint(folder)}, "
            f"or run `supplysim compare SCENARIO --out {folder}` to create one"
        )


def _read_required(folder: Path, name: str, reader: Any) -> Any:
    try:
        return reader(folder / name)
    except Exception as exc:  # any parse failure is a broken input file, not a bug
        raise NotAResultsFolder(
            f"{folder / name} cannot be read ({type(exc).__name__}: {exc}); "
            f"the folder is damaged: write it again with `supplysim compare`"
        ) from exc


def _check_columns(folder: Path, name: str, frame: pd.DataFrame, columns: Sequence[str]) -> None:
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise NotAResultsFolder(
            f"{folder / name} lacks column(s) {', '.join(absent)}; it was not written by this version of "
            f"supplysim: write the folder again with `supplysim compare`"
        )


def _policies(manifest: dict[str, Any], summary: pd.DataFrame) -> list[str]:
    listed = manifest.get("policies")
    if isinstance(listed, list) and all(isinstance(p, str) for p in listed):
        return list(listed)
    return list(dict.fromkeys(str(p) for p in summary["policy"]))


def _read_csv(path: Path) -> pd.DataFrame:
    """A CSV supplysim wrote, with the `'` before formula-like text taken off again (`csv_cell`)."""
    return csv_unsafe(pd.read_csv(path))


def read_results_folder(path: str | Path) -> ResultsFolder:
    """Load a results folder. Raises NotAResultsFolder when a required file is missing or unreadable."""
    folder = Path(path)
    _check_is_folder(folder)
    manifest = _read_required(folder, "manifest.json", lambda p: json.loads(p.read_text(encoding="utf-8")))
    if not isinstance(manifest, dict):
        raise NotAResultsFolder(f"{folder / 'manifest.json'} does not hold a JSON object; the folder is damaged")
    kpis = _read_required(folder, "kpis.parquet", pd.read_parquet)
    summary = _read_required(folder, "summary.csv", _read_csv)
    comparisons = _read_required(folder, "comparisons.csv", _read_csv)
    _check_columns(folder, "kpis.parquet", kpis, KPI_BASE_COLUMNS[1:])
    _check_columns(folder, "summary.csv", summary, SUMMARY_BASE_COLUMNS)
    _check_columns(folder, "comparisons.csv", comparisons, COMPARISON_BASE_COLUMNS)
    declared = manifest.get("parameters")
    declared_names = [str(c) for c in declared] if isinstance(declared, list | dict) else None
    result = ResultsFolder(
        path=folder,
        manifest=manifest,
        kpis=kpis,
        summary=summary,
        comparisons=comparisons,
        policies=_policies(manifest, summary),
        parameters=parameter_columns(kpis, KPI_BASE_COLUMNS, declared_names),
    )
    _read_optional(result)
    _read_scenario(result)
    _read_plan(result)
    return result


def _read_optional(result: ResultsFolder) -> None:
    """The optional data files: each costs its chart or table, never the report."""
    folder = result.path
    for name, attr in (("delivery_times.parquet", "delivery_times"), ("inventory_daily.parquet", "inventory_daily")):
        file = folder / name
        if not file.is_file():
            result.missing[name] = "not in the results folder"
            continue
        try:
            setattr(result, attr, pd.read_parquet(file))
        except Exception as exc:  # a damaged optional file costs its chart, not the report
            result.missing[name] = f"unreadable ({type(exc).__name__}: {exc})"

    for name, attr in (("breakdown.csv", "breakdown"), ("alerts.csv", "alerts_log")):
        file = folder / name
        if not file.is_file():
            continue  # folders written before these files existed: the tables are simply left out
        try:
            setattr(result, attr, csv_unsafe(pd.read_csv(file, keep_default_na=False, na_values=[""])))
        except Exception as exc:  # a damaged optional file costs its table, not the report
            result.missing[name] = f"unreadable ({type(exc).__name__}: {exc})"


def _read_scenario(result: ResultsFolder) -> None:
    scenario_file = result.path / "scenario.yaml"
    if not scenario_file.is_file():
        result.missing["scenario.yaml"] = "not in the results folder"
        return
    try:
        with code_skipped():  # a results folder is data: the classes it names are never imported (docs/TRUST.md)
            result.scenario = load_scenario(scenario_file)
    except ScenarioError as exc:
        result.missing["scenario.yaml"] = "does not load: " + "; ".join(p.format() for p in exc.problems[:3])


def _read_plan(result: ResultsFolder) -> None:
    """The plan table, or the reason its sections are left out: a sweep folder holds none (each point
    has its own plan); a compare folder without one predates it and needs a re-run."""
    file = result.path / PLAN_TABLE
    rerun = f"re-run the scenario (`supplysim compare` or `supplysim run`) to get {PLAN_SECTIONS}"
    if not file.is_file():
        result.missing[PLAN_TABLE] = (
            f"not written for sweeps (each point has its own plan): {PLAN_SECTIONS} are left out"
            if result.is_sweep
            else f"not in the results folder, which was written before supplysim recorded the plan: {rerun}"
        )
        return
    try:
        plan = pd.read_parquet(file)
    except Exception as exc:  # a damaged optional file costs its sections, not the report
        result.missing[PLAN_TABLE] = f"unreadable ({type(exc).__name__}: {exc}): {rerun}"
        return
    absent = [c for c in PLAN_COLUMNS if c not in plan.columns and c not in PLAN_OPTIONAL]
    if absent:
        result.missing[PLAN_TABLE] = f"lacks column(s) {', '.join(absent)}: {rerun}"
        return
    result.plan = plan
