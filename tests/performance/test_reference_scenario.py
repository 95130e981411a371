"""The issue-8 reference scenario: the store node, per-node reorder overrides, and agreement with
the hand-written floor model (benchmarks/floor.py), which simulates the same system independently."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from sim.base.problems import ScenarioError
from sim.base.timebase import HOUR
from sim.config.loader import parse_scenario
from sim.metrics.kpis import kpis
from sim.model import demand as demand_module
from sim.model.model import Model, simulate
from sim.network.build import build_network
from sim.plan.build import make_plan

from ..helpers import events, script

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str) -> ModuleType:
    """A benchmark script as a module; like `python benchmarks/<name>.py`, its folder is importable."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.append(str(BENCHMARKS))  # for benchmarks/contract.py
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


reference = _load("reference")
floor = _load("floor")


def reference_model(days: float, retailers: int, seed: int = 1, replication: int = 0, **kw: bool) -> Model:
    scenario = parse_scenario(reference.scenario_yaml(days, retailers, seed), "reference.yaml")
    network = build_network(scenario)
    return Model(network, make_plan(network, "reference"), seed, replication, **kw)


def test_each_store_serves_only_its_own_region_over_the_counter() -> None:
    m = reference_model(30, 2, events=True)
    script(m, [(HOUR, "r01", "ITEM", 3)])
    m.run()
    log = events(m)
    ships = [e for e in log if e["event"] == "ship"]
    regions = {e["region"] for e in ships}
    assert regions == {"r00", "r01"}
    for e in ships:  # served by the store of the customer's own region, handed over at once, free
        assert e["node"] == f"retailer_{e['region']}"
        assert e["amount"] == 0.0  # no shipping cost
        assert e["t2"] == e["t"]  # delivered when handed over
    assert not [e for e in log if e["event"] == "lost"]


def test_a_store_order_is_delivered_when_served_or_when_its_backorder_is_filled() -> None:
    output = reference_model(200, 2).run()
    tally = output.tally
    # served from stock: zero delivery time; backordered: the wait for the receipt
    assert tally.delivery_minutes[0] == tally.units_filled_first  # 1-unit orders
    assert tally.orders_delivered == tally.orders - output.units_backordered_end
    waited = tally.orders_delivered - tally.delivery_minutes[0]
    assert waited == tally.orders - tally.units_filled_first - output.units_backordered_end


def test_node_overrides_size_the_distributor_and_the_stores_differently() -> None:
    network = build_network(parse_scenario(reference.scenario_yaml(10, 4, 1), "reference.yaml"))
    plan = make_plan(network, "reference")
    levels = {
        network.nodes[n].name: (slot.rule.reorder_point, slot.rule.initial_level) for (n, _), slot in plan.slots.items()
    }
    assert levels["distributor"] == (200, 480)
    assert {v for k, v in levels.items() if k != "distributor"} == {(30, 80)}


def test_an_override_naming_a_missing_node_is_a_located_error() -> None:
    text = reference.scenario_yaml(10, 2, 1).replace("nodes:\n    - distributor", "nodes:\n    - distributer")
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "reference.yaml")
    assert "distributer" in str(err.value) and "did you mean" in str(err.value).lower()


def test_a_store_takes_no_carrier() -> None:
    text = reference.scenario_yaml(10, 2, 1).replace(
        "  replenish_from: distributor\n", "  replenish_from: distributor\n  ships_with: post.ground\n", 1
    )
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "reference.yaml")
    assert "ships_with" in str(err.value)


def test_jumping_the_clock_between_orders_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demand process skips the kernel when nothing is scheduled in between (kernel.jump_to);
    the same run with every jump refused must give the same event log and counters."""
    fast = reference_model(60, 3, events=True).run()
    monkeypatch.setattr(demand_module, "jump_to", lambda env, t, phase: False)
    slow = reference_model(60, 3, events=True).run()
    assert fast.log is not None and slow.log is not None
    columns = ("t", "event", "order_id", "node", "sku", "region", "units", "amount", "t2", "source")
    for column in columns:
        assert getattr(fast.log, column) == getattr(slow.log, column), column
    assert len(fast.log) > 1000
    assert kpis(fast.tally, fast.units_backordered_end) == kpis(slow.tally, slow.units_backordered_end)


def test_the_reference_model_agrees_with_the_hand_written_floor() -> None:
    """Both models simulate the reference scenario independently (own code, own random streams):
    their mean fill rate and mean orders per day must agree within a 99 % CI of the difference."""
    reps, days, k = 12, 365, 4
    ours = [
        kpis((o := simulate(m.network, m.plan, 7, r)).tally, o.units_backordered_end)["fill_rate_units"]
        for r in range(reps)
        for m in [reference_model(days, k, seed=7)]
    ]
    theirs = [floor.simulate(days, k, 1000 + r)["fill_rate"] for r in range(reps)]
    a, b = np.array(ours), np.array(theirs)
    diff = a.mean() - b.mean()
    half = 2.58 * math.sqrt(a.var(ddof=1) / reps + b.var(ddof=1) / reps)
    assert abs(diff) <= half, f"fill rate ours {a.mean():.4f} vs floor {b.mean():.4f} (±{half:.4f})"
    assert 0.98 < a.mean() < 1.0  # the expected ≈ 0.993
