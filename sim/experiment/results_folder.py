"""The results folder (DESIGN.md §7), written atomically: into a temporary sibling, then renamed.

A folder either holds every file of a finished run or does not exist: an interrupted or failed
write leaves only a hidden `.<name>.tmp-<pid>@<host>@*` folder (or `.<name>.events-staging-<pid>@<host>`,
the event logs of a `--events` run), which the next write into the same results root (the folder's
parent) removes once it is provably stale (`is_stale`: its process is gone, or it is older than a day;
other hidden names are never touched).
`out_problem` says why a folder cannot be created there, before any simulation.
KPI files hold no timestamps or run ids, so the same seed gives byte-identical files; provenance
(versions, seed, scenario hash, command, time) lives in `manifest.json` only.

The column lists of the folder's tables live here, the one home of the folder's layout: the
experiment writes them (sim.experiment.replications) and the report checks them
(sim.report.folder) without importing the simulator.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import tempfile
import time
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
    # a hybrid policy with `assign: break_even` (sim.plan.break_even): the SKU's expected cost per order
    # stocked and virtual (inf when no virtual source carries it); NaN for every other policy
    "cost_per_order_stocked": "float64",
    "cost_per_order_virtual": "float64",
}
PLAN_COLUMNS = list(PLAN_DTYPES)
PLAN_OPTIONAL = ("cost_per_order_stocked", "cost_per_order_virtual")
"""Plan columns that folders written before they existed lack (the report shows "–" for them)."""


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


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, CSV injection)."""


def _runs_as_formula(text: str) -> bool:
    """Whether `text`, past any leading `'`, starts like a formula and is not a plain number.

    Plain numbers ("-5", "+7") are left alone: a spreadsheet reads them as the numbers they are."""
    rest = text.lstrip("'")
    if not rest.startswith(FORMULA_STARTS):
        return False
    try:
        float(rest)
    except ValueError:
        return True
    return False


def csv_cell(value: Any) -> Any:
    """A text cell as written to CSV: `'` before text that would run as a formula; anything else as it is.

    Text that already starts with `'` before such a start gets one more, so `uncsv_cell` is exact."""
    return "'" + value if isinstance(value, str) and _runs_as_formula(value) else value


def uncsv_cell(value: Any) -> Any:
    """The text `csv_cell` was given (reading a results folder's CSVs back)."""
    if isinstance(value, str) and value.startswith("'") and _runs_as_formula(value[1:]):
        return value[1:]
    return value


def _mapped(frame: pd.DataFrame, cell: Callable[[Any], Any]) -> pd.DataFrame:
    """`frame` with `cell` applied to the text cells that start like a formula (a copy only if any do)."""
    changed = {}
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object and not pd.api.types.is_string_dtype(column.dtype):
            continue  # numbers, booleans, dates: never touched
        texts = column.map(lambda v: v if isinstance(v, str) else "")
        candidates = texts.str.match(_FORMULA_START).fillna(False).astype(bool)
        if candidates.any():
            column = column.copy()
            column[candidates] = column[candidates].map(cell)
            changed[name] = column
    out = frame.assign(**changed) if changed else frame
    headers = {name: cell(name) for name in frame.columns if isinstance(name, str) and cell(name) != name}
    return out.rename(columns=headers) if headers else out  # a header is a text cell of the first row


_FORMULA_START = "'*[=+\\-@\t\r]"


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its text cells and its column names passed through `csv_cell` (a copy only when some
    may change)."""
    return _mapped(frame, csv_cell)


def csv_unsafe(frame: pd.DataFrame) -> pd.DataFrame:
    """The inverse of `csv_safe`, for a CSV read back."""
    return _mapped(frame, uncsv_cell)


def csv_text(frame: pd.DataFrame) -> str:
    """The CSV text supplysim writes for `frame`: no index, `\\n` line ends, formula-like text quoted."""
    return str(csv_safe(frame).to_csv(index=False, lineterminator="\n"))


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write `frame` as CSV; text that a spreadsheet would run as a formula gets a leading `'` (`csv_cell`)."""
    csv_safe(frame).to_csv(path, index=False, lineterminator="\n")


STALE_AFTER_S = 24 * 3600
"""A leftover whose process cannot be checked (another host, an older name) is stale after a day untouched."""
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>tmp|events-staging)(?:-(?P<rest>.*))?$")
_OWNER = re.compile(r"^(?P<pid>\d+)@(?P<host>[^@]*)(?:@.*)?$")


