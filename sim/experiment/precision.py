"""Replications to a precision target: how many runs a KPI estimate needs. No SimPy here.

The sequential procedure for a relative precision γ (Law, *Simulation Modeling and Analysis*,
5th ed., 2015, §9.4.1): make n₀ replications; while the 95 % confidence interval's half-width
δ(n) exceeds γ′·|x̄(n)| with γ′ = γ / (1 + γ), make more. Stopping at δ/|x̄| ≤ γ′ (not γ) is
what makes the *actual* relative error |x̄ − μ|/|μ| at most γ with probability about 95 %:
|x̄ − μ| ≤ δ ≤ γ′|x̄| ≤ γ′(|μ| + |x̄ − μ|) gives |x̄ − μ| ≤ γ′/(1 − γ′)·|μ| = γ|μ|.

Law recommends n₀ ≥ 10, because with few replications the variance estimate is itself noisy and
the procedure may stop early by luck (its coverage then falls below the nominal 95 %). We add
replications in batches rather than one at a time: the next count is the estimate
n·(ratio)², where ratio is the worst KPI's (δ/|x̄|)/γ′, but at most double the current count (a
noisy early variance cannot send us far past what is needed) and at least one more; adding
more than the one-at-a-time procedure would only tightens the intervals. Replication r always
uses the seed keys (seed, r), so the runs added keep common random numbers across policies.

A KPI that is undefined in every replication (NaN, e.g. delivery times when nothing was
delivered) has nothing to estimate and does not hold the procedure back; a KPI with mean 0
meets the target only when its half-width is 0 too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from sim.base.confidence import mean_ci


def adjusted_target(gamma: float) -> float:
    """γ′ = γ / (1 + γ), the half-width ratio that bounds the actual relative error by γ."""
    return gamma / (1.0 + gamma)


@dataclass(frozen=True)
class Assessment:
    """Where one KPI's estimate stands against the target."""

    metric: str
    n: int  # finite values
    mean: float
    half_width: float
    relative_half_width: float
    met: bool


def assess(metric: str, values: Iterable[float], gamma: float) -> Assessment:
    """The estimate of `metric` from `values` against relative precision `gamma`."""
    mean, low, high, n = mean_ci(np.fromiter(values, dtype=float))
    if n == 0:
        return Assessment(metric, 0, math.nan, math.nan, math.nan, True)
    if n < 2:
        return Assessment(metric, n, mean, math.nan, math.nan, False)
    half = (high - low) / 2
    relative = half / abs(mean) if mean != 0 else (0.0 if half == 0 else math.inf)
    return Assessment(metric, n, mean, half, relative, relative <= adjusted_target(gamma))


def next_count(n: int, assessments: Iterable[Assessment], gamma: float, max_n: int) -> int:
    """How many replications to have next (n when every KPI meets the target or n reached `max_n`)."""
    unmet = [a for a in assessments if not a.met]
    if not unmet or n >= max_n:
        return n
    ratio = max(a.relative_half_width / adjusted_target(gamma) for a in unmet)
    wanted = 2 * n if not math.isfinite(ratio) else math.ceil(n * ratio * ratio)
    return min(max_n, max(n + 1, min(2 * n, wanted)))


def assess_all(values: Mapping[str, Iterable[float]], gamma: float) -> list[Assessment]:
    """`assess` for every metric in `values`."""
    return [assess(metric, v, gamma) for metric, v in values.items()]
