"""Reorder rules inside the model: demand observation, sequential deliveries, supplier rounding,
the backorder integral, and a planner switching a shipped scenario to a forecast-driven rule."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from sim.base.timebase import DAY
from sim.cli import main
from sim.config import ScenarioError, load_scenario, parse_scenario
from sim.config.custom import ALLOW_CODE_ENV
from sim.config.models import Scenario
from sim.metrics.kpis import kpis
from sim.model.model import Model
from sim.network.build import build_network
from sim.plan.build import make_plan
from sim.policies import ForecastRule, MovingAverage, SeasonalIndex

from ..conftest import SCENARIOS, TINY


def one_sku(reorder: dict[str, Any], **supplier: Any) -> dict[str, Any]:
    """The tiny scenario with one SKU (Poisson 10 a day), one warehouse, backorders."""
    data = copy.deepcopy(TINY)
    data["skus"] = data["skus"][:1]
    data["horizon_days"] = 120
    data["service"] = {"unmet_demand": "backorder"}
    data["suppliers"][0].update(supplier)
    data["policies"] = [{"name": "stock", "kind": "stocked", "reorder": reorder}]
    return data


def run(data: dict[str, Any], seed: int = 1) -> tuple[Model, pd.DataFrame]:
    network = build_network(Scenario.model_validate(data))
    model = Model(network, make_plan(network, "stock"), seed, 0, events=True)
    out = model.run()
    assert out.log is not None
    return model, out.log.to_frame(network)


def test_a_forecasting_rule_sees_each_days_demand_at_its_slot() -> None:
    data = one_sku({"kind": "forecast", "method": "moving_average", "window_days": 7})
    model, log = run(data)
    rule = model.slots[0].rule
    assert isinstance(rule, ForecastRule) and isinstance(rule.forecaster, MovingAverage)
    orders = log[log.event == "order"]
    per_day = orders.groupby(orders.t // DAY).units.sum().reindex(range(120), fill_value=0)
    # the last observation is day 118 (handed over at the start of day 119; day 119 ends at the horizon)
    assert list(rule.forecaster.history) == per_day.iloc[112:119].tolist()
    assert model.slots[0].demanded == orders.units.sum()


def test_the_plan_is_not_changed_by_a_run_of_a_learning_rule() -> None:
    data = one_sku({"kind": "forecast", "method": "exponential_smoothing", "alpha": 0.5})
    network = build_network(Scenario.model_validate(data))
    plan = make_plan(network, "stock")
    before = repr(next(iter(plan.slots.values())).rule)
    first = kpis(*_tally(Model(network, plan, 3, 0).run()))
    assert repr(next(iter(plan.slots.values())).rule) == before
    again = kpis(*_tally(Model(network, plan, 3, 0).run()))
    assert first == again  # the plan can be reused: each run learns from scratch


def _tally(out: Any) -> tuple[Any, int]:
    return out.tally, out.units_backordered_end


@pytest.mark.parametrize("review", [{"kind": "continuous"}, {"kind": "periodic", "period_days": 3}])
def test_forecast_rule_follows_a_demand_level_change(review: dict[str, Any]) -> None:
    """Demand doubles in the second half (month seasonality): the reorder point follows it up."""
    data = one_sku({"kind": "forecast", "method": "exponential_smoothing", "alpha": 0.1})
    data["policies"][0]["review"] = review
    data["horizon_days"] = 180
    data["start_date"] = "2025-01-01"
    data["seasonality"] = {"month": [1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1]}
    model, log = run(data)
    rule = model.slots[0].rule
    assert isinstance(rule, ForecastRule)
    orders = log[log.event == "order"]
    recent = orders[orders.t >= 150 * DAY].units.sum() / 30
    assert rule.forecaster.level == pytest.approx(recent, rel=0.25)
    assert rule.reorder_point > model.plan.slots[next(iter(model.plan.slots))].rule.reorder_point


def test_seasonal_index_learns_a_weekday_pattern() -> None:
    pattern = np.array([2.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5])
    forecaster = SeasonalIndex(7, 0.05, 0.05, prior_mean=10.0, prior_sd=3.0)
    rng = np.random.default_rng(4)
    for day in range(7 * 150):
        forecaster.update(day, float(rng.poisson(10 * pattern[day % 7] / pattern.mean())))
    expected = pattern / pattern.mean()
    assert np.allclose(forecaster.index, expected, atol=0.08)
    assert forecaster.level == pytest.approx(10.0, rel=0.1)


def test_moving_average_uses_the_prior_until_its_window_is_full() -> None:
    ma = MovingAverage(3, prior_mean=5.0, prior_sd=1.0)
    ma.update(0, 10)
    ma.update(1, 20)
    assert (ma.level, ma.error_sd) == (5.0, 1.0)
    ma.update(2, 30)
    assert ma.level == 20.0 and ma.error_sd == pytest.approx(10.0)
    ma.update(3, 40)
    assert ma.level == 30.0


GAMMA_LEAD = {"kind": "gamma", "mean": 6, "sd": 4}


@pytest.mark.parametrize("crossing", [True, False])
def test_order_crossing_is_the_suppliers_choice(crossing: bool) -> None:
    data = one_sku({"kind": "base_stock", "S": 70}, lead_time_days=GAMMA_LEAD, order_crossing=crossing)
    _, log = run(data)
    arrivals = log[log.event == "purchase"].t2.to_numpy()
    assert len(arrivals) > 100
    crossed = int(np.sum(np.diff(arrivals) < 0))
    if crossing:
        assert crossed > 0  # independent lead times: later orders overtake earlier ones
    else:
        assert crossed == 0
        receipts = log[log.event == "receipt"].t.to_numpy()
        assert np.all(np.diff(receipts) >= 0)


def test_supplier_moq_and_pack_size_round_whatever_the_rule_orders() -> None:
    for reorder in ({"kind": "base_stock", "S": 30}, {"kind": "forecast", "method": "moving_average"}):
        data = one_sku(reorder, moq=25, pack_size=10)
        _, log = run(data)
        units = log[log.event == "purchase"].units
        assert len(units) > 0 and (units >= 25).all() and (units % 10 == 0).all()


def test_backorder_integral_matches_the_event_log() -> None:
    data = one_sku({"kind": "rQ", "r": 20, "Q": 15}, lead_time_days={"kind": "fixed", "value": 4})
    data["warmup_days"] = 10
    model, log = run(data)
    network = model.network
    waits = log[log.event == "backorder"][["t", "order", "units"]]
    served = log[(log.event == "allocate") & log.order.isin(waits.order)].groupby("order").t.max()
    assert len(waits) > 20
    start = waits.t.clip(network.warmup_s, network.horizon_s)
    end = waits.order.map(served).fillna(np.inf).clip(network.warmup_s, network.horizon_s)
    area = float(((end - start).clip(lower=0) * waits.units).sum())
    assert model.tally.backorders_area == pytest.approx(area)


# -- the planner's switch: one YAML block -------------------------------------------------------------

FORECAST_BLOCK = "reorder: {kind: forecast, method: exponential_smoothing, alpha: 0.3, service_level: 0.95}"


def _switch(text: str, block: str) -> str:
    """small_store.yaml with the `stocked` policy's reorder block replaced by `block` (one line)."""
    pattern = r"(  - name: stocked\n    kind: stocked[^\n]*\n)    reorder: [^\n]*\n"
    switched, n = re.subn(pattern, lambda m: m.group(1) + "    " + block + "\n", text)
    assert n == 1
    return switched


