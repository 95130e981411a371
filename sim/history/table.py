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
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.base.problems import Problem, ScenarioError
from sim.history.calendar import Calendar, build_calendar
from sim.history.spec import DemandHistorySource

PER_KIND = 5
"""Rows listed per kind of problem before the rest are counted on one line."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")
_TRUE = {"1", "true", "yes", "y", "t"}
_FALSE = {"0", "false", "no", "n", "f"}


class HistoryError(ScenarioError):
    """The demand history file cannot be used; `problems` lists every reason, located in the file."""


@dataclass(frozen=True)
class DemandTable:
    """A validated demand history, one row per order line (order_lines) or per day-row (daily).

    `frame` columns: `day` (int, days since `calendar.first`), `second` (seconds after midnight for
    order lines, −1 for daily rows), `sku` and `region` (after mapping), `quantity` (units ≥ 0),
    `lines` (order lines making the quantity: 1 per order line; daily: the order_lines column, else
    1 when quantity > 0 and 0 otherwise), `unit_price` (NaN when absent), `row` (file line number).
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


# --------------------------------------------------------------------------------------------------
# problems


class _Collector:
    """Problems by kind: the first `PER_KIND` rows of each kind, then one line counting the rest."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.kinds: dict[tuple[str, str], list[Problem]] = {}
        self.extra: dict[tuple[str, str], int] = {}

    def add(self, kind: str, column: str, line: int, col: int, message: str) -> None:
        key = (kind, column)
        found = self.kinds.setdefault(key, [])
        if len(found) < PER_KIND:
            found.append(Problem((column,), message, self.file, line, col))
        else:
            self.extra[key] = self.extra.get(key, 0) + 1

    def add_rows(
        self, kind: str, column: str, col: int, lines: np.ndarray[Any, Any], messages: Callable[[int], str]
    ) -> None:
        """Rows at positions `lines` (file line numbers) share a kind; `messages(i)` words the i-th."""
        for i, line in enumerate(lines.tolist()):
            if len(self.kinds.get((kind, column), ())) >= PER_KIND:
                rest = len(lines) - i
                self.extra[(kind, column)] = self.extra.get((kind, column), 0) + rest
                break
            self.add(kind, column, int(line), col, messages(i))

    def whole_file(self, message: str, column: str = "file", line: int = 1, col: int = 1) -> None:
        self.kinds.setdefault(("file", message), []).append(Problem((column,), message, self.file, line, col))

    def problems(self) -> list[Problem]:
        out = [p for found in self.kinds.values() for p in found]
        for key, n in self.extra.items():
            last = self.kinds[key][-1]
            what = "unknown value(s)" if key[0] == "unknown" else "row(s) with the same problem"
            out.append(
                Problem(
                    last.path,
                    f"… and {n:,} more {what} in this column",
                    self.file,
                    last.line,
                    last.column,
                )
            )
        return out


def _suggest(value: str, known: Collection[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.8)
    return f"; did you mean {close[0]!r}?" if close else ""


def _unknown_values(
    problems: _Collector,
    column: str,
    col: int,
    values: np.ndarray[Any, Any],
    lines: np.ndarray[Any, Any],
    what: Callable[[str], str],
    suggest: Callable[[str], str],
    fix: str,
) -> None:
    """One problem per distinct unknown value, at its first row, with how many rows carry it."""
    if not len(values):
        return
    frame = pd.DataFrame({"value": values, "line": lines})
    groups = frame.groupby("value", sort=False)["line"].agg(["min", "size"]).sort_values("min")
    for value, (first, size) in groups.iterrows():
        rows = f"{size:,} rows, the first here" if size > 1 else "1 row"
        problems.add("unknown", column, int(first), col, f"{what(str(value))} ({rows}){suggest(str(value))}; {fix}")


def yaml_hint(field: str) -> str:
    """How a scenario file maps a column."""
    return f"map it with demand_history.columns.{field}: YOUR_HEADER"


def cli_hint(field: str) -> str:
    """How the command line maps a column."""
    return f"map it with --column {field}=YOUR_HEADER"


# --------------------------------------------------------------------------------------------------
# reading


def _text(path: Path, problems: _Collector) -> str | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.whole_file("file not found; check the path")
        return None
    except IsADirectoryError:
        problems.whole_file("this is a folder; give a CSV file")
        return None
    except OSError as exc:
        problems.whole_file(f"cannot read the file: {exc.strerror}")
        return None
    if raw.startswith(b"PK\x03\x04"):
        problems.whole_file("this is a zip or Excel (.xlsx) file, not CSV; save it as 'CSV UTF-8' and try again")
        return None
    if raw.startswith(b"PAR1"):
        problems.whole_file("this is a Parquet file, not CSV; write it with DataFrame.to_csv and try again")
        return None
    if b"\x00" in raw[:65536]:
        problems.whole_file("this is a binary file, not CSV text; export the data as CSV (UTF-8)")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.whole_file(f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as CSV UTF-8", line=line)
        return None


def _rows(text: str, delimiter: str, problems: _Collector) -> tuple[list[str], list[list[str]], list[int]] | None:
    """Header, data rows and their line numbers; None (with a problem) when there is no usable header."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            if not row or all(not f.strip() for f in row):
                start = reader.line_num + 1
                continue
            if header is None:
                header = [h.strip() for h in row]
            else:
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.whole_file(f"not valid CSV: {exc}; check the quotes on this line", line=reader.line_num)
        return None
    if header is None:
        problems.whole_file("the file is empty; a demand history needs a header row and data rows")
        return None
    return header, rows, lines


