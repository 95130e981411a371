"""Confidence intervals over replications, and paired differences between policies. No SimPy here.

Replications are independent and identically distributed, so a KPI's mean gets a Student-t
interval. Policies compared in one replication share their random numbers (common random
numbers), so a difference between two policies is estimated from the per-replication paired
differences, whose variance is usually far smaller than the sum of the two variances.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

CONFIDENCE = 0.95


def mean_ci(values: Sequence[float] | np.ndarray, confidence: float = CONFIDENCE) -> tuple[float, float, float, int]:
    """(mean, ci_low, ci_high, n) of the finite values; the interval is NaN with fewer than 2."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = int(x.size)
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    mean = float(x.mean())
    if n < 2:
        return mean, math.nan, math.nan, n
    sd = float(x.std(ddof=1))
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * sd / math.sqrt(n)
    return mean, mean - half, mean + half, n


def half_width(values: Sequence[float] | np.ndarray, confidence: float = CONFIDENCE) -> float:
    _, low, high, _ = mean_ci(values, confidence)
    return (high - low) / 2
