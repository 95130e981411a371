"""Finite capacity in the model (sim.model.capacity, sim.model.shifts): cases computed by hand.

Each drives a model with scripted orders (tests.helpers) so every arrival time is known exactly,
then reads the public queue KPIs (sim.metrics.capacity) and the event log.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sim.base.timebase import DAY, HOUR, MINUTE
from sim.metrics.capacity import resource_metrics
from sim.model.model import Model

from .. import helpers
from ..conftest import TINY

EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _world(capacity: dict[str, Any], *, pick: dict[str, Any] | None = None, horizon: int = 5) -> dict[str, Any]:
    """The tiny scenario, demand switched off, one warehouse stocked with plenty, `capacity` on it."""
    data = helpers.silent(copy.deepcopy(TINY))
    data["horizon_days"] = horizon
    wh = data["nodes"][0]
    if pick is not None:
        wh["pick_pack"] = pick
    data["capacity"] = capacity
    data["policies"] = [{"name": "stock", "kind": "stocked", "reorder": {"kind": "sS", "s": 5000, "S": 20000}}]
    return data


def _stats(m: Model, name: str) -> dict[str, float]:
    out = m.run()
    assert out.resources is not None
    (stats,) = [s for s in out.resources if s.name == name]
    return resource_metrics(stats)


def _shift_model(overtime: float = 0.0) -> Model:
    """1 station, 10 minutes an order, open 08:00–16:00 every day (48 orders a day); 200 orders a
    day for 5 days, one every 432 s from t = 0."""
    shifts: dict[str, Any] = {"hours": {d: [{"start": 8, "end": 16}] for d in EVERY_DAY}}
    if overtime:
        shifts |= {"overtime_hours": overtime, "overtime_cost_per_hour": 30.0}
    data = _world(
        {"nodes": {"wh": {"shifts": shifts}}},
        pick={"stations": 1, "minutes_per_order": {"kind": "fixed", "value": 10}},
    )
    m = helpers.model(data, "stock")
    helpers.script(m, [(432 * k, "north", "A", 1) for k in range(1000)])
    return m


def test_orders_queue_outside_shifts_and_every_ready_time_is_the_hand_computed_one() -> None:
    m = _shift_model()
    metrics = _stats(m, "wh/pick_pack")
    ready = sorted(row["t2"] for row in helpers.events(m) if row["event"] == "allocate")
    # order k = 48 j + i is picked on day j from 08:00, the i-th of the day: ready at 08:00 + (i + 1) × 10 min
    assert ready == [(k // 48) * DAY + 8 * HOUR + (k % 48 + 1) * 10 * MINUTE for k in range(1000)]
    # at midnight d (d = 1…5) 200 d orders have arrived and 48 d are done: 152 d carried over
    assert metrics["carried_over_mean"] == pytest.approx(sum(152 * d for d in range(1, 6)) / 5)
    # the station is busy every open minute of the 5 days; orders placed in the window only
    assert metrics["utilisation"] == pytest.approx(1.0)
    assert metrics["jobs"] == 1000
    assert metrics["overtime_hours"] == 0


def test_overtime_extends_the_last_shift_when_orders_wait_and_is_paid_per_station_hour() -> None:
    m = _shift_model(overtime=2)
    metrics = _stats(m, "wh/pick_pack")
    ready = sorted(row["t2"] for row in helpers.events(m) if row["event"] == "allocate")
    # 10 open hours a day (08:00–18:00): 60 orders a day
    assert ready == [(k // 60) * DAY + 8 * HOUR + (k % 60 + 1) * 10 * MINUTE for k in range(1000)]
    assert metrics["carried_over_mean"] == pytest.approx(sum(140 * d for d in range(1, 6)) / 5)
    assert metrics["overtime_hours"] == 10  # 2 hours × 1 station × 5 days of the window
    assert m.tally.cost["fulfillment"] == pytest.approx(10 * 30.0)


def test_a_pickup_cap_carries_the_overflow_to_the_next_pickup_oldest_first() -> None:
    data = _world({"nodes": {"wh": {"parcels_per_pickup": 3}}}, horizon=4)
    m = helpers.model(data, "stock")
    # 5 orders on day 0 and 5 on day 1 (10:00 + k minutes), pickup 17:00 daily, no pick/pack
    times = [d * DAY + 10 * HOUR + k * MINUTE for d in (0, 1) for k in range(5)]
    helpers.script(m, [(t, "north", "A", 1) for t in times])
    metrics = _stats(m, "wh/pickup")
    ships = [row for row in helpers.events(m) if row["event"] == "ship"]
    by_day: dict[int, list[int]] = {}
    for row in ships:
        by_day.setdefault(row["t"] // DAY, []).append(row["order"])
    # day 0 takes 3 (2 carried), day 1 the 2 carried + 1 of its 5 (4 carried), day 2 takes 3, day 3 the last
    assert by_day == {0: [0, 1, 2], 1: [3, 4, 5], 2: [6, 7, 8], 3: [9]}
    # parcels waiting at a midnight of the window: 2 (night 1) + 4 (night 2) + 1 (night 3), over 4 midnights
    assert metrics["carried_over_mean"] == pytest.approx(7 / 4)
    # waited: orders 3, 4 (1 day), 6, 7, 8 (1 day) and 9 (2 days)
    assert metrics["wait_probability"] == pytest.approx(6 / 10)
    assert metrics["wait_minutes_mean"] == pytest.approx((5 * 1 + 1 * 2) * 24 * 60 / 10)


def _day_series(m: Model, name: str) -> list[tuple[int, int]]:
    out = m.run()
    assert out.resources is not None
    (stats,) = [s for s in out.resources if s.name == name]
    return stats.carried_by_day()


def test_the_daily_backlog_series_of_a_capped_pickup_is_the_hand_computed_carry_over() -> None:
    # the case above: parcels in the system at midnights 1…4 are 2, 4, 1, 0 (sum 7 = carried)
    data = _world({"nodes": {"wh": {"parcels_per_pickup": 3}}}, horizon=4)
    m = helpers.model(data, "stock")
    times = [d * DAY + 10 * HOUR + k * MINUTE for d in (0, 1) for k in range(5)]
    helpers.script(m, [(t, "north", "A", 1) for t in times])
    assert _day_series(m, "wh/pickup") == [(1, 2), (2, 4), (3, 1), (4, 0)]


def test_the_daily_backlog_series_of_a_shift_station_is_the_hand_computed_carry_over() -> None:
    # 200 orders a day arrive, 48 a day are picked: 152 d orders in the system at midnight d
    series = _day_series(_shift_model(), "wh/pick_pack")
    assert series == [(d, 152 * d) for d in range(1, 6)]


def test_the_daily_backlog_rows_go_into_the_breakdown_and_average_to_carried_over_mean() -> None:
    from sim.metrics.capacity import resource_rows

    m = _shift_model()
    out = m.run()
    assert out.resources is not None
    rows = resource_rows(out.resources)
    days = {metric: value for scope, name, metric, value in rows if scope == "resource_day" and name == "wh/pick_pack"}
    assert days == {f"carried_over_d{d}": float(152 * d) for d in range(1, 6)}
    (mean,) = [
        v
        for scope, name, metric, v in rows
        if (scope, name, metric) == ("resource", "wh/pick_pack", "carried_over_mean")
    ]
    assert mean == pytest.approx(sum(days.values()) / len(days))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("policy", ["free", "stock"])
def test_nothing_is_lost_at_a_capacity_boundary(seed: int, policy: str) -> None:
    """Every capacity on at once, tight: the run's conservation check (ConservationError) passes and
    every unit demanded is delivered or lost, none left in a queue after the drain."""
    data = copy.deepcopy(TINY)
    data["horizon_days"] = 15
    data["service"] = {"unmet_demand": "backorder"}
    data["nodes"][0]["pick_pack"] = {"stations": 1, "minutes_per_order": {"kind": "exponential", "mean": 90}}
    data["capacity"] = {
        "nodes": {
            "wh": {
                "shifts": {
                    "hours": {"mon": [{"start": 9, "end": 12}], "thu": [{"start": 13, "end": 17}]},
                    "overtime_hours": 1,
                },
                "parcels_per_pickup": 2,
            },
            "ds": {"units_per_day": 3, "parcels_per_pickup": 4},
        },
        "suppliers": {"sup": {"units_per_day": 15}},
    }
    m = helpers.model(data, policy, seed=seed)
    out = m.run()
    t = out.tally
    assert t.all_units_demanded > 0
    assert t.all_units_shipped + t.all_units_lost + out.units_backordered_end == t.all_units_demanded
    used = {"free": {"ds/dropship", "ds/pickup", "sup/supply"}, "stock": {"wh/pick_pack", "wh/pickup", "sup/supply"}}
    assert out.resources is not None and {s.name for s in out.resources} == used[policy]
