"""Reading a CSV file's text and rows, reporting whole-file problems (missing, binary, not UTF-8, bad quotes).

Shared by the demand history (sim.history.table) and the small per-SKU tables
(sim.history.sku_table). Blank lines are skipped; every data row keeps its file line number.
Only regular files under `CSV_MAX_BYTES` with at most `CSV_MAX_ROWS` data rows are read
(docs/LIMITS.md), and a header is quoted in a message only when it looks like one (`shown_header`):
a file that is not a CSV (`/etc/passwd`) never has its content echoed.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from sim.base.limits import CSV_MAX_BYTES, CSV_MAX_ROWS, InputFileError, read_bytes_limited
from sim.history.collector import Collector

_HEADER_CELL = re.compile(r"^[A-Za-z_][A-Za-z0-9_ .\-]{0,39}$")


def looks_like_header(cells: list[str]) -> bool:
    """Whether a first line reads as CSV column names (short names), so quoting it reveals nothing."""
    return 1 <= len(cells) <= 50 and all(_HEADER_CELL.match(c) for c in cells)


def shown_header(header: list[str]) -> str:
    """The header for a message: the names when it looks like a header, else a note that it is not
    shown (the file may not be a CSV at all, and its first line is nobody's business)."""
    if looks_like_header(header):
        return str(header)
    return "a first line that is not CSV column names (not shown); check the path and the delimiter"


def read_text(path: Path, problems: Collector) -> str | None:
    """The file's text, or None (with a problem) when it is missing, a folder, not a regular file,
    over the size limit, binary or not UTF-8."""
    try:
        raw = read_bytes_limited(path, CSV_MAX_BYTES, "CSV file")
    except InputFileError as exc:
        problems.whole_file(str(exc))
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


def read_rows(text: str, delimiter: str, problems: Collector) -> tuple[list[str], list[list[str]], list[int]] | None:
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
                if len(rows) >= CSV_MAX_ROWS:
                    problems.whole_file(
                        f"more than {CSV_MAX_ROWS:,} data rows (docs/LIMITS.md); split the file or aggregate it "
                        "(daily rows instead of order lines)",
                        line=reader.line_num,
                    )
                    return None
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


def read_csv(path: Path, delimiter: str, problems: Collector) -> tuple[list[str], list[list[str]], list[int]] | None:
    """`read_text` then `read_rows`: header, data rows and line numbers, or None with the problem."""
    text = read_text(path, problems)
    return read_rows(text, delimiter, problems) if text is not None else None
