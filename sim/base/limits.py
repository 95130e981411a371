"""Every input limit in one place (documented in docs/LIMITS.md), and the one guarded file reader.

A scenario, a demand history, a SKU table or a warm-start snapshot is read only when it is a
regular file (never a device, FIFO or socket: `stat` is checked before opening, so a FIFO cannot
hang a run) no larger than its limit; the YAML loader bounds aliases and nesting; numbers in the
scenario and in CSV files have sane bounds. Each limit is a constant here, named in its error.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MIB = 1024 * 1024

SCENARIO_MAX_BYTES = 4 * MIB
"""A scenario YAML file (each file of an `extends` chain). Shipped scenarios are under 10 KiB; large
catalogues are generated (`catalogue: {kind: long_tail}`) or read from CSV, not listed in YAML."""

CSV_MAX_BYTES = 256 * MIB
"""A demand history, a SKU table or a snapshot file."""

CSV_MAX_ROWS = 5_000_000
"""Data rows of one CSV file (five years of daily rows for ~2,700 SKU × region pairs)."""

YAML_MAX_DEPTH = 64
"""Nesting levels of YAML mappings and lists (a scenario needs under 10)."""

YAML_MAX_ALIASES = 1_000
"""Alias uses (`*name`) in one YAML file."""

YAML_MAX_ALIAS_EXPANSION = 100_000
"""Values that alias expansion may add to a YAML file beyond the values written in it."""

MAX_MEAN = 1e9
"""The largest mean of a distribution (days, units or money); its sd is bounded by the same number."""

MAX_MARKUP = 1e6
"""The largest `long_tail.price_markup` (price = unit cost × markup)."""

MAX_QUANTITY = 1e12
"""The largest quantity (units) in one CSV row."""

MAX_PRICE = 1e9
"""The largest unit price in one CSV row."""

FIRST_YEAR, LAST_YEAR = 1900, 2200
"""Dates in input files must fall in these years (both included)."""


class InputFileError(Exception):
    """A file that may not be read: missing, a folder, not a regular file, or too large."""


def read_bytes_limited(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The file's bytes, after checking it is an existing regular file of at most `limit` bytes.

    Raises `InputFileError` with a message that says what is wrong and how to fix it (never any
    of the file's content); `FileNotFoundError` and `IsADirectoryError` keep their own messages.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputFileError("file not found; check the path") from None
    except OSError as exc:
        raise InputFileError(f"cannot read the file: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputFileError(f"this is a folder; give a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError(f"not a regular file (a device, FIFO or socket); give a {what}")
    if info.st_size > limit:
        raise InputFileError(f"the file is {_size(info.st_size)}, over the limit of {_size(limit)} (docs/LIMITS.md)")
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputFileError(f"cannot read the file: {exc.strerror}") from None
    if len(data) > limit:  # it grew after the check
        raise InputFileError(f"the file is over the limit of {_size(limit)} (docs/LIMITS.md)")
    return data


def _size(n: int) -> str:
    return f"{n / MIB:.1f} MiB" if n >= MIB else f"{n:,} bytes"


MAX_SKUS = 200_000
"""SKUs in one scenario: explicit `skus` plus `long_tail.count` (which alone may be 100,000). Every SKU
has its slots, routes and demand process in memory; a 550,000-SKU file took 5 min and 7.5 GB before
failing."""

MAX_NODES = 1_000
"""Fulfilment nodes (`nodes`) in one scenario."""

MAX_REGIONS = 1_000
"""Customer regions (`regions`) in one scenario."""

MAX_DEMAND_STREAMS = 1_000_000
"""Demand streams: SKUs × regions, each with its own arrival process and random stream."""
