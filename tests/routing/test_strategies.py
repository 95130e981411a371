"""Each routing strategy sends an order to the node docs/ROUTING.md says, in a hand-built world."""

from __future__ import annotations

import math

import pytest

from sim.base.timebase import DAY, HOUR
from sim.config.models import Routing, Scenario
from sim.network.build import build_network
from sim.plan.build import make_plan
from sim.record.counters import CHANNELS
from sim.routing.strategies import STRATEGIES, build_strategy, candidate
from tests.helpers import events, model, script

from ..network.world import allocations, set_on_hand, world

SOUTH_ORDER = [(10 * HOUR, "south", "A", 1)]


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        ("priority", "far_cheap"),  # first on the priority list, whatever the distance
        ("nearest", "near_pricey"),  # the only zone-1 node for a southern customer
        ("cheapest", "far_cheap"),  # 2.00 landed shipping, no fee, vs 4 + 5 and 12
        ("fastest", "fast_express"),  # 1-day express vs 2 and 3 days
    ],
)
def test_each_static_strategy_picks_its_documented_node(strategy: str, expected: str) -> None:
    m = model(world(strategy), "p")
    script(m, SOUTH_ORDER)
    m.run()
    assert allocations(m) == [(expected, 1)]


def test_static_strategies_need_no_per_order_ranking() -> None:
    for strategy in ("priority", "nearest", "cheapest", "fastest"):
        m = model(world(strategy), "p")
        assert all(ranking is None for row in m.orders.routes for _, _, ranking in row)


def test_landed_cost_and_promise_days_are_computed_as_documented() -> None:
    network = build_network(Scenario.model_validate(world()))
    south, sku_a = 1, 0
    price_of = {n.name: candidate(network, n.index, south, sku_a, 0, 0.9) for n in network.nodes[:3]}
    unit_cost = network.skus[sku_a].unit_cost
    assert price_of["far_cheap"].landed_cost == pytest.approx(unit_cost + 2.0)
    assert price_of["near_pricey"].landed_cost == pytest.approx(unit_cost + 4.0 + 5.0)
    assert price_of["fast_express"].landed_cost == pytest.approx(unit_cost + 12.0)
    # Order at time t in the week; ready at once; pickup at 17:00 the same day when t ≤ 17:00, else
    # the next; promise = end of (pickup day + transit days). Averaged over every quarter hour of a
    # day (all weekdays alike): 69 of 96 quarter hours (00:00 … 17:00) ship the same day.
    same_day = 69 / 96
    for name, transit in (("far_cheap", 3), ("near_pricey", 2), ("fast_express", 1)):
        end_of_day = transit + 1 - 1 / DAY + (1 - same_day)  # in days from midnight of the order day
        mean_time_of_day = (96 - 1) / 2 * 15 / (24 * 60)
        assert price_of[name].promise_days == pytest.approx(end_of_day - mean_time_of_day, abs=1e-9)


def weights(**w: float) -> dict[str, float]:
    base = {"per_delivery_day": 0.0, "per_cost": 0.0, "per_late_probability": 0.0, "per_backlog_day": 0.0}
    return {**base, **w}


@pytest.mark.parametrize(
    ("w", "expected"),
    [
        (weights(per_cost=1.0), "far_cheap"),  # cost alone: the cheapest
        (weights(per_delivery_day=100.0, per_cost=1.0), "fast_express"),  # days dominate: the fastest
        (weights(per_delivery_day=1.0, per_cost=1.0), "far_cheap"),  # 1 per day: 2 days don't pay 10 more
    ],
)
def test_score_weighs_cost_against_days(w: dict[str, float], expected: str) -> None:
    m = model(world("score", weights=w), "p")
    script(m, SOUTH_ORDER)
    m.run()
    assert allocations(m) == [(expected, 1)]


def test_score_avoids_an_unreliable_carrier_when_lateness_is_priced() -> None:
    data = world("score", weights=weights(per_delivery_day=100.0, per_late_probability=1000.0))
    express = data["carriers"][0]["services"][1]
    express["on_time_probability"] = 0.5
    express["late_days"] = {"kind": "fixed", "value": 1}
    # fast_express now expects 1 + 0.5 days and carries 0.5 × 1000 of late risk; near_pricey is next fastest
    m = model(data, "p")
    script(m, SOUTH_ORDER)
    m.run()
    assert allocations(m) == [("near_pricey", 1)]


def test_score_sees_the_cut_off_of_each_node_at_the_time_of_the_order() -> None:
    data = world("score", weights=weights(per_delivery_day=1.0, per_cost=1.0))
    data["nodes"][0]["cutoff"] = "12:00"  # far_cheap: early cut-off …
    data["nodes"][0]["ships_with"] = "post.express"  # … on the same service as fast_express,
    data["nodes"][2]["fees"] = {"per_order": 0.5}  # which charges 0.50 more per order
    data["policies"][0]["stock_at"] = ["far_cheap", "fast_express"]
    m = model(data, "p")
    # statically far_cheap is better (0.50 cheaper; its early cut-off costs ≈ 0.21 days on average)
    assert m.plan.routes[1][0].stock_nodes[0] == m.network.node("far_cheap").index
    script(m, [(10 * HOUR, "south", "A", 1), (14 * HOUR, "south", "A", 1)])
    m.run()
    # 10:00: both make today's pickup, far_cheap is cheaper; 14:00: far_cheap missed its cut-off,
    # a day later is worth 1.00 > 0.50
    assert allocations(m) == [("far_cheap", 1), ("fast_express", 1)]


