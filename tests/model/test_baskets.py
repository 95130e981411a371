"""Baskets (multi-line orders): demand draws, routing (whole / split / consolidate / none), parcels,
the basket KPIs, conservation of lines and parcels, and the order-complete fill rate against theory."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

from sim.base.confidence import mean_ci
from sim.config.models import Scenario
from sim.metrics.kpis import KPI_NAMES, kpis
from sim.model.basket_demand import draw_chunk
from sim.model.model import Model, simulate
from sim.network.build import build_network
from sim.plan.build import make_plan

from ..conftest import TINY
from ..helpers import SILENT

STOCK = {"kind": "sS", "s": 20, "S": 60}


def basket_scenario(split: str = "allow", **baskets: Any) -> dict[str, Any]:
    """The tiny scenario with baskets of A and B, and a hybrid stocking A only, never virtual for A."""
    data = copy.deepcopy(TINY)
    data["baskets"] = {"orders_per_day": 8, "lines": {"kind": "fixed", "value": 2}, **baskets}
    data["routing"] = {"baskets": {"split": split}}
    data["policies"].append(
        {"name": "hyb", "kind": "hybrid", "stock_skus": ["A"], "reorder": STOCK, "fallback_to_virtual": False}
    )
    return data


def run(data: dict[str, Any], policy: str, replication: int = 0) -> dict[str, float]:
    network = build_network(Scenario.model_validate(data))
    out = simulate(network, make_plan(network, policy), 1, replication)
    return kpis(out.tally, out.units_backordered_end)


def test_a_scenario_without_baskets_reports_one_line_one_parcel_orders() -> None:
    k = run(copy.deepcopy(TINY), "stock")
    assert k["lines_per_order"] == 1.0 and k["parcels_per_order"] == 1.0 and k["split_order_rate"] == 0.0
    assert k["order_complete_fill_rate"] == k["fill_rate_orders"]
    assert k["delivery_days_last_parcel_mean"] == k["delivery_days_mean"]
    assert k["delivery_days_last_parcel_p90"] == k["delivery_days_p90"]
    assert k["split_shipping_cost"] == 0.0
    assert {"lines_per_order", "split_shipping_cost"} <= set(KPI_NAMES)


def test_baskets_leave_the_one_sku_demand_streams_untouched() -> None:
    """Common random numbers: the per-SKU orders are the same with and without baskets."""
    plain = copy.deepcopy(TINY)
    with_baskets = basket_scenario()
    orders = []
    for data in (plain, with_baskets):
        network = build_network(Scenario.model_validate(data))
        m = Model(network, make_plan(network, "free"), 1, 0, events=True)
        seen: list[tuple[int, int, int]] = []
        inner = m.place
        m.place = lambda t, r, s, u, k, inner=inner, seen=seen: (seen.append((t, s, u)), inner(t, r, s, u, k))[1]
        m.env._queue.clear()  # restart the processes with the wrapped place
        from sim.model.demand import customer_demand

        m.env.process(customer_demand(m.env, network, m.streams, m.place))
        m.env.run(until=network.horizon_s)
        orders.append(seen)
    assert orders[0] == orders[1] and len(orders[0]) > 100


def test_a_whole_basket_ships_as_one_parcel_with_one_shipment_charge() -> None:
    """Inventory-free: the dropshipper takes the whole basket; its two lines share one parcel."""
    data = basket_scenario()
    for sku in data["skus"]:
        sku["demand"] = {"kind": "poisson_orders", "orders_per_day": SILENT}
    k = run(data, "free")
    assert k["lines_per_order"] == pytest.approx(1.5, abs=0.1)  # 2 draws of 2 SKUs: half merge
    assert k["parcels_per_order"] == 1.0 and k["split_order_rate"] == 0.0
    assert k["cost_shipping"] == pytest.approx(4.0 * k["orders"] / k["lines_per_order"])


def test_a_mixed_basket_splits_into_two_parcels_and_counts_the_extra_charge() -> None:
    """Hybrid stocking A only (no virtual fallback): an A+B basket leaves as two parcels."""
    data = basket_scenario()
    for sku in data["skus"]:
        sku["demand"] = {"kind": "poisson_orders", "orders_per_day": SILENT}
    k = run(data, "hyb")
    assert 0.3 < k["split_order_rate"] < 0.7  # half the baskets hold both SKUs
    assert k["parcels_per_order"] == pytest.approx(1 + k["split_order_rate"])
    assert k["split_shipping_cost"] == pytest.approx(4.0 * k["split_order_rate"] * k["orders"] / k["lines_per_order"])
    assert k["delivery_days_last_parcel_mean"] >= k["delivery_days_mean"] - 1e-9


@pytest.mark.parametrize("split", ["allow", "consolidate", "none"])
def test_every_split_mode_conserves_units_lines_and_parcels(split: str) -> None:
    """simulate() raises ConservationError on any imbalance (units, lines, held baskets, parcels)."""
    data = basket_scenario(split, lines={"kind": "poisson", "mean": 2})
    data["service"] = {"unmet_demand": "backorder"}
    for policy in ("free", "stock", "hyb"):
        k = run(data, policy)
        assert k["orders"] > 0


def test_consolidate_holds_a_basket_until_one_node_has_it_all() -> None:
    """Two warehouses, each stocking one of A and B at first: under consolidate fewer baskets split
    than under allow, and they wait for it (later last parcel)."""
    data = basket_scenario()
    data["nodes"].append({**data["nodes"][0], "name": "wh2"})
    data["service"] = {"unmet_demand": "backorder"}
    data["policies"] = [{"name": "stock", "kind": "stocked", "reorder": {"kind": "sS", "s": 2, "S": 8}}]
    allow = run(data, "stock")
    data["routing"] = {"baskets": {"split": "consolidate", "max_wait_days": 3}}
    held = run(data, "stock")
    assert held["split_order_rate"] < allow["split_order_rate"]
    assert held["order_complete_fill_rate"] <= allow["order_complete_fill_rate"] + 1e-9


def test_draws_follow_popularity_and_category() -> None:
    data = basket_scenario(
        lines={"kind": "fixed", "value": 2},
        composition={"kind": "category", "categories": {"c1": ["A"], "c2": ["B"]}, "same_category": 1.0},
    )
    network = build_network(Scenario.model_validate(data))
    assert network.baskets is not None
    factors = np.ones(28)
    _, skus, units, _ = draw_chunk(network.baskets, np.random.default_rng(5), 1.0, factors, 0)
    assert all(len(s) == 1 for s in skus)  # same category always: the second draw repeats the first
    assert all(u == [2] for u in units)  # and merges into one line of both draws' units
    data["baskets"]["composition"] = {"kind": "popularity", "weights": {"A": 3, "B": 1}}
    network = build_network(Scenario.model_validate(data))
    assert network.baskets is not None
    _, skus, _, _ = draw_chunk(network.baskets, np.random.default_rng(5), 1.0, factors * 20, 0)
    first = np.array([s[0] for s in skus])
    assert abs((first == 0).mean() - 0.75) < 0.05


def test_planning_sees_basket_demand() -> None:
    plain = build_network(Scenario.model_validate(copy.deepcopy(TINY)))
    network = build_network(Scenario.model_validate(basket_scenario()))
    extra = sum(s.daily_units_mean for s in network.skus) - sum(s.daily_units_mean for s in plain.skus)
    assert extra == pytest.approx(8 * 2)  # 8 baskets a day × 2 draws × 1 unit


@pytest.mark.slow
def test_order_complete_fill_rate_is_the_product_of_independent_line_availabilities() -> None:
    """Two SKUs, each only from its own dropshipper that accepts with probability 0.8 and 0.6: a
    line is available with that probability, independently (each source draws its own uniform of
    the basket's key), so a two-line basket is complete with probability 0.48. CI over replications
    of the complete rate among two-line baskets."""
    data = basket_scenario(composition={"kind": "popularity", "weights": {"A": 1, "B": 1}})
    for sku in data["skus"]:
        sku["demand"] = {"kind": "poisson_orders", "orders_per_day": SILENT}
    data["baskets"]["orders_per_day"] = 200
    ds = data["nodes"][1]
    data["nodes"] = [
        {**ds, "name": "dsA", "availability": 0.8, "skus": ["A"]},
        {**ds, "name": "dsB", "availability": 0.6, "skus": ["B"]},
    ]
    data["policies"] = [{"name": "free", "kind": "inventory_free"}]
    rates = []
    for rep in range(8):
        k = run(data, "free", rep)
        # one-line baskets (A+A or B+B merged) are complete w.p. 0.8 or 0.6; two-line ones w.p. 0.48.
        # lines_per_order = 1 + P(two lines); the complete rate mixes the three cases:
        two = k["lines_per_order"] - 1
        one = 1 - two
        rates.append((k["order_complete_fill_rate"] - one * (0.8 + 0.6) / 2) / two)
    mean, lo, hi, _ = mean_ci(rates, 0.99)
    assert lo <= 0.8 * 0.6 <= hi, (mean, lo, hi)


@pytest.mark.parametrize("split", ["allow", "consolidate"])
def test_jumping_the_clock_changes_nothing_with_baskets(monkeypatch: pytest.MonkeyPatch, split: str) -> None:
    """Two demand processes (one-SKU orders and baskets) both jump the clock when nothing is scheduled
    in between; refusing every jump must give the same event log and KPIs."""
    from sim.model import basket_demand as basket_module
    from sim.model import demand as demand_module

    data = basket_scenario(split, lines={"kind": "poisson", "mean": 2})
    data["service"] = {"unmet_demand": "backorder"}
    network = build_network(Scenario.model_validate(data))

    def once() -> tuple[Any, dict[str, float]]:
        out = simulate(network, make_plan(network, "hyb"), 1, 0, events=True)
        return out.log, kpis(out.tally, out.units_backordered_end)

    fast_log, fast = once()
    monkeypatch.setattr(demand_module, "jump_to", lambda env, t, phase: False)
    monkeypatch.setattr(basket_module, "jump_to", lambda env, t, phase: False)
    slow_log, slow = once()
    for column in ("t", "event", "order_id", "node", "sku", "region", "units", "amount", "t2", "source"):
        assert getattr(fast_log, column) == getattr(slow_log, column), column
    assert len(fast_log) > 500
    assert fast == pytest.approx(slow, nan_ok=True)


def test_the_conservation_check_catches_a_lost_basket_line_or_parcel() -> None:
    from sim.model.model import ConservationError, check_conservation

    network = build_network(Scenario.model_validate(basket_scenario()))
    m = Model(network, make_plan(network, "hyb"), 1, 0)
    out = m.run()  # balanced
    assert m.baskets is not None
    counters = m.baskets.counters
    assert counters.all_placed == counters.all_routed > 0 and counters.all_parcels > 0
    for field, message in (
        ("all_placed", "baskets:"),
        ("all_lines_placed", "basket lines:"),
        ("all_parcels", "parcels:"),
    ):
        before = getattr(counters, field)
        setattr(counters, field, before + 10**6)
        with pytest.raises(ConservationError, match=message):
            check_conservation(m, out)
        setattr(counters, field, before)
    check_conservation(m, out)
