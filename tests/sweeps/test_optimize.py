"""The optimiser (sim.sweeps.optimize): feasibility with confidence, CRN screening, the Pareto frontier."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.config import load_scenario
from sim.sweeps.optimize import Goal, grid_edges, optimize, pareto_front, tuned_policy
from sim.sweeps.points import plan_sweep

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "scenarios" / "small_store.yaml"
LEVELS = [0.5, 0.8, 0.95, 0.99]
FLOOR = 0.99


@pytest.fixture(scope="module")
def searched(tmp_path_factory):
    # fixed order quantities of 50 make low service levels visibly short of the floor
    base = load_scenario(SMALL, ["horizon_days=120", "warmup_days=20", "policies.stocked.reorder.order_quantity=50"])
    plan = plan_sweep(base, parameters={"policies.stocked.reorder.service_level": LEVELS}, policies=["stocked"], seed=4)
    out = tmp_path_factory.mktemp("opt") / "search"
    goal = Goal("stocked", floor=FLOOR)
    return optimize(plan, out, goal, replications=4, max_replications=16, workers=1)


def test_the_choice_is_feasible_with_confidence_and_cheapest_among_feasible(searched):
    c = searched.candidates
    assert searched.chosen is not None
    chosen = c[c.standing == "chosen"].iloc[0]
    assert chosen["fill_rate_units_lower_95"] >= FLOOR
    feasible = c[c.fill_rate_units_lower_95 >= FLOOR]
    assert chosen["cost_per_order_mean"] == feasible["cost_per_order_mean"].min() or not searched.decided
    assert set(c.standing) <= {"chosen", "tied", "costlier", "infeasible", "undecided", "feasible"}
    assert json.loads((searched.sweep.out / "chosen.json").read_text())["chosen"]["point"] == chosen["point"]
    assert searched.chosen["set"] == [f"--set policies.stocked.reorder.service_level={LEVELS[chosen['point']]}"]


def test_a_candidate_short_of_the_floor_is_ruled_out(searched):
    c = searched.candidates.set_index("point")
    assert c.loc[0, "standing"] == "infeasible"
    values = searched.sweep.kpis.query("point == 0 and metric == 'fill_rate_units'").value
    assert values.mean() < FLOOR


def test_only_the_tuned_policy_runs_and_every_candidate_shares_replication_seeds(searched):
    kpis = searched.sweep.kpis
    assert set(kpis.policy) == {"stocked"}
    demand = kpis[kpis.metric == "units_demanded"].pivot(index="replication", columns="point", values="value")
    common = demand.dropna()
    assert len(common) >= 4
    assert (common.nunique(axis=1) == 1).all()  # CRN: same demand in replication r at every candidate


def test_eliminations_are_backed_by_paired_differences(searched):
    """A candidate ruled costlier is costlier on the paired CRN differences: their mean is positive."""
    kpis = searched.sweep.kpis
    cost = kpis[kpis.metric == "cost_per_order"].pivot(index="replication", columns="point", values="value")
    chosen = int(searched.candidates.query("standing == 'chosen'").point.iloc[0])
    for point in searched.candidates.query("standing == 'costlier'").point:
        diff = (cost[point] - cost[chosen]).dropna()
        assert diff.mean() > 0


def test_files(searched):
    out = searched.sweep.out
    for name in ("candidates.csv", "pareto.csv", "chosen.json", "kpis.parquet", "manifest.json"):
        assert (out / name).exists(), name
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kind"] == "optimize" and manifest["optimize"]["policy"] == "stocked"
    pareto = pd.read_csv(out / "pareto.csv")
    assert set(pareto.point) == set(searched.candidates[searched.candidates.pareto].point)


def test_pareto_front():
    goal = Goal("p", 0.9)
    frame = pd.DataFrame(
        {
            "cost_per_order_mean": [10.0, 11.0, 12.0, 10.5, np.nan],
            "fill_rate_units_mean": [0.95, 0.99, 0.98, 0.95, 0.99],
            "delivery_days_p90_mean": [5.0, 5.0, 4.0, 5.0, 1.0],
        }
    )
    # 3 is dominated by 0 (costlier, same fill and speed); 2 is on the front (fastest); NaN is never on it
    assert pareto_front(frame, goal).tolist() == [True, True, True, False, False]


def test_tuned_policy_from_paths():
    names = ["inventory_free", "stocked", "hybrid"]
    assert tuned_policy(["policies.stocked.reorder.s", "policies.1.reorder.S"], names) == "stocked"
    assert tuned_policy(["policies.stocked.reorder.s", "policies.hybrid.reorder.s"], names) is None
    assert tuned_policy(["horizon_days"], names) is None


def test_unknown_metrics_are_refused():
    with pytest.raises(ValueError, match="unknown metric"):
        Goal("stocked", 0.9, objective="cost_per_ordr")


def test_a_choice_at_the_edge_of_a_numeric_grid_is_flagged():
    base = load_scenario(SMALL)
    paths = {
        "policies.stocked.reorder.service_level": [0.9, 0.95, 0.98],
        "policies.stocked.reorder.kind": ["service_level"],
    }
    plan = plan_sweep(base, parameters={**paths, "horizon_days": [60, 90]}, policies=["stocked"])
    edges = grid_edges(
        plan,
        {
            "policies.stocked.reorder.service_level": 0.98,
            "policies.stocked.reorder.kind": "service_level",
            "horizon_days": 90,
        },
    )
    assert [(e["path"], e["side"]) for e in edges] == [
        ("policies.stocked.reorder.service_level", "highest"),
        ("horizon_days", "highest"),
    ]
    assert "extend the values above 0.98" in edges[0]["warning"]
    inside = grid_edges(
        plan,
        {
            "policies.stocked.reorder.service_level": 0.95,
            "policies.stocked.reorder.kind": "service_level",
            "horizon_days": 60,
        },
    )
    assert [(e["path"], e["side"]) for e in inside] == [("horizon_days", "lowest")]
