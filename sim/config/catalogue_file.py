"""SKUs from an item-master file: `skus: {path: items.csv}` (CSV or Parquet), mixed with YAML SKUs.

`expand_catalogue_files` runs on the parsed YAML before the schema: each file entry — `skus:` itself
or an item of the `skus:` list — becomes one SKU mapping per row, and every value is registered at
its row and column, so schema and reference problems (a price of 0, an id defined twice, an unknown
category) are reported as `items.csv:ROW:COL`. The columns (docs/DEMAND.md §12):

| column | meaning |
|---|---|
| `id` (or `sku`) | the SKU code, required |
| `unit_cost`, `price` | required numbers |
| `name`, `category`, `profile` | text |
| `tags` | labels separated by `;` (or `|`) |
| `weight_kg` | number |
| `demand_kind` | `poisson_orders`, `daily_units` or `history` (default: from the columns given) |
| `orders_per_day` (or `demand_per_day`), `order_size` | Poisson orders; order size a whole number |
| `units_per_day`, `units_per_day_sd` | daily units: fixed, or normal with that sd |
| `return_rate` | this SKU's return probability (needs a `returns:` block; goes to `returns.by_sku`) |

Other columns are an error unless listed under `ignore_columns`.
"""

from __future__ import annotations

import math
from pathlib import Path as FsPath
from typing import Any

from sim.base.problems import Path, Problem
from sim.config.yamlpos import Positions
from sim.history.collector import Collector, HistoryError
from sim.history.item_master import ItemMaster, read_item_master

ALIASES = {"sku": "id", "demand_per_day": "orders_per_day"}
TEXT = ("id", "name", "category", "profile", "demand_kind")
NUMBERS = (
    "unit_cost",
    "price",
    "weight_kg",
    "orders_per_day",
    "order_size",
    "units_per_day",
    "units_per_day_sd",
    "return_rate",
)
COLUMNS = (*TEXT[:3], "tags", *NUMBERS[:3], *TEXT[3:], *NUMBERS[3:])
SPEC_KEYS = ("path", "delimiter", "ignore_columns")
KINDS = ("poisson_orders", "daily_units", "history")


FILE_ENTRY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "SKUs from an item-master file, one per row (docs/DEMAND.md §12)",
    "properties": {
        "path": {"type": "string", "minLength": 1, "description": "CSV or Parquet file, relative to the scenario"},
        "delimiter": {"type": "string", "minLength": 1, "maxLength": 1, "description": "CSV field separator"},
        "ignore_columns": {"type": "array", "items": {"type": "string"}, "description": "columns to skip"},
    },
    "required": ["path"],
    "additionalProperties": False,
}
"""The JSON Schema of a file entry, for `skus:` itself or an item of its list (sim.config.schema)."""


def with_file_entries(schema: dict[str, Any]) -> None:
    """Widen the scenario's JSON Schema, in place, so `skus` accepts file entries (`$defs.SkuFile`)."""
    skus = schema["properties"]["skus"]
    schema.setdefault("$defs", {})["SkuFile"] = {**FILE_ENTRY_SCHEMA, "title": "SkuFile"}
    ref = {"$ref": "#/$defs/SkuFile"}
    listed = {**skus, "items": {"anyOf": [skus["items"], ref]}}
    schema["properties"]["skus"] = {"anyOf": [listed, ref], "description": skus.get("description", ""), "title": "Skus"}


def is_file_entry(item: Any) -> bool:
    return isinstance(item, dict) and "path" in item and "id" not in item


def expand_catalogue_files(data: dict[str, Any], positions: Positions) -> list[Problem]:
    """Replace file entries of `data["skus"]` by their rows, in place; re-register positions."""
    skus = data.get("skus")
    single = is_file_entry(skus)
    if not single and not (isinstance(skus, list) and any(is_file_entry(x) for x in skus)):
        return []
    items: list[Any] = [skus] if single else list(skus or [])
    problems: list[Problem] = []
    out: list[Any] = []
    moved: dict[int, int] = {}
    registered: list[tuple[Path, str, int, int]] = []
    for j, item in enumerate(items):
        if not is_file_entry(item):
            moved[j] = len(out)
            out.append(item)
            continue
        where: Path = ("skus",) if single else ("skus", j)
        rows, found = _file_rows(item, where, data, positions, len(out), registered)
        problems += found
        out += rows
    _remap(positions, moved, single, registered)
    data["skus"] = out
    return problems


