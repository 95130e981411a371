"""Whole orders in an order-lines history (`orders: by_invoice`, docs/DEMAND.md): the invoice of every
line, checked. Lines that share an invoice are one customer order, so they must share its timestamp
(within `invoice_spread_minutes`: real invoices are sometimes keyed in across a minute) and its region; a line that does not is reported at its own row (file:ROW:COL), with the row of the
invoice's first line, and an empty invoice is reported too. Nothing is half-loaded.
"""

from __future__ import annotations

import pandas as pd

from sim.history.row_checks import Rows

MIXED = "invoice"


def with_invoices(frame: pd.DataFrame, rows: Rows, spread_minutes: int = 0) -> pd.DataFrame:
    """`frame` (one row per kept line, with its file line number `row`) with an `invoice` column;
    every problem is added to `rows.problems` (the caller raises when there is any). A line may be
    stamped up to `spread_minutes` after or before the invoice's first line (same date); the
    replay places the order at its first line's time (sim.history.whole_orders)."""
    invoice_of = dict(zip(rows.line_no.tolist(), rows.raw["invoice"].tolist(), strict=True))
    col, name = rows.col["invoice"], rows.name["invoice"]
    frame = frame.assign(invoice=[invoice_of[r] for r in frame["row"].tolist()])
    for line, value in zip(frame["row"].tolist(), frame["invoice"].tolist(), strict=True):
        if value == "":
            rows.problems.add("empty invoice", name, line, col, "the invoice is empty; every line needs its order's id")
    first: dict[str, tuple[int, object, int, str]] = {}
    for line, value, date, second, region in zip(
        frame["row"].tolist(),
        frame["invoice"].tolist(),
        frame["date"].tolist(),
        frame["second"].tolist(),
        frame["region"].tolist(),
        strict=True,
    ):
        if value == "":
            continue
        seen = first.setdefault(value, (line, date, second, region))
        if seen[0] == line:
            continue
        if seen[1] != date or abs(second - seen[2]) > spread_minutes * 60:
            rows.problems.add(
                MIXED,
                name,
                line,
                col,
                f"invoice {value!r} is at {_when(date, second)} here but at {_when(seen[1], seen[2])} on row "
                f"{seen[0]}; lines of one order share its timestamp (within demand_history.invoice_spread_minutes "
                f"= {spread_minutes}): fix the time or give the line its own invoice",
            )
        elif seen[3] != region:
            rows.problems.add(
                MIXED,
                name,
                line,
                col,
                f"invoice {value!r} is for region {region!r} here but {seen[3]!r} on row {seen[0]}; "
                "lines of one order go to one region",
            )
    return frame


def _when(date: object, second: int) -> str:
    day = pd.Timestamp(date).strftime("%Y-%m-%d")  # type: ignore[arg-type]
    return f"{day} {second // 3600:02d}:{second % 3600 // 60:02d}"
