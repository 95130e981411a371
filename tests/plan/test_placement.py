"""Predictive placement: forward top-ups follow the regional forecast; pure formulas by hand."""

from __future__ import annotations

import math

import pytest
import yaml

from sim.analytics import z_value
from sim.base.timebase import DAY, HOUR
from sim.config import ScenarioError
from sim.config.loader import parse_scenario
from sim.plan.placement import ForwardHold, order_up_to, rebalance_moves
from sim.policies.forecast import ExponentialSmoothing, MovingAverage

from ..helpers import events, model, script, silent


def placement_scenario(**placement: object) -> dict:
    data = silent()
    data["regions"] = [{"name": "north", "demand_share": 0.5}, {"name": "south", "demand_share": 0.5}]
    data["zones"] = [{"between": ["north", "south"], "zone": 2}]
    rates = data["carriers"][0]["services"][0]["rates"]
    rates.append({"zone": 2, "transit_days": {"kind": "fixed", "value": 3}, "cost_per_shipment": 6.0})
    wh = data["nodes"][0]
    data["nodes"] = [
        {**wh, "name": "central"},
        {
            **wh,
            "name": "fwd",
            "region": "south",
            "replenish_from": "central",
            "transfer_days": {"kind": "fixed", "value": 1},
        },
    ]
    data["policies"] = [
        {
            "name": "p",
            "kind": "stocked",
            "reorder": {"kind": "sS", "s": 50, "S": 500},
            "placement": {"central": "central", "forward": [{"node": "fwd", "regions": ["south"]}], **placement},
        }
    ]
    return data


def test_order_up_to_is_the_ceiling_of_forecast_cover_plus_safety() -> None:
    assert order_up_to(5.0, 2.0, 4.0, 1.5) == math.ceil(5 * 4 + 1.5 * 2 * 2)  # 26
    assert order_up_to(2.5, 0.0, 2.0, 1.645) == 5  # exactly 5: no rounding up past a whole number
    assert order_up_to(0.0, 0.0, 3.0, 1.0) == 0


def test_rebalance_moves_give_only_surplus_above_the_threshold_largest_need_first() -> None:
    positions, targets, on_hand = [30, 4, 2, 12], [10, 10, 10, 10], [25, 4, 2, 12]
    # node 0 is above 1.5 × 10 and gives at most 30 − 10 = 20 (has 25 on hand); node 3 is not above 15
    assert rebalance_moves(positions, targets, on_hand, 1.5) == [(0, 2, 8), (0, 1, 6)]
    # a donor gives no more than it holds on hand
    assert rebalance_moves([30, 0], [10, 10], [3, 0], 1.5) == [(0, 1, 3)]
    assert rebalance_moves([10, 10], [10, 10], [10, 10], 1.5) == []


def test_forward_slots_hold_and_start_at_the_prior_level() -> None:
    m = model(placement_scenario(), "p")
    fwd = m.stock_nodes[1].slots[0]
    assert isinstance(fwd.rule, ForwardHold) and fwd.rule.decide(None) == 0
    assert m.stock_nodes[0].slots[0].rule.initial_level == 500  # the central node keeps the policy's rule


@pytest.mark.parametrize("method", ["exponential_smoothing", "moving_average"])
def test_forward_top_ups_follow_the_forecast_of_the_regions_observed_demand(method: str) -> None:
    params = {"alpha": 0.5} if method == "exponential_smoothing" else {"window_days": 2}
    m = model(placement_scenario(method=method, **params), "p")
    plan = m.plan.placement
    assert plan is not None
    f = plan.forward[0]
    # south orders A: 12 units on day 0, 0 on day 1, 5 on day 2 (north orders must not count)
    orders = [(HOUR, "south", "A", 7), (2 * HOUR, "south", "A", 5), (3 * HOUR, "north", "A", 9)]
    orders += [(2 * DAY + HOUR, "south", "A", 5)]
    script(m, orders)
    m.run()
    z, p = z_value(0.95), f.protection_days
    assert p == pytest.approx(1 + 1)  # transfer 1 day + review 1 day
    fc = (
        ExponentialSmoothing(0.5, f.prior_mean[0], f.prior_sd[0])
        if method == "exponential_smoothing"
        else MovingAverage(2, f.prior_mean[0], f.prior_sd[0])
    )
    expected = []
    for day, units in enumerate([12, 0, 5, 0]):
        fc.update(day, units)
        expected.append(((day + 1) * DAY, order_up_to(fc.level, fc.error_sd, p, z)))
    got = [(t, target) for t, i, s, target in m.placement.targets_log if s == 0 and t <= 4 * DAY]  # type: ignore[union-attr]
    assert got == expected
    # each top-up is a transfer of exactly target − position from the central node
    log = events(m)
    transfers = [(e["t"], e["units"]) for e in log if e["event"] == "transfer" and e["sku"] == "A"]
    assert transfers and all(units > 0 for _, units in transfers)
    first_t, first_units = transfers[0]
    start = m.stock_nodes[1].slots[0].initial
    served_by_fwd = sum(e["units"] for e in log if e["event"] == "allocate" and e["node"] == "fwd" and e["t"] < first_t)
    target = dict(got)[first_t]
    assert first_units == target - (start - served_by_fwd)


