"""A backtest of several folds also writes one pooled results folder, `overall/`, with its report."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.config import load_scenario
from sim.studies.backtest import OVERALL, fold_specs, run_backtest

from ..conftest import SCENARIOS


@pytest.fixture(scope="module")
def backtest():  # type: ignore[no-untyped-def]
    world = load_scenario(SCENARIOS / "online_retail_backtest.yaml")
    specs = fold_specs(world, folds=2, days=14, step_days=28, fit_days=90)
    return run_backtest(world, specs, ["inventory_free", "stocked"], replications=2, workers=1)


def test_the_pooled_results_hold_every_fold_and_replication(backtest) -> None:  # type: ignore[no-untyped-def]
    pooled = backtest.pooled()
    assert pooled.replications == 4 and sorted(pooled.kpis.replication.unique()) == [0, 1, 2, 3]
    assert len(pooled.kpis) == sum(len(f.kpis) for f in backtest.folds)
    every = pd.concat([f.kpis for f in backtest.folds])
    for policy in ("inventory_free", "stocked"):
        values = every[(every.policy == policy) & (every.metric == "cost_per_order")].value.to_numpy()
        row = pooled.summary[(pooled.summary.policy == policy) & (pooled.summary.metric == "cost_per_order")].iloc[0]
        assert row["mean"] == pytest.approx(values.mean()) and row["n"] == 4
        assert row["ci_low"] < row["mean"] < row["ci_high"]
    pair = pooled.comparisons[pooled.comparisons.metric == "cost_per_order"].iloc[0]
    assert pair["n"] == 4  # paired within each fold's replication (common random numbers)
    fold_diffs = [
        f.kpis[(f.kpis.metric == "cost_per_order") & (f.kpis.policy == "stocked")].value.to_numpy()
        - f.kpis[(f.kpis.metric == "cost_per_order") & (f.kpis.policy == "inventory_free")].value.to_numpy()
        for f in backtest.folds
    ]
    assert pair["mean_diff"] == pytest.approx(np.concatenate(fold_diffs).mean())


def test_the_folder_has_the_overall_report_besides_the_folds(backtest, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = backtest.write(tmp_path / "bt")
    assert (out / OVERALL / "report.html").exists() and (out / OVERALL / "summary.csv").exists()
    assert len(list(out.glob("fold-*/report.html"))) == 2
    summary = pd.read_csv(out / OVERALL / "summary.csv")
    assert set(summary[summary.metric == "cost_per_order"].n) == {4}
