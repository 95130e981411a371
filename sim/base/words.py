"""Counts in words: "1 region", "3 regions" — every count the CLI prints agrees with its noun; and an
unknown name with its did-you-mean, worded once for the CLI and the workbench."""

from __future__ import annotations

import difflib
from collections.abc import Sequence


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and `noun`, in the plural (`many`, default noun + "s") unless the count is exactly 1."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


def unknown_policy(unknown: Sequence[str], known: Sequence[str]) -> str:
    """ "unknown policy 'stoked'; did you mean 'stocked'? the scenario has …"."""
    close = [m for name in unknown for m in difflib.get_close_matches(name, known, n=1, cutoff=0.6)]
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    return f"unknown policy {', '.join(map(repr, unknown))}{hint} (the scenario has {', '.join(known)})"