def test_placement_validation_names_the_problem() -> None:
    data = placement_scenario()
    data["policies"][0]["placement"]["forward"] = [
        {"node": "central", "regions": ["south"]},
        {"node": "fwd", "regions": ["south", "east"]},
        {"node": "fwd", "regions": ["north"]},
    ]
    with pytest.raises(ScenarioError) as err:
        parse_scenario(yaml.safe_dump(data, sort_keys=False), "s.yaml")
    text = str(err.value)
    assert "policies[0].placement.forward[0].node  'central' replenishes from 'sup'" in text
    assert "policies[0].placement.forward[1].regions[0]  region 'south' is already forecast by forward[0]" in text
    assert "policies[0].placement.forward[1].regions[1]  unknown region 'east'" in text
    assert "policies[0].placement.forward[2].node  'fwd' is listed twice" in text


def test_a_parameter_of_the_other_method_is_refused() -> None:
    data = placement_scenario(method="moving_average", alpha=0.3)
    with pytest.raises(ScenarioError, match="alpha is for method exponential_smoothing"):
        parse_scenario(yaml.safe_dump(data, sort_keys=False), "s.yaml")


def test_forward_placement_delivers_faster_than_central_stock_with_a_ci() -> None:
    import sim

    from ..conftest import SCENARIOS

    scenario = sim.load_scenario(SCENARIOS / "predictive_placement.yaml", ["horizon_days=150"])
    results = sim.compare(scenario, ["central", "predictive"], replications=5, seed=123)
    row = results.comparisons.set_index(["policy", "baseline", "metric"]).loc[
        ("predictive", "central", "delivery_days_p90")
    ]
    assert row.ci_high < 0  # the whole 95 % CI of the paired difference is below zero


def test_rebalancing_moves_a_forward_surplus_when_the_central_node_is_short(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sim.config import load_scenario
    from sim.model.model import Model
    from sim.network.build import build_network
    from sim.plan.build import make_plan

    data = placement_scenario(alpha=0.5, rebalance=True)
    data["regions"].append({"name": "west", "demand_share": 0.5})
    data["zones"] += [{"between": ["north", "west"], "zone": 2}, {"between": ["south", "west"], "zone": 2}]
    data["nodes"].append({**data["nodes"][1], "name": "fwd2", "region": "west"})
    data["policies"][0]["placement"]["forward"].append({"node": "fwd2", "regions": ["west"]})
    (tmp_path / "snap.csv").write_text(
        "record,node,sku,units,region,eta\non_hand,central,A,0,,\non_hand,fwd,A,100,,\non_hand,fwd2,A,0,,\n"
    )
    data["initial_state"] = {"path": "snap.csv"}
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    network = build_network(load_scenario(path))
    m = Model(network, make_plan(network, "p"), 1, 0, events=True)
    script(
        m, [(HOUR, "west", "A", 1), (2 * HOUR, "west", "A", 1)]
    )  # fwd2 has none: served from fwd (nearest with stock)
    m.run()
    day1 = [(t, i, target) for t, i, s, target in m.placement.targets_log if s == 0 and t == DAY]  # type: ignore[union-attr]
    target_fwd2 = next(target for _, i, target in day1 if i == 1)
    assert target_fwd2 > 0
    lateral = [
        (e["t"], e["source"], e["node"], e["units"]) for e in events(m) if e["event"] == "transfer" and e["sku"] == "A"
    ]
    # at day 1 the central node has nothing: fwd (98 on hand, far above 1.5 × its level) sends fwd2 its level
    assert lateral[0] == (DAY, "fwd", "fwd2", target_fwd2)
