"""Pipeline, backorder, end-of-day and WIP KPIs (issue 15) against hand-computed cases.

Everything is read through the public path — a scenario file, `sim.compare`, its `kpis` and
`breakdown` frames — never the model's internals. The demand is an exact order-lines history, and
every other time is fixed, so each KPI has one right value, computed below by hand.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import pytest

import sim

DAY = 1.0  # the hand computations below are in days

# One SKU, one warehouse (base stock S = 2: it starts with 2 on hand and orders up to 2 whenever a
# demand lowers its position) and one dropshipper; supplier lead time 12 h; the carrier picks up
# every day at 17:00 and delivers one day later. Start Monday 2026-01-05, 3 days, no warm-up.
SCENARIO: dict[str, Any] = {
    "name": "hand_case",
    "start_date": "2026-01-05",
    "horizon_days": 3,
    "warmup_days": 0,
    "replications": 1,
    "seed": 1,
    "regions": [{"name": "all", "demand_share": 1.0}],
    "skus": [{"id": "A", "unit_cost": 5.0, "price": 10.0, "demand": {"kind": "history"}}],
    "suppliers": [{"name": "sup", "region": "all", "lead_time_days": {"kind": "fixed", "value": 0.5}}],
    "nodes": [
        {"name": "wh", "kind": "warehouse", "region": "all", "replenish_from": "sup", "ships_with": "post.std"},
        {
            "name": "ds",
            "kind": "dropship",
            "region": "all",
            "handling_days": {"kind": "fixed", "value": 1},
            "ships_with": "post.std",
        },
    ],
    "carriers": [
        {
            "name": "post",
            "services": [
                {
                    "name": "std",
                    "pickup_time": "17:00",
                    "pickup_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                    "rates": [{"zone": 1, "transit_days": {"kind": "fixed", "value": 1}, "cost_per_shipment": 4.0}],
                }
            ],
        }
    ],
    "service": {"unmet_demand": "backorder"},
    "policies": [
        {"name": "stock", "kind": "stocked", "stock_at": ["wh"], "reorder": {"kind": "base_stock", "S": 2}},
        {"name": "free", "kind": "inventory_free"},
    ],
}

# A customer order of 3 units on day 0 at 18:00, and one of 1 unit on day 2 at 23:59 (the history
# must reach the window's last day; this order's effects last one minute, MINUTE below).
ORDERS = "timestamp,sku,region,quantity\n2026-01-05 18:00,A,all,3\n2026-01-07 23:59,A,all,1\n"
MINUTE = 1 / 1440  # days


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> sim.Results:
    folder = tmp_path_factory.mktemp("hand")
    (folder / "orders.csv").write_text(ORDERS)
    data = copy.deepcopy(SCENARIO)
    data["demand_history"] = {"path": str(folder / "orders.csv"), "format": "order_lines"}
    return sim.compare(sim.Scenario.model_validate(data), warn=False)


def kpi(results: sim.Results, policy: str, metric: str) -> float:
    k = results.kpis
    rows = k[(k.policy == policy) & (k.metric == metric)]
    assert len(rows) == 1, metric
    return float(rows.value.iloc[0])


def node_value(results: sim.Results, policy: str, node: str, metric: str, scope: str = "node") -> float:
    b = results.breakdown
    rows = b[(b.policy == policy) & (b.scope == scope) & (b.name == node) & (b.metric == metric)]
    assert len(rows) == 1, (node, metric)
    return float(rows.value.iloc[0])


def test_stock_hand_case(results: sim.Results) -> None:
    """Day 0 18:00: 2 of the 3 units ship from stock, 1 waits; base stock orders 3 (up to S = 2 from
    a position of −1), which arrive on day 1 at 06:00 and serve the waiting unit (on hand 2).

    on hand: 2 for 0.75 d, 0 for 0.5 d, 2 for 1.75 d → 5 unit-days / 3 d = 5/3; at the days' ends
    (t = 1, 2, 3 d): 0, 2, 2 → 4/3: the two views differ by exactly 1/3 unit.
    backorders: 1 unit for 0.5 d → 1/6 time average; at the days' ends 1, 0, 0 → 1/3, and one day of
    three ends with a backorder; the unit waited 0.5 d (and L = λW: 1/6 = (1 unit / 3 d) × 0.5 d).
    pipeline: 3 units on order (and in transit from the supplier) for 0.5 d → 0.5; one order of 3.
    outbound: 2 units picked up on day 1 at 17:00 (ready at 18:00 on day 0, after that day's
    pickup) and 1 unit (allocated day 1 06:00) in the same pickup, each 1 d in transit: 3 unit-days / 3 d = 1.
    The last minute: 1 unit leaves stock (on hand 1 at the last day's end) and 1 is ordered (arriving
    after the horizon; its parcel leaves after it too).
    """
    expected = {
        "avg_inventory_units": (5 - MINUTE) / 3,
        "on_hand_end_of_day_mean": (0 + 2 + 1) / 3,
        "backorders_mean": 1 / 6,
        "backorders_end_of_day_mean": 1 / 3,
        "backorder_days_share": 1 / 3,
        "backorder_wait_days_mean": 0.5,
        "units_backordered": 1.0,
        "units_on_order_mean": (3 * 0.5 + MINUTE) / 3,
        "units_in_transit_inbound_mean": (3 * 0.5 + MINUTE) / 3,
        "units_in_transit_outbound_mean": 1.0,
        "units_in_transit_mean": (3 * 0.5 + MINUTE) / 3 + 1.0,
        "purchase_orders": 2.0,
        "purchase_order_units_mean": (3 + 1) / 2,
        "wip_mean": 0.0,
    }
    got = {m: kpi(results, "stock", m) for m in expected}
    assert got == pytest.approx(expected, abs=1e-12)
    assert got["avg_inventory_units"] - got["on_hand_end_of_day_mean"] == pytest.approx((2 - MINUTE) / 3, abs=1e-12)


def test_stock_hand_case_by_node(results: sim.Results) -> None:
    """The breakdown holds the same figures for the one node, and the slot's order frequency."""
    for metric in (
        "on_hand_end_of_day_mean",
        "backorders_mean",
        "backorders_end_of_day_mean",
        "backorder_wait_days_mean",
        "units_on_order_mean",
        "units_in_transit_inbound_mean",
        "units_in_transit_outbound_mean",
        "purchase_order_units_mean",
    ):
        assert node_value(results, "stock", "wh", metric) == pytest.approx(kpi(results, "stock", metric), abs=1e-12)
        assert node_value(results, "stock", "warehouse", metric, "channel") == pytest.approx(
            kpi(results, "stock", metric), abs=1e-12
        )
    assert node_value(results, "stock", "wh/A", "orders_per_year", "slot") == pytest.approx(2 * 365 / 3)


