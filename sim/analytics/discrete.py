"""Probability mass functions on 0, 1, 2, … as numpy arrays: the building blocks of the exact
discrete formulas (`periodic`, `newsvendor`). An array `p` holds P(X = k) at index k; the tail
beyond the array carries less than `TAIL` probability and is dropped.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import special, stats

Pmf = np.ndarray[Any, np.dtype[np.float64]]

TAIL = 1e-13
"""Probability beyond the end of an array is below this."""


def poisson_pmf(mean: float) -> Pmf:
    """P(X = k), k = 0 … K, for X ~ Poisson(mean), K far enough into the tail."""
    if mean < 0:
        raise ValueError(f"a Poisson mean must be non-negative, got {mean}")
    if mean == 0:
        return np.ones(1)
    upper = int(stats.poisson.isf(TAIL, mean)) + 2
    return np.asarray(stats.poisson.pmf(np.arange(upper + 1), mean), dtype=np.float64)


def rounded_normal_pmf(mean: float, sd: float) -> Pmf:
    """The law of round(X) for X ~ Normal(mean, sd) truncated to X ≥ 0 (negative draws redrawn).

    This is how the simulator turns a `daily_units: {kind: normal}` draw into whole units
    (sim.base.distributions.Normal samples the truncated law; sim.model.demand rounds it):
    P(0) = P(0 ≤ X < ½)/P(X ≥ 0), P(k) = P(k − ½ ≤ X < k + ½)/P(X ≥ 0) for k ≥ 1.
    """
    if mean <= 0 or sd <= 0:
        raise ValueError("a normal needs a positive mean and sd")
    upper = math.ceil(mean + 12 * sd) + 1
    edges = np.concatenate([[0.0], np.arange(upper + 1) + 0.5])
    cdf = special.ndtr((edges - mean) / sd)
    kept = 1.0 - float(special.ndtr(-mean / sd))
    return np.asarray(np.diff(cdf) / kept, dtype=np.float64)


def trim(p: Pmf) -> Pmf:
    """Drop the negligible upper tail (keeps index 0)."""
    cumulative_tail = np.cumsum(p[::-1])[::-1]
    keep = int(np.searchsorted(-cumulative_tail, -TAIL))  # first index whose tail mass < TAIL
    return p[: max(keep, 1)]


def convolve_power(p: Pmf, n: int) -> Pmf:
    """The pmf of the sum of n i.i.d. copies (n = 0: the point mass at 0)."""
    out = np.ones(1)
    base = p
    while n > 0:
        if n & 1:
            out = trim(np.convolve(out, base))
        n >>= 1
        if n:
            base = trim(np.convolve(base, base))
    return out


def mean_of(p: Pmf) -> float:
    """E[X] of a pmf on 0 … K."""
    return float(np.dot(np.arange(len(p)), p))


def loss_of(p: Pmf, x: int) -> float:
    """E[(X − x)⁺] for a pmf on 0 … K."""
    k = np.arange(len(p))
    return float(np.dot(np.maximum(k - x, 0), p))
