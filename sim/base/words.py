"""Counts in words: "1 region", "3 regions" — every count the CLI prints agrees with its noun."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and `noun`, in the plural (`many`, default noun + "s") unless the count is exactly 1."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"
