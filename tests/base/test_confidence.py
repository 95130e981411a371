"""Confidence intervals: the 95 % t interval covers the true mean about 95 % of the time."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from sim.base.confidence import half_width, mean_ci


def test_t_interval_coverage_is_95_percent() -> None:
    rng = np.random.default_rng(2024)
    trials, n, true_mean = 4000, 8, 3.0
    samples = rng.gamma(2.0, 1.5, size=(trials, n))  # skewed, mean 3
    covered = 0
    for row in samples:
        _, low, high, _ = mean_ci(row)
        covered += low <= true_mean <= high
    # the coverage of a t interval on a skewed law with n=8 is near, not exactly, 95 %: accept 92–97 %
    share = covered / trials
    low, high = stats.binomtest(covered, trials).proportion_ci(0.999)
    assert 0.92 <= share <= 0.97 and low <= 0.97 and high >= 0.92


def test_nan_values_are_dropped_and_small_samples_have_no_interval() -> None:
    mean, low, high, n = mean_ci([1.0, math.nan, 3.0])
    assert (mean, n) == (2.0, 2) and low < 2 < high
    mean, low, high, n = mean_ci([5.0])
    assert mean == 5.0 and n == 1 and math.isnan(low) and math.isnan(high)
    assert mean_ci([])[3] == 0


def test_half_width_matches_the_formula() -> None:
    x = [1.0, 2.0, 4.0, 7.0]
    expected = stats.t.ppf(0.975, 3) * np.std(x, ddof=1) / 2
    assert half_width(x) == expected
