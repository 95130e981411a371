"""Reorder overrides: by SKU, by ABC class, by node; the first match wins; optimise per class."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from sim.base.problems import ScenarioError
from sim.config.models import Scenario
from sim.network.build import build_network
from sim.plan.build import make_plan
from sim.sweeps.optimize import Goal, optimize
from sim.sweeps.points import plan_sweep

from ..conftest import SCENARIOS


def small_store_with(overrides: list[dict]) -> Scenario:
    data = yaml.safe_load((SCENARIOS / "small_store.yaml").read_text())
    stocked = next(p for p in data["policies"] if p["name"] == "stocked")
    stocked["overrides"] = overrides
    return Scenario.model_validate(data)


def levels(scenario: Scenario) -> dict[str, tuple[str, int, int]]:
    network = build_network(scenario)
    plan = make_plan(network, "stocked")
    return {
        network.skus[s].id: (network.skus[s].abc, slot.rule.reorder_point, slot.rule.initial_level)
        for (_, s), slot in plan.slots.items()
    }


def test_an_override_by_class_applies_to_that_class_only() -> None:
    base = levels(small_store_with([]))
    tuned = levels(small_store_with([{"classes": ["A"], "reorder": {"kind": "sS", "s": 7, "S": 19}}]))
    classes = {abc for abc, _, _ in base.values()}
    assert "A" in classes and len(classes) > 1  # the test needs both kinds of SKU
    for sku, (abc, rop, level) in tuned.items():
        if abc == "A":
            assert (rop, level) == (7, 19)
        else:
            assert (rop, level) == base[sku][1:]


def test_the_first_matching_override_wins() -> None:
    first_sku = next(iter(levels(small_store_with([]))))
    tuned = levels(
        small_store_with(
            [
                {"skus": [first_sku], "reorder": {"kind": "sS", "s": 1, "S": 2}},
                {"classes": ["A", "B", "C"], "reorder": {"kind": "sS", "s": 3, "S": 4}},
            ]
        )
    )
    assert tuned[first_sku][1:] == (1, 2)
    assert {v[1:] for k, v in tuned.items() if k != first_sku} == {(3, 4)}


def test_an_override_must_say_what_it_applies_to() -> None:
    with pytest.raises(ValueError, match="skus:, classes: or nodes:"):
        small_store_with([{"reorder": {"kind": "sS", "s": 1, "S": 2}}])


def test_an_override_naming_an_unknown_node_is_reported() -> None:
    data = small_store_with([]).model_dump(mode="json", by_alias=True, exclude_none=True)
    stocked = next(p for p in data["policies"] if p["name"] == "stocked")
    stocked["overrides"] = [{"nodes": ["nowhere"], "reorder": {"kind": "sS", "s": 1, "S": 2}}]
    with pytest.raises(ScenarioError, match="nowhere"):
        build_network(Scenario.model_validate(data))


def test_optimize_searches_a_class_override(tmp_path: Path) -> None:
    """The optimiser can tune the service level of the A items alone, through the override's path."""
    base = small_store_with(
        [{"classes": ["A"], "reorder": {"kind": "service_level", "service_level": 0.9, "order_quantity": "eoq"}}]
    ).model_copy(update={"horizon_days": 60.0})
    path = "policies.stocked.overrides.0.reorder.service_level"
    plan = plan_sweep(base, parameters={path: [0.5, 0.98]}, policies=["stocked"], seed=3)
    result = optimize(plan, tmp_path / "opt", Goal("stocked", floor=0.5), replications=3, max_replications=3, workers=1)
    chosen = json.loads((tmp_path / "opt" / "chosen.json").read_text())
    assert path in json.dumps(chosen)
    candidates = pd.read_csv(tmp_path / "opt" / "candidates.csv")
    assert len(candidates) == 2 and result is not None
    # the A items' level moves the A slots' reorder points and nothing else
    low = levels(plan.points[0].scenario)
    high = levels(plan.points[1].scenario)
    for sku, (abc, rop, _) in low.items():
        assert (rop < high[sku][1]) if abc == "A" else (rop == high[sku][1])
