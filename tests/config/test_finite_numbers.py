"""Finite numbers everywhere in a scenario (docs/LIMITS.md): NaN and ±inf rejected by every float field
(the strict base), booleans are not numbers, and distributions must have a finite, sane mean and sd.
Each case is one the issue found passing `validate` and crashing or giving garbage in the run."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from sim.cli import main
from sim.config import ScenarioError, parse_scenario

from ..conftest import TINY

Change = Callable[[dict[str, Any]], None]


def problems_after(change: Change) -> list[str]:
    data = copy.deepcopy(TINY)
    change(data)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(yaml.safe_dump(data, sort_keys=False), "s.yaml")
    return [p.format() for p in info.value.problems]


def rate(data: dict[str, Any]) -> dict[str, Any]:
    rate_: dict[str, Any] = data["carriers"][0]["services"][0]["rates"][0]
    return rate_


CASES: dict[str, tuple[Change, str, str]] = {
    "nan month factor": (
        lambda d: d.update(seasonality={"month": [1.0] * 11 + [float("nan")]}),
        "seasonality.month[11]",
        "not a finite number",
    ),
    "inf weight": (lambda d: d["skus"][0].update(weight_kg=float("inf")), "skus[0].weight_kg", "not a finite number"),
    "-inf cost": (lambda d: d["skus"][1].update(unit_cost=float("-inf")), "skus[1].unit_cost", "not a finite number"),
    "nan demand rate": (
        lambda d: d["skus"][0]["demand"].update(orders_per_day=float("nan")),
        "skus[0].demand.orders_per_day",
        "not a finite number",
    ),
    "bool cost per shipment": (
        lambda d: rate(d).update(cost_per_shipment=True),
        "carriers[0].services[0].rates[0].cost_per_shipment",
        "true is a boolean, not a number",
    ),
    "bool horizon": (lambda d: d.update(horizon_days=False), "horizon_days", "false is a boolean"),
    "bool in a list of numbers": (
        lambda d: d.update(seasonality={"weekday": [1.0, 1.0, True, 1.0, 1.0, 1.0, 1.0]}),
        "seasonality.weekday[2]",
        "true is a boolean",
    ),
    "bool distribution parameter": (
        lambda d: d["suppliers"][0].update(lead_time_days={"kind": "fixed", "value": True}),
        "suppliers[0].lead_time_days.value",
        "true is a boolean",
    ),
    "inf distribution parameter": (
        lambda d: d["suppliers"][0].update(lead_time_days={"kind": "fixed", "value": float("inf")}),
        "suppliers[0].lead_time_days.value",
        "not a finite number",
    ),
    "transit bound 1e20 days": (
        lambda d: rate(d).update(transit_days={"kind": "uniform", "low": 1, "high": 1e20}),
        "carriers[0].services[0].rates[0].transit_days",
        "mean of 5e+19",
    ),
    "normal sd 1e30": (
        lambda d: d["suppliers"][0].update(lead_time_days={"kind": "normal", "mean": 3, "sd": 1e30}),
        "suppliers[0].lead_time_days",
        "at most 1e+09",
    ),
    "lognormal sd 1e30": (
        lambda d: d["suppliers"][0].update(lead_time_days={"kind": "lognormal", "mean": 3, "sd": 1e30}),
        "suppliers[0].lead_time_days",
        "at most 1e+09",
    ),
    "lognormal whose variance overflows": (
        lambda d: d["suppliers"][0].update(lead_time_days={"kind": "lognormal", "mean": 3, "sd": 1e200}),
        "suppliers[0].lead_time_days",
        "sd of inf",
    ),
    "long tail whose least popular SKU gets no demand": (
        lambda d: d.update(
            long_tail={
                "count": 5000,
                "orders_per_day_total": 1e-320,
                "unit_cost": {"kind": "fixed", "value": 1},
                "price_markup": 2,
            }
        ),
        "long_tail",
        "would get 0 orders per day",
    ),
    "long tail price markup 1e300": (
        lambda d: d.update(
            long_tail={
                "count": 5,
                "orders_per_day_total": 5,
                "unit_cost": {"kind": "fixed", "value": 1},
                "price_markup": 1e300,
            }
        ),
        "long_tail",
        "price_markup 1e+300 is over 1e+06",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_non_finite_huge_and_boolean_numbers_are_located_errors(name: str) -> None:
    change, path, words = CASES[name]
    found = problems_after(change)
    assert any(f"  {path}  " in m and words in m for m in found), found
    assert all(m.startswith("s.yaml:") for m in found), found


def test_the_error_goes_through_the_cli_as_exit_2(tmp_path: Any) -> None:
    text = yaml.safe_dump(TINY, sort_keys=False).replace("cost_per_shipment: 4.0", "cost_per_shipment: true")
    path = tmp_path / "s.yaml"
    path.write_text(text)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "cost_per_shipment  true is a boolean, not a number" in result.output


def test_sane_values_still_pass() -> None:
    data = copy.deepcopy(TINY)
    data["suppliers"][0]["lead_time_days"] = {"kind": "normal", "mean": 1e8, "sd": 1e8}
    data["seasonality"] = {"month": [0.0] * 11 + [1.0]}
    parse_scenario(yaml.safe_dump(data, sort_keys=False), "s.yaml")
