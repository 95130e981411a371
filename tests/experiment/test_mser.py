"""MSER-5 warm-up detection (sim.experiment.warmup) and the daily series it reads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import sim
from sim.experiment.runs import RunTask, run_task
from sim.experiment.warmup import analyse, batch_means, batch_ratios, mser

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "scenarios" / "small_store.yaml"


def mser_direct(z: np.ndarray) -> np.ndarray:
    """The textbook O(k²) definition, for checking the O(k) one."""
    k = z.size
    return np.array([np.sum((z[d:] - z[d:].mean()) ** 2) / (k - d) ** 2 for d in range(k - 1)] + [np.nan])


def test_statistic_matches_the_definition():
    z = np.random.default_rng(1).normal(size=40) + np.linspace(3, 0, 40)
    np.testing.assert_allclose(mser(z).statistic, mser_direct(z), rtol=1e-10, equal_nan=True)


def test_batches():
    assert batch_means([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 5).tolist() == [3.0, 8.0]
    assert batch_ratios([1, 1, 1, 1, 1, 2], [2, 2, 2, 2, 2, 2], 5).tolist() == [0.5]


def test_an_initial_bias_is_cut_and_not_much_more():
    """50 biased observations (mean +20σ, decaying) before a stationary N(0, 1): over 40 seeds MSER-5
    always deletes the whole bias (≥ 10 batches) and, in the median, little more."""
    truncations = []
    for seed in range(40):
        rng = np.random.default_rng(seed)
        x = rng.normal(size=500)
        x[:50] += 20 * np.exp(-np.arange(50) / 40)
        result = mser(batch_means(x))
        assert not result.at_bound
        truncations.append(result.truncation)
    assert min(truncations) >= 50
    assert np.median(truncations) <= 75


def test_a_stationary_series_is_barely_cut():
    truncations = [mser(batch_means(np.random.default_rng(s).normal(size=500))).truncation for s in range(40)]
    assert np.median(truncations) <= 25  # of 500 observations


def test_a_series_that_never_settles_is_flagged():
    result = mser(batch_means(np.linspace(0, 100, 500) + np.random.default_rng(0).normal(size=500)))
    assert result.at_bound and result.d_star == result.bound == 50


def test_mser_needs_data():
    with pytest.raises(ValueError):
        mser([1.0])


def test_daily_series_add_up_to_the_run_totals():
    scenario = sim.load_scenario(SMALL, ["horizon_days=60", "warmup_days=0"])
    record = run_task(scenario, RunTask("stocked", 0, 4, daily=True))
    assert record.daily is not None
    assert len(record.daily["units_demanded"]) == len(record.daily["on_hand_units"]) == 60
    assert sum(record.daily["units_demanded"]) == record.kpis["units_demanded"]
    assert sum(record.daily["units_filled"]) / sum(record.daily["units_demanded"]) == pytest.approx(
        record.kpis["fill_rate_units"], rel=1e-12
    )
    # without the daily option nothing extra is recorded
    assert run_task(scenario, RunTask("stocked", 0, 4)).daily is None


def test_analyse_pools_replications():
    scenario = sim.load_scenario(SMALL, ["horizon_days=90", "warmup_days=0"])
    records = [
        run_task(scenario, RunTask(p, r, 2, daily=True)) for p in ("inventory_free", "stocked") for r in range(2)
    ]
    results = analyse(scenario, 2, 2, ["inventory_free", "stocked"], records)
    last = results.daily[(results.daily.series == "fill_rate") & (results.daily.day == 89)]
    for policy, running in zip(last.policy, last.running_mean, strict=True):
        mine = [r for r in records if r.policy == policy]
        pooled = sum(r.kpis["fill_rate_units"] * r.kpis["units_demanded"] for r in mine) / sum(
            r.kpis["units_demanded"] for r in mine
        )
        assert running == pytest.approx(pooled, rel=1e-12)
    # nothing is stocked under inventory_free: no on-hand suggestion for it
    rows = set(zip(results.suggestions.policy, results.suggestions.series, strict=True))
    assert ("inventory_free", "on_hand_units") not in rows and ("stocked", "on_hand_units") in rows
    assert 0 <= results.suggested_days <= 45
