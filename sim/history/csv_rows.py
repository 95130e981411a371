"""Reading a CSV file's text and rows, reporting whole-file problems (missing, binary, not UTF-8, bad quotes).

Shared by the demand history (sim.history.table) and the small per-SKU tables
(sim.history.sku_table). Blank lines are skipped; every data row keeps its file line number.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sim.history.collector import Collector


def read_text(path: Path, problems: Collector) -> str | None:
    """The file's text, or None (with a problem) when it is missing, a folder, binary or not UTF-8."""
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
