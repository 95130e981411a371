"""Bad routing, carrier and conversion blocks get located errors (file:line, key path), never a traceback."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from sim.config import ScenarioError, parse_scenario
from tests.conftest import TINY


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(yaml.safe_dump(data, sort_keys=False), "s.yaml")
    return [p.format() for p in info.value.problems]


def with_service(**fields: Any) -> dict[str, Any]:
    data = copy.deepcopy(TINY)
    data["carriers"][0]["services"][0].update(fields)
    return data


@pytest.mark.parametrize(
    ("data", "path", "needle"),
    [
        (with_service(on_time_probability=0.9), "carriers[0].services[0]", "needs late_days"),
        (with_service(late_days={"kind": "fixed", "value": 1}), "carriers[0].services[0]", "only used when"),
        (with_service(on_time_probability=1.5, late_days={"kind": "fixed", "value": 1}), "on_time_probability", ""),
        (
            with_service(
                peak_windows=[{"start": "2025-02-01", "end": "2025-01-01", "delay_days": {"kind": "fixed", "value": 1}}]
            ),
            "peak_windows",
            "before start",
        ),
        (with_service(holidays=["not a date"]), "holidays", ""),
        ({**copy.deepcopy(TINY), "routing": {"strategy": "smartest"}}, "routing.strategy", ""),
        ({**copy.deepcopy(TINY), "routing": {"weights": {"per_cost": -1}}}, "routing.weights.per_cost", ""),
        ({**copy.deepcopy(TINY), "conversion": {"tolerance": 3}}, "conversion", ""),
    ],
)
def test_bad_blocks_are_located(data: dict[str, Any], path: str, needle: str) -> None:
    problems = problems_of(data)
    assert any(path in p and needle in p and "s.yaml:" in p for p in problems), problems


def test_an_unknown_node_in_a_policy_priority_is_located_with_a_suggestion() -> None:
    data = copy.deepcopy(TINY)
    data["policies"][1]["routing"] = {"strategy": "priority", "priority": ["whh"]}
    problems = problems_of(data)
    assert any("policies[1].routing.priority[0]" in p and "did you mean 'wh'" in p for p in problems), problems


def test_defaults_reproduce_the_old_routing() -> None:
    scenario = parse_scenario(yaml.safe_dump(TINY))
    assert scenario.routing.strategy == "nearest" and not scenario.routing.split_shipments
    assert scenario.conversion is None
    service = scenario.carriers[0].services[0]
    assert service.on_time_probability == 1 and not service.holidays and not service.peak_windows