def test_a_planner_switches_a_shipped_scenario_to_a_forecast_rule(tmp_path: Path) -> None:
    text = (SCENARIOS / "small_store.yaml").read_text()
    path = tmp_path / "small_store.yaml"
    path.write_text(_switch(text, FORECAST_BLOCK))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    scenario = load_scenario(path, ["horizon_days=60", "warmup_days=10"])
    network = build_network(scenario)
    plan = make_plan(network, "stocked")
    assert all(isinstance(slot.rule, ForecastRule) for slot in plan.slots.values())
    out = Model(network, plan, 1, 0).run()
    assert 0.5 < kpis(out.tally, out.units_backordered_end)["fill_rate_units"] <= 1.0


@pytest.mark.parametrize(
    "block,expected",
    [
        (
            "reorder: {kind: forecast, method: moving_average, alpha: 0.3}",
            "alpha does not apply to method moving_average (it is a parameter of exponential_smoothing and seasonal);"
            " moving_average takes window_days",
        ),
        ("reorder: {kind: forecast, method: exponential_smoothing, alpha: 1.5}", "alpha  Input should be less than"),
        ("reorder: {kind: forecast, method: holt_winters}", "method  Input should be 'moving_average'"),
        ("reorder: {kind: forecast, method: seasonal, window: 28}", "unknown key 'window'"),
    ],
)
def test_validate_explains_a_wrong_forecast_parameter(tmp_path: Path, block: str, expected: str) -> None:
    text = _switch((SCENARIOS / "small_store.yaml").read_text(), block)
    path = tmp_path / "small_store.yaml"
    path.write_text(text)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    line = text.splitlines().index("    " + block) + 1
    assert f"{path}:{line}:" in result.output and "policies[1].reorder" in result.output, result.output
    assert expected in result.output, result.output
    assert "Traceback" not in result.output


