"""Read a demand history CSV into a validated `DemandTable`, or report every bad row at once.

Two formats (docs/DEMAND.md):

* **order_lines**: one row per order line — `timestamp, sku, region, quantity[, unit_price]`;
* **daily**: one row per (date, SKU, region) — `date, sku, region, quantity[, order_lines]
  [, unit_price][, store_open]`; missing rows are days without demand.

Headers may differ: `HistoryColumns` maps each field to its header. Every problem is reported as
`file.csv:ROW:COL  column  message`, where ROW is the file's line number (the header is line 1) and
COL the column's position; the message says what to fix. Up to `PER_KIND` rows are listed per kind
of problem, then one line counts the rest. A file with any problem yields no table at all: nothing
is half-loaded.

This module reads the file's header and finds the columns; the rows are checked column by column
in sim.history.row_checks, the store calendar in sim.history.closed_days, and the problems are
collected and worded in sim.history.collector. This module stays the face of the history readers:
`HistoryError`, `PER_KIND` and the hints (part of `read_demand`'s contract) and `read_sku_table`
(sim.history.sku_table) are importable from here as before.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.history.calendar import Calendar
from sim.history.closed_days import history_calendar
from sim.history.collector import PER_KIND, Collector, HistoryError, cli_hint, yaml_hint
from sim.history.csv_rows import looks_like_header, read_csv, shown_header
from sim.history.invoices import with_invoices
from sim.history.row_checks import Known, Rows, validate_rows
from sim.history.sku_table import read_sku_table
from sim.history.spec import DemandHistorySource

__all__ = ["PER_KIND", "DemandTable", "HistoryError", "cli_hint", "read_demand", "read_sku_table", "yaml_hint"]


@dataclass(frozen=True)
class DemandTable:
    """A validated demand history, one row per order line (order_lines) or per day-row (daily).

    `frame` columns: `day` (int, days since `calendar.first`), `second` (seconds after midnight for
    order lines, −1 for daily rows), `sku` and `region` (after mapping), `quantity` (units ≥ 0),
    `lines` (order lines making the quantity: 1 per order line; daily: the order_lines column, else
    1 when quantity > 0 and 0 otherwise), `unit_price` (NaN when absent), `row` (file line number),
    and with `orders: by_invoice` `invoice` (the order id, text; sim.history.invoices).
    """

    path: str
    format: str
    frame: pd.DataFrame
    calendar: Calendar
    has_price: bool
    has_region: bool

    @property
    def skus(self) -> list[str]:
        """SKU ids in order of first appearance."""
        return list(dict.fromkeys(self.frame["sku"].tolist()))

    @property
    def regions(self) -> list[str]:
        """Regions in order of first appearance."""
        return list(dict.fromkeys(self.frame["region"].tolist()))

    def daily_units(self) -> pd.DataFrame:
        """Units per (day, sku, region), summed over rows; only combinations with rows."""
        return self.frame.groupby(["day", "sku", "region"], sort=True, as_index=False)[["quantity", "lines"]].sum()


def read_demand(
    source: DemandHistorySource,
    *,
    skus: Collection[str] | None = None,
    regions: Collection[str] | None = None,
    default_region: str | None = None,
    hint: Callable[[str], str] = yaml_hint,
    label: str | None = None,
    other_skus: Collection[str] = (),
) -> DemandTable:
    """Read and validate `source.path`. `skus` and `regions` are the known ids (None: any);
    a file without a region column puts every row in `default_region` (an error when it is None).
    `label` names the file in messages (default: the path); `other_skus` are catalogue SKUs that do
    not replay the history (named as such when rows carry them). Raises `HistoryError` listing every problem."""
    problems = Collector(label or source.path)
    parsed = _read_header(source, problems)
    if parsed is None:
        raise HistoryError(problems.problems())
    header, rows, row_lines = parsed
    seen = _column_positions(header, problems)
    fmt = _resolve_format(source, header, problems, hint)
    if fmt is None or problems.kinds:
        raise HistoryError(problems.problems())
    where = _find_columns(source, fmt, header, seen, default_region, problems, hint)
    if problems.kinds:
        raise HistoryError(problems.problems())
    checked = _whole_rows(fmt, header, rows, row_lines, where, problems)
    known = Known(
        source.sku_map,
        source.region_map,
        skus,
        regions,
        default_region,
        source.unknown_skus == "ignore",
        set(other_skus),
        hint,
    )
    frame = validate_rows(checked, known)
    if problems.kinds or frame is None:
        raise HistoryError(problems.problems())
    invoices = source.orders == "by_invoice"
    if invoices:
        frame = with_invoices(frame, checked, source.invoice_spread_minutes)  # whole orders (sim.history.invoices)
        if problems.kinds:
            raise HistoryError(problems.problems())
    calendar = history_calendar(checked, frame, source.calendar.closed_weekdays, source.calendar.closed_dates)
    if problems.kinds or calendar is None:
        raise HistoryError(problems.problems())
    frame["day"] = (frame.pop("date") - pd.Timestamp(calendar.first)).dt.days.astype(np.int64)
    frame = frame[
        ["day", "second", "sku", "region", "quantity", "lines", "unit_price", "row"] + (["invoice"] if invoices else [])
    ]
    return DemandTable(
        problems.file, fmt, frame.reset_index(drop=True), calendar, "unit_price" in where, "region" in where
    )


def _read_header(
    source: DemandHistorySource, problems: Collector
) -> tuple[list[str], list[list[str]], list[int]] | None:
    """Header, rows and line numbers; None (with the problem) when the file cannot be read or its
    header is one column that holds another separator."""
    parsed = read_csv(Path(source.path), source.delimiter, problems)
    if parsed is None:
        return None
    header = parsed[0]
    if len(header) == 1 and source.delimiter not in (";", "\t") and any(d in header[0] for d in ";\t"):
        sep = ";" if ";" in header[0] else "\\t"
        cells = [c.strip() for c in header[0].split(";" if sep == ";" else "\t")]
        shown = repr(header[0]) if looks_like_header(cells) else "(not shown)"
        problems.whole_file(
            f"the header is one column {shown}: the file seems to use {sep!r} between fields; "
            f"set the delimiter (demand_history.delimiter or --delimiter)",
            column="header",
        )
        return None
    return parsed


def _column_positions(header: list[str], problems: Collector) -> dict[str, int]:
    """Each header's first position; a header named twice is a problem."""
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if name in seen:
            problems.whole_file(
                f"column {name!r} appears twice (columns {seen[name] + 1} and {i + 1}); rename one", "header", 1, i + 1
            )
        seen.setdefault(name, i)
    return seen


