"""Conversion elasticity: a customer whose promise exceeds their tolerance walks away; units stay
conserved and the lost margin is costed."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from sim.base.timebase import DAY, HOUR
from sim.metrics.kpis import kpis
from tests.helpers import events, model, script, silent

from ..conftest import TINY


def tolerant(tolerance: dict, data: dict | None = None) -> dict:
    data = data or silent()
    data["conversion"] = {"tolerance_days": tolerance}
    data["policies"] = [{"name": "p", "kind": "stocked", "reorder": {"kind": "sS", "s": 0, "S": 50}}]
    return data


# An order at 10:00 ships at 17:00 with a fixed 2-day transit: promised by the end of day 2,
# i.e. 3 days − 10 h − 1 s ≈ 2.583 days after ordering.
PROMISE_DAYS = (3 * DAY - 1 - 10 * HOUR) / DAY


@pytest.mark.parametrize(("tolerance", "walks"), [(2.5, True), (2.6, False)])
def test_a_customer_walks_away_exactly_when_the_promise_exceeds_the_tolerance(tolerance: float, walks: bool) -> None:
    m = model(tolerant({"kind": "fixed", "value": tolerance}), "p")
    script(m, [(10 * HOUR, "north", "A", 2)])
    m.run()
    log = events(m)
    assert any(e["event"] == "walk_away" for e in log) is walks
    assert any(e["event"] == "allocate" for e in log) is not walks
    assert m.tally.units_walked_away == (2 if walks else 0)
    sku = m.network.skus[0]
    assert m.tally.cost["walkaway"] == pytest.approx(2 * (sku.price - sku.unit_cost) if walks else 0.0)


def test_walk_aways_keep_units_conserved() -> None:
    data = tolerant({"kind": "uniform", "low": 1, "high": 4}, silent(TINY))
    data["skus"][0]["demand"] = {"kind": "poisson_orders", "orders_per_day": 30}
    data["service"] = {"unmet_demand": "backorder"}
    m = model(data, "p")
    out = m.run()  # the run's own conservation check raises on a mismatch
    t = m.tally
    assert t.all_units_walked_away > 0
    waiting = sum(u for s in out.slots for kind, u, _ in s.waiting if kind == "customer")
    assert t.all_units_demanded == t.all_units_shipped + t.all_units_lost + t.all_units_walked_away + waiting
    k = kpis(t, out.units_backordered_end)
    assert (
        k["units_demanded"]
        == k["units_delivered"] + k["units_lost"] + k["units_backordered_end"] + k["units_walked_away"]
    )


def test_the_walk_away_share_matches_the_tolerance_distribution() -> None:
    """P(walk) = P(tolerance < promise days); the promise is known per order from the log."""
    data = tolerant({"kind": "uniform", "low": 1, "high": 4}, silent(TINY))
    data["skus"][0]["demand"] = {"kind": "poisson_orders", "orders_per_day": 60}
    data["horizon_days"] = 14
    walked, expected = [], []
    for rep in range(10):
        m = model(data, "p", replication=rep)
        m.run()
        log = events(m)
        out = m.stock_nodes[0].outbound
        assert out is not None
        orders = [e for e in log if e["event"] == "order"]
        gone = {e["order"] for e in log if e["event"] == "walk_away"}
        promise_days = [(out.promise(e["t"], 0) - e["t"]) / DAY for e in orders]
        expected.append(float(np.mean([min(max((d - 1) / 3, 0), 1) for d in promise_days])))
        walked.append(len(gone) / len(orders))
    diff = np.array(walked) - np.array(expected)
    half = stats.t.ppf(0.9995, len(diff) - 1) * diff.std(ddof=1) / math.sqrt(len(diff))
    assert abs(diff.mean()) <= half


def test_a_walk_away_on_the_virtual_path_commits_nothing_at_the_source() -> None:
    data = silent()
    data["conversion"] = {"tolerance_days": {"kind": "fixed", "value": 2.5}}
    data["policies"] = [{"name": "free", "kind": "inventory_free"}]
    m = model(data, "free")
    # dropship: 1 day handling → ready 10:00 tomorrow → pickup 17:00 → +2 days: promise ≈ 3.58 days
    script(m, [(10 * HOUR, "north", "B", 1)])
    m.run()
    log = events(m)
    assert [e["event"] for e in log if e["event"] in ("allocate", "walk_away")] == ["walk_away"]
    assert m.tally.units_walked_away == 1 and m.tally.revenue == 0 and m.tally.cost["fulfillment"] == 0


def test_a_walk_away_on_the_backorder_path_leaves_no_waiting_line() -> None:
    data = tolerant({"kind": "fixed", "value": 2.5})
    data["service"] = {"unmet_demand": "backorder"}
    data["nodes"] = data["nodes"][:1]
    m = model(data, "p")
    slot = m.stock_nodes[0].slots[0]
    slot.on_hand = slot.initial = 1
    script(m, [(10 * HOUR, "north", "A", 3)])  # 1 on hand, 2 short: the primary's promise decides
    out = m.run()
    assert m.tally.units_walked_away == 3
    assert not any(kind == "customer" for s in out.slots for kind, _, _ in s.waiting)
    assert slot.issued == 0
