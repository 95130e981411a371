"""Little's law and exact inventory theory on the pipeline, backorder and WIP KPIs (issue 15).

Each case builds a scenario (from a shipped validation scenario where one fits), runs it with
`sim.compare` and reads only the public KPIs; the claim is a 99 % Student-t interval over the
replications that holds the value theory gives (or, for L = λW between two KPIs, the paired
difference's interval holding 0). Horizons are short and replications few, but enough for a
relative precision of about 2 %: `test_power` shows the intervals are narrow enough to fail.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from scipy import stats

import sim

ROOT = Path(__file__).resolve().parents[2]
REPS = 12


def scenario(name: str, **changes: Any) -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "scenarios" / "validation" / f"{name}.yaml").read_text())
    data.update({"horizon_days": 465, "warmup_days": 100, "replications": REPS, **changes})
    return data


_RUNS: dict[str, Any] = {}


def per_rep(data: dict[str, Any], policy: str, *metrics: str) -> dict[str, np.ndarray]:
    """Each metric's per-replication values for `policy` (runs are shared between the tests)."""
    key = yaml.safe_dump(data) + policy
    if key not in _RUNS:
        _RUNS[key] = sim.compare(sim.Scenario.model_validate(data), [policy], warn=False).kpis
    k = _RUNS[key]
    return {m: k[(k.policy == policy) & (k.metric == m)].sort_values("replication").value.to_numpy() for m in metrics}


def interval(values: np.ndarray, level: float = 0.99) -> tuple[float, float]:
    n = len(values)
    half = stats.t.ppf(0.5 + level / 2, n - 1) * values.std(ddof=1) / math.sqrt(n)
    return float(values.mean() - half), float(values.mean() + half)


def holds(values: np.ndarray, expected: float) -> tuple[bool, tuple[float, float]]:
    low, high = interval(values)
    return low <= expected <= high, (low, high)


pytestmark = pytest.mark.slow  # each case runs 12 replications of 465 days (5-8 s on a busy 2-core VM)


@pytest.mark.parametrize("policy", ["fixed_lead_time", "gamma_lead_time"])
def test_units_on_order_is_demand_rate_times_lead_time_base_stock(policy: str) -> None:
    """Base stock (one for one), Poisson 8/day, lead time 5 days (fixed, or gamma with crossing):
    the units on order form an M/G/∞ queue, mean λ·E[L] = 40 (Little; Palm)."""
    values = per_rep(scenario("base_stock_poisson"), policy, "units_on_order_mean", "units_in_transit_inbound_mean")
    ok, ci = holds(values["units_on_order_mean"], 8 * 5)
    assert ok, ci
    assert np.array_equal(values["units_on_order_mean"], values["units_in_transit_inbound_mean"])  # no transfers


def test_units_on_order_is_demand_rate_times_lead_time_s_s() -> None:
    """(s,S) = (30, 60), Poisson 10/day, L = 3 days, backorders: every unit demanded is ordered
    once and spends L on order, so the mean on order is λ·L = 30 whatever the order sizes; the mean
    order size follows from the public counts."""
    values = per_rep(
        scenario("ss_poisson"),
        "continuous",
        "units_on_order_mean",
        "purchase_orders",
        "purchase_order_units_mean",
        "units_demanded",
    )
    ok, ci = holds(values["units_on_order_mean"], 10 * 3)
    assert ok, ci
    # an order is placed when the position falls to s = 30 (unit demands: exactly 30) and raises it to S = 60
    assert np.all(values["purchase_order_units_mean"] == 30)
    ok, ci = holds(values["purchase_orders"] * 30 / values["units_demanded"], 1.0)
    assert ok, ci


def test_outbound_in_transit_is_parcel_rate_times_mean_transit() -> None:
    """Parcels of one unit at 8 a day, gamma transit with mean 2 days: 16 units in transit."""
    data = scenario("base_stock_poisson")
    data["carriers"][0]["services"][0]["rates"][0]["transit_days"] = {"kind": "gamma", "mean": 2, "sd": 1}
    values = per_rep(data, "fixed_lead_time", "units_in_transit_outbound_mean", "units_delivered")
    ok, ci = holds(values["units_in_transit_outbound_mean"], 8 * 2)
    assert ok, ci
    # and with the rate read from the public count instead of the scenario (paired per replication)
    rate = values["units_delivered"] / 365
    ok, ci = holds(values["units_in_transit_outbound_mean"] - rate * 2, 0.0)
    assert ok, ci


def test_backorders_little_and_exact() -> None:
    """Base stock S = 36 with Poisson lead-time demand D ~ Poisson(40): the time-average backorders
    are E[(D − S)⁺] (exact), and L = λW links them to the backordered units' rate and mean wait."""
    data = scenario("base_stock_poisson")
    data["policies"][0]["reorder"]["S"] = 36
    values = per_rep(
        data,
        "fixed_lead_time",
        "backorders_mean",
        "units_backordered",
        "backorder_wait_days_mean",
        "backorders_end_of_day_mean",
    )
    d = np.arange(0, 200)
    exact = float(np.sum(np.maximum(d - 36, 0) * stats.poisson.pmf(d, 40)))
    ok, ci = holds(values["backorders_mean"], exact)
    assert ok, (exact, ci)
    ok, ci = holds(values["backorders_end_of_day_mean"], exact)  # PASTA-like: the day's end sees the time average
    assert ok, (exact, ci)
    little = values["units_backordered"] / 365 * values["backorder_wait_days_mean"]
    ok, ci = holds(values["backorders_mean"] - little, 0.0)
    assert ok, ci


def test_wip_at_a_dropshipper_is_rate_times_time_to_pickup() -> None:
    """A dropshipper takes every order (8 a day, one unit) and has it ready after gamma handling of
    mean 1.5 days; the carrier collects daily at 17:00. Order times are uniform over the day, so the
    ready time is too, and the wait for the next pickup is uniform on (0, 1) day: WIP = 8 × 2 = 16."""
    data = scenario("base_stock_poisson")
    data["nodes"] = [
        {
            "name": "ds",
            "kind": "dropship",
            "region": "all",
            "handling_days": {"kind": "gamma", "mean": 1.5, "sd": 0.5},
            "ships_with": "post.parcel",
        }
    ]
    data["suppliers"] = data["suppliers"][:1]
    data["carriers"][0]["services"][0]["pickup_days"] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    data["policies"] = [{"name": "free", "kind": "inventory_free"}]
    values = per_rep(data, "free", "wip_mean", "units_delivered")
    ok, ci = holds(values["wip_mean"], 8 * 2.0)
    assert ok, ci
    ok, ci = holds(values["wip_mean"] - values["units_delivered"] / 365 * 2.0, 0.0)
    assert ok, ci


def test_power() -> None:
    """The intervals above are narrow: a 3 % error in the on-order figure would be caught."""
    values = per_rep(scenario("base_stock_poisson"), "fixed_lead_time", "units_on_order_mean")
    low, high = interval(values["units_on_order_mean"])
    assert not (low <= 40 * 1.03 <= high) and not (low <= 40 * 0.97 <= high), (low, high)