def test_score_moves_orders_away_from_a_backlogged_node() -> None:
    data = world("score", weights=weights(per_backlog_day=1.0))
    data["routing"]["priority"] = ["near_pricey", "far_cheap", "fast_express"]
    data["nodes"][1]["pick_pack"] = {"stations": 1, "minutes_per_order": {"kind": "fixed", "value": 600}}
    m = model(data, "p")
    script(m, [(HOUR, "south", "A", 1), (HOUR, "south", "B", 1)])
    m.run()
    # all static scores are 0: the first order goes by priority; it keeps near_pricey's one station
    # busy for 10 hours, so the second goes to the next node without a queue
    assert allocations(m) == [("near_pricey", 1), ("far_cheap", 1)]


def test_policy_routing_overrides_the_scenario() -> None:
    data = world("priority")
    data["policies"][0]["routing"] = {"strategy": "nearest"}
    m = model(data, "p")
    script(m, SOUTH_ORDER)
    m.run()
    assert allocations(m) == [("near_pricey", 1)]
    assert m.plan.routing.strategy == "nearest"


def test_every_decision_is_logged_with_the_scores_that_made_it() -> None:
    m = model(world("cheapest"), "p")
    script(m, SOUTH_ORDER)
    m.run()
    rows = [e for e in events(m) if e["event"] == "route"]
    assert [r["node"] for r in rows][:3] == ["far_cheap", "near_pricey", "fast_express"]  # best first
    scores = [r["amount"] for r in rows[:3]]
    assert scores == sorted(scores)
    unit_cost = m.network.skus[0].unit_cost
    assert scores == pytest.approx([unit_cost + 2.0, unit_cost + 9.0, unit_cost + 12.0])
    assert {r["source"] for r in rows} == {"far_cheap"}
    assert [r["units"] for r in rows[:3]] == [1, 0, 0]


def test_the_next_node_serves_when_the_best_is_out_and_the_fallback_chain_ends_in_virtual() -> None:
    data = world("cheapest")
    data["policies"] = [{"name": "h", "kind": "hybrid", "stock_skus": ["A"], "reorder": {"kind": "sS", "s": 0, "S": 5}}]
    m = model(data, "h")
    for node in ("far_cheap", "near_pricey", "fast_express"):
        set_on_hand(m, node, 0, 2)
    set_on_hand(m, "far_cheap", 0, 0)
    script(m, [(HOUR, "south", "A", 2), (2 * HOUR, "south", "A", 3)])
    m.run()
    # order 1: the cheapest is empty, the next cheapest has 2; order 2: nobody has 3 → dropship
    assert allocations(m) == [("near_pricey", 2), ("ds", 3)]


def test_split_shipments_take_what_the_best_node_has_and_the_rest_from_the_next() -> None:
    data = world("priority", split_shipments=True)
    data["service"] = {"unmet_demand": "lost"}
    m = model(data, "p")
    set_on_hand(m, "far_cheap", 0, 3)
    set_on_hand(m, "near_pricey", 0, 1)
    set_on_hand(m, "fast_express", 0, 0)
    script(m, [(HOUR, "south", "A", 6)])
    m.run()
    assert allocations(m)[:2] == [("far_cheap", 3), ("near_pricey", 1)]
    assert m.tally.units_filled_first == 4 and m.tally.units_lost == 2
    ships = [e for e in events(m) if e["event"] == "ship" and e["order"] == 0]
    assert len(ships) == 2  # two parcels; the order is delivered with the later one
    assert m.tally.orders_delivered == 1
    assert m.tally.delivery_s_total == max(e["t2"] for e in ships) - HOUR


def test_without_split_the_primary_ships_what_it_has() -> None:
    data = world("priority")
    data["service"] = {"unmet_demand": "lost"}
    m = model(data, "p")
    set_on_hand(m, "far_cheap", 0, 3)
    set_on_hand(m, "near_pricey", 0, 1)
    script(m, [(HOUR, "south", "A", 6)])
    m.run()
    assert allocations(m)[:1] == [("far_cheap", 3)]
    assert m.tally.units_filled_first == 3 and m.tally.units_lost == 3


def test_every_registered_strategy_ranks_every_candidate_with_a_finite_key() -> None:
    """The registry's conformance check: every strategy builds from a routing block and keys every node."""
    network = build_network(Scenario.model_validate(world()))
    cands = [candidate(network, n.index, 1, 0, n.index, 0.9) for n in network.nodes]
    for kind in STRATEGIES:
        strategy = build_strategy(Routing(strategy=kind))  # type: ignore[arg-type]
        assert strategy.kind == kind
        assert all(math.isfinite(strategy.key(c)) for c in cands)
        assert make_plan(build_network(Scenario.model_validate(world(kind))), "p").routing.strategy == kind


def test_split_sends_the_remainder_to_an_accepting_virtual_source() -> None:
    data = world("priority", split_shipments=True)
    data["policies"] = [{"name": "h", "kind": "hybrid", "stock_skus": ["A"], "reorder": {"kind": "sS", "s": 0, "S": 5}}]
    m = model(data, "h")
    set_on_hand(m, "far_cheap", 0, 2)
    set_on_hand(m, "near_pricey", 0, 0)
    set_on_hand(m, "fast_express", 0, 1)
    script(m, [(HOUR, "south", "A", 5)])
    m.run()
    assert allocations(m)[:3] == [("far_cheap", 2), ("fast_express", 1), ("ds", 2)]
    assert m.tally.units_filled_first == 5 and m.tally.orders_full_first == 1
    assert m.tally.delivered_by_channel[CHANNELS.index("warehouse")] == 1  # the channel: the node that served first
