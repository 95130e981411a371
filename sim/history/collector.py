"""Located problems of a history file: `HistoryError`, the per-kind collector, and the wording helpers.

Every problem is `file.csv:ROW:COL  column  message`. Up to `PER_KIND` rows are listed per kind of
problem (a kind and a column), then one line counts the rest. Unknown codes are reported once per
distinct value, at its first row, with a close match when there is one. `yaml_hint` and `cli_hint`
word how to map a column, for a scenario file and for the command line.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection
from typing import Any

import numpy as np
import pandas as pd

from sim.base.problems import Problem, ScenarioError

PER_KIND = 5
"""Rows listed per kind of problem before the rest are counted on one line."""

EMPTY_SKU = "empty SKU code; fill it in or drop the row"
"""The problem of a row without a SKU code, in the demand history and in per-SKU tables alike."""


class HistoryError(ScenarioError):
    """The demand history file cannot be used; `problems` lists every reason, located in the file."""


class Collector:
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


def suggest(value: str, known: Collection[str]) -> str:
    """`; did you mean 'X'?` for a close match of `value` among `known`, else nothing."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.8)
    return f"; did you mean {close[0]!r}?" if close else ""


def unknown_values(
    problems: Collector,
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
