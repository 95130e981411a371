"""An item master (catalogue) file as text cells: CSV or Parquet, every unreadable part located.

`read_item_master` returns the header and each data row as strings with the row's line in the file
(CSV: its line number; Parquet: row i is reported as line i + 2, as if the header were line 1).
What the cells mean is checked by sim.config.catalogue_file. See docs/DEMAND.md §12.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from sim.history.collector import Collector, HistoryError
from sim.history.csv_rows import read_csv


@dataclass(frozen=True)
class ItemMaster:
    file: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def _read_parquet(path: Path, problems: Collector) -> ItemMaster | None:
    import pandas as pd

    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many kinds; all mean "not a readable Parquet file"
        problems.whole_file(f"cannot read this Parquet file ({type(exc).__name__}: {exc}); write it again or use CSV")
        return None
    header = [str(c).strip() for c in frame.columns]
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return ItemMaster(str(path), header, rows, [i + 2 for i in range(len(rows))])


def read_item_master(path: str, delimiter: str = ",") -> ItemMaster:
    """The file's header and rows as text; raises HistoryError (file, line) when it cannot be read."""
    problems = Collector(path)
    file = Path(path)
    is_parquet = file.suffix.lower() in (".parquet", ".pq")
    if not is_parquet and file.is_file():
        with open(file, "rb") as fh:
            is_parquet = fh.read(4) == b"PAR1"
    if is_parquet and file.is_file():
        master = _read_parquet(file, problems)
    else:
        parsed = read_csv(file, delimiter, problems)
        master = ItemMaster(path, *parsed) if parsed is not None else None
    if master is not None and not master.rows:
        problems.whole_file("the catalogue has no data rows; one row per SKU under the header")
    if master is None or problems.kinds:
        raise HistoryError(problems.problems())
    return master
