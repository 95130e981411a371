"""Per-node and per-channel KPIs: hand-computed cases and exact agreement with the run's totals."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.base.timebase import DAY, HOUR
from sim.config.models import Scenario
from sim.metrics.breakdown import breakdown_rows
from sim.model.model import Model, simulate
from sim.network.build import build_network
from sim.plan.build import make_plan

from ..conftest import SCENARIOS, TINY
from ..helpers import script, silent


def rows_of(out, network) -> dict[tuple[str, str, str], float]:  # type: ignore[no-untyped-def]
    rows = breakdown_rows(network, out.node_stats)
    assert rows is not None
    return {(scope, name, metric): value for scope, name, metric, value in rows}


def test_a_hand_built_node_breakdown() -> None:
    data = silent()
    data["horizon_days"] = 10
    data["nodes"][0]["fees"] = {"per_order": 1.5, "per_unit": 0.25}
    data["nodes"][0]["pick_pack"] = {"stations": 2, "minutes_per_order": {"kind": "fixed", "value": 30}}
    network = build_network(Scenario.model_validate(data))
    m = Model(network, make_plan(network, "stock"), 1, 0, monitor=True)
    script(m, [(HOUR, "north", "A", 3), (2 * HOUR, "north", "B", 1), (DAY + HOUR, "north", "A", 2)])
    out = m.run()
    r = rows_of(out, network)
    assert r[("node", "wh", "parcels")] == 3 and r[("node", "wh", "units_shipped")] == 6
    assert r[("node", "wh", "cost_shipping")] == 3 * 4.0
    assert r[("node", "wh", "cost_fulfillment")] == 3 * 1.5 + 6 * 0.25
    assert r[("node", "wh", "cost")] == 12.0 + 6.0
    assert r[("node", "wh", "pick_utilisation")] == pytest.approx(3 * 30 * 60 / (2 * 10 * DAY))
    assert r[("node", "wh", "carrier_on_time_rate")] == 1.0
    assert r[("node", "wh", "backlog_units_mean")] == 0.0
    # the channel (node kind) rows add up the kind's nodes
    assert r[("channel", "warehouse", "parcels")] == 3


def test_a_purchase_order_delayed_by_an_outage_is_late() -> None:
    data = silent()
    data["disruptions"] = {"supplier_outages": [{"supplier": "sup", "windows": [{"start": 0.5, "end": 2}]}]}
    network = build_network(Scenario.model_validate(data))
    m = Model(network, make_plan(network, "stock"), 1, 0, monitor=True)
    script(m, [(HOUR, "north", "A", 41), (DAY, "north", "B", 41)])  # A's order before the outage, B's inside
    out = m.run()
    r = rows_of(out, network)
    assert r[("node", "wh", "purchase_orders")] == 2
    assert r[("node", "wh", "supplier_on_time_rate")] == 0.5


@pytest.mark.parametrize("policy", ["stock", "free"])
def test_node_costs_add_up_to_the_runs_cost_components_exactly(policy: str) -> None:
    data = copy.deepcopy(TINY)
    data["horizon_days"] = 60
    data["warmup_days"] = 10
    data["nodes"][0]["fees"] = {"per_order": 1.1, "per_unit": 0.3}
    data["nodes"][1]["fee_per_order"] = 2.0
    network = build_network(Scenario.model_validate(data))
    out = simulate(network, make_plan(network, policy), 4, 0, monitor=True)
    r = rows_of(out, network)
    nodes = [n for (scope, n, metric) in r if scope == "node" and metric == "cost"]
    tally = out.tally
    assert sum(r[("node", n, "cost_shipping")] for n in nodes) == pytest.approx(tally.cost["shipping"], rel=1e-12)
    assert sum(r[("node", n, "cost_fulfillment")] for n in nodes) == pytest.approx(tally.cost["fulfillment"], rel=1e-12)
    assert sum(r[("node", n, "units_shipped")] for n in nodes) == tally.units_delivered
    assert sum(r[("node", n, "orders_completed")] for n in nodes) == tally.orders_delivered
    on_time = sum(r[("node", n, "carrier_on_time_rate")] * r[("node", n, "orders_completed")] for n in nodes)
    assert on_time == pytest.approx(tally.orders_on_time)


def test_marketplace_referral_fees_land_in_its_node_row() -> None:
    network, plan = _multichannel("stocked")
    out = simulate(network, plan, 42, 0, monitor=True)
    r = rows_of(out, network)
    fees = sum(v for (scope, _, metric), v in r.items() if scope == "node" and metric == "cost_fees")
    assert fees == pytest.approx(out.tally.cost["fees"], rel=1e-9) and fees > 0


def _multichannel(policy: str):  # type: ignore[no-untyped-def]
    scenario = sim.load_scenario(SCENARIOS / "multichannel.yaml", ["horizon_days=60", "warmup_days=28"])
    network = build_network(scenario)
    return network, make_plan(network, policy)


def test_compare_writes_breakdown_and_alerts_files(tmp_path: Path) -> None:
    results = sim.compare(Scenario.model_validate(TINY), replications=2, seed=1)
    out = results.write(tmp_path / "r")
    breakdown = pd.read_csv(out / "breakdown.csv")
    assert list(breakdown.columns) == ["policy", "replication", "scope", "name", "metric", "value"]
    assert set(breakdown.policy) == {"free", "stock"} and set(breakdown.replication) == {0, 1}
    assert pd.read_parquet(out / "breakdown.parquet").shape == breakdown.shape
    alerts = pd.read_csv(out / "alerts.csv")
    assert list(alerts.columns) == ["policy", "replication", "day", "node", "sku", "alert", "value", "threshold"]
