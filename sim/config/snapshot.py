"""Operational snapshots for a warm start: read, check and locate every problem. No SimPy here.

A snapshot is the state of the network at time zero (docs/NETWORK.md):

* **on hand** per node × SKU: the slot starts with exactly these units (a stocked slot not listed
  starts empty; the policy's planned initial level is not used);
* **open purchase orders**: units on order for a node × SKU, received at their ETA (days after
  `start_date`, or a date), whatever the supplier's lead time;
* **open backorders**: units a customer of a region is waiting for at a node × SKU, first in line
  in file order; placed before time zero, so they are outside every KPI window but inside the
  conservation check.

Two formats. CSV, one row per record: `record,node,sku,units,region,eta`, where `record` is
`on_hand`, `purchase_order` or `backorder`, `region` is for backorders and `eta` for purchase
orders (other cells stay empty). YAML: lists `on_hand: [{node, sku, units}]`,
`purchase_orders: [{node, sku, units, eta}]`, `backorders: [{node, sku, region, units}]`.

Every problem is reported at once with the snapshot file, line and column and how to fix it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from sim.base.limits import CSV_MAX_BYTES, CSV_MAX_ROWS, LAST_YEAR, MAX_QUANTITY, InputFileError, read_bytes_limited
from sim.base.problems import Problem, ScenarioError
from sim.config.catalogue import all_skus
from sim.config.names import suggest
from sim.config.nodes import STOCK_KINDS
from sim.config.scenario import Scenario
from sim.config.yamlpos import load_yaml
from sim.history.csv_rows import looks_like_header

RECORDS = ("on_hand", "purchase_order", "backorder")
CSV_COLUMNS = ("record", "node", "sku", "units", "region", "eta")
YAML_KEYS = {"on_hand": "on_hand", "purchase_orders": "purchase_order", "backorders": "backorder"}
WHERE = ("initial_state", "path")


class SnapshotError(ScenarioError):
    """The snapshot file cannot be used; every problem is located in the file."""


@dataclass(frozen=True)
class SnapshotRow:
    record: str  # on_hand, purchase_order or backorder
    node: str
    sku: str
    units: int
    region: str | None
    eta_days: float | None  # purchase orders: days after start_date


@dataclass(frozen=True)
class Snapshot:
    """The checked rows, in file order."""

    path: str
    rows: tuple[SnapshotRow, ...]


class _Reader:
    def __init__(self, path: str, scenario: Scenario) -> None:
        self.path = path
        self.scenario = scenario
        self.problems: list[Problem] = []
        self.nodes = {n.name: n.kind for n in scenario.nodes}
        self.skus = {s.id for s in all_skus(scenario)}
        self.regions = {r.name for r in scenario.regions}
        self.on_hand_seen: dict[tuple[str, str], int] = {}

    def bad(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(WHERE, message, self.path, line, column))

    def row(self, line: int, cells: dict[str, Any], cols: dict[str, int], record: str) -> SnapshotRow | None:
        """Check one record's cells; `cols` gives each cell's column for messages."""
        before = len(self.problems)
        node, sku = self._place(line, cells, cols, record)
        units = self._units(line, cells, cols, record)
        region = self._region(line, cells, cols, record)
        eta = self._eta_cell(line, cells, cols, record)
        if len(self.problems) == before and record == "on_hand":
            assert node is not None and sku is not None
            first = self.on_hand_seen.get((node, sku))
            if first is not None:
                self.bad(line, cols["node"], f"on hand of {node}/{sku} is already given on line {first}; keep one row")
            self.on_hand_seen[(node, sku)] = line
        if len(self.problems) > before:
            return None
        assert node is not None and sku is not None
        return SnapshotRow(record, node, sku, units, region, eta)

    def _text(
        self, line: int, cells: dict[str, Any], cols: dict[str, int], record: str, key: str, required: bool
    ) -> str | None:
        """The cell `key` as stripped text; None when empty (a problem when `required`)."""
        value = cells.get(key)
        if value is None or str(value).strip() == "":
            if required:
                self.bad(line, cols.get(key, 1), f"{record}: {key} is missing; give the {key}")
            return None
        return str(value).strip()

    def _place(
        self, line: int, cells: dict[str, Any], cols: dict[str, int], record: str
    ) -> tuple[str | None, str | None]:
        """The record's node (a known stock node) and SKU (a known one)."""
        node = self._text(line, cells, cols, record, "node", True)
        sku = self._text(line, cells, cols, record, "sku", True)
        if node is not None and node not in self.nodes:
            self.bad(line, cols["node"], f"unknown node {node!r}" + suggest(node, self.nodes))
        elif node is not None and self.nodes[node] not in STOCK_KINDS:
            self.bad(line, cols["node"], f"{node!r} is a {self.nodes[node]} node and holds no stock; name a stock node")
        if sku is not None and sku not in self.skus:
            self.bad(line, cols["sku"], f"unknown SKU {sku!r}" + suggest(sku, self.skus))
        return node, sku

    def _units(self, line: int, cells: dict[str, Any], cols: dict[str, int], record: str) -> int:
        """The record's units: a whole number, at least 1 (at least 0 on hand)."""
        units_text = self._text(line, cells, cols, record, "units", True)
        units = 0
        if units_text is not None:
            try:
                value = float(units_text)
                if not value.is_integer():
                    raise ValueError
                if abs(value) > MAX_QUANTITY:
                    raise OverflowError
                units = int(value)
            except OverflowError:
                self.bad(
                    line, cols["units"], f"units {units_text} is over the limit of {MAX_QUANTITY:.0e} (docs/LIMITS.md)"
                )
            except ValueError:
                self.bad(line, cols["units"], f"units {units_text!r} is not a whole number; write e.g. 12")
            else:
                least = 0 if record == "on_hand" else 1
                if units < least:
                    self.bad(line, cols["units"], f"units must be at least {least} for {record}, not {units}")
        return units

    def _region(self, line: int, cells: dict[str, Any], cols: dict[str, int], record: str) -> str | None:
        """A backorder's region (a known one); other records leave it empty."""
        region = self._text(line, cells, cols, record, "region", record == "backorder")
        if record != "backorder" and region is not None:
            self.bad(line, cols["region"], f"region is only for backorder rows; leave it empty for {record}")
        if region is not None and record == "backorder" and region not in self.regions:
            self.bad(line, cols["region"], f"unknown region {region!r}" + suggest(region, self.regions))
        return region

    def _eta_cell(self, line: int, cells: dict[str, Any], cols: dict[str, int], record: str) -> float | None:
        """A purchase order's ETA in days after start_date; other records leave it empty."""
        eta_text = self._text(line, cells, cols, record, "eta", record == "purchase_order")
        if record != "purchase_order" and eta_text is not None:
            self.bad(line, cols["eta"], f"eta is only for purchase_order rows; leave it empty for {record}")
        elif eta_text is not None:
            return self._eta(eta_text, cells.get("eta"), line, cols["eta"])
        return None

    def _eta(self, text: str, raw: Any, line: int, column: int) -> float | None:
        if isinstance(raw, dt.date):
            value = float((raw - self.scenario.start_date).days)
        else:
            try:
                value = float(text)
            except ValueError:
                try:
                    value = float((dt.date.fromisoformat(text) - self.scenario.start_date).days)
                except ValueError:
                    self.bad(
                        line,
                        column,
                        f"eta {text!r} is neither days after start_date (e.g. 4.5) nor a date (YYYY-MM-DD)",
                    )
                    return None
        if value < 0:
            self.bad(
                line, column, f"eta is {value:g} days, before time zero; an order already received belongs in on_hand"
            )
            return None
        latest = (dt.date(LAST_YEAR, 12, 31) - self.scenario.start_date).days
        if not value <= latest:  # also NaN and inf
            self.bad(line, column, f"eta {text!r} is after the year {LAST_YEAR} (docs/LIMITS.md); correct it")
            return None
        return value


