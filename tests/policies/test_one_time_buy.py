"""One-time buy (issue 15): the newsvendor quantity as default, the salvage line, a dated buy, and the
simulated season's profit against the newsvendor's expected profit (CIs over replications)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from scipy import stats

from sim import run
from sim.analytics import newsvendor_quantity_discrete
from sim.analytics.discrete import convolve_power, poisson_pmf, rounded_normal_pmf
from sim.config.models import Scenario
from sim.network.build import build_network
from sim.plan.build import make_plan
from sim.policies import OneTimeBuy, SlotFacts, newsvendor_units

SEASON = 10  # days: the horizon, the whole season

PRICE, COST, SALVAGE = 10.0, 4.0, 3.0


def season(demand: dict[str, Any], reorder: dict[str, Any], horizon: float = SEASON) -> dict[str, Any]:
    """One shop, one SKU, lost sales, no holding cost: the newsvendor's world."""
    return {
        "name": "season",
        "horizon_days": horizon,
        "replications": 2,
        "seed": 15,
        "regions": [{"name": "all", "demand_share": 1.0}],
        "skus": [{"id": "COAT", "unit_cost": COST, "price": PRICE, "demand": demand}],
        "suppliers": [{"name": "maker", "region": "all", "lead_time_days": {"kind": "fixed", "value": 30}}],
        "nodes": [
            {"name": "shop", "kind": "warehouse", "region": "all", "replenish_from": "maker", "ships_with": "post.std"}
        ],
        "carriers": [
            {
                "name": "post",
                "services": [
                    {
                        "name": "std",
                        "rates": [{"zone": 1, "transit_days": {"kind": "fixed", "value": 1}, "cost_per_shipment": 3}],
                    }
                ],
            }
        ],
        "costs": {"holding_rate_per_year": 0.0},
        "service": {"unmet_demand": "lost"},
        "policies": [{"name": "buy", "kind": "stocked", "reorder": {"kind": "one_time_buy", **reorder}}],
    }


POISSON = {"kind": "poisson_orders", "orders_per_day": 6}
NORMAL = {"kind": "daily_units", "units_per_day": {"kind": "normal", "mean": 8, "sd": 5}}


def bought(data: dict[str, Any]) -> int:
    network = build_network(Scenario.model_validate(data))
    (slot,) = make_plan(network, "buy").slots.values()
    assert isinstance(slot.rule, OneTimeBuy)
    return slot.rule.quantity


def by_replication(data: dict[str, Any], reps: int, seed: int = 1) -> dict[str, np.ndarray]:
    kpis = run(Scenario.model_validate(data), replications=reps, seed=seed, warn=False).kpis
    table = kpis.pivot_table(index="replication", columns="metric", values="value")
    return {m: table[m].to_numpy() for m in table.columns}


def newsvendor_profit(pmf: np.ndarray, q: int, price: float, cost: float, salvage: float) -> float:
    """E[p·min(D, q) − c·q + v·(q − D)⁺] (Nahmias §5.3), exactly over the pmf."""
    d = np.arange(len(pmf))
    return float(np.dot(pmf, price * np.minimum(d, q) - cost * q + salvage * np.maximum(q - d, 0)))


def assert_in_ci(sample: np.ndarray, value: float, level: float = 0.999) -> None:
    n = len(sample)
    half = stats.t.ppf(0.5 + level / 2, n - 1) * sample.std(ddof=1) / math.sqrt(n)
    assert abs(sample.mean() - value) <= half, (sample.mean(), half, value)


# -- the rule -----------------------------------------------------------------------------------------


def test_default_quantity_is_the_newsvendor_quantity_of_the_season() -> None:
    facts = SlotFacts(6.0, math.sqrt(6.0), 30.0, unit_cost=COST, price=PRICE)
    ratio_q = newsvendor_quantity_discrete(poisson_pmf(60.0), PRICE - COST, COST - SALVAGE)
    assert newsvendor_units(facts, SEASON, SALVAGE) == ratio_q
    assert OneTimeBuy.from_facts(facts, salvage_value=SALVAGE, season_days=SEASON).quantity == ratio_q
    normal = SlotFacts(8.0, 5.0, 30.0, unit_cost=COST, price=PRICE)
    # critical ratio 6/7: q = ⌈80 + 5·√10·Φ⁻¹(6/7)⌉
    assert newsvendor_units(normal, SEASON, SALVAGE) == math.ceil(80 + 5 * math.sqrt(10) * stats.norm.ppf(6 / 7))


def test_the_rule_never_orders() -> None:
    from sim.policies import Snapshot

    rule = OneTimeBuy(12, 1.0)
    assert rule.initial_level == 12 and rule.decide(Snapshot(0, 0, 0, 10**6)) == 0
    assert rule.reorder_point < -(10**15)


