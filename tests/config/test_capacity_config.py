"""Bad capacity input gets a located error and exit 2, never a traceback (sim.config.capacity,
sim.config.capacity_checks): negative capacity, shift hours outside 0–24, overlapping shifts,
caps on nodes that do not have what they limit, unknown names."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from click.testing import CliRunner

from sim.cli import main

from ..conftest import TINY


def _validate(write_yaml: Any, capacity: dict[str, Any], **node_changes: Any) -> str:
    data = copy.deepcopy(TINY)
    data["nodes"][0] |= node_changes
    data["capacity"] = capacity
    result = CliRunner().invoke(main, ["validate", str(write_yaml(data))])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


PICK = {"pick_pack": {"stations": 2, "minutes_per_order": {"kind": "fixed", "value": 3}}}


@pytest.mark.parametrize(
    ("capacity", "where", "says"),
    [
        (
            {"nodes": {"wh": {"parcels_per_pickup": -5}}},
            "capacity.nodes.wh.parcels_per_pickup",
            "greater than or equal to 1",
        ),
        ({"nodes": {"ds": {"units_per_day": -1}}}, "capacity.nodes.ds.units_per_day", "greater than 0"),
        ({"suppliers": {"sup": {"units_per_day": 0}}}, "capacity.suppliers.sup.units_per_day", "greater than 0"),
        (
            {"nodes": {"wh": {"shifts": {"hours": {"mon": [{"start": 8, "end": 25}]}}}}},
            "capacity.nodes.wh.shifts.hours.mon[0].end",
            "less than or equal to 24",
        ),
        (
            {"nodes": {"wh": {"shifts": {"hours": {"mon": [{"start": -1, "end": 8}]}}}}},
            "capacity.nodes.wh.shifts.hours.mon[0].start",
            "greater than or equal to 0",
        ),
        (
            {"nodes": {"wh": {"shifts": {"hours": {"tue": [{"start": 8, "end": 16}, {"start": 14, "end": 22}]}}}}},
            "capacity.nodes.wh.shifts",
            "overlap",
        ),
        (
            {"nodes": {"wh": {"shifts": {"hours": {"mon": [{"start": 16, "end": 8}]}}}}},
            "capacity.nodes.wh.shifts.hours.mon[0]",
            "at or before it starts",
        ),
        ({"nodes": {"wh": {"shifts": {"hours": {}}}}}, "capacity.nodes.wh.shifts", "no shift"),
        ({"nodes": {"nowhere": {"parcels_per_pickup": 5}}}, "capacity.nodes.nowhere", "unknown node"),
        ({"suppliers": {"sap": {"units_per_day": 5}}}, "capacity.suppliers.sap", "unknown supplier"),
        ({"nodes": {"wh": {"units_per_day": 5}}}, "capacity.nodes.wh.units_per_day", "dropship"),
    ],
)
def test_bad_capacity_is_a_located_error(write_yaml: Any, capacity: dict[str, Any], where: str, says: str) -> None:
    output = _validate(write_yaml, capacity, **PICK)
    assert where in output, output
    assert says in output, output


def test_shifts_need_pick_pack_stations(write_yaml: Any) -> None:
    output = _validate(write_yaml, {"nodes": {"wh": {"shifts": {"hours": {"mon": [{"start": 8, "end": 16}]}}}}})
    assert "capacity.nodes.wh.shifts" in output and "pick_pack" in output
