"""Each channel node's fees land in the cost breakdown exactly (hand-computed small cases)."""

from __future__ import annotations

import pytest

from sim.base.timebase import DAY, HOUR

from ..helpers import events, model, script, silent


def one_node(node: dict, policy: dict | None = None) -> dict:
    data = silent()
    data["horizon_days"] = 4
    base = {"name": "n", "region": "north", "replenish_from": "sup", "ships_with": "post.std"}
    data["nodes"] = [{**base, **node}] if node["kind"] in ("warehouse", "3pl", "marketplace") else [node]
    data["policies"] = [policy or {"name": "p", "kind": "stocked", "reorder": {"kind": "sS", "s": 0, "S": 10}}]
    return data


def test_3pl_per_order_per_unit_and_storage_per_unit_day() -> None:
    fees = {"per_order": 2.0, "per_unit": 0.5, "storage_per_unit_day": 0.01}
    m = model(one_node({"kind": "3pl", "fees": fees}), "p")
    script(m, [(DAY, "north", "A", 3), (DAY, "north", "B", 1)])  # A and B start at S = 10 each
    m.run()
    cost = m.tally.cost
    assert cost["fulfillment"] == pytest.approx(2 * 2.0 + 4 * 0.5)
    # on hand: 20 units for day 0, 16 for days 1–3 (no reorder: s = 0) → 20 + 48 unit-days
    assert cost["storage"] == pytest.approx(0.01 * (20 + 3 * 16))


def test_3pl_receiving_delay_makes_received_stock_usable_later() -> None:
    m = model(one_node({"kind": "3pl", "receiving_days": 0.5}), "p")
    script(m, [(HOUR, "north", "A", 10)])  # empties A: a purchase order, 3 days lead + 12 h receiving
    m.run()
    purchase = next(e for e in events(m) if e["event"] == "purchase")
    receipt = next(e for e in events(m) if e["event"] == "receipt")
    assert purchase["t2"] == receipt["t"] == HOUR + 3 * DAY + DAY // 2


def test_marketplace_referral_fulfilment_and_storage_fees() -> None:
    node = {
        "kind": "marketplace",
        "referral_fee_rate": 0.15,
        "fees": {"per_unit": 3.0, "storage_per_unit_day": 0.02},
    }
    m = model(one_node(node), "p")
    script(m, [(DAY, "north", "A", 2)])  # A: price 10
    m.run()
    cost = m.tally.cost
    assert cost["fees"] == pytest.approx(0.15 * 10 * 2)
    assert cost["fulfillment"] == pytest.approx(3.0 * 2)
    assert cost["storage"] == pytest.approx(0.02 * (20 + 3 * 18))


def test_marketplace_storage_cap_cuts_purchase_orders_and_inbound_delay_applies() -> None:
    node = {"kind": "marketplace", "storage_cap_units": 14, "inbound_days": 1}
    m = model(one_node(node), "p")
    script(m, [(HOUR, "north", "A", 10)])  # A empty, B at 10: room for 4 more units only
    m.run()
    purchase = [(e["units"], e["t2"]) for e in events(m) if e["event"] == "purchase"]
    assert purchase == [(4, HOUR + 3 * DAY + DAY)]


def test_marketplace_cap_binds_transfers_from_an_upstream_node() -> None:
    data = one_node({"kind": "warehouse"})
    data["nodes"].append(
        {
            "name": "mkt",
            "kind": "marketplace",
            "region": "north",
            "replenish_from": "n",
            "transfer_days": {"kind": "fixed", "value": 1},
            "ships_with": "post.std",
            "storage_cap_units": 12,
        }
    )
    data["routing"] = {"strategy": "priority", "priority": ["mkt", "n"]}
    m = model(data, "p")
    script(m, [(HOUR, "north", "A", 10)])  # mkt's A empty, its B at 10: room for 2
    m.run()
    transfers = [e["units"] for e in events(m) if e["event"] == "transfer" and e["node"] == "mkt"]
    assert transfers == [2]


def test_dropship_fee_and_unit_premium() -> None:
    node = {
        "kind": "dropship",
        "name": "ds",
        "region": "north",
        "handling_days": {"kind": "fixed", "value": 1},
        "fee_per_order": 3.5,
        "unit_premium": 1.25,
        "ships_with": "post.std",
    }
    m = model(one_node(node, {"name": "f", "kind": "inventory_free"}), "f")
    script(m, [(HOUR, "north", "A", 2)])  # A: unit cost 5
    m.run()
    assert m.tally.cost["fulfillment"] == 3.5
    assert m.tally.cost["product"] == pytest.approx(2 * (5 + 1.25))
    allocate = next(e for e in events(m) if e["event"] == "allocate")
    assert allocate["t2"] == HOUR + DAY  # handling time


def test_print_on_demand_unit_cost_queue_and_production_time() -> None:
    node = {
        "kind": "print_on_demand",
        "name": "pod",
        "region": "north",
        "skus": "all",
        "production_days": {"kind": "fixed", "value": 0.5},
        "daily_capacity_units": 24,
        "unit_cost": 1.5,
        "unit_premium": 0.5,
        "fee_per_order": 1.0,
        "ships_with": "post.std",
    }
    m = model(one_node(node, {"name": "f", "kind": "inventory_free"}), "f")
    script(m, [(HOUR, "north", "A", 2), (HOUR, "north", "B", 1)])
    m.run()
    assert m.tally.cost["product"] == pytest.approx(3 * (1.5 + 0.5))
    assert m.tally.cost["fulfillment"] == 2.0
    # one unit an hour, first come first served, then 12 h of finishing
    assert [e["t2"] for e in events(m) if e["event"] == "allocate"] == [3 * HOUR + DAY // 2, 4 * HOUR + DAY // 2]
