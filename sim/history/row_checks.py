"""The demand history's row checks, one function per column, in the order their problems are listed.

Each check reads the raw text of one field for every whole row (`Rows`), records its problems
(sim.history.collector) and returns the parsed values; `validate_rows` runs them in order (SKU,
region, date or timestamp, quantity, order lines, unit price) and assembles the frame, or returns
None when any row is bad. The order of the checks is the order of the problems a user reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.base.limits import FIRST_YEAR, LAST_YEAR, MAX_PRICE, MAX_QUANTITY
from sim.history.collector import EMPTY_SKU, Collector, suggest, unknown_values, yaml_hint

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")

Array = np.ndarray[Any, Any]


@dataclass(frozen=True)
class Rows:
    """The whole rows of a history file, field by field (`raw`: stripped text), with where each field sits."""

    fmt: str  # "order_lines" or "daily"
    raw: dict[str, Array]
    col: dict[str, int]  # field → column position (1 = first)
    name: dict[str, str]  # field → its header
    line_no: Array  # file line number of each row
    problems: Collector

    @property
    def n(self) -> int:
        return len(self.line_no)


@dataclass(frozen=True)
class Known:
    """What SKU and region codes are checked against, and how file codes map to scenario ids."""

    sku_map: Mapping[str, str]
    region_map: Mapping[str, str]
    skus: Collection[str] | None  # None: any
    regions: Collection[str] | None  # None: any
    default_region: str | None  # for a file without a region column
    ignore_unknown_skus: bool
    other_skus: set[str]  # catalogue SKUs that do not replay the history
    hint: Callable[[str], str]


def validate_rows(rows: Rows, known: Known) -> pd.DataFrame | None:
    """Every row checked, column by column; the frame (with `date`), or None when any row is bad."""
    sku, keep = _check_skus(rows, known)
    region = _check_regions(rows, known, keep)
    dates, second = _check_dates(rows) if rows.fmt == "daily" else _check_timestamps(rows)
    q, quantity = _check_quantity(rows)
    lines = _check_lines(rows, q, quantity)
    price = _check_price(rows, quantity)
    if rows.problems.kinds:
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
            "row": rows.line_no,
        }
    )[keep]
    if frame.empty:
        rows.problems.whole_file("no rows left to use (every row is of an unknown SKU, or the file has no data rows)")
        return None
    if rows.fmt == "daily" and _duplicate_days(rows, frame):
        return None
    return frame


def _check_skus(rows: Rows, known: Known) -> tuple[Array, Array]:
    """Mapped SKU ids, and which rows to keep (unknown SKUs are dropped when told to ignore them)."""
    keep = np.ones(rows.n, dtype=bool)
    name, col, line_no = rows.name["sku"], rows.col["sku"], rows.line_no
    sku_raw = rows.raw["sku"]
    empty = sku_raw == ""
    rows.problems.add_rows("empty", name, col, line_no[empty], lambda i: EMPTY_SKU)
    sku = np.asarray([known.sku_map.get(s, s) for s in sku_raw.tolist()], dtype=object)
    if known.skus is None:
        return sku, keep
    known_skus = set(known.skus)
    unknown = ~empty & ~np.isin(sku, list(known_skus))
    if known.ignore_unknown_skus:
        keep &= ~unknown
        return sku, keep
    other = known.other_skus
    unknown_values(
        rows.problems,
        name,
        col,
        sku_raw[unknown],
        line_no[unknown],
        lambda v: (
            f"SKU {v!r} does not replay this history (its demand is not {{kind: history}})"
            if v in other
            else f"unknown SKU {v!r}"
        ),
        lambda v: "" if v in other else suggest(v, known_skus),
        "add it to the catalogue, map it (sku_map), or drop unknown SKUs (unknown_skus: ignore)"
        if known.hint is yaml_hint
        else "add it to the scenario or catalogue, or check the file's SKU codes",
    )
    return sku, keep


def _check_regions(rows: Rows, known: Known, keep: Array) -> Array:
    """Mapped region ids (every row in the default region when the file has no region column)."""
    if "region" not in rows.raw:
        return np.full(rows.n, known.default_region, dtype=object)
    name, col, line_no = rows.name["region"], rows.col["region"], rows.line_no
    region_raw = rows.raw["region"]
    empty_r = region_raw == ""
    rows.problems.add_rows("empty", name, col, line_no[empty_r], lambda i: "empty region; fill it in or drop the row")
    region = np.asarray([known.region_map.get(r, r) for r in region_raw.tolist()], dtype=object)
    if known.regions is not None:
        known_r = set(known.regions)
        unknown_r = keep & ~empty_r & ~np.isin(region, list(known_r))
        unknown_values(
            rows.problems,
            name,
            col,
            region_raw[unknown_r],
            line_no[unknown_r],
            lambda v: f"unknown region {v!r}",
            lambda v: suggest(v, known_r),
            f"the regions are {sorted(known_r)}: "
            + (
                "map it (region_map) or add the region" if known.hint is yaml_hint else "add the region to the scenario"
            ),
        )
    return region


def _check_dates(rows: Rows) -> tuple[pd.Series[Any], Array]:
    """Daily rows: the dates (NaT where bad), and −1 as the second of every row."""
    text = rows.raw["date"]
    shape_ok = np.asarray([bool(_DATE.match(t)) for t in text.tolist()], dtype=bool)
    shaped = [t if ok else None for t, ok in zip(text.tolist(), shape_ok.tolist(), strict=True)]
    dates = pd.to_datetime(pd.Series(shaped, dtype=object), format="%Y-%m-%d", errors="coerce")
    second = np.full(rows.n, -1, dtype=np.int64)
    bad = dates.isna().to_numpy()
    shown = text[bad]
    rows.problems.add_rows(
        "date",
        rows.name["date"],
        rows.col["date"],
        rows.line_no[bad],
        lambda i: (
            f"{shown[i]!r} is not a date; write YYYY-MM-DD, e.g. 2011-03-07"
            if not _DATE.match(str(shown[i]))
            else f"{shown[i]!r} is not a calendar date (no such day); correct it"
        ),
    )
    return _in_window(rows, dates, "date"), second


def _in_window(rows: Rows, dates: pd.Series[Any], column: str) -> pd.Series[Any]:
    """Dates outside FIRST_YEAR..LAST_YEAR are problems (a typo like 9999-12-31 would stretch the
    history to millions of days); they become NaT like any bad date."""
    years = dates.dt.year.to_numpy(dtype=float)
    outside = ~np.isnan(years) & ((years < FIRST_YEAR) | (years > LAST_YEAR))
    if outside.any():
        shown = rows.raw[column][outside]
        rows.problems.add_rows(
            "date",
            rows.name[column],
            rows.col[column],
            rows.line_no[outside],
            lambda i: f"{shown[i]!r} is outside the years {FIRST_YEAR}-{LAST_YEAR} (docs/LIMITS.md); correct the year",
        )
        dates = dates.mask(pd.Series(outside, index=dates.index))
    return dates


def _check_timestamps(rows: Rows) -> tuple[pd.Series[Any], Array]:
    """Order lines: the dates (midnight; NaT where bad) and the seconds after midnight."""
    text = rows.raw["timestamp"]
    shape_ok = np.asarray([bool(_TIMESTAMP.match(t)) for t in text.tolist()], dtype=bool)
    normal = [
        (t.replace("T", " ") + (" 00:00:00" if len(t) == 10 else ":00" if len(t) == 16 else "")) if ok else None
        for t, ok in zip(text.tolist(), shape_ok.tolist(), strict=True)
    ]
    stamps = pd.to_datetime(pd.Series(normal, dtype=object), format="%Y-%m-%d %H:%M:%S", errors="coerce")
    bad = stamps.isna().to_numpy()
    shown = text[bad]
    rows.problems.add_rows(
        "date",
        rows.name["timestamp"],
        rows.col["timestamp"],
        rows.line_no[bad],
        lambda i: (
            f"{shown[i]!r} is not a timestamp; write YYYY-MM-DD HH:MM[:SS], e.g. 2011-03-07 14:05"
            if not _TIMESTAMP.match(str(shown[i]))
            else f"{shown[i]!r} is not a valid date and time; correct it"
        ),
    )
    stamps = _in_window(rows, stamps, "timestamp")
    dates = stamps.dt.normalize()
    second = ((stamps - dates).dt.total_seconds().fillna(0)).to_numpy().astype(np.int64)
    return dates, second


def _check_quantity(rows: Rows) -> tuple[Array, Array]:
    """The quantity as read (NaN where not a number) and as whole units (0 where bad)."""
    q_text = rows.raw["quantity"]
    q = pd.to_numeric(pd.Series(q_text), errors="coerce").to_numpy(dtype=float)
    missing = q_text == ""
    notnum = ~missing & ~np.isfinite(q)
    huge = np.isfinite(q) & (np.abs(q) > MAX_QUANTITY)
    q = np.where(huge, np.nan, q)  # checked once, here: not also negative or fractional
    negative = np.isfinite(q) & (q < 0)
    fractional = np.isfinite(q) & (q >= 0) & (q != np.floor(q))
    qcol, qname, line_no, problems = rows.col["quantity"], rows.name["quantity"], rows.line_no, rows.problems
    advice = (
        "write 0 for no demand"
        if rows.fmt == "daily"
        else "write the units of the line (at least 1), or drop the row if the line sold nothing"
    )
    problems.add_rows("missing", qname, qcol, line_no[missing], lambda i: f"missing quantity; {advice}")
    shown_q = q_text[notnum]
    problems.add_rows(
        "number", qname, qcol, line_no[notnum], lambda i: f"{shown_q[i]!r} is not a number; write whole units, e.g. 12"
    )
    shown_huge = q_text[huge]
    problems.add_rows(
        "number",
        qname,
        qcol,
        line_no[huge],
        lambda i: (
            f"quantity {shown_huge[i]} is over the limit of {MAX_QUANTITY:.0e} units (docs/LIMITS.md); correct it"
        ),
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
    return q, np.where(np.isfinite(q), q, 0).astype(np.int64)


def _check_lines(rows: Rows, q: Array, quantity: Array) -> Array:
    """Order lines per row: the daily order_lines column, else 1 per day with units (daily) or per row."""
    if "order_lines" in rows.raw:
        return _check_order_lines_column(rows, q, quantity)
    if rows.fmt == "daily":
        return (quantity > 0).astype(np.int64)
    zero = np.isfinite(q) & (q == 0)
    rows.problems.add_rows(
        "zero",
        rows.name["quantity"],
        rows.col["quantity"],
        rows.line_no[zero],
        lambda i: "an order line of 0 units; drop the row (order lines have at least 1 unit)",
    )
    return np.ones(rows.n, dtype=np.int64)


def _check_order_lines_column(rows: Rows, q: Array, quantity: Array) -> Array:
    """Daily rows with an order_lines column: whole numbers ≥ 0, consistent with the quantity."""
    l_text = rows.raw["order_lines"]
    lv = pd.to_numeric(pd.Series(l_text), errors="coerce").to_numpy(dtype=float)
    lcol, lname, line_no, problems = rows.col["order_lines"], rows.name["order_lines"], rows.line_no, rows.problems
    bad_l = ~np.isfinite(lv) | (lv < 0) | (lv != np.floor(lv)) | (lv > MAX_QUANTITY)
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
    return lines


def _check_price(rows: Rows, quantity: Array) -> Array:
    """Unit prices (NaN where absent or bad); a row with units sold needs one when the column exists."""
    if "unit_price" not in rows.raw:
        return np.full(rows.n, np.nan)
    p_text = rows.raw["unit_price"]
    pv = pd.to_numeric(pd.Series(p_text), errors="coerce").to_numpy(dtype=float)
    pcol, pname, line_no, problems = rows.col["unit_price"], rows.name["unit_price"], rows.line_no, rows.problems
    empty_p = p_text == ""
    bad_p = ~empty_p & (~np.isfinite(pv) | (pv < 0) | (pv > MAX_PRICE))
    shown_p = p_text[bad_p]
    problems.add_rows(
        "number",
        pname,
        pcol,
        line_no[bad_p],
        lambda i: f"{shown_p[i]!r} is not a price from 0 to {MAX_PRICE:.0e} (docs/LIMITS.md); write e.g. 2.95",
    )
    needed = empty_p & (quantity > 0)
    problems.add_rows(
        "missing",
        pname,
        pcol,
        line_no[needed],
        lambda i: "missing unit price for a row with units sold; fill it in (it may be empty only when quantity is 0)",
    )
    return np.where(empty_p | bad_p, np.nan, pv)


def _duplicate_days(rows: Rows, frame: pd.DataFrame) -> bool:
    """Daily rows: a second row of the same date, SKU and region is a problem (at each later row)."""
    key = frame[["date", "sku", "region"]]
    dup = key.duplicated(keep=False).to_numpy()
    if not dup.any():
        return False
    first_row = frame[dup].groupby(["date", "sku", "region"], sort=False)["row"].transform("min").to_numpy()
    later = frame["row"].to_numpy()[dup] != first_row
    rows_later = frame["row"].to_numpy()[dup][later]
    firsts = first_row[later]
    rows.problems.add_rows(
        "duplicate",
        rows.name["date"],
        rows.col["date"],
        rows_later,
        lambda i: (
            f"same date, SKU and region as row {firsts[i]}; give one row per date, SKU and region "
            "(add the quantities up)"
        ),
    )
    return True