def read_snapshot(path: str, scenario: Scenario) -> Snapshot:
    """Read and check the snapshot at `path`; raises SnapshotError listing every located problem."""
    reader = _Reader(path, scenario)
    try:
        text = read_bytes_limited(path, CSV_MAX_BYTES, "snapshot (.csv, .yaml)").decode("utf-8-sig")
    except (InputFileError, UnicodeDecodeError) as exc:
        raise SnapshotError(
            [Problem(WHERE, f"cannot read the snapshot {path}: {exc}; check the path (relative to the scenario)")]
        ) from None
    suffix = FsPath(path).suffix.lower()
    if suffix == ".csv":
        rows = _csv(reader, text)
    elif suffix in (".yaml", ".yml"):
        rows = _yaml(reader, text)
    else:
        raise SnapshotError([Problem(WHERE, f"snapshot {path}: give a .csv, .yaml or .yml file")])
    if reader.problems:
        raise SnapshotError(reader.problems)
    return Snapshot(path, tuple(rows))


def _csv(reader: _Reader, text: str) -> list[SnapshotRow]:
    try:
        rows = list(itertools.islice(csv.reader(io.StringIO(text)), CSV_MAX_ROWS + 2))
    except csv.Error as exc:
        reader.bad(1, 1, f"not valid CSV ({exc}); save the snapshot as CSV UTF-8")
        return []
    if not rows:
        reader.bad(1, 1, f"the snapshot is empty; the first line is the header {','.join(CSV_COLUMNS)}")
        return []
    if len(rows) > CSV_MAX_ROWS + 1:
        reader.bad(CSV_MAX_ROWS + 2, 1, f"more than {CSV_MAX_ROWS:,} rows (docs/LIMITS.md); split or aggregate them")
        return []
    header = [h.strip() for h in rows[0]]
    if not looks_like_header(header):  # never echo the first line of a file that is not a snapshot
        reader.bad(1, 1, f"the first line is not CSV column names (not shown); the header is {','.join(CSV_COLUMNS)}")
        return []
    cols = {name: i + 1 for i, name in enumerate(header)}
    for i, name in enumerate(header):
        if name not in CSV_COLUMNS:
            reader.bad(1, i + 1, f"unknown column {name!r}; the columns are {', '.join(CSV_COLUMNS)}")
    for name in ("record", "node", "sku", "units"):
        if name not in cols:
            reader.bad(1, 1, f"the header has no {name!r} column; the columns are {', '.join(CSV_COLUMNS)}")
    if reader.problems:
        return []
    for name in CSV_COLUMNS:
        cols.setdefault(name, len(header) + 1)
    out = []
    for n, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            reader.bad(n, len(header) + 1, f"{len(cells)} cells but {len(header)} columns; remove the extra cells")
            continue
        values = {header[i]: c for i, c in enumerate(cells)}
        record = values.get("record", "").strip()
        if record not in RECORDS:
            reader.bad(n, cols["record"], f"record {record!r} is not one of {', '.join(RECORDS)}")
            continue
        row = reader.row(n, values, cols, record)
        if row is not None:
            out.append(row)
    return out


