"""Known-in-advance events feed the forecast-driven reorder rule: the reorder point rises ahead of a
promotion, the forecaster learns deseasonalised demand, and the window's fill rate improves
(CIs over replications); `known_events: false` keeps the look-back forecast."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from sim.config.models import Scenario
from sim.network.build import build_network
from sim.plan.build import make_plan
from sim.policies.forecast import ExponentialSmoothing, ForecastRule
from sim.studies.promotion_effect import promotion_effect

from ..conftest import TINY


def rule(known: list[float] | None) -> ForecastRule:
    return ForecastRule(
        ExponentialSmoothing(0.2, 10.0, 3.0),
        service_level=0.5,  # z = 0: s is the forecast over the protection interval
        order_quantity=5,
        lead_time_days=4,
        known_factor=known,
    )


def test_reorder_point_looks_ahead_and_learning_is_deseasonalised() -> None:
    known = [1.0] * 10 + [3.0] * 5 + [1.0] * 5
    plain, ahead = rule(None), rule(known)
    plain._resize(8), ahead._resize(8)
    assert plain.s == 40 and ahead.s == 10 + 10 + 30 + 30
    ahead.observe(10, 30)  # 30 units on a × 3 day is the expected 10: the level stays
    assert ahead.forecaster.level == 10.0
    plain.observe(10, 30)
    assert plain.forecaster.level > 10.0


def scenario(known_events: bool) -> dict[str, Any]:
    data = copy.deepcopy(TINY)
    data["horizon_days"] = 60
    start = dt.date(2025, 1, 6)
    data["promotions"] = [
        {
            "name": "p",
            "start": start + dt.timedelta(days=30),
            "end": start + dt.timedelta(days=39),
            "uplift": 3,
            "skus": ["A"],
        }
    ]
    data["policies"] = [
        {
            "name": "fc",
            "kind": "stocked",
            "reorder": {"kind": "forecast", "method": "exponential_smoothing", "known_events": known_events},
        }
    ]
    return data


def test_slots_get_the_factor_only_when_asked() -> None:
    for flag in (True, False):
        network = build_network(Scenario.model_validate(scenario(flag)))
        plan = make_plan(network, "fc")
        rules = {network.skus[s].id: slot.rule for (_, s), slot in plan.slots.items()}
        assert (rules["A"].known is not None) is flag  # type: ignore[attr-defined]
        assert rules["B"].known is None  # type: ignore[attr-defined]


def test_known_events_raise_the_window_fill_rate() -> None:
    on = promotion_effect(Scenario.model_validate(scenario(True)), "fc", "p", replications=6, seed=3)
    off = promotion_effect(Scenario.model_validate(scenario(False)), "fc", "p", replications=6, seed=3)
    fill_on, fill_off = on.to_dict("records")[1], off.to_dict("records")[1]
    assert fill_on["window_low"] > fill_off["window_high"], (fill_on, fill_off)