def _resolve_format(
    source: DemandHistorySource, header: list[str], problems: _Collector, hint: Callable[[str], str]
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
        f"(daily demand) in the header {header}; {hint('timestamp')} or {hint('date')}",
        column="header",
    )
    return None


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
    path = Path(source.path)
    file = label or source.path
    problems = _Collector(file)
    text = _text(path, problems)
    parsed = _rows(text, source.delimiter, problems) if text is not None else None
    if parsed is None:
        raise HistoryError(problems.problems())
    header, rows, row_lines = parsed
    if len(header) == 1 and source.delimiter not in (";", "\t") and any(d in header[0] for d in ";\t"):
        sep = ";" if ";" in header[0] else "\\t"
        problems.whole_file(
            f"the header is one column {header[0]!r}: the file seems to use {sep!r} between fields; "
            f"set the delimiter (demand_history.delimiter or --delimiter)",
            column="header",
        )
        raise HistoryError(problems.problems())
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if name in seen:
            problems.whole_file(
                f"column {name!r} appears twice (columns {seen[name] + 1} and {i + 1}); rename one", "header", 1, i + 1
            )
        seen.setdefault(name, i)
    fmt = _resolve_format(source, header, problems, hint)
    if fmt is None or problems.kinds:
        raise HistoryError(problems.problems())

    cols = source.columns
    required = {"sku": cols.sku, "quantity": cols.quantity}
    required["timestamp" if fmt == "order_lines" else "date"] = cols.timestamp if fmt == "order_lines" else cols.date
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
                f"missing column {name!r} ({field}) for the {fmt} format; the header has {header}; {hint(field)}",
                column=field,
            )
    for field, explicit in optional.items():
        name = explicit if explicit is not None else field
        if name in seen:
            where[field] = seen[name]
        elif explicit is not None:
            problems.whole_file(
                f"missing column {name!r} ({field}), named in the column mapping; the header has {header}", column=field
            )
    if "region" not in where and default_region is None:
        problems.whole_file(
            f"no region column ({cols.region or 'region'!r}) and the scenario has several regions; "
            f"add the column or {hint('region')}",
            column="region",
        )
    if problems.kinds:
        raise HistoryError(problems.problems())

    # Ragged rows first: the other checks need whole rows.
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
    frame = _validate(
        fmt, raw, where, line_no, source, skus, regions, default_region, problems, header, set(other_skus), hint
    )
    if problems.kinds or frame is None:
        raise HistoryError(problems.problems())
    calendar = _calendar(fmt, frame, raw, where, line_no, source, problems, header)
    if problems.kinds or calendar is None:
        raise HistoryError(problems.problems())
    frame["day"] = (frame.pop("date") - pd.Timestamp(calendar.first)).dt.days.astype(np.int64)
    frame = frame[["day", "second", "sku", "region", "quantity", "lines", "unit_price", "row"]]
    return DemandTable(file, fmt, frame.reset_index(drop=True), calendar, "unit_price" in where, "region" in where)


