"""Experimental designs: which parameter values a sweep runs. Pure functions, no simulation.

A *factor* is one swept parameter: a dotted path with either a list of values or a numeric range.
A design turns factors into *points* (one value per factor):

* `grid`: every combination, the first factor varying slowest (like nested loops in the order
  the factors are listed); a range contributes `steps` evenly spaced values.
* `latin_hypercube` (McKay, Beckman & Conover 1979): `samples` points; each factor's [0, 1) is cut
  into `samples` equal strata and every stratum is used exactly once, so each factor is spread
  evenly even with few points. For factor j, in listed order, we draw a permutation π of
  0…n−1, then n uniforms U, and use u_i = (π_i + U_i) / n.
* `random`: `samples` independent uniform draws u_i per factor, in listed order.

A unit draw u becomes a value: a range gives low + u·(high − low) (integer ranges: each whole
number low…high equally likely, low + ⌊u·(high − low + 1)⌋); a list gives the ⌊u·m⌋-th of its m
values (equally likely). The generator is `numpy.random.Generator(PCG64(SeedSequence(seed)))`:
the same factors, samples and seed give the same points on any machine. We do not use
`scipy.stats.qmc` so that the points cannot change with a SciPy upgrade.

`split_values` reads the comma-separated values of `--set path=v1,v2`: commas inside brackets,
braces or quotes do not split, so `[a, b]` stays one (list) value.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

METHODS = ("grid", "latin_hypercube", "random")


@dataclass(frozen=True)
class Factor:
    """One swept parameter: `values` (a list) or a range [`low`, `high`] (`steps` values on a grid)."""

    path: str
    values: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None
    steps: int | None = None
    integer: bool = False

    def __post_init__(self) -> None:
        if (self.values is None) == (self.low is None or self.high is None):
            raise ValueError(f"{self.path}: give either values or a range (low, high)")
        if self.values is not None and not self.values:
            raise ValueError(f"{self.path}: no values")

    def grid_values(self) -> list[Any]:
        """The values this factor takes on a grid (a range needs `steps`)."""
        if self.values is not None:
            return list(self.values)
        assert self.low is not None and self.high is not None
        if self.steps is None:
            raise ValueError(f"{self.path}: a grid range needs steps")
        raw = np.linspace(self.low, self.high, self.steps)
        if self.integer:
            out: list[Any] = []
            for x in raw:
                v = math.floor(x + 0.5)
                if v not in out:
                    out.append(v)
            return out
        return [_tidy(float(x)) for x in raw]

    def from_unit(self, u: float) -> Any:
        """The value at unit draw `u` ∈ [0, 1)."""
        if self.values is not None:
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        assert self.low is not None and self.high is not None
        if self.integer:
            lo, hi = int(self.low), int(self.high)
            return min(lo + int(u * (hi - lo + 1)), hi)
        return self.low + u * (self.high - self.low)


def _tidy(x: float) -> float:
    """0.8500000000000001 → 0.85: grid values print as the user would write them."""
    return float(f"{x:.12g}")


def grid(factors: Sequence[Factor]) -> list[tuple[Any, ...]]:
    """Every combination of the factors' grid values, the first factor varying slowest."""
    return list(itertools.product(*(f.grid_values() for f in factors)))


def latin_hypercube(factors: Sequence[Factor], samples: int, seed: int) -> list[tuple[Any, ...]]:
    """`samples` Latin hypercube points (see the module docstring for the exact draws)."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    columns = []
    for factor in factors:
        strata = rng.permutation(samples)
        u = (strata + rng.random(samples)) / samples
        columns.append([factor.from_unit(float(x)) for x in u])
    return list(zip(*columns, strict=True)) if columns else [()] * samples


def random_points(factors: Sequence[Factor], samples: int, seed: int) -> list[tuple[Any, ...]]:
    """`samples` independent uniform points."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    columns = [[factor.from_unit(float(x)) for x in rng.random(samples)] for factor in factors]
    return list(zip(*columns, strict=True)) if columns else [()] * samples


def design(factors: Sequence[Factor], method: str, samples: int | None = None, seed: int = 0) -> list[tuple[Any, ...]]:
    """The points of `method` over `factors`: one tuple of values (in factor order) per point."""
    if method == "grid":
        return grid(factors)
    if samples is None or samples < 1:
        raise ValueError(f"method {method} needs samples ≥ 1")
    if method == "latin_hypercube":
        return latin_hypercube(factors, samples, seed)
    if method == "random":
        return random_points(factors, samples, seed)
    raise ValueError(f"unknown design method {method!r}; use one of {', '.join(METHODS)}")


def split_values(text: str) -> list[str]:
    """Split `v1,v2,…` at commas outside brackets, braces and quotes; pieces are stripped.

    `0.9,0.95` → ['0.9', '0.95']; `[a, b]` → ['[a, b]']; `[a],[a, b]` → ['[a]', '[a, b]'];
    `"x, y"` → ['"x, y"']. An empty piece (`1,,2`, a trailing comma) raises ValueError.
    """
    pieces: list[str] = []
    depth = 0
    quote: str | None = None
    current: list[str] = []
    for ch in text:
        if quote is not None:
            current.append(ch)
            if ch == quote:
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            pieces.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    pieces.append("".join(current).strip())
    if len(pieces) > 1 and any(not p for p in pieces):
        raise ValueError("an empty value between commas (write v1,v2,… with no empty item)")
    return pieces