def test_dropship_hand_case(results: sim.Results) -> None:
    """The dropshipper accepts the 3 units on day 0 at 18:00, has them ready on day 1 at 18:00, after
    that day's pickup, so they are handed over on day 2 at 17:00 (WIP for 1 d 23 h) and delivered on
    day 3 at 17:00 — after the horizon, so 7 h of their transit fall in the window. The last
    minute's unit is work in process for that minute."""
    wip = (3 * (1 + 23 / 24) + MINUTE) / 3
    transit = 3 * (7 / 24) / 3
    assert kpi(results, "free", "wip_mean") == pytest.approx(wip, abs=1e-12)
    assert kpi(results, "free", "units_in_transit_outbound_mean") == pytest.approx(transit, abs=1e-12)
    assert node_value(results, "free", "ds", "wip_mean") == pytest.approx(wip, abs=1e-12)
    assert kpi(results, "free", "units_on_order_mean") == 0.0
    assert math.isnan(kpi(results, "free", "purchase_order_units_mean"))
    assert math.isnan(kpi(results, "free", "backorder_wait_days_mean"))
    assert kpi(results, "free", "on_hand_end_of_day_mean") == 0.0


def test_every_new_kpi_is_public_and_described() -> None:
    from sim.metrics.kpis import DESCRIPTIONS, KPI_NAMES, PIPELINE

    assert set(PIPELINE) <= set(KPI_NAMES)
    assert all(DESCRIPTIONS.get(m) for m in PIPELINE)
    model = (Path(__file__).resolve().parents[2] / "docs" / "MODEL.md").read_text()
    assert all(f"`{m}`" in model for m in PIPELINE), [m for m in PIPELINE if f"`{m}`" not in model]