def _validate(
    fmt: str,
    raw: dict[str, np.ndarray[Any, Any]],
    where: dict[str, int],
    line_no: np.ndarray[Any, Any],
    source: DemandHistorySource,
    skus: Collection[str] | None,
    regions: Collection[str] | None,
    default_region: str | None,
    problems: _Collector,
    header: list[str],
    other_skus: set[str],
    hint: Callable[[str], str],
) -> pd.DataFrame | None:
    n = len(line_no)
    col = {field: j + 1 for field, j in where.items()}
    name = {field: header[j] for field, j in where.items()}
    keep = np.ones(n, dtype=bool)

    # SKU
    sku_raw = raw["sku"]
    empty = sku_raw == ""
    problems.add_rows(
        "empty", name["sku"], col["sku"], line_no[empty], lambda i: "empty SKU code; fill it in or drop the row"
    )
    sku = np.asarray([source.sku_map.get(s, s) for s in sku_raw.tolist()], dtype=object)
    if skus is not None:
        known = set(skus)
        unknown = ~empty & ~np.isin(sku, list(known))
        if source.unknown_skus == "ignore":
            keep &= ~unknown
        else:
            _unknown_values(
                problems,
                name["sku"],
                col["sku"],
                sku_raw[unknown],
                line_no[unknown],
                lambda v: (
                    f"SKU {v!r} does not replay this history (its demand is not {{kind: history}})"
                    if v in other_skus
                    else f"unknown SKU {v!r}"
                ),
                lambda v: "" if v in other_skus else _suggest(v, known),
                "add it to the catalogue, map it (sku_map), or drop unknown SKUs (unknown_skus: ignore)"
                if hint is yaml_hint
                else "add it to the scenario or catalogue, or check the file's SKU codes",
            )

    # region
    if "region" in raw:
        region_raw = raw["region"]
        empty_r = region_raw == ""
        problems.add_rows(
            "empty",
            name["region"],
            col["region"],
            line_no[empty_r],
            lambda i: "empty region; fill it in or drop the row",
        )
        region = np.asarray([source.region_map.get(r, r) for r in region_raw.tolist()], dtype=object)
        if regions is not None:
            known_r = set(regions)
            unknown_r = keep & ~empty_r & ~np.isin(region, list(known_r))
            _unknown_values(
                problems,
                name["region"],
                col["region"],
                region_raw[unknown_r],
                line_no[unknown_r],
                lambda v: f"unknown region {v!r}",
                lambda v: _suggest(v, known_r),
                f"the regions are {sorted(known_r)}: "
                + ("map it (region_map) or add the region" if hint is yaml_hint else "add the region to the scenario"),
            )
    else:
        region = np.full(n, default_region, dtype=object)

    # date / timestamp
    if fmt == "daily":
        text = raw["date"]
        shape_ok = np.asarray([bool(_DATE.match(t)) for t in text.tolist()], dtype=bool)
        shaped = [t if ok else None for t, ok in zip(text.tolist(), shape_ok.tolist(), strict=True)]
        dates = pd.to_datetime(pd.Series(shaped, dtype=object), format="%Y-%m-%d", errors="coerce")
        second = np.full(n, -1, dtype=np.int64)
        bad = dates.isna().to_numpy()
        shown = text[bad]
        problems.add_rows(
            "date",
            name["date"],
            col["date"],
            line_no[bad],
            lambda i: (
                f"{shown[i]!r} is not a date; write YYYY-MM-DD, e.g. 2011-03-07"
                if not _DATE.match(str(shown[i]))
                else f"{shown[i]!r} is not a calendar date (no such day); correct it"
            ),
        )
    else:
        text = raw["timestamp"]
        shape_ok = np.asarray([bool(_TIMESTAMP.match(t)) for t in text.tolist()], dtype=bool)
        normal = [
            (t.replace("T", " ") + (" 00:00:00" if len(t) == 10 else ":00" if len(t) == 16 else "")) if ok else None
            for t, ok in zip(text.tolist(), shape_ok.tolist(), strict=True)
        ]
        stamps = pd.to_datetime(pd.Series(normal, dtype=object), format="%Y-%m-%d %H:%M:%S", errors="coerce")
        bad = stamps.isna().to_numpy()
        shown = text[bad]
        problems.add_rows(
            "date",
            name["timestamp"],
            col["timestamp"],
            line_no[bad],
            lambda i: (
                f"{shown[i]!r} is not a timestamp; write YYYY-MM-DD HH:MM[:SS], e.g. 2011-03-07 14:05"
                if not _TIMESTAMP.match(str(shown[i]))
                else f"{shown[i]!r} is not a valid date and time; correct it"
            ),
        )
        dates = stamps.dt.normalize()
        second = ((stamps - dates).dt.total_seconds().fillna(0)).to_numpy().astype(np.int64)

    # quantity
    q_text = raw["quantity"]
    q = pd.to_numeric(pd.Series(q_text), errors="coerce").to_numpy(dtype=float)
    missing = q_text == ""
    notnum = ~missing & ~np.isfinite(q)
    negative = np.isfinite(q) & (q < 0)
    fractional = np.isfinite(q) & (q >= 0) & (q != np.floor(q))
    qcol, qname = col["quantity"], name["quantity"]
    problems.add_rows("missing", qname, qcol, line_no[missing], lambda i: "missing quantity; write 0 for no demand")
    shown_q = q_text[notnum]
    problems.add_rows(
        "number", qname, qcol, line_no[notnum], lambda i: f"{shown_q[i]!r} is not a number; write whole units, e.g. 12"
    )
    neg = q[negative]
    problems.add_rows(
        "negative",
        qname,
        qcol,
        line_no[negative],
        lambda i: (
            f"negative quantity ({neg[i]:g}); demand is at least 0: returns and cancellations "
            "are not demand, so drop the row (or net it out before importing)"
        ),
    )
    frac = q[fractional]
    problems.add_rows(
        "fraction", qname, qcol, line_no[fractional], lambda i: f"quantity {frac[i]:g} is not whole units; round it"
    )
    quantity = np.where(np.isfinite(q), q, 0).astype(np.int64)

    # order lines (daily)
    if "order_lines" in raw:
        l_text = raw["order_lines"]
        lv = pd.to_numeric(pd.Series(l_text), errors="coerce").to_numpy(dtype=float)
        lcol, lname = col["order_lines"], name["order_lines"]
        bad_l = ~np.isfinite(lv) | (lv < 0) | (lv != np.floor(lv))
        shown_l = l_text[bad_l]
        problems.add_rows(
            "number", lname, lcol, line_no[bad_l], lambda i: f"{shown_l[i]!r} is not a whole number of order lines ≥ 0"
        )
        lines = np.where(bad_l, 0, lv).astype(np.int64)
        ok = ~bad_l & np.isfinite(q) & (q >= 0)
        zero_lines = ok & (quantity > 0) & (lines == 0)
        too_many = ok & (lines > quantity) & (quantity > 0)
        lines_no_units = ok & (quantity == 0) & (lines > 0)
        problems.add_rows(
            "lines",
            lname,
            lcol,
            line_no[zero_lines],
            lambda i: "0 order lines for a positive quantity; give the number of lines (at least 1)",
        )
        tm_l, tm_q = lines[too_many], quantity[too_many]
        problems.add_rows(
            "lines",
            lname,
            lcol,
            line_no[too_many],
            lambda i: f"{tm_l[i]} order lines for {tm_q[i]} units: each line needs at least one unit",
        )
        problems.add_rows(
            "lines",
            lname,
            lcol,
            line_no[lines_no_units],
            lambda i: "order lines without units; write 0 lines for quantity 0",
        )
    elif fmt == "daily":
        lines = (quantity > 0).astype(np.int64)
    else:
        lines = np.ones(n, dtype=np.int64)
        zero = np.isfinite(q) & (q == 0)
        problems.add_rows(
            "zero",
            qname,
            qcol,
            line_no[zero],
            lambda i: "an order line of 0 units; drop the row (order lines have at least 1 unit)",
        )

    # unit price
    if "unit_price" in raw:
        p_text = raw["unit_price"]
        pv = pd.to_numeric(pd.Series(p_text), errors="coerce").to_numpy(dtype=float)
        pcol, pname = col["unit_price"], name["unit_price"]
        empty_p = p_text == ""
        bad_p = ~empty_p & (~np.isfinite(pv) | (pv < 0))
        shown_p = p_text[bad_p]
        problems.add_rows(
            "number", pname, pcol, line_no[bad_p], lambda i: f"{shown_p[i]!r} is not a price ≥ 0; write e.g. 2.95"
        )
        needed = empty_p & (quantity > 0)
        problems.add_rows(
            "missing",
            pname,
            pcol,
            line_no[needed],
            lambda i: (
                "missing unit price for a row with units sold; fill it in (it may be empty only when quantity is 0)"
            ),
        )
        price = np.where(empty_p | bad_p, np.nan, pv)
    else:
        price = np.full(n, np.nan)

    if problems.kinds:
        return None
    frame = pd.DataFrame(
        {
            "date": dates.to_numpy(),
            "second": second,
            "sku": sku,
            "region": region,
            "quantity": quantity,
            "lines": lines,
            "unit_price": price,
            "row": line_no,
        }
    )[keep]
    if frame.empty:
        problems.whole_file("no rows left to use (every row is of an unknown SKU, or the file has no data rows)")
        return None
    if fmt == "daily":
        key = frame[["date", "sku", "region"]]
        dup = key.duplicated(keep=False).to_numpy()
        if dup.any():
            first_row = frame[dup].groupby(["date", "sku", "region"], sort=False)["row"].transform("min").to_numpy()
            later = frame["row"].to_numpy()[dup] != first_row
            rows_later = frame["row"].to_numpy()[dup][later]
            firsts = first_row[later]
            problems.add_rows(
                "duplicate",
                name["date"],
                col["date"],
                rows_later,
                lambda i: (
                    f"same date, SKU and region as row {firsts[i]}; give one row per date, SKU and region "
                    "(add the quantities up)"
                ),
            )
            return None
    return frame


