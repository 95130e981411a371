"""The promise at checkout (docs/ROUTING.md) and the by-channel delivery KPIs."""

from __future__ import annotations

import numpy as np
import pytest

from sim.base.timebase import DAY, HOUR, parse_clock
from sim.metrics.kpis import kpis
from sim.record.counters import CHANNELS
from tests.helpers import events, model, script, silent


def lane_world(quantile: float = 0.9) -> dict:
    data = silent()
    data["routing"] = {"promise_quantile": quantile}
    data["carriers"][0]["services"][0]["rates"][0]["transit_days"] = {"kind": "uniform", "low": 1, "high": 3}
    data["policies"] = [
        {"name": "p", "kind": "stocked", "reorder": {"kind": "sS", "s": 0, "S": 50}},
        {"name": "h", "kind": "hybrid", "stock_skus": ["A"], "reorder": {"kind": "sS", "s": 0, "S": 50}},
    ]
    return data


@pytest.mark.parametrize(("quantile", "transit_days"), [(0.5, 2.0), (0.9, 2.8), (0.25, 1.5)])
def test_promise_is_the_end_of_the_day_of_pickup_plus_the_transit_quantile(
    quantile: float, transit_days: float
) -> None:
    m = model(lane_world(quantile), "p")
    out = m.stock_nodes[0].outbound
    assert out is not None
    pickup = parse_clock("17:00")
    arrival = pickup + round(transit_days * DAY)  # ready 10:00 → today's 17:00 pickup → + quantile
    assert out.promise(10 * HOUR, 0) == arrival - arrival % DAY + DAY - 1


def test_a_policy_promise_quantile_overrides_the_scenario() -> None:
    data = lane_world(0.5)
    data["policies"][0]["routing"] = {"promise_quantile": 0.9}
    m = model(data, "p")
    out = m.stock_nodes[0].outbound
    assert out is not None
    assert out.promise_transit_s == [round(2.8 * DAY)]


def test_dropship_promise_adds_handling_at_the_quantile() -> None:
    m = model(lane_world(0.5), "h")
    source = next(iter(m.virtual_nodes.values()))
    # handling is a fixed 1 day: ready at 10:00 tomorrow → tomorrow's 17:00 pickup → + 2 days median transit
    arrival = DAY + parse_clock("17:00") + 2 * DAY
    assert source.outbound.promise(source.ready_estimate(10 * HOUR, 1), 0) == arrival - arrival % DAY + DAY - 1


def test_delivery_kpis_by_channel_follow_the_orders_each_channel_served() -> None:
    data = lane_world(0.5)
    data["skus"][0]["demand"] = {"kind": "poisson_orders", "orders_per_day": 20}
    data["skus"][1]["demand"] = {"kind": "poisson_orders", "orders_per_day": 10}
    m = model(data, "h")  # A from the warehouse, B from the dropship source
    script(m, [(HOUR, "north", "A", 1)])
    m.run()
    out = kpis(m.tally, 0)
    log = events(m)
    placed = {e["order"]: e["t"] for e in log if e["event"] == "order"}
    channel = {e["order"]: ("warehouse" if e["node"] == "wh" else "dropship") for e in log if e["event"] == "allocate"}
    delivered = {e["order"]: e["t2"] for e in log if e["event"] == "ship"}
    for name in ("warehouse", "dropship"):
        days = [(delivered[o] - placed[o]) / DAY for o in delivered if channel[o] == name]
        assert len(days) > 50
        assert out[f"delivery_days_mean_{name}"] == pytest.approx(np.mean(days), rel=1e-12)
        assert out[f"delivery_days_p90_{name}"] == pytest.approx(
            np.quantile(days, 0.9, method="inverted_cdf"), abs=1 / 1440
        )
        assert 0 < out[f"on_time_rate_{name}"] < 1  # median promise: about half late
    assert np.isnan(out["on_time_rate_marketplace"]) and np.isnan(out["delivery_days_mean_3pl"])
    total = m.tally.orders_on_time / m.tally.orders_delivered
    t = m.tally
    wh, ds = CHANNELS.index("warehouse"), CHANNELS.index("dropship")
    on_time = t.on_time_by_channel[wh] + t.on_time_by_channel[ds]
    assert total == pytest.approx(on_time / (t.delivered_by_channel[wh] + t.delivered_by_channel[ds]))
    assert sum(t.delivered_by_channel) == t.orders_delivered == len(delivered)