def _file_rows(
    spec: dict[str, Any],
    where: Path,
    data: dict[str, Any],
    positions: Positions,
    first: int,
    registered: list[tuple[Path, str, int, int]],
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """One file entry's SKU mappings and its problems."""
    bad = [k for k in spec if k not in SPEC_KEYS]
    if bad:
        return [], [
            positions.problem(
                (*where, bad[0]), f"unknown key {bad[0]!r} (allowed here: path, delimiter, ignore_columns)", key=True
            )
        ]
    path, delimiter, ignore = spec.get("path"), spec.get("delimiter", ","), spec.get("ignore_columns", [])
    if not isinstance(path, str) or not path or not isinstance(delimiter, str) or len(delimiter) != 1:
        return [], [
            positions.problem(where, "write {path: items.csv} (a CSV or Parquet file), delimiter one character")
        ]
    if not isinstance(ignore, list) or not all(isinstance(c, str) for c in ignore):
        return [], [positions.problem((*where, "ignore_columns"), "write a list of column names")]
    file_of_spec, _, _ = positions.locate((*where, "path"))
    folder = FsPath(file_of_spec).parent if FsPath(file_of_spec).is_file() else FsPath(".")
    full = path if FsPath(path).is_absolute() else str((folder / path).resolve())
    try:
        master = read_item_master(full, delimiter)
    except HistoryError as exc:
        return [], exc.problems
    return _rows(master, set(ignore), data, first, registered)


def _rows(
    master: ItemMaster, ignore: set[str], data: dict[str, Any], first: int, registered: list[tuple[Path, str, int, int]]
) -> tuple[list[dict[str, Any]], list[Problem]]:
    problems = Collector(master.file)
    columns: dict[str, int] = {}
    for c, raw in enumerate(master.header):
        name = ALIASES.get(raw, raw)
        if raw in ignore:
            continue
        if name not in COLUMNS:
            problems.add(
                "column",
                raw,
                1,
                c + 1,
                f"unknown column {raw!r}; the columns are {', '.join(COLUMNS)} (list others under ignore_columns)",
            )
        elif name in columns:
            problems.add(
                "column", raw, 1, c + 1, f"column {raw!r} again (it means {name!r}, column {columns[name] + 1})"
            )
        else:
            columns[name] = c
    for need in ("id", "unit_cost", "price"):
        if need not in columns:
            problems.whole_file(f"missing column {need!r}; the header has {', '.join(master.header)}", column=need)
    if problems.kinds:
        return [], problems.problems()
    out: list[dict[str, Any]] = []
    first_row: dict[str, int] = {}
    for line, row in zip(master.lines, master.rows, strict=True):
        if len(row) != len(master.header):
            problems.add(
                "ragged", "row", line, 1, f"this row has {len(row)} fields but the header has {len(master.header)}"
            )
            continue
        sku, at = _row(row, columns, line, data, problems)
        if sku["id"] in first_row:
            problems.add(
                "duplicate",
                "id",
                line,
                columns["id"] + 1,
                f"SKU {sku['id']!r} again (first at row {first_row[sku['id']]}); one row per SKU",
            )
        first_row.setdefault(sku["id"], line)
        k = first + len(out)
        registered.append((("skus", k), master.file, line, 1))
        registered += [(("skus", k, *p), master.file, line, col) for p, col in at]
        out.append(sku)
    return out, problems.problems()


def _row(
    row: list[str], columns: dict[str, int], line: int, data: dict[str, Any], problems: Collector
) -> tuple[dict[str, Any], list[tuple[Path, int]]]:
    """One row as a SKU mapping, and where each of its values came from ((key path, column) pairs)."""
    cell = {name: row[c].strip() for name, c in columns.items()}
    col = {name: c + 1 for name, c in columns.items()}
    num: dict[str, float] = {}
    for name in NUMBERS:
        if cell.get(name):
            try:
                value = float(cell[name])
            except ValueError:
                value = math.nan
            if math.isfinite(value):
                num[name] = value
            else:
                problems.add("number", name, line, col[name], f"{cell[name]!r} is not a number")
    sku: dict[str, Any] = {"id": cell["id"]}
    at: list[tuple[Path, int]] = [(("id",), col["id"])]
    if not cell["id"]:
        problems.add("empty", "id", line, col["id"], "empty SKU id; fill it in or drop the row")
    for name in ("unit_cost", "price", "weight_kg"):
        if name in num:
            sku[name] = num[name]
            at.append(((name,), col[name]))
    for name in ("name", "category", "profile"):
        if cell.get(name):
            sku[name] = cell[name]
            at.append(((name,), col[name]))
    if cell.get("tags"):
        sku["tags"] = [t.strip() for t in cell["tags"].replace("|", ";").split(";") if t.strip()]
        at.append((("tags",), col["tags"]))
    sku["demand"] = _demand(cell, num, col, line, problems, at)
    if "return_rate" in num:
        _return_rate(sku["id"], num["return_rate"], data, line, col["return_rate"], problems)
    return sku, at


def _demand(
    cell: dict[str, str],
    num: dict[str, float],
    col: dict[str, int],
    line: int,
    problems: Collector,
    at: list[tuple[Path, int]],
) -> dict[str, Any]:
    kind = cell.get("demand_kind") or (
        "poisson_orders" if "orders_per_day" in num else "daily_units" if "units_per_day" in num else ""
    )
    where = col.get("demand_kind", col["id"])
    at.append((("demand",), where))
    if kind not in KINDS:
        text = (
            f"unknown demand_kind {kind!r}; use one of {', '.join(KINDS)}"
            if kind
            else ("no demand: fill in orders_per_day or units_per_day (or demand_kind history)")
        )
        problems.add("demand", "demand_kind", line, where, text)
        return {"kind": "poisson_orders"}
    fields = {"poisson_orders": ("orders_per_day", "order_size"), "daily_units": ("units_per_day", "units_per_day_sd")}
    for other, names in fields.items():
        for name in names:
            if name in num and other != kind:
                problems.add(
                    "demand", name, line, col[name], f"{name} does not apply to demand_kind {kind}; leave it empty"
                )
    if kind == "history":
        return {"kind": "history"}
    need = fields[kind][0]
    if need not in num:
        if need not in cell or not cell[need]:
            problems.add("demand", "demand_kind", line, where, f"demand_kind {kind} needs {need}; fill it in")
        return {"kind": "poisson_orders", "orders_per_day": 1.0}
    if kind == "poisson_orders":
        demand: dict[str, Any] = {"kind": kind, "orders_per_day": num.get("orders_per_day")}
        at.append((("demand", "orders_per_day"), col.get("orders_per_day", where)))
        if "order_size" in num:
            demand["order_size"] = {"kind": "fixed", "value": num["order_size"]}
            at.append((("demand", "order_size"), col["order_size"]))
        return demand
    mean, sd = num.get("units_per_day"), num.get("units_per_day_sd")
    at.append((("demand", "units_per_day"), col.get("units_per_day", where)))
    if sd:
        return {"kind": kind, "units_per_day": {"kind": "normal", "mean": mean, "sd": sd}}
    return {"kind": kind, "units_per_day": {"kind": "fixed", "value": mean}}


def _return_rate(sku: str, rate: float, data: dict[str, Any], line: int, col: int, problems: Collector) -> None:
    """A row's return rate into `returns.by_sku` (which must exist and not name the SKU already)."""
    returns = data.get("returns")
    if not isinstance(returns, dict):
        problems.add(
            "returns",
            "return_rate",
            line,
            col,
            "return_rate needs a returns: block in the scenario (rate, delay_days); add one or leave the column empty",
        )
        return
    by_sku = returns.setdefault("by_sku", {})
    if not isinstance(by_sku, dict) or sku in by_sku:
        problems.add(
            "returns",
            "return_rate",
            line,
            col,
            f"returns.by_sku already gives SKU {sku!r} its terms; keep one of the two",
        )
        return
    by_sku[sku] = {"rate": rate}


def _remap(
    positions: Positions, moved: dict[int, int], single: bool, registered: list[tuple[Path, str, int, int]]
) -> None:
    """Move the YAML SKUs' positions to their new indices and add the file rows' positions."""

    def new_path(p: Path) -> Path | None:
        if single:
            return None if p[:1] == ("skus",) and len(p) > 1 else p
        if p[:1] == ("skus",) and len(p) > 1 and isinstance(p[1], int):
            return ("skus", moved[p[1]], *p[2:]) if p[1] in moved else None
        return p

    tables: list[dict[Path, Any]] = [
        positions.values,
        positions.keys,
        positions.value_files,
        positions.key_files,
        positions.overridden,
        positions.origins,
    ]
    for table in tables:
        items = list(table.items())
        table.clear()
        for p, v in items:
            q = new_path(p)
            if q is not None:
                table[q] = v
    for p, file, line, col in registered:
        positions.values[p] = (line, col)
        positions.value_files[p] = file