def _yaml(reader: _Reader, text: str) -> list[SnapshotRow]:
    data, positions, problems = load_yaml(text, reader.path)
    if problems:
        reader.problems.extend(Problem(WHERE, p.message, reader.path, p.line, p.column) for p in problems)
        return []
    if data is None:
        data = {}
    if not isinstance(data, dict):
        reader.bad(1, 1, "the snapshot must be a mapping with on_hand, purchase_orders and backorders lists")
        return []
    out = []
    for key, value in data.items():
        if key not in YAML_KEYS:
            line, col = positions.of((key,), key=True)
            reader.bad(line, col, f"unknown key {key!r}; the keys are {', '.join(YAML_KEYS)}")
            continue
        if not isinstance(value, list):
            line, col = positions.of((key,))
            reader.bad(line, col, f"{key} must be a list of mappings, e.g. - {{node: dc, sku: A, units: 5}}")
            continue
        for i, item in enumerate(value):
            line, col = positions.of((key, i))
            if not isinstance(item, dict):
                reader.bad(line, col, f"{key}[{i}] must be a mapping such as {{node: dc, sku: A, units: 5}}")
                continue
            allowed = {"node", "sku", "units"} | {"purchase_orders": {"eta"}, "backorders": {"region"}}.get(key, set())
            cols = {k: positions.of((key, i, k))[1] for k in CSV_COLUMNS}
            extra = [k for k in item if k not in allowed]
            for k in extra:
                kl, kc = positions.of((key, i, k), key=True)
                reader.bad(kl, kc, f"{key}[{i}]: unknown key {k!r}; give {', '.join(sorted(allowed))}")
            if extra:
                continue
            row = reader.row(line, item, cols, YAML_KEYS[key])
            if row is not None:
                out.append(row)
    return out


__all__ = ["Snapshot", "SnapshotError", "SnapshotRow", "read_snapshot"]
