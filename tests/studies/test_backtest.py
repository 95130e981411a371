"""Backtest folds as the Python API builds them (the runs themselves: tests/cli/test_backtest.py)."""

from __future__ import annotations

import datetime as dt

from sim.config import load_scenario
from sim.studies.backtest import FoldSpec, fold_specs

from ..conftest import SCENARIOS


def test_fold_specs_roll_from_the_start_or_take_the_origins_given() -> None:
    world = load_scenario(SCENARIOS / "online_retail_backtest.yaml")
    start = world.start_date
    assert fold_specs(world) == [FoldSpec(start, world.horizon_days, None)]
    rolled = fold_specs(world, folds=2, days=14, step_days=28, fit_days=90)
    assert rolled == [FoldSpec(start, 14, 90), FoldSpec(start + dt.timedelta(days=28), 14, 90)]
    assert [f.origin for f in fold_specs(world, folds=2, days=10.5)] == [start, start + dt.timedelta(days=11)]
    assert fold_specs(world, [dt.date(2011, 7, 1)], days=7) == [FoldSpec(dt.date(2011, 7, 1), 7, None)]
