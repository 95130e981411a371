"""Carrier lateness and delay windows: the configured probability holds (CI over replications), the
extra days are the configured ones, and windows apply exactly by pickup date."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from scipy import stats

from sim.base.timebase import DAY, HOUR
from tests.helpers import events, model, script, silent

from ..conftest import TINY

REPLICATIONS = 12


def late_world(**service: object) -> dict:
    data = silent(TINY)
    data["skus"][0]["demand"] = {"kind": "poisson_orders", "orders_per_day": 40}
    data["horizon_days"] = 30
    data["carriers"][0]["services"][0].update(service)
    data["policies"] = [{"name": "p", "kind": "stocked", "reorder": {"kind": "sS", "s": 400, "S": 2000}}]
    return data


def transit_days(m) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.array([(e["t2"] - e["t"]) / DAY for e in events(m) if e["event"] == "ship"])


def ci_contains(samples: list[float], value: float, level: float = 0.999) -> bool:
    mean, sd, n = float(np.mean(samples)), float(np.std(samples, ddof=1)), len(samples)
    half = stats.t.ppf(0.5 + level / 2, n - 1) * sd / math.sqrt(n)
    return mean - half <= value <= mean + half


@pytest.mark.slow
def test_late_share_matches_the_on_time_probability_within_a_confidence_interval() -> None:
    data = late_world(on_time_probability=0.8, late_days={"kind": "uniform", "low": 1, "high": 3})
    shares, extra = [], []
    for rep in range(REPLICATIONS):
        m = model(data, "p", replication=rep)
        m.run()
        days = transit_days(m)
        assert len(days) > 500
        late = days > 2 + 1e-9  # the lane's fixed 2 days
        shares.append(float(late.mean()))
        extra.extend((days[late] - 2).tolist())
    assert ci_contains(shares, 0.2)
    assert min(extra) >= 1 - 1e-6 and max(extra) <= 3 + 1e-6  # late_days: uniform 1 … 3


def test_a_punctual_carrier_is_never_late() -> None:
    m = model(late_world(), "p")
    m.run()
    days = transit_days(m)
    assert len(days) > 500 and np.all(days == 2)


def test_peak_window_delays_exactly_the_parcels_picked_up_inside_it() -> None:
    start = dt.date(2025, 1, 6)
    window = {"start": "2025-01-10", "end": "2025-01-12", "delay_days": {"kind": "fixed", "value": 1}}
    m = model(late_world(peak_windows=[window]), "p")
    m.run()
    for e in events(m):
        if e["event"] != "ship":
            continue
        day = start + dt.timedelta(days=e["t"] // DAY)
        inside = dt.date(2025, 1, 10) <= day <= dt.date(2025, 1, 12)
        assert e["t2"] - e["t"] == (3 if inside else 2) * DAY, (day, e)


@pytest.mark.slow
def test_a_disruption_window_delays_its_configured_share_of_parcels() -> None:
    window = {
        "start": "2025-01-06",
        "end": "2025-02-05",
        "probability": 0.3,
        "delay_days": {"kind": "fixed", "value": 4},
    }
    data = late_world(delay_windows=[window])
    shares = []
    for rep in range(REPLICATIONS):
        m = model(data, "p", replication=rep)
        m.run()
        days = transit_days(m)
        assert set(np.round(days, 6)) <= {2.0, 6.0}
        shares.append(float((days > 2).mean()))
    assert ci_contains(shares, 0.3)


def test_the_same_order_is_late_under_every_policy() -> None:
    """Common random numbers: lateness is the order's own uniform, whichever node ships it."""
    data = late_world(on_time_probability=0.5, late_days={"kind": "fixed", "value": 1})
    data["policies"].append({"name": "free", "kind": "inventory_free"})
    late_by_policy = []
    for policy in ("p", "free"):
        m = model(data, policy)
        m.run()
        late_by_policy.append({e["order"] for e in events(m) if e["event"] == "ship" and e["t2"] - e["t"] > 2 * DAY})
    assert late_by_policy[0] and late_by_policy[0] == late_by_policy[1]


def test_late_parcels_break_the_promise() -> None:
    data = late_world(on_time_probability=0.5, late_days={"kind": "fixed", "value": 3})
    m = model(data, "p")
    script(m, [(HOUR, "north", "A", 1)])
    m.run()
    assert 0 < m.tally.orders_on_time < m.tally.orders_delivered