def _resolve_format(
    source: DemandHistorySource, header: list[str], problems: Collector, hint: Callable[[str], str]
) -> str | None:
    if source.format != "auto":
        return source.format
    cols = source.columns
    if cols.timestamp in header:
        return "order_lines"
    if cols.date in header:
        return "daily"
    problems.whole_file(
        f"cannot tell the format: no {cols.timestamp!r} column (order lines) and no {cols.date!r} column "
        f"(daily demand) in the header: {shown_header(header)}; {hint('timestamp')} or {hint('date')}",
        column="header",
    )
    return None


def _find_columns(
    source: DemandHistorySource,
    fmt: str,
    header: list[str],
    seen: dict[str, int],
    default_region: str | None,
    problems: Collector,
    hint: Callable[[str], str],
) -> dict[str, int]:
    """Field → position of its column: the format's required columns, and the optional ones present
    (an optional column named in the mapping must be there)."""
    cols = source.columns
    required = {"sku": cols.sku, "quantity": cols.quantity}
    required["timestamp" if fmt == "order_lines" else "date"] = cols.timestamp if fmt == "order_lines" else cols.date
    if source.orders == "by_invoice":
        if fmt != "order_lines":
            problems.whole_file("orders: by_invoice needs the order_lines format; this file is daily", column="invoice")
        required["invoice"] = cols.invoice
    optional: dict[str, str | None] = {
        "region": cols.region,
        "unit_price": cols.unit_price,
        **({"order_lines": cols.order_lines, "store_open": cols.store_open} if fmt == "daily" else {}),
    }
    where: dict[str, int] = {}
    for field, name in required.items():
        if name in seen:
            where[field] = seen[name]
        else:
            problems.whole_file(
                f"missing column {name!r} ({field}) for the {fmt} format; the header has {shown_header(header)}; {hint(field)}",
                column=field,
            )
    for field, explicit in optional.items():
        name = explicit if explicit is not None else field
        if name in seen:
            where[field] = seen[name]
        elif explicit is not None:
            problems.whole_file(
                f"missing column {name!r} ({field}), named in the column mapping; the header has {shown_header(header)}",
                column=field,
            )
    if "region" not in where and default_region is None:
        problems.whole_file(
            f"no region column ({cols.region or 'region'!r}) and the scenario has several regions; "
            f"add the column or {hint('region')}",
            column="region",
        )
    return where


def _whole_rows(
    fmt: str,
    header: list[str],
    rows: list[list[str]],
    row_lines: list[int],
    where: dict[str, int],
    problems: Collector,
) -> Rows:
    """The rows with as many fields as the header, field by field; ragged rows are problems (first:
    the other checks need whole rows)."""
    width = len(header)
    good = [i for i, r in enumerate(rows) if len(r) == width]
    for i, r in enumerate(rows):
        if len(r) != width:
            problems.add(
                "ragged",
                "row",
                row_lines[i],
                min(len(r), width) + 1 if len(r) < width else width + 1,
                f"this row has {len(r)} fields but the header has {width}; check separators and quotes",
            )
    line_no = np.asarray([row_lines[i] for i in good], dtype=np.int64)
    raw = {field: np.asarray([rows[i][j].strip() for i in good], dtype=object) for field, j in where.items()}
    col = {field: j + 1 for field, j in where.items()}
    name = {field: header[j] for field, j in where.items()}
    return Rows(fmt, raw, col, name, line_no, problems)