def _calendar(
    fmt: str,
    frame: pd.DataFrame,
    raw: dict[str, np.ndarray[Any, Any]],
    where: dict[str, int],
    line_no: np.ndarray[Any, Any],
    source: DemandHistorySource,
    problems: _Collector,
    header: list[str],
) -> Calendar | None:
    first: dt.date = frame["date"].min().date()
    last: dt.date = frame["date"].max().date()
    closed_days: list[int] = []
    if "store_open" in raw:
        s_text = np.char.lower(raw["store_open"].astype(str))
        is_true = np.isin(s_text, list(_TRUE))
        is_false = np.isin(s_text, list(_FALSE))
        col, name = where["store_open"] + 1, header[where["store_open"]]
        bad = ~(is_true | is_false)
        shown = raw["store_open"][bad]
        problems.add_rows("flag", name, col, line_no[bad], lambda i: f"{shown[i]!r} is not 1 or 0 (open or closed)")
        if problems.kinds:
            return None
        # raw arrays are aligned with every good row; frame may have dropped ignored SKUs
        all_dates = pd.to_datetime(pd.Series(raw["date"]), format="%Y-%m-%d")
        flags = pd.DataFrame({"date": all_dates, "open": is_true, "row": line_no})
        per_day = flags.groupby("date")["open"].agg(["min", "max"])
        mixed = per_day[per_day["min"] != per_day["max"]].index
        if len(mixed):
            bad_rows = flags[flags.date.isin(mixed) & ~flags.open]["row"].to_numpy()
            problems.add_rows(
                "mixed",
                name,
                col,
                bad_rows,
                lambda i: "other rows of this date say the store was open; one date is open or closed for every row",
            )
            return None
        closed = per_day[~per_day["max"].astype(bool)].index
        closed_days = [(d.date() - first).days for d in closed]
    calendar = build_calendar(first, last, source.calendar.closed_weekdays, source.calendar.closed_dates, closed_days)
    day = (frame["date"] - pd.Timestamp(first)).dt.days.to_numpy()
    on_closed = (~calendar.open[day]) & (frame["quantity"].to_numpy() > 0)
    if on_closed.any():
        which = "timestamp" if fmt == "order_lines" else "date"
        when = frame["date"].to_numpy()[on_closed]
        problems.add_rows(
            "closed",
            header[where[which]],
            where[which] + 1,
            frame["row"].to_numpy()[on_closed],
            lambda i: (
                f"demand on {str(when[i])[:10]}, a closed day of the store calendar; "
                "reopen the day (calendar, store_open) or drop the row"
            ),
        )
        return None
    return calendar


