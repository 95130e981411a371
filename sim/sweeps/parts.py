"""The resumable results folder of a sweep: one Parquet part file per run, under one Arrow schema.

Layout of a sweep folder (`supplysim sweep --out DIR`):

    DIR/
      sweep.json        the plan: sweep id, scenario hash, seed, policies, points (written first)
      parts/            one file per finished run: p<point>-<policy>-r<replication>.parquet
      events/           each run's event log, with --events
      kpis.parquet …    the final files, written when every run is done (sim.sweep)
      manifest.json     written last: its presence means the folder is complete

**Schema** `sweep_kpis`, version 1 (`SCHEMA_VERSION`), shared by every part and by the final
`kpis.parquet`: tidy long rows, one per (point, policy, replication, metric):

| column | Arrow type | meaning |
|---|---|---|
| `sweep_id` | string | 12 hex digits identifying the sweep (scenario, points, policies, seed) |
| `scenario` | string | the scenario's `name` at this point |
| `point` | int64 | index of the design point, 0… |
| `param.<path>` | see below | the value of each swept parameter at this point, in sweep order |
| `policy` | string | policy name |
| `replication` | int64 | replication number r (seed keys: (seed, r), shared by every point and policy) |
| `metric` | string | KPI name (sim.metrics.kpis.KPI_NAMES order) |
| `value` | float64 | the KPI's value (NaN when undefined) |

A parameter column's type follows its values across the sweep: bool if all are booleans, int64
if all are integers, float64 if all are numbers, else string (text as is, anything else as
compact JSON). The schema's metadata holds `supplysim.schema` (`sweep_kpis`),
`supplysim.schema_version` (`1`) and `supplysim.parameters` (JSON: column, path and type of each
parameter). Readers should check the version; a change of columns or meaning bumps it.

**Atomicity.** A worker writes its part to a hidden temporary file in `parts/`, flushes it to disk
and renames it into place, so a part either exists whole or not at all; a part's name says which
run it holds, so a rerun skips exactly the finished runs. A `kill -9` at any moment loses at most
the runs in flight, and leaves only temporary files, which the next run removes. One process at a
time may write a sweep folder (an exclusive lock on `DIR/.lock`).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sim.experiment.results_folder import out_problem
from sim.metrics.kpis import KPI_NAMES

SCHEMA_NAME = "sweep_kpis"
SCHEMA_VERSION = 1
PARAM_PREFIX = "param."
ARROW_TYPES = {"bool": pa.bool_(), "int64": pa.int64(), "float64": pa.float64(), "string": pa.string()}
PLAN_FILE = "sweep.json"


class SweepFolderError(ValueError):
    """The results folder cannot hold this sweep (another sweep's folder, in use, not a folder)."""


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C during a sweep whose folder keeps the finished runs' parts; its text says so and how to resume.

    A KeyboardInterrupt still (so whatever stops on an interrupt stops), with the text the CLI prints
    instead of "nothing was written"."""

    def __init__(self, out: Path, kept: int) -> None:
        super().__init__(out, kept)
        self.out, self.kept = out, kept

    def __str__(self) -> str:
        if not self.kept:
            return (
                f"interrupted; no run had finished. {self.out} holds only the sweep's plan: run the same "
                "command again to start over, or remove the folder."
            )
        return (
            f"interrupted; {self.kept} finished run(s) are kept in {self.out / 'parts'}. Run the same command "
            "again to resume: finished runs are not repeated, and the results are the same as without the interrupt."
        )


def param_type(values: Sequence[Any]) -> str:
    """The Arrow type name of a parameter column holding `values` (see the module docstring)."""
    if all(isinstance(v, bool) for v in values):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "int64"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "float64"
    return "string"


def column_value(value: Any, kind: str) -> Any:
    """`value` as stored in a parameter column of type `kind`."""
    if kind == "float64":
        return float(value)
    if kind == "string" and not isinstance(value, str):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return value


def kpi_schema(params: Sequence[tuple[str, str, str]]) -> pa.Schema:
    """The sweep KPI schema for parameter columns `params`: (column, path, type name) in order."""
    fields = [pa.field("sweep_id", pa.string()), pa.field("scenario", pa.string()), pa.field("point", pa.int64())]
    fields += [pa.field(column, ARROW_TYPES[kind]) for column, _, kind in params]
    fields += [
        pa.field("policy", pa.string()),
        pa.field("replication", pa.int64()),
        pa.field("metric", pa.string()),
        pa.field("value", pa.float64()),
    ]
    metadata = {
        "supplysim.schema": SCHEMA_NAME,
        "supplysim.schema_version": str(SCHEMA_VERSION),
        "supplysim.parameters": json.dumps([{"column": c, "path": p, "type": k} for c, p, k in params]),
    }
    return pa.schema(fields, metadata=metadata)


def run_table(
    schema: pa.Schema,
    sweep_id: str,
    scenario: str,
    point: int,
    params: Sequence[Any],
    policy: str,
    replication: int,
    kpis: Mapping[str, float],
) -> pa.Table:
    """The rows of one run (one per KPI, in KPI order) under `schema`; `params` in column order."""
    n = len(KPI_NAMES)
    names = [f.name for f in schema]
    param_names = [c for c in names if c.startswith(PARAM_PREFIX)]
    columns: dict[str, list[Any]] = {
        "sweep_id": [sweep_id] * n,
        "scenario": [scenario] * n,
        "point": [point] * n,
        **{c: [v] * n for c, v in zip(param_names, params, strict=True)},
        "policy": [policy] * n,
        "replication": [replication] * n,
        "metric": list(KPI_NAMES),
        "value": [float(kpis[m]) for m in KPI_NAMES],
    }
    return pa.Table.from_pydict(columns, schema=schema)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()
"""Temporary files are private (0600); finished files get the usual permissions."""


def write_table_atomic(table: pa.Table, path: Path) -> None:
    """Write `table` to `path` as Parquet: temporary sibling, flushed to disk, renamed into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            pq.write_table(table, f, compression="zstd")
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_file_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Let `write(tmp)` write a temporary sibling of `path`, then rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _is_fresh(path: Path) -> bool:
    """What a sweep folder holds before its plan is written: the lock, an empty parts/ folder."""
    return path.name == ".lock" or (path.name == "parts" and path.is_dir() and not any(path.iterdir()))


def part_name(point: int, policy: str, replication: int) -> str:
    """The file name of one run's part."""
    return f"p{point:06d}-{policy}-r{replication:06d}.parquet"


class PartStore:
    """A sweep folder opened for writing: locked, its plan checked, its finished parts known."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.parts = out / "parts"

    @contextlib.contextmanager
    def open(self, plan: dict[str, Any]) -> Iterator[PartStore]:
        """Create or resume the folder for `plan` (its `sweep_id` must match), holding its lock."""
        out = self.out
        problem = None if out.exists() else out_problem(out)  # /dev/null/x, a dangling link: at once
        if problem is not None:
            raise SweepFolderError(problem)
        if out.exists() and not out.is_dir():
            raise SweepFolderError(f"{out} is a file, not a results folder")
        plan_file = out / PLAN_FILE
        if out.exists() and not plan_file.exists() and any(not _is_fresh(p) for p in out.iterdir()):
            raise SweepFolderError(
                f"{out} exists and is not a sweep folder (no {PLAN_FILE}); choose another --out or remove it"
            )
        if plan_file.exists():
            try:
                previous = json.loads(plan_file.read_text(encoding="utf-8")).get("sweep_id")
            except (OSError, ValueError):
                previous = None
            if previous != plan["sweep_id"]:
                raise SweepFolderError(
                    f"{out} holds another sweep (id {previous}, this one is {plan['sweep_id']}): the scenario, "
                    "parameters, policies or seed differ; choose another --out to keep both"
                )
        out.mkdir(parents=True, exist_ok=True)
        with open(out / ".lock", "a+") as lock:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise SweepFolderError(f"{out} is in use by another supplysim process; wait for it to finish") from None
            if not plan_file.exists():
                text = json.dumps(plan, indent=1, default=str) + "\n"
                write_file_atomic(plan_file, lambda tmp: _write_text(tmp, text))
            self.parts.mkdir(exist_ok=True)
            for stale in [*self.parts.glob(".*.tmp-*"), *out.glob(".*.tmp-*")]:  # left by a process that died
                if stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)
                else:
                    stale.unlink(missing_ok=True)
            yield self

    def path(self, point: int, policy: str, replication: int) -> Path:
        """Where the part of run (point, policy, replication) lives."""
        return self.parts / part_name(point, policy, replication)

    def finished(self) -> set[str]:
        """Names of the parts written so far."""
        if not self.parts.is_dir():
            return set()
        return {p.name for p in self.parts.iterdir() if not p.name.startswith(".") and p.suffix == ".parquet"}

    def read(self, names: Sequence[str], columns: Sequence[str] | None = None) -> pa.Table:
        """The parts `names`, concatenated in the order given (reads in parallel threads)."""

        def one(name: str) -> pa.Table:
            path = self.parts / name
            try:
                return pq.read_table(path, columns=list(columns) if columns else None)
            except (OSError, pa.ArrowInvalid) as exc:
                path.unlink(missing_ok=True)
                raise SweepFolderError(
                    f"part {path} could not be read ({exc}); it has been removed: run the command again to redo it"
                ) from None

        with ThreadPoolExecutor(max_workers=8) as pool:
            tables = list(pool.map(one, names))
        if not tables:
            raise ValueError("no parts to read")
        return pa.concat_tables(tables)
