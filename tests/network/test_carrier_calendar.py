"""Pickups follow the cut-off, the service's pickup weekdays and its holiday dates, to the second."""

from __future__ import annotations

import datetime as dt

from sim.base.timebase import DAY, HOUR, parse_clock
from sim.config.models import Scenario
from sim.network.build import build_network
from sim.routing.pickups import next_pickup_s
from tests.helpers import events, model, script, silent

PICKUP = parse_clock("17:00")


def weekday_world(holidays: list[str] | None = None) -> dict:
    data = silent()
    data["start_date"] = dt.date(2025, 1, 6)  # Monday
    data["nodes"][0]["cutoff"] = "14:00"
    service = data["carriers"][0]["services"][0]
    service["pickup_days"] = ["mon", "tue", "wed", "thu", "fri"]
    if holidays is not None:
        service["holidays"] = holidays
    data["policies"] = [{"name": "p", "kind": "stocked", "reorder": {"kind": "sS", "s": 0, "S": 50}}]
    return data


def test_no_pickup_on_a_holiday_the_parcel_leaves_with_the_next_pickup_day() -> None:
    m = model(weekday_world(["2025-01-07"]), "p")  # Tuesday is a holiday
    out = m.stock_nodes[0].outbound
    assert out is not None
    assert out.pickup_for(parse_clock("14:00")) == PICKUP  # Monday, by the cut-off
    assert out.pickup_for(parse_clock("14:00") + 1) == 2 * DAY + PICKUP  # after it: Tuesday is off → Wednesday
    assert out.pickup_for(DAY + 9 * HOUR) == 2 * DAY + PICKUP  # ready on the holiday itself


def test_a_holiday_after_a_weekend_pushes_the_pickup_to_tuesday() -> None:
    m = model(weekday_world(["2025-01-13"]), "p")  # the second Monday
    out = m.stock_nodes[0].outbound
    assert out is not None
    friday_late = 4 * DAY + parse_clock("15:00")
    assert out.pickup_for(friday_late) == 8 * DAY + PICKUP  # Sat, Sun: no pickup; Mon: holiday → Tue
    assert out.pickup_for(5 * DAY + HOUR) == 8 * DAY + PICKUP


def test_weekends_have_no_pickup_unless_configured() -> None:
    data = weekday_world()
    m = model(data, "p")
    out = m.stock_nodes[0].outbound
    assert out is not None
    assert out.pickup_for(5 * DAY + HOUR) == 7 * DAY + PICKUP  # Saturday → Monday
    data["carriers"][0]["services"][0]["pickup_days"] = ["mon", "tue", "wed", "thu", "fri", "sat"]
    out = model(data, "p").stock_nodes[0].outbound
    assert out is not None
    assert out.pickup_for(5 * DAY + HOUR) == 5 * DAY + PICKUP  # Saturday pickups configured


def test_the_simulated_parcel_leaves_at_the_holiday_adjusted_pickup() -> None:
    m = model(weekday_world(["2025-01-07"]), "p")
    script(m, [(DAY + 9 * HOUR, "north", "A", 1)])  # ordered on the holiday morning
    m.run()
    ship = next(e for e in events(m) if e["event"] == "ship")
    assert ship["t"] == 2 * DAY + PICKUP
    assert ship["t2"] == 4 * DAY + PICKUP  # fixed 2 transit days


def test_the_routing_calendar_agrees_with_the_outbound_calendar() -> None:
    data = weekday_world(["2025-01-07", "2025-01-13"])
    network = build_network(Scenario.model_validate(data))
    m = model(data, "p")
    out = m.stock_nodes[0].outbound
    assert out is not None
    for t in range(0, 14 * DAY, 1800):
        assert next_pickup_s(t, network.nodes[0], network.start_date.weekday()) == out.pickup_for(t)
