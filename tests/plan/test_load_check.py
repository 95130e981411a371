"""Offered load from the scenario's rates (sim.plan.load_check) and the warnings of runs that mean little.

The issue's case: a pick/pack station offered about twice its capacity (189–237 % measured) ran without a
word, with a mean delivery of 580 days. Shipped scenarios stay well below capacity and say nothing.
"""

from __future__ import annotations

import copy
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

import sim
from sim.cli import main
from sim.config import Scenario, load_scenario
from sim.experiment.meaning import MeaninglessRunWarning, after_run, before_run
from sim.network.build import build_network
from sim.plan.build import make_plan
from sim.plan.load_check import offered_loads

from ..conftest import SCENARIOS, TINY


def overloaded(minutes: float = 240.0, stations: int = 1) -> dict[str, Any]:
    """TINY with a pick/pack station at `wh`: 12 orders a day × `minutes` against `stations` × 1,440."""
    data = copy.deepcopy(TINY)
    data["nodes"][0]["pick_pack"] = {"stations": stations, "minutes_per_order": {"kind": "fixed", "value": minutes}}
    data["horizon_days"] = 30
    return data


def scenario_of(data: dict[str, Any], tmp_path: Path) -> tuple[Scenario, Path]:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_scenario(path), path


def test_offered_load_is_orders_times_minutes_over_station_minutes(tmp_path: Path) -> None:
    scenario, _ = scenario_of(overloaded(), tmp_path)
    network = build_network(scenario)
    (load,) = offered_loads(network, make_plan(network, "stock"))
    assert (load.node, load.resource, load.unit) == ("wh", "pick/pack", "orders")
    assert load.offered == pytest.approx(12.0)  # 10 + 2 orders a day, all routed to wh
    assert load.capacity == pytest.approx(1440 / 240)
    assert load.ratio == pytest.approx(2.0)
    assert offered_loads(network, make_plan(network, "free")) == []  # dropship: no capacity in the schema


def test_print_on_demand_load_is_units_over_daily_capacity(tmp_path: Path) -> None:
    data = copy.deepcopy(TINY)
    data["nodes"][1] = {
        "name": "pod",
        "kind": "print_on_demand",
        "region": "north",
        "skus": "all",
        "production_days": {"kind": "fixed", "value": 1},
        "daily_capacity_units": 4,
        "ships_with": "post.std",
    }
    scenario, _ = scenario_of(data, tmp_path)
    network = build_network(scenario)
    (load,) = offered_loads(network, make_plan(network, "free"))
    assert (load.node, load.resource, load.offered, load.capacity) == ("pod", "print-on-demand line", 12.0, 4.0)
    assert "3.0× its capacity" in load.message()


def test_a_station_within_capacity_gives_no_warning(tmp_path: Path) -> None:
    scenario, _ = scenario_of(overloaded(minutes=60.0), tmp_path)
    assert before_run(scenario, ["free", "stock"]) == []


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_scenarios_are_not_overloaded(path: Path) -> None:
    scenario = load_scenario(path)
    assert before_run(scenario, [p.name for p in scenario.policies]) == []


def test_run_warns_before_and_after_and_writes_the_same_kpis(tmp_path: Path) -> None:
    _, path = scenario_of(overloaded(), tmp_path)
    outs = []
    outputs = []
    for k in range(2):
        out = tmp_path / f"res{k}"
        args = ["run", str(path), "--policy", "stock", "--reps", "2", "--workers", "1", "--no-progress"]
        result = CliRunner().invoke(main, [*args, "--out", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(out)
        outputs.append(result)
    stderr = outputs[0].stderr
    assert "warning: policy stock: node wh pick/pack is offered 2.0× its capacity" in stderr, stderr
    assert "12.0 orders/day vs 6.0 orders/day" in stderr and "queues will grow without bound" in stderr
    assert "warning: policy stock: node wh pick/pack utilisation was" in stderr and "(measured" in stderr, stderr
    assert outputs[0].stdout.strip().splitlines()[-1] == str(outs[0].resolve())  # the path is still the last line
    for name in ("kpis.csv", "summary.csv", "breakdown.csv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes()


def test_shipped_scenario_runs_print_no_warning(tmp_path: Path) -> None:
    path = SCENARIOS / "small_store.yaml"
    args = ["run", str(path), "--reps", "2", "--workers", "1", "--no-progress", "--set", "horizon_days=60"]
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "res")])
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.stderr


def test_the_python_api_warns_and_lists_them(tmp_path: Path) -> None:
    scenario, _ = scenario_of(overloaded(), tmp_path)
    with pytest.warns(MeaninglessRunWarning, match="node wh pick/pack is offered 2.0×"):
        results = sim.run(scenario, "stock", replications=2)
    assert any("offered 2.0×" in w for w in results.warnings)
    assert any("(measured" in w for w in results.warnings)
    (tmp_path / "calm").mkdir()
    calm, _ = scenario_of(overloaded(minutes=60.0), tmp_path / "calm")
    with warnings.catch_warnings():
        warnings.simplefilter("error", MeaninglessRunWarning)
        listed = sim.run(calm, "stock", replications=2).warnings  # may hold a short-warm-up note, not ours
        assert [w for w in listed if "mean little" in w] == []


