"""Disruptions: closure and outage windows block work exactly inside [start, end), on exact timestamps."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import yaml

from sim.base.timebase import DAY, HOUR, MINUTE
from sim.config import ScenarioError
from sim.config.loader import parse_scenario
from sim.network.disruptions import Calendar, merge, random_outages

from ..helpers import events, model, script, silent


def closed(data: dict, node: str, *windows: tuple[float, float]) -> dict:
    data = copy.deepcopy(data)
    data.setdefault("disruptions", {}).setdefault("node_closures", []).append(
        {"node": node, "windows": [{"start": a, "end": b} for a, b in windows]}
    )
    return data


def outage(data: dict, *windows: tuple[float, float], **extra: object) -> dict:
    data = copy.deepcopy(data)
    data["disruptions"] = {
        "supplier_outages": [{"supplier": "sup", "windows": [{"start": a, "end": b} for a, b in windows], **extra}]
    }
    return data


def of(m, kind: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return [e for e in events(m) if e["event"] == kind]


# -- the calendar -------------------------------------------------------------------------------------


def test_windows_are_half_open_and_merged() -> None:
    cal = Calendar(merge([(10, 20), (20, 25), (40, 50), (5, 12)]))
    assert cal.windows == ((5, 25), (40, 50))
    assert [cal.blocked(t) for t in (4, 5, 24, 25, 39, 40, 49, 50)] == [False, True, True, False] * 2
    assert [cal.open_at(t) for t in (0, 5, 24, 25, 45, 60)] == [0, 25, 25, 25, 50, 60]


# -- node closures --------------------------------------------------------------------------------------


def test_no_carrier_pickup_inside_a_closure_parcels_leave_with_the_first_pickup_after() -> None:
    # pickups at 17:00 daily; closed from day 0 12:00 until day 2 10:00
    m = model(closed(silent(), "wh", (0.5, 2 + 10 / 24)), "stock")
    script(m, [(HOUR, "north", "A", 1), (2 * DAY + 11 * HOUR, "north", "A", 1)])
    m.run()
    assert [e["t"] for e in of(m, "ship")] == [2 * DAY + 17 * HOUR, 2 * DAY + 17 * HOUR]


@pytest.mark.parametrize(("end_s", "pickup"), [(17 * HOUR, 17 * HOUR), (17 * HOUR + 1, DAY + 17 * HOUR)])
def test_a_pickup_at_the_windows_end_runs_one_a_second_before_it_does_not(end_s: int, pickup: int) -> None:
    m = model(closed(silent(), "wh", (0, end_s / DAY)), "stock")
    script(m, [(HOUR, "north", "A", 1)])
    m.run()
    assert [e["t"] for e in of(m, "ship")] == [pickup]


def test_no_pick_starts_inside_a_closure_one_started_before_finishes() -> None:
    data = silent()
    data["nodes"][0]["pick_pack"] = {"stations": 1, "minutes_per_order": {"kind": "fixed", "value": 30}}
    m = model(closed(data, "wh", (10 / 24, 12 / 24)), "stock")
    script(
        m,
        [
            (9 * HOUR + 50 * MINUTE, "north", "A", 1),  # starts 9:50, before the window: done 10:20
            (9 * HOUR + 55 * MINUTE, "north", "A", 1),  # would start 10:20, inside: starts 12:00
            (10 * HOUR + 30 * MINUTE, "north", "B", 1),  # arrives inside: queued behind, starts 12:30
            (12 * HOUR + 40 * MINUTE, "north", "B", 1),  # after: starts 13:00
        ],
    )
    m.run()
    ready = [e["t2"] for e in of(m, "allocate")]
    assert ready == [10 * HOUR + 20 * MINUTE, 12 * HOUR + 30 * MINUTE, 13 * HOUR, 13 * HOUR + 30 * MINUTE]


def test_goods_due_at_a_closed_node_are_received_when_it_reopens() -> None:
    # sS 20/60 starts at 60: an order of 41 units at 01:00 triggers a purchase order, due 3 days later
    m = model(closed(silent(), "wh", (3, 4.25)), "stock")
    script(m, [(HOUR, "north", "A", 41)])
    m.run()
    assert [(e["t"], e["t2"]) for e in of(m, "purchase")] == [(HOUR, 3 * DAY + HOUR)]
    assert [e["t"] for e in of(m, "receipt")] == [4 * DAY + 6 * HOUR]


def test_receipts_outside_the_window_are_untouched() -> None:
    m = model(closed(silent(), "wh", (5, 6)), "stock")
    script(m, [(HOUR, "north", "A", 41)])
    m.run()
    assert [e["t"] for e in of(m, "receipt")] == [3 * DAY + HOUR]


def test_a_print_on_demand_line_starts_no_work_inside_a_closure() -> None:
    data = silent()
    data["nodes"][1] = {
        "name": "pod",
        "kind": "print_on_demand",
        "region": "north",
        "skus": "all",
        "production_days": {"kind": "fixed", "value": 0},
        "daily_capacity_units": 24,  # one unit an hour
        "ships_with": "post.std",
    }
    m = model(closed(data, "pod", (2 / 24, 5 / 24)), "free")
    script(m, [(HOUR, "north", "A", 2), (HOUR + 1, "north", "A", 1)])
    m.run()
    # first: 01:00–03:00 (started before the window); second would start 03:00: starts 05:00
    assert [e["t2"] for e in of(m, "allocate")] == [3 * HOUR, 6 * HOUR]


# -- supplier outages -------------------------------------------------------------------------------------


def test_a_purchase_order_placed_in_an_outage_starts_its_lead_time_when_the_outage_ends() -> None:
    m = model(outage(silent(), (0.5, 2)), "stock")
    script(m, [(DAY, "north", "A", 41)])
    m.run()
    assert [(e["t"], e["t2"]) for e in of(m, "purchase")] == [(DAY, 2 * DAY + 3 * DAY)]


def test_a_purchase_order_placed_before_an_outage_arrives_as_drawn() -> None:
    m = model(outage(silent(), (0.5, 2)), "stock")
    script(m, [(HOUR, "north", "A", 41)])
    m.run()
    assert [(e["t"], e["t2"]) for e in of(m, "purchase")] == [(HOUR, 3 * DAY + HOUR)]


def test_outages_given_as_dates_are_midnights_of_those_dates() -> None:
    data = silent()
    data["start_date"] = "2025-01-06"
    m = model(outage(data, ("2025-01-06", "2025-01-09")), "stock")  # type: ignore[arg-type]
    script(m, [(DAY, "north", "A", 41)])
    m.run()
    assert [e["t2"] for e in of(m, "purchase")] == [3 * DAY + 3 * DAY]


def test_random_outages_come_from_their_own_stream_and_delay_orders_inside_them() -> None:
    data = outage(silent(), random={"mtbf_days": 2.0, "mttr_days": 1.0})
    data["suppliers"][0]["lead_time_days"] = {"kind": "fixed", "value": 1}
    m1, m2, m3 = (model(data, "stock", replication=r) for r in (0, 0, 1))
    cal = m1.stock_nodes[0].outage
    assert cal is not None and cal.windows
    assert cal.windows == m2.stock_nodes[0].outage.windows != m3.stock_nodes[0].outage.windows  # type: ignore[union-attr]
    a, b = cal.windows[0]
    script(m1, [(a, "north", "A", 41)])
    m1.run()
    assert next((e["t"], e["t2"]) for e in of(m1, "purchase")) == (a, b + DAY)


def test_random_outages_have_the_stated_means() -> None:
    rng = np.random.default_rng(3)
    windows = random_outages(rng, mtbf_days=5.0, mttr_days=2.0, until_s=20_000 * DAY)
    repairs = np.array([b - a for a, b in windows]) / DAY
    ups = np.array([a for a, _ in windows[1:]]) - np.array([b for _, b in windows[:-1]])
    for sample, mean in ((repairs, 2.0), (ups / DAY, 5.0)):
        half = 1.96 * sample.std(ddof=1) / np.sqrt(len(sample))
        assert abs(sample.mean() - mean) < half * 1.5 + 1e-9  # within a 95 % CI (with slack for 2 checks)


# -- validation --------------------------------------------------------------------------------------------


def test_bad_disruptions_get_located_errors() -> None:
    data = silent()
    data["disruptions"] = {
        "supplier_outages": [{"supplier": "supp", "windows": [{"start": 3, "end": 2}]}],
        "node_closures": [
            {"node": "wh", "windows": [{"start": 1, "end": 2}]},
            {"node": "whx", "windows": [{"start": 1, "end": 2}]},
        ],
    }
    with pytest.raises(ScenarioError) as err:
        parse_scenario(yaml.safe_dump(data, sort_keys=False), "s.yaml")
    text = str(err.value)
    assert "disruptions.supplier_outages[0].supplier  unknown supplier 'supp'; did you mean 'sup'?" in text
    assert "disruptions.supplier_outages[0].windows[0]  the window ends (2.0) at or before it starts" in text
    assert "disruptions.node_closures[1].node  unknown node 'whx'" in text
    assert all(line.startswith("s.yaml:") for line in text.splitlines())


def test_an_outage_needs_windows_or_random() -> None:
    data = outage(silent())
    with pytest.raises(ScenarioError, match="give windows, random, or both"):
        parse_scenario(yaml.safe_dump(data, sort_keys=False), "s.yaml")
