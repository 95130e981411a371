"""The results folder (DESIGN.md §7), written atomically: into a temporary sibling, then renamed.

A folder either holds every file of a finished run or does not exist: an interrupted or failed
write leaves only a hidden `.<name>.tmp-*` folder, which the next write of the same folder removes.
KPI files hold no timestamps or run ids, so the same seed gives byte-identical files; provenance
(versions, seed, scenario hash, command, time) lives in `manifest.json` only.

The column lists of the folder's tables live here, the one home of the folder's layout: the
experiment writes them (sim.experiment.replications) and the report checks them
(sim.report.folder) without importing the simulator.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from sim.config.models import Scenario

KPI_SCHEMA_VERSION = 1

KPI_COLUMNS = ["scenario", "policy", "replication", "metric", "value"]
SUMMARY_COLUMNS = ["policy", "metric", "mean", "ci_low", "ci_high", "n"]
DELIVERY_COLUMNS = ["policy", "minutes", "orders"]
INVENTORY_COLUMNS = ["policy", "replication", "day", "node", "sku", "on_hand"]
COMPARISON_COLUMNS = [
    "policy",
    "baseline",
    "metric",
    "mean_diff",
    "ci_low",
    "ci_high",
    "n",
    "relative_diff",
    "significant",
]
PLAN_FILE = "plan"
"""The plan table, `plan.parquet` and `plan.csv` (sim.experiment.plan_table), read by the report."""
PLAN_DTYPES = {
    "policy": "string",
    "node": "string",
    "sku": "string",
    "source": "string",  # "stocked" (a slot with a reorder rule) or "virtual" (a source that holds no stock)
    "abc": "string",
    "xyz": "string",
    "daily_units_mean": "float64",  # the SKU's, all regions, before seasonality
    "daily_units_cv": "float64",
    "price": "float64",
    "revenue_per_day": "float64",
    "rule": "string",  # the reorder rule's kind; empty for virtual rows
    "reorder_point": "Int64",
    "initial_level": "Int64",
}
PLAN_COLUMNS = list(PLAN_DTYPES)


def scenario_yaml(scenario: Scenario) -> str:
    """The resolved scenario as YAML (loads back to the same scenario)."""
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    header = "# Resolved scenario: every default filled in and the long tail written out.\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)


def package_version(dist: str) -> str:
    """The installed version of a distribution, for manifests ("not installed" when absent)."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.replace_schema_metadata({b"supplysim.kpi_schema": str(KPI_SCHEMA_VERSION).encode()})
    pq.write_table(table, path, compression="zstd")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n")


def atomic_folder(out: Path, fill: Callable[[Path], None]) -> Path:
    """Create folder `out` with whatever `fill(tmp)` writes into a temporary folder, atomically."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in out.parent.glob(f".{out.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        fill(tmp)
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def atomic_write_text(path: Path, text: str) -> None:
    """Write a file via a temporary sibling and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=False, default=str) + "\n", encoding="utf-8")