def test_custom_rule_problems_are_located(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_CODE_ENV, "1")  # scenario-named code is imported only when allowed (docs/TRUST.md)
    data = one_sku({"kind": "custom", "class": "examples.custom_policy.pallet_rule:PalletRul"})
    with pytest.raises(ScenarioError) as info:
        parse_scenario(yaml.safe_dump(data), "c.yaml")
    message = "\n".join(p.format() for p in info.value.problems)
    assert "policies[0].reorder.class" in message and "has no 'PalletRul'" in message and "PalletRule" in message
    data["policies"][0]["reorder"] = {
        "kind": "custom",
        "class": "examples.custom_policy.pallet_rule:PalletRule",
        "params": {"trigger_days": 3, "cover_dayz": 9},
    }
    with pytest.raises(ScenarioError) as info:
        parse_scenario(yaml.safe_dump(data), "c.yaml")
    assert "params do not fit" in str(info.value.problems[0].message)
    data["policies"][0]["reorder"]["class"] = "no_such_package.rules:Rule"
    with pytest.raises(ScenarioError) as info:
        parse_scenario(yaml.safe_dump(data), "c.yaml")
    assert "cannot import module 'no_such_package.rules'" in str(info.value.problems[0].message)


def test_the_custom_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_CODE_ENV, "1")
    scenario = load_scenario(Path(__file__).resolve().parents[2] / "examples/custom_policy/scenario.yaml")
    network = build_network(scenario.model_copy(update={"horizon_days": 60.0, "warmup_days": 5.0}))
    out = Model(network, make_plan(network, "pallets"), 1, 0, events=True).run()
    assert out.log is not None
    purchases = out.log.to_frame(network)
    units = purchases[purchases.event == "purchase"].units
    assert len(units) > 0 and (units % 48 == 0).all()


@pytest.mark.parametrize("method", ["moving_average", "exponential_smoothing", "seasonal"])
def test_protection_forecast_sums_the_daily_forecasts(method: str) -> None:
    from sim.policies import SlotFacts

    rule = ForecastRule.from_facts(SlotFacts(10, 3, 9.5, 1.0, 7, order_cost=30, holding_per_unit_year=2), method=method)
    rng = np.random.default_rng(2)
    for day in range(60):
        rule.observe(day, int(rng.poisson(10 + 5 * (day % 7 == 0))))
    daily = rule.forecaster.daily
    brute = sum(daily(61 + k) for k in range(16)) + 0.5 * daily(77)  # P = 9.5 + 7 = 16.5 days
    assert rule.protection_forecast(61) == pytest.approx(brute)