@pytest.mark.parametrize(
    "params",
    [dict(quantity=0), dict(quantity=5, salvage_value=-1), dict(quantity=5, salvage_value=5.0), dict(salvage_value=1)],
)
def test_impossible_one_time_buys_are_refused(params: dict[str, Any]) -> None:
    facts = SlotFacts(6.0, 2.0, 30.0, unit_cost=COST, price=PRICE)
    with pytest.raises(ValueError):
        OneTimeBuy.from_facts(facts, **params)  # the last: no quantity and no season


# -- in the model ---------------------------------------------------------------------------------------


def test_salvage_is_booked_at_the_horizon_and_the_stock_balances() -> None:
    out = by_replication(season(POISSON, dict(quantity=80, salvage_value=SALVAGE)), reps=3)
    sold = out["revenue"] / PRICE
    assert np.allclose(out["units_salvaged"], 80 - sold)  # demand ~ 60 < 80: what is not sold is left
    assert np.allclose(out["salvage_credit"], SALVAGE * out["units_salvaged"])
    assert np.allclose(out["cost_salvage"], (COST - SALVAGE) * out["units_salvaged"])
    assert np.allclose(out["cost_product"], COST * sold)
    assert np.all(out["cost_ordering"] == 0)  # never replenished


def test_a_dated_buy_arrives_on_its_day_and_nothing_sells_before() -> None:
    data = season(POISSON, dict(quantity=500, date="2025-01-10"))  # start_date 2025-01-06: day 4
    out = by_replication(data, reps=3)
    # the slot is empty on days 0-3 (lost), stocked from day 4 on (nothing lost after: 500 ≫ demand)
    assert np.all(out["units_lost"] > 0)
    assert np.all(out["stockout_time_fraction"] == pytest.approx(4 / SEASON))
    assert np.allclose(out["units_salvaged"], 500 - out["revenue"] / PRICE)


@pytest.mark.parametrize("law", ["poisson", "normal"])
def test_simulated_season_profit_matches_the_newsvendor_expected_profit(law: str) -> None:
    """Profit of one season = revenue − cost_product − cost_salvage = p·sold − c·q + v·left over;
    its mean over replications holds the exact expected profit at the bought q within a 99.9% CI,
    and the costs of the newsvendor (c_u·short + c_o·left over) the expected cost G(q)."""
    demand = POISSON if law == "poisson" else NORMAL
    data = season(demand, dict(salvage_value=SALVAGE))
    q = bought(data)
    pmf = poisson_pmf(6.0 * SEASON) if law == "poisson" else convolve_power(rounded_normal_pmf(8.0, 5.0), SEASON)
    out = by_replication(data, reps=300, seed=7)
    profit = out["revenue"] - out["cost_product"] - out["cost_salvage"]
    assert_in_ci(profit, newsvendor_profit(pmf, q, PRICE, COST, SALVAGE))
    d = np.arange(len(pmf))
    expected_cost = float(np.dot(pmf, (PRICE - COST) * np.maximum(d - q, 0) + (COST - SALVAGE) * np.maximum(q - d, 0)))
    assert_in_ci(out["cost_stockout"] + out["cost_salvage"], expected_cost)
    # the test has the power to see the salvage: the expected profit without its credit lies outside the CI
    with pytest.raises(AssertionError):
        assert_in_ci(profit, newsvendor_profit(pmf, q, PRICE, COST, 0.0))


def test_conservation_holds_for_a_dated_buy_upstream_with_backorders_and_returns() -> None:
    """A dated one-time buy at an upstream node feeding a replenished shop, with backorders and
    restocked returns: every run ends with the conservation check (sim.model.model), which must pass."""
    data = season(POISSON, dict(quantity=45, date="2025-01-08", salvage_value=2.0), horizon=30)
    data["nodes"] = [
        {"name": "dc", "kind": "warehouse", "region": "all", "replenish_from": "maker", "serves_customers": False},
        {
            "name": "shop",
            "kind": "warehouse",
            "region": "all",
            "replenish_from": "dc",
            "transfer_days": {"kind": "fixed", "value": 1},
            "ships_with": "post.std",
        },
    ]
    policy = data["policies"][0]
    policy["reorder"] = {"kind": "base_stock", "S": 12}
    policy["overrides"] = [
        {
            "nodes": ["dc"],
            "reorder": {"kind": "one_time_buy", **dict(quantity=45, salvage_value=2.0, date="2025-01-08")},
        }
    ]
    data["service"] = {"unmet_demand": "backorder"}
    data["returns"] = {"rate": 0.3, "delay_days": {"kind": "fixed", "value": 2}}
    out = by_replication(data, reps=4)
    assert np.all(out["units_backordered_end"] > 0)  # 45 + 12 units cannot serve 30 days of 6 a day
    assert np.all(out["units_returned"] > 0)
    assert np.allclose(out["cost_salvage"], (COST - 2.0) * out["units_salvaged"])