def _owner_tag() -> str:
    return f"{os.getpid()}@{socket.gethostname()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def is_stale(path: Path, now: float | None = None) -> bool:
    """Whether `path` is provably a leftover of a results-folder write that cannot finish any more.

    Only hidden entries named as this module names them qualify: `.<name>.tmp-<pid>@<host>@…` and
    `.<name>.events-staging-<pid>@<host>` are stale when that process of this host is no longer alive,
    or when untouched for `STALE_AFTER_S` (a process on another host cannot be asked); the older
    unowned `.<name>.events-staging` only after `STALE_AFTER_S`. Anything else (another program's
    `.x.tmp-…`, say) is never touched."""
    found = _LEFTOVER.match(path.name)
    if found is None:
        return False
    owner = _OWNER.match(found["rest"] or "")
    if owner is None and not (found["kind"] == "events-staging" and found["rest"] is None):
        return False
    if owner is not None and owner["host"] == socket.gethostname() and not _alive(int(owner["pid"])):
        return True
    try:
        age = (time.time() if now is None else now) - path.lstat().st_mtime
    except OSError:
        return False
    return age > STALE_AFTER_S


def clean_stale(root: Path) -> list[Path]:
    """Remove the stale leftovers (`is_stale`) directly in the results root `root`; the ones removed."""
    try:
        entries = [p for p in root.iterdir() if p.name.startswith(".")]
    except OSError:
        return []
    removed = []
    for path in entries:
        if not is_stale(path):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def events_staging(out: Path) -> Path:
    """A clean folder-to-be for the event logs of a run writing `out` (moved into `out/events` at the end).

    Named by this process, so a killed run's logs can never join this run's; removed first if a
    process of the same id left one behind."""
    staging = out.parent / f".{out.name}.events-staging-{_owner_tag()}"
    if staging.is_dir() and not staging.is_symlink():
        shutil.rmtree(staging)
    elif os.path.lexists(staging):
        staging.unlink()
    return staging


def out_problem(out: Path) -> str | None:
    """Why the results folder `out` cannot be created (None when it can), checked before any work.

    It must not exist (not even as a dangling symlink), and its nearest existing ancestor must be a
    writable folder (so `/dev/null/x`, a dangling symlink or a file on the way fail at once)."""
    if os.path.lexists(out):
        if out.is_symlink() and not out.exists():
            return f"{out} is a symlink to a missing {os.readlink(out)}; choose another --out or remove the link"
        return f"{out} already exists; choose another --out or remove it"
    parent = out.parent
    while not os.path.lexists(parent) and parent != parent.parent:
        parent = parent.parent
    if parent.is_symlink() and not parent.exists():
        return f"{parent} is a symlink to a missing {os.readlink(parent)}, so {out} cannot be created there"
    if not parent.is_dir():
        return f"{parent} is not a folder, so {out} cannot be created; choose another --out"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"{parent} is not writable, so {out} cannot be created there; choose another --out"
    return None


def atomic_folder(out: Path, fill: Callable[[Path], None]) -> Path:
    """Create folder `out` with whatever `fill(tmp)` writes into a temporary folder, atomically.

    Stale leftovers of killed writes in the same results root are removed first (`clean_stale`).
    `out` itself may not be a symlink: the folder is made where it is named, not where a link points."""
    if os.path.islink(out):
        raise FileExistsError(f"{out} is a symlink; choose another --out or remove the link")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out.parent)
    for stale in out.parent.glob(f".{out.name}.tmp-*"):  # this very folder's, whoever left it (as always)
        if _OWNER.match(stale.name.removeprefix(f".{out.name}.tmp-")) is None or is_stale(stale):
            shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{_owner_tag()}@", dir=out.parent))
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


# --------------------------------------------------------------------------------------------------
# The report writer: the report stage comes after this one (docs/DEVELOPING.md), so it is handed in
# by the composition root, `sim/__init__.py`, instead of being imported (or looked up by name) here.

ReportWriter = Callable[[Path], object]
_report_writer: list[ReportWriter] = []


def set_report_writer(writer: ReportWriter | None) -> None:
    """Register the function that writes the HTML report into a results folder (None: no report)."""
    _report_writer[:] = [writer] if writer is not None else []


def report_writer() -> ReportWriter | None:
    """The registered report writer, or None when the installation has none."""
    return _report_writer[0] if _report_writer else None