# --------------------------------------------------------------------------------------------------
# small per-SKU tables (a catalogue of costs, an inventory snapshot)


def read_sku_table(
    path: str,
    required: dict[str, str],
    optional: dict[str, str],
    *,
    delimiter: str = ",",
    what: str = "table",
) -> pd.DataFrame:
    """A CSV with one row per SKU: a `sku` column plus numeric columns, each with a rule —
    `"positive"` (> 0) or `"nonneg"` (≥ 0). Optional columns may be absent, or empty in a row.
    Returns a frame indexed by sku; raises HistoryError with every problem located."""
    problems = _Collector(path)
    text = _text(Path(path), problems)
    parsed = _rows(text, delimiter, problems) if text is not None else None
    if parsed is None:
        raise HistoryError(problems.problems())
    header, rows, row_lines = parsed
    seen = {name: i for i, name in reversed(list(enumerate(header)))}
    for name in ["sku", *required]:
        if name not in seen:
            problems.whole_file(f"missing column {name!r} in this {what}; the header has {header}", column=name)
    if problems.kinds:
        raise HistoryError(problems.problems())
    columns = ["sku", *required, *(c for c in optional if c in seen)]
    rules = {**required, **optional}
    data: dict[str, list[Any]] = {c: [] for c in columns}
    first_row: dict[str, int] = {}
    for line, row in zip(row_lines, rows, strict=True):
        if len(row) != len(header):
            problems.add("ragged", "row", line, 1, f"this row has {len(row)} fields but the header has {len(header)}")
            continue
        sku = row[seen["sku"]].strip()
        if not sku:
            problems.add("empty", "sku", line, seen["sku"] + 1, "empty SKU code; fill it in or drop the row")
        elif sku in first_row:
            problems.add(
                "duplicate",
                "sku",
                line,
                seen["sku"] + 1,
                f"SKU {sku!r} again (first at row {first_row[sku]}); one row per SKU",
            )
        first_row.setdefault(sku, line)
        data["sku"].append(sku)
        for c in columns[1:]:
            cell = row[seen[c]].strip()
            value = math.nan
            if cell == "":
                if c in required:
                    problems.add("missing", c, line, seen[c] + 1, f"missing {c}; fill it in")
            else:
                try:
                    value = float(cell)
                except ValueError:
                    problems.add("number", c, line, seen[c] + 1, f"{cell!r} is not a number")
                else:
                    low_ok = value > 0 if rules[c] == "positive" else value >= 0
                    if not math.isfinite(value) or not low_ok:
                        bound = "above 0" if rules[c] == "positive" else "at least 0"
                        problems.add("range", c, line, seen[c] + 1, f"{c} {cell} must be {bound}")
            data[c].append(value)
    if not rows:
        problems.whole_file(f"the {what} has no data rows")
    if problems.kinds:
        raise HistoryError(problems.problems())
    return pd.DataFrame(data).set_index("sku")
