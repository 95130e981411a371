"""The short-warm-up warning skips a replay of dated history (a backtest from a stated start)."""

from __future__ import annotations

import warnings

import sim
from sim.config import Scenario
from sim.experiment.warmup import ShortWarmupWarning, replays_history, warmup
from tests.conftest import SCENARIOS, tiny

BACKTEST = SCENARIOS / "online_retail_backtest.yaml"


def test_a_history_replay_with_warmup_0_does_not_warn_though_mser_suggests_more() -> None:
    """online_retail_backtest keeps warmup_days: 0 on purpose (every real order of Jun-Dec 2011
    counts); its run used to warn that MSER-5 suggests a warm-up (95 days on the full horizon)."""
    scenario = sim.load_scenario(BACKTEST, ["horizon_days=60"])
    assert scenario.warmup_days == 0 and replays_history(scenario)
    assert warmup(scenario, ["stocked"], replications=2).suggested_days > 0  # so the test can fail
    with warnings.catch_warnings():
        warnings.simplefilter("error", ShortWarmupWarning)
        results = sim.run(scenario, "stocked", replications=2)
    assert not any("MSER-5" in w for w in results.warnings)


def test_synthetic_demand_is_not_a_history_replay() -> None:
    assert not replays_history(Scenario.model_validate(tiny()))
