"""Warm start: an operational snapshot is reproduced exactly at time zero; bad rows get located errors."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from sim.base.timebase import DAY, HOUR
from sim.config import ScenarioError, load_scenario
from sim.config.models import Scenario
from sim.model.model import Model
from sim.network.build import build_network
from sim.plan.build import make_plan

from ..helpers import events, script, silent


def two_nodes() -> dict:
    data = silent()
    data["regions"] = [{"name": "north", "demand_share": 1.0}, {"name": "south", "demand_share": 1.0}]
    data["zones"] = [{"between": ["north", "south"], "zone": 1}]
    data["nodes"].insert(1, {**data["nodes"][0], "name": "wh2", "region": "south"})
    data["service"] = {"unmet_demand": "backorder"}
    return data


CSV = """record,node,sku,units,region,eta
on_hand,wh,A,7,,
on_hand,wh2,B,0,,
on_hand,wh2,A,3,,
purchase_order,wh,A,40,,2.5
purchase_order,wh2,B,9,,2025-01-10
backorder,wh2,B,4,south,
backorder,wh2,B,2,north,
"""

YAML = """on_hand:
  - {node: wh, sku: A, units: 7}
  - {node: wh2, sku: B, units: 0}
  - {node: wh2, sku: A, units: 3}
purchase_orders:
  - {node: wh, sku: A, units: 40, eta: 2.5}
  - {node: wh2, sku: B, units: 9, eta: 2025-01-10}
backorders:
  - {node: wh2, sku: B, region: south, units: 4}
  - {node: wh2, sku: B, region: north, units: 2}
