"""Continuous collection (issue 15): a carrier service with `collection: continuous` takes each
parcel the moment it is packed — delivery = pack time + transit, exactly, whatever the hour."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from sim.base.timebase import DAY, HOUR, MINUTE
from sim.cli import main
from sim.config.models import Scenario
from sim.network.build import build_network
from sim.routing.pickups import next_pickup_s

from ..conftest import TINY
from ..helpers import events, model, script, silent

PACK = 30 * MINUTE
TRANSIT = 2 * DAY


def scenario(collection: str | None) -> dict[str, Any]:
    """The tiny scenario, silent; the warehouse packs in 30 minutes (one station); two policies."""
    data = silent(copy.deepcopy(TINY))
    data["nodes"][0]["pick_pack"] = {"stations": 1, "minutes_per_order": {"kind": "fixed", "value": 30}}
    service = data["carriers"][0]["services"][0]
    if collection == "continuous":
        for key in ("pickup_time", "pickup_days"):
            del service[key]
    if collection is not None:
        service["collection"] = collection
    return data


ORDERS = [
    (3 * HOUR + 17 * MINUTE, "north", "A", 1),
    (22 * HOUR + 40 * MINUTE, "north", "A", 2),
    (5 * DAY + 1, "north", "B", 1),
]


def shipped(data: dict[str, Any], policy: str) -> list[tuple[int, int]]:
    """(left, delivered) of every parcel, in the order they left."""
    m = model(data, policy)
    script(m, ORDERS)
    m.run()
    return [(e["t"], e["t2"]) for e in events(m) if e["event"] == "ship"]


@pytest.mark.parametrize("policy", ["stock", "free"])
def test_a_parcel_leaves_when_packed_and_arrives_after_its_transit(policy: str) -> None:
    rows = shipped(scenario("continuous"), policy)
    assert len(rows) == len(ORDERS)
    for (t, _, _, _), (pickup, delivered) in zip(ORDERS, rows, strict=True):
        ready = t + PACK if policy == "stock" else t + DAY  # dropship: 1 handling day, then it leaves
        assert pickup == ready
        assert delivered == ready + TRANSIT


def test_scheduled_collection_is_unchanged_and_waits_for_the_pickup() -> None:
    rows = shipped(scenario(None), "stock")
    assert [pickup % DAY for pickup, _ in rows] == [17 * HOUR] * len(ORDERS)
    assert rows == shipped(scenario("scheduled"), "stock")


def test_routing_estimates_use_the_same_rule() -> None:
    network = build_network(Scenario.model_validate(scenario("continuous")))
    wh = network.nodes[0]
    assert next_pickup_s(22 * HOUR, wh, network.start_date.weekday()) == 22 * HOUR


def test_a_closed_node_hands_over_at_reopening() -> None:
    data = scenario("continuous")
    data["disruptions"] = {"node_closures": [{"node": "wh", "windows": [{"start": 0, "end": 1}]}]}
    m = model(data, "stock")
    script(m, [(3 * HOUR, "north", "A", 1)])
    m.run()
    (ship,) = [e for e in events(m) if e["event"] == "ship"]
    assert ship["t"] == DAY + PACK  # packing waits for reopening (day 1, midnight), then it leaves
    assert ship["t2"] == ship["t"] + TRANSIT


@pytest.mark.parametrize(
    "key,value", [("pickup_time", "12:00"), ("pickup_days", ["mon"]), ("holidays", ["2025-01-07"])]
)
def test_a_schedule_with_continuous_collection_is_a_located_error(tmp_path: Path, key: str, value: Any) -> None:
    data = scenario("continuous")
    data["carriers"][0]["services"][0][key] = value
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "carriers[0].services[0]" in result.output and f"{key} does not apply" in result.output


def test_a_late_cutoff_is_no_error_with_continuous_collection(tmp_path: Path) -> None:
    data = scenario("continuous")
    data["nodes"][0]["cutoff"] = "23:30"
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert CliRunner().invoke(main, ["validate", str(path)]).exit_code == 0