def test_after_run_names_saturated_nodes_only() -> None:
    rows = [("p", r, "node", n, "pick_utilisation", v) for r in (0, 1) for n, v in (("busy", 0.995), ("calm", 0.5))]
    frame = pd.DataFrame(rows, columns=["policy", "replication", "scope", "name", "metric", "value"])
    (message,) = after_run(frame)
    assert "node busy pick/pack utilisation was 99.5%" in message


def with_capacity(capacity: dict[str, Any], **node0: Any) -> dict[str, Any]:
    """TINY (12 orders, 12 units a day, all to `wh` under `stock`) with a `capacity:` block."""
    data = copy.deepcopy(TINY)
    data["nodes"][0].update(node0)
    data["capacity"] = capacity
    return data


def test_shift_stations_count_only_their_open_hours(tmp_path: Path) -> None:
    # 60 minutes an order: 24 orders/day around the clock, but 8 h on weekdays is 40 h/week = 5.7/day
    pick = {"stations": 1, "minutes_per_order": {"kind": "fixed", "value": 60}}
    weekdays = {d: [{"start": 9, "end": 17}] for d in ("mon", "tue", "wed", "thu", "fri")}
    scenario, _ = scenario_of(
        with_capacity({"nodes": {"wh": {"shifts": {"hours": weekdays}}}}, pick_pack=pick), tmp_path
    )
    (message,) = before_run(scenario, ["stock"])
    assert "node wh pick/pack is offered 2.1× its capacity" in message
    assert "12.0 orders/day vs 5.7 orders/day" in message


def test_a_pickup_cap_below_the_parcels_per_pickup_warns(tmp_path: Path) -> None:
    scenario, _ = scenario_of(with_capacity({"nodes": {"wh": {"parcels_per_pickup": 5}}}), tmp_path)
    (message,) = before_run(scenario, ["stock"])
    assert (
        "node wh carrier pickup is offered 2.4× its capacity (about 12.0 parcels/pickup vs 5.0 parcels/pickup"
        in message
    )
    scenario, _ = scenario_of(with_capacity({"nodes": {"wh": {"parcels_per_pickup": 13}}}), tmp_path)
    assert before_run(scenario, ["stock"]) == []


def test_a_dropship_partners_units_per_day_warns(tmp_path: Path) -> None:
    scenario, _ = scenario_of(with_capacity({"nodes": {"ds": {"units_per_day": 4}}}), tmp_path)
    (message,) = before_run(scenario, ["free", "stock"])
    assert message.startswith("policy free: node ds dropship line is offered 3.0× its capacity")
    assert "12.0 units/day vs 4.0 units/day" in message


def test_a_suppliers_units_per_day_warns_through_a_chain_of_nodes(tmp_path: Path) -> None:
    data = with_capacity(
        {"suppliers": {"sup": {"units_per_day": 6}}}, replenish_from="dc", transfer_days={"kind": "fixed", "value": 1}
    )
    data["nodes"].append(
        {"name": "dc", "kind": "warehouse", "region": "north", "replenish_from": "sup", "ships_with": "post.std"}
    )
    scenario, _ = scenario_of(data, tmp_path)
    (message,) = before_run(scenario, ["stock"])
    assert "policy stock: supplier sup supply is offered 2.0× its capacity" in message
    assert "12.0 units/day vs 6.0 units/day" in message
    scenario, _ = scenario_of(with_capacity({"suppliers": {"sup": {"units_per_day": 20}}}), tmp_path)
    assert before_run(scenario, ["stock"]) == []


def test_after_run_names_saturated_resources() -> None:
    rows = [
        ("p", r, "resource", n, "utilisation", v)
        for r in (0, 1)
        for n, v in (("wh/pickup", 1.0), ("sup/supply", 0.4), ("ds/dropship", float("nan")))
    ]
    frame = pd.DataFrame(rows, columns=["policy", "replication", "scope", "name", "metric", "value"])
    (message,) = after_run(frame)
    assert "policy p: resource wh/pickup utilisation was 100.0%" in message
    # a plain station's own resource row (wh/pick_pack) repeats its node's pick_utilisation: named once
    both = [("p", 0, "node", "wh", "pick_utilisation", 1.6), ("p", 0, "resource", "wh/pick_pack", "utilisation", 0.996)]
    (message,) = after_run(pd.DataFrame(both, columns=frame.columns))
    assert "node wh pick/pack utilisation was 160.0%" in message


def test_a_capped_pickup_warns_before_and_after_a_cli_run(tmp_path: Path) -> None:
    data = with_capacity({"nodes": {"wh": {"parcels_per_pickup": 5}}})
    data["horizon_days"] = 30
    _, path = scenario_of(data, tmp_path)
    args = ["run", str(path), "--policy", "stock", "--reps", "2", "--workers", "1", "--no-progress"]
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "res")])
    assert result.exit_code == 0, result.output
    assert "warning: policy stock: node wh carrier pickup is offered 2.4× its capacity" in result.stderr, result.stderr
    assert "warning: policy stock: resource wh/pickup utilisation was" in result.stderr, result.stderr
