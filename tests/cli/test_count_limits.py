"""Count limits (SKUs, nodes, regions, demand streams) and the start_date window: located errors,
exit 2, checked before any SKU is built (docs/LIMITS.md)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sim.base import limits
from sim.cli import main
from tests.conftest import tiny

RUNNER = CliRunner()


def validate(write_yaml, data) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    result = RUNNER.invoke(main, ["validate", str(write_yaml(data))])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("start", ["1899-12-31", "2201-01-01", "9999-12-31"])
def test_a_start_date_outside_the_window_is_located(write_yaml, start: str) -> None:
    code, output = validate(write_yaml, tiny(start_date=start))
    assert code == 2
    assert "start_date  outside the years 1900-2200 (docs/LIMITS.md)" in output and start in output


def test_the_window_edges_are_fine(write_yaml) -> None:
    assert validate(write_yaml, tiny(start_date="1900-01-01"))[0] == 0
    assert validate(write_yaml, tiny(start_date="2200-12-31"))[0] == 0


def test_too_many_skus_with_a_long_tail_is_located_at_its_count(write_yaml, monkeypatch) -> None:
    monkeypatch.setattr("sim.config.counts.MAX_SKUS", 50)
    code, output = validate(write_yaml, tiny(long_tail={"count": 60, "orders_per_day_total": 5}))
    assert (
        code == 2 and "long_tail.count  62 SKUs (2 listed + 60 in the long tail), more than the limit of 50" in output
    )


def test_the_limits_leave_room_for_the_largest_long_tail() -> None:
    assert limits.MAX_SKUS >= 100_000 + 50_000  # the long tail's own maximum plus a listed catalogue


def test_counts_are_checked_against_the_limits(write_yaml, monkeypatch) -> None:
    monkeypatch.setattr("sim.config.counts.MAX_NODES", 1)
    monkeypatch.setattr("sim.config.counts.MAX_SKUS", 1)
    code, output = validate(write_yaml, tiny())
    assert code == 2
    assert ":  skus" not in output  # located at the key's line, not the top level
    assert "skus  2 SKUs (2 listed + 0 in the long tail), more than the limit of 1" in output
    assert "nodes  2 nodes, more than the limit of 1 (docs/LIMITS.md)" in output


def test_demand_streams_are_skus_times_regions(write_yaml, monkeypatch) -> None:
    monkeypatch.setattr("sim.config.counts.MAX_DEMAND_STREAMS", 3)
    data = tiny(regions=[{"name": "north", "demand_share": 0.5}, {"name": "south", "demand_share": 0.5}])
    code, output = validate(write_yaml, data)
    assert code == 2 and "regions  2 SKUs × 2 regions make 4 demand streams, more than the limit of 3" in output
