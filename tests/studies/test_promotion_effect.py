"""The promotion-effect study: units per day in the window reproduce the uplift, and a stock-limited
policy's fill rate drops in the window (paired CIs over replications)."""

from __future__ import annotations

import copy
import datetime as dt

from sim.config.models import Scenario
from sim.studies.promotion_effect import promotion_effect

from ..conftest import TINY


def test_window_against_outside() -> None:
    data = copy.deepcopy(TINY)
    data["horizon_days"] = 40
    start = dt.date(2025, 1, 6)
    data["promotions"] = [
        {
            "name": "p",
            "start": start + dt.timedelta(days=14),
            "end": start + dt.timedelta(days=23),
            "uplift": 3,
            "skus": ["A"],
            "ramp_days": 2,
            "pull_forward": {"factor": 0.5, "days": 4},
        }
    ]
    table = promotion_effect(Scenario.model_validate(data), "stock", "p", replications=8, seed=5)
    units, fill = table.to_dict("records")
    assert units["window_low"] <= 30 <= units["window_high"]  # A: 10 orders a day × 3
    assert units["outside_low"] <= 10 <= units["outside_high"]
    assert units["difference_low"] <= 20 <= units["difference_high"]
    assert fill["difference_high"] < 0  # (s, S) = (20, 60) cannot keep up with 30 a day
