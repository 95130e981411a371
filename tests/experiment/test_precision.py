"""Replications to a relative precision (sim.experiment.precision) and its use in sweeps."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from sim.experiment.precision import adjusted_target, assess, next_count
from sim.sweeps.runner import sweep

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "scenarios" / "small_store.yaml"


def test_adjusted_target():
    assert adjusted_target(0.1) == 0.1 / 1.1


def test_assess_edge_cases():
    assert assess("m", [math.nan, math.nan], 0.01).met  # undefined everywhere: nothing to estimate
    assert not assess("m", [1.0], 0.01).met  # one value: no interval yet
    assert assess("m", [0.0, 0.0, 0.0], 0.01).met and not assess("m", [-1.0, 1.0], 0.01).met
    a = assess("m", [10.0, 10.1, 9.9, 10.0], 0.05)
    assert a.met and a.n == 4 and a.relative_half_width < 0.05 / 1.05


def test_next_count_grows_towards_the_estimate_but_at_most_doubles():
    wide = assess("m", [1.0, 2.0, 3.0, 4.0, 5.0], 0.01)
    assert next_count(5, [wide], 0.01, 1000) == 10  # far off: doubled
    close = assess("m", list(np.random.default_rng(3).normal(100, 1, 40)), 0.003)
    assert not close.met and 40 < next_count(40, [close], 0.003, 1000) < 80
    assert next_count(40, [close], 0.003, 45) == 45  # capped
    assert next_count(5, [assess("m", [1.0, 1.0], 0.01)], 0.01, 100) == 5  # met: stop


def test_the_procedure_delivers_its_relative_precision():
    """Law's sequential procedure: the final relative error is within γ in about 95 % of experiments.

    2000 experiments on a skewed (gamma) KPI with n₀ = 10; the observed coverage must not fall
    below 0.90 (if the true coverage were 0.93 this fails with probability < 1e-8; it is about 0.95).
    """
    rng = np.random.default_rng(2025)
    gamma, mu, covered, trials = 0.02, 8.0, 0, 2000
    for _ in range(trials):
        values = list(rng.gamma(4.0, mu / 4.0, 10))
        while True:
            n = len(values)
            wanted = next_count(n, [assess("m", values, gamma)], gamma, 10_000)
            if wanted == n:
                break
            values += list(rng.gamma(4.0, mu / 4.0, wanted - n))
        covered += abs(np.mean(values) - mu) <= gamma * mu
    assert covered / trials >= 0.90


def test_sweep_adds_replications_until_the_target_per_point(tmp_path):
    results = sweep(
        SMALL,
        {"horizon_days": [45, 120]},
        policies=["stocked", "hybrid"],
        replications=3,
        precision=0.03,
        max_replications=30,
        seed=8,
        out=tmp_path / "p",
        workers=1,
    )
    table = results.precision
    assert set(table.metric) == {"fill_rate_units", "cost_per_order", "delivery_days_p90"}
    assert table.met.all()
    assert (table.relative_half_width <= 0.03 / 1.03).all()
    reps = results.points.set_index("point").replications
    # both policies of a point always have the same replications (paired comparisons stay paired)
    counts = results.kpis.groupby(["point", "policy"]).replication.nunique().unstack()
    assert (counts["stocked"] == counts["hybrid"]).all() and (counts["stocked"] == reps).all()
    assert reps.min() >= 3
    assert (tmp_path / "p" / "precision.csv").exists()