"""


def scenario_with(tmp_path: Path, name: str, text: str, data: dict | None = None) -> Path:
    (tmp_path / name).write_text(text)
    data = copy.deepcopy(data or two_nodes())
    data["initial_state"] = {"path": name}
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def state_at_zero(m: Model) -> dict[str, object]:
    """On hand, units on order and backorder lines (region, units) in queue order, by (node, SKU) name."""
    net = m.network
    on_hand = {(s.node.info.name, s.sku.id): s.on_hand for s in m.slots}
    on_order = {(s.node.info.name, s.sku.id): s.on_order for s in m.slots if s.on_order}
    waiting = {
        (s.node.info.name, s.sku.id): [(net.regions[o.region], u) for _, u, o in s.waiting]
        for s in m.slots
        if s.waiting
    }
    return {"on_hand": on_hand, "on_order": on_order, "waiting": waiting}


@pytest.mark.parametrize(("name", "text"), [("snap.csv", CSV), ("snap.yaml", YAML)])
def test_the_snapshot_is_the_state_at_time_zero(tmp_path: Path, name: str, text: str) -> None:
    network = build_network(load_scenario(scenario_with(tmp_path, name, text)))
    m = Model(network, make_plan(network, "stock"), 1, 0, events=True)
    assert state_at_zero(m) == {
        "on_hand": {("wh", "A"): 7, ("wh", "B"): 0, ("wh2", "A"): 3, ("wh2", "B"): 0},
        "on_order": {("wh", "A"): 40, ("wh2", "B"): 9},
        "waiting": {("wh2", "B"): [("south", 4), ("north", 2)]},
    }
    assert m.tally.on_hand_units == 10  # the time integrals start from the snapshot too
    m.run()
    log = events(m)
    # purchase orders arrive at their ETAs (2025-01-10 is day 4), whatever the supplier's lead time
    receipts = [(e["t"], e["node"], e["sku"], e["units"]) for e in log if e["event"] == "receipt"]
    assert receipts[:2] == [(int(2.5 * DAY), "wh", "A", 40), (4 * DAY, "wh2", "B", 9)]
    # and the oldest backorder line is served first at that receipt
    fills = [(e["t"], e["region"], e["units"]) for e in log if e["event"] == "allocate"]
    assert fills[:2] == [(4 * DAY, "south", 4), (4 * DAY, "north", 2)]


def test_without_a_snapshot_slots_start_at_their_planned_level(tmp_path: Path) -> None:
    data = two_nodes()
    network = build_network(load_scenario(scenario_with(tmp_path, "snap.csv", "record,node,sku,units\n", data)))
    m = Model(network, make_plan(network, "stock"), 1, 0)
    assert {s.on_hand for s in m.slots} == {0}  # an empty snapshot: everything starts empty
    network = build_network(Scenario.model_validate(silent()))
    m = Model(network, make_plan(network, "stock"), 1, 0)
    assert {s.on_hand for s in m.slots} == {60}  # sS S = 60


def test_snapshot_backorders_are_outside_the_kpis_but_inside_conservation(tmp_path: Path) -> None:
    text = "record,node,sku,units,region,eta\non_hand,wh,A,0,,\nbackorder,wh,A,5,north,\n"
    network = build_network(load_scenario(scenario_with(tmp_path, "snap.csv", text)))
    m = Model(network, make_plan(network, "stock"), 1, 0, events=True)
    script(m, [(HOUR, "north", "A", 1)])
    out = m.run()  # the conservation check runs here
    assert m.tally.all_units_demanded == 6 and m.tally.units_demanded == 1
    assert out.units_backordered_end == 0


BAD_CSV = """record,node,sku,units,region,eta
on_hand,wh,A,7,,
on_hand,wh,A,8,,
on_hand,ds,A,1,,
stock,wh,A,1,,
purchase_order,wh,Z,5,,
purchase_order,wh,A,5,,
purchase_order,wh,A,2.5,,-1
backorder,wh,A,3,,
backorder,wh,A,3,east,
on_hand,wh,B,1,north,
"""


def test_bad_csv_rows_get_file_line_column_and_a_fix(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as err:
        build_network(load_scenario(scenario_with(tmp_path, "snap.csv", BAD_CSV)))
    lines = str(err.value).splitlines()
    where = [line.split("  ")[0].rsplit("/", 1)[-1] for line in lines]
    assert where == [
        "snap.csv:3:2",
        "snap.csv:4:2",
        "snap.csv:5:1",
        "snap.csv:6:3",
        "snap.csv:6:6",
        "snap.csv:7:6",
        "snap.csv:8:4",
        "snap.csv:8:6",
        "snap.csv:9:5",
        "snap.csv:10:5",
        "snap.csv:11:5",
    ]
    text = str(err.value)
    assert "already given on line 2" in text and "'ds' is a dropship node" in text
    assert "record 'stock' is not one of on_hand, purchase_order, backorder" in text
    assert "unknown SKU 'Z'" in text and "eta is missing" in text and "not a whole number" in text
    assert "before time zero" in text and "region is missing" in text and "unknown region 'east'" in text
    assert "region is only for backorder rows" in text
    assert all("initial_state.path" in line for line in lines)


def test_bad_yaml_snapshot_is_located(tmp_path: Path) -> None:
    text = "on_hand:\n  - {node: wh, sku: A, units: -1}\npurchase_order:\n  - {node: wh, sku: A, units: 1, eta: 2}\n"
    with pytest.raises(ScenarioError) as err:
        build_network(load_scenario(scenario_with(tmp_path, "snap.yaml", text)))
    lines = str(err.value).splitlines()
    assert [line.split("  ")[0].rsplit("/", 1)[-1] for line in lines] == ["snap.yaml:2:31", "snap.yaml:3:1"]
    assert "units must be at least 0" in lines[0] and "unknown key 'purchase_order'" in lines[1]


def test_a_missing_snapshot_file_is_a_located_error_not_a_traceback(tmp_path: Path) -> None:
    path = scenario_with(tmp_path, "other.csv", "")
    (tmp_path / "other.csv").unlink()
    with pytest.raises(ScenarioError, match="cannot read the snapshot"):
        build_network(load_scenario(path))


def test_validate_reports_snapshot_problems_at_the_scenarios_key_when_the_file_is_missing(tmp_path: Path) -> None:
    path = scenario_with(tmp_path, "gone.csv", "")
    (tmp_path / "gone.csv").unlink()
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    line = str(err.value)
    assert line.startswith(f"{path}:") and "initial_state.path  cannot read the snapshot" in line


def test_cli_validate_exits_2_with_located_lines_and_no_traceback(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sim.cli import main

    path = scenario_with(tmp_path, "snap.csv", "record,node,sku,units\non_hand,wh,A,x\n")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "snap.csv:2:4  initial_state.path  units 'x' is not a whole number" in result.output


def test_the_shipped_example_starts_from_its_snapshot() -> None:
    from ..conftest import ROOT

    network = build_network(load_scenario(ROOT / "examples/warm_start/scenario.yaml"))
    m = Model(network, make_plan(network, "stocked"), 1, 0)
    state = state_at_zero(m)
    assert state["on_hand"] == {
        ("home_warehouse", "MUG-CLASSIC"): 12,
        ("home_warehouse", "TEE-LOGO"): 0,
        ("home_warehouse", "POSTER-A2"): 35,
        ("home_warehouse", "TOTE-BAG"): 18,
        ("home_warehouse", "NOTEBOOK"): 40,
    }
    assert state["on_order"] == {("home_warehouse", "TEE-LOGO"): 120, ("home_warehouse", "MUG-CLASSIC"): 80}
    assert state["waiting"] == {("home_warehouse", "TEE-LOGO"): [("north", 4), ("south", 2)]}
    m.run()  # and the run conserves units from there


def test_without_order_crossing_a_new_order_arrives_no_earlier_than_a_snapshot_order(tmp_path: Path) -> None:
    data = two_nodes()
    data["suppliers"][0]["order_crossing"] = False  # lead time 3 days
    text = "record,node,sku,units,region,eta\non_hand,wh,A,25,,\npurchase_order,wh,A,5,,9\n"
    network = build_network(load_scenario(scenario_with(tmp_path, "snap.csv", text, data)))
    m = Model(network, make_plan(network, "stock"), 1, 0, events=True)
    script(m, [(HOUR, "north", "A", 10)])  # position 20 ≤ s = 20: a purchase order, due day 3 01:00
    m.run()
    receipts = [e["t"] for e in events(m) if e["event"] == "receipt" and e["node"] == "wh" and e["sku"] == "A"]
    assert receipts[:2] == [9 * DAY, 9 * DAY]
