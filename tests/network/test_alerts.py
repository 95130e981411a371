"""The alerts log: conditions logged once when they start, on the right day, with their numbers."""

from __future__ import annotations

import math

import pytest

from sim.base.timebase import DAY, HOUR
from sim.config.models import Scenario
from sim.model.model import Model
from sim.network.build import build_network
from sim.plan.build import make_plan
from sim.record.alerts import DIO_WINDOW_DAYS, AlertWatch

from ..helpers import script, silent


def watch() -> AlertWatch:
    # two slots at node 7 (an A item and a C item), one at node 9
    return AlertWatch(
        [7, 7, 9], [("n7", "A"), ("n7", "C"), ("n9", "A")], [True, False, True], [2.0, 1.0, 4.0], {7: "n7", 9: "n9"}
    )


def test_an_a_item_at_zero_is_logged_on_the_first_day_only_and_again_after_it_recovers() -> None:
    w = watch()
    for day, on_hand in enumerate([[5, 0, 5], [0, 0, 5], [0, 0, 5], [3, 0, 5], [0, 0, 0]]):
        w.check(day, on_hand, [0, 0, 0], [0, 0, 0])
    assert [(d, n, s, a) for d, n, s, a, _, _ in w.rows] == [
        (1, "n7", "A", "a_item_out_of_stock"),
        (4, "n7", "A", "a_item_out_of_stock"),
        (4, "n9", "A", "a_item_out_of_stock"),
    ]  # the C item at zero is never an A-item alert


def test_below_the_reorder_point_carries_on_hand_and_the_point() -> None:
    w = watch()
    w.check(0, [10, 10, 10], [5, 5, 5], [0, 0, 0])
    w.check(1, [4, 10, 5], [5, 5, 5], [0, 0, 0])  # 5 is not below 5
    w.check(2, [3, 10, 4], [5, 5, 5], [0, 0, 0])
    assert [(d, s, n, v, t) for d, n, s, _, v, t in w.rows] == [(1, "A", "n7", 4.0, 5.0), (2, "A", "n9", 4.0, 5.0)]


def test_nothing_is_logged_before_the_warm_up_but_conditions_already_true_are_not_new() -> None:
    w = watch()
    w.check(0, [0, 1, 1], [0, 0, 0], [0, 0, 0], log=False)
    w.check(1, [0, 1, 1], [0, 0, 0], [0, 0, 0])
    assert w.rows == []


def test_dio_is_value_over_the_mean_daily_issued_value_of_the_last_28_days() -> None:
    w = watch()
    # node n7 holds 100 units of A (value 200) and issues 1 unit of A a day (value 2): DIO 100
    issued = 0
    for day in range(DIO_WINDOW_DAYS + 3):
        w.check(day, [100, 0, 50], [0, 0, 0], [issued, 0, 5 * day])
        issued += 1
    dio = [(d, n, v) for d, n, s, a, v, _ in w.rows if a == "dio_above_60"]
    # the 28-day history is full on day 28; n9 issues 5 units (value 20) a day on 50 units (200): DIO 10
    assert dio == [(DIO_WINDOW_DAYS, "n7", pytest.approx(100.0))]


def test_dio_with_stock_and_nothing_issued_is_infinite() -> None:
    w = watch()
    for day in range(DIO_WINDOW_DAYS + 1):
        w.check(day, [1, 0, 0], [0, 0, 0], [0, 0, 0])
    assert [(n, v) for _, n, _, a, v, _ in w.rows if a == "dio_above_60"] == [("n7", math.inf)]


def test_in_a_run_an_a_item_sold_out_today_is_logged_at_the_start_of_tomorrow() -> None:
    data = silent()
    data["horizon_days"] = 6
    data["suppliers"][0]["lead_time_days"] = {"kind": "fixed", "value": 3}
    network = build_network(Scenario.model_validate(data))
    assert network.skus[0].abc == "A"
    m = Model(network, make_plan(network, "stock"), 1, 0, monitor=True)  # sS 20/60: 60 on hand
    script(m, [(DAY + HOUR, "north", "A", 60)])  # sold out on day 1; the order arrives day 4 01:00
    out = m.run()
    stockouts = [(d, n, s) for d, n, s, a, _, _ in out.alerts or [] if a == "a_item_out_of_stock"]
    assert stockouts == [(2, "wh", "A")]
    below = [(d, s, v, t) for d, _, s, a, v, t in out.alerts or [] if a == "below_reorder_point"]
    assert below == [(2, "A", 0.0, 20.0)]
