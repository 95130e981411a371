"""The curated public API: `import sim` exposes exactly what the docs promise, returning DataFrames."""

from __future__ import annotations

import pandas as pd

import sim

from ..conftest import SCENARIOS


def test_public_names_are_curated() -> None:
    assert sorted(sim.__all__) == sorted(
        ["Results", "Scenario", "ScenarioError", "SweepResults", "compare", "load_scenario", "run", "sweep"]
    )
    for name in sim.__all__:
        assert getattr(sim, name) is not None


def test_compare_and_run_return_dataframes() -> None:
    scenario = sim.load_scenario(SCENARIOS / "small_store.yaml")
    scenario = scenario.model_copy(update={"horizon_days": 40.0, "warmup_days": 5.0})
    results = sim.compare(scenario, replications=2, seed=3)
    assert isinstance(results.kpis, pd.DataFrame) and isinstance(results.summary, pd.DataFrame)
    assert list(results.summary.columns) == ["policy", "metric", "mean", "ci_low", "ci_high", "n"]
    assert set(results.comparisons.policy) | set(results.comparisons.baseline) == {
        "inventory_free",
        "stocked",
        "hybrid",
    }
    one = sim.run(scenario, policy="stocked", replications=2, seed=3)
    both = results.kpis[results.kpis.policy == "stocked"].reset_index(drop=True)
    pd.testing.assert_frame_equal(one.kpis, both)  # common random numbers: the same runs