def test_on_order_and_inbound_transit_differ_by_transfers_waiting_upstream(tmp_path: Path) -> None:
    """Two echelons: a DC (base stock 1, supplier lead time 12 h) feeds the warehouse (base stock 2)
    with transfers of 6 h. Day 0 18:00 a customer takes the warehouse's 2 units; its transfer order
    of 2 waits at the DC (1 on hand: a line is served whole), which orders 2 from the supplier; they
    arrive on day 1 at 06:00, 2 leave at once and reach the warehouse at 12:00. In the last minute
    a customer takes 1 unit: the warehouse orders 1, which the DC sends at once (and reorders 1);
    nothing of it arrives before the horizon.

    on order: warehouse 2 × 0.75 d + DC 2 × 0.5 d (+ 1 unit each for a minute);
    in transit to a node: the DC's supplier order 2 × 0.5 d + the transfer 2 × 0.25 d (+ 1 unit each
    for a minute). The difference, 2 × 0.5 d, is the transfer order that waited at the DC.
    on hand: warehouse 2 × 0.75 d + 2 × (1.5 d − 1 min) + 1 × 1 min, DC 1 × (3 d − 1 min); at the
    days' ends warehouse 0, 2, 1 and DC 1, 1, 0.
    """
    (tmp_path / "orders.csv").write_text(ORDERS.replace(",3\n", ",2\n"))
    data = copy.deepcopy(SCENARIO)
    data["demand_history"] = {"path": str(tmp_path / "orders.csv"), "format": "order_lines"}
    data["nodes"] = [
        {"name": "dc", "kind": "warehouse", "region": "all", "replenish_from": "sup", "serves_customers": False},
        {
            "name": "wh",
            "kind": "warehouse",
            "region": "all",
            "replenish_from": "dc",
            "transfer_days": {"kind": "fixed", "value": 0.25},
            "ships_with": "post.std",
        },
    ]
    data["policies"] = [
        {
            "name": "stock",
            "kind": "stocked",
            "stock_at": ["wh"],
            "reorder": {"kind": "base_stock", "S": 2},
            "overrides": [{"nodes": ["dc"], "reorder": {"kind": "base_stock", "S": 1}}],
        }
    ]
    results = sim.compare(sim.Scenario.model_validate(data), warn=False)
    on_order = {"wh": (2 * 0.75 + MINUTE) / 3, "dc": (2 * 0.5 + MINUTE) / 3}
    inbound = {"wh": (2 * 0.25 + MINUTE) / 3, "dc": (2 * 0.5 + MINUTE) / 3}
    assert kpi(results, "stock", "units_on_order_mean") == pytest.approx(sum(on_order.values()), abs=1e-12)
    assert kpi(results, "stock", "units_in_transit_inbound_mean") == pytest.approx(sum(inbound.values()), abs=1e-12)
    for node in ("wh", "dc"):
        assert node_value(results, "stock", node, "units_on_order_mean") == pytest.approx(on_order[node], abs=1e-12)
        got = node_value(results, "stock", node, "units_in_transit_inbound_mean")
        assert got == pytest.approx(inbound[node], abs=1e-12)
        assert node_value(results, "stock", f"{node}/A", "orders_per_year", "slot") == pytest.approx(2 * 365 / 3)
    assert kpi(results, "stock", "purchase_orders") == 4.0  # two transfer orders, two supplier orders
    assert kpi(results, "stock", "purchase_order_units_mean") == pytest.approx((2 + 2 + 1 + 1) / 4)
    wh_on_hand = 2 * 0.75 + 2 * (1.5 - MINUTE) + MINUTE
    assert kpi(results, "stock", "avg_inventory_units") == pytest.approx((wh_on_hand + 3 - MINUTE) / 3, abs=1e-12)
    assert kpi(results, "stock", "on_hand_end_of_day_mean") == pytest.approx((0 + 2 + 1 + 1 + 1 + 0) / 3, abs=1e-12)
    assert node_value(results, "stock", "dc", "on_hand_end_of_day_mean") == pytest.approx(2 / 3, abs=1e-12)
