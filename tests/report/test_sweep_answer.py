"""A sweep's report: the best point under the decision, paired neighbour differences, readable axes,
the real seed in the header, and no "nothing to compare" for a one-policy sweep of several points."""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np
import pandas as pd
import pytest

import sim
from sim.config import Scenario
from sim.config.decision import Decision
from sim.report.charts import new_figure
from sim.report.response_plots import MAX_LABEL, MAX_TICKS, readable_x
from sim.report.sweep_points import judge, sweep_answer
from tests.conftest import tiny

PARAM = "param.policies.stock.reorder.S"
METRICS = ("fill_rate_units", "cost_per_order", "delivery_days_p90")


def frames(costs: dict[int, float], fills: dict[int, float], noise: float = 0.02, reps: int = 8):
    """Tidy KPIs and summary of a one-policy sweep over S = 30, 60, 90 with common random numbers:
    each replication's shock is shared by every point, so paired differences are tight."""
    rng = np.random.default_rng(0)
    shocks = rng.normal(0, 1, reps)
    rows = []
    for point, s in enumerate((30, 60, 90)):
        for r in range(reps):
            values = {
                "cost_per_order": costs[point] + shocks[r] + noise * rng.normal(),
                "fill_rate_units": fills[point] + 0.01 * shocks[r],
                "delivery_days_p90": 3.0 + 0.1 * shocks[r],
            }
            rows += [(point, s, "stock", r, m, values[m]) for m in METRICS]
    kpis = pd.DataFrame(rows, columns=["point", PARAM, "policy", "replication", "metric", "value"])
    summary = kpis.groupby(["point", PARAM, "policy", "metric"], as_index=False)["value"].mean()
    summary = summary.rename(columns={"value": "mean"})
    return kpis, summary


SEEDS = {0: 7, 1: 7, 2: 7}


def test_the_best_point_is_the_cheapest_and_a_clear_gap_is_called_meaningful() -> None:
    kpis, summary = frames({0: 8.0, 1: 8.5, 2: 9.0}, {0: 0.90, 1: 0.95, 2: 0.99})
    answer = sweep_answer(kpis, summary, [PARAM], SEEDS)
    assert answer.best is not None and answer.best.point == 0
    assert answer.runner_up is not None and answer.runner_up.point == 1
    assert "policies.stock.reorder.S=30" in answer.sentence and "costs more" in answer.sentence
    assert "paired" in answer.sentence and "unpaired" not in answer.sentence


def test_inside_the_threshold_it_says_no_meaningful_difference() -> None:
    kpis, summary = frames({0: 8.0, 1: 8.02, 2: 9.0}, {0: 0.90, 1: 0.95, 2: 0.99}, noise=0.01)
    answer = sweep_answer(kpis, summary, [PARAM], SEEDS)
    assert "No meaningful difference from the runner-up" in answer.sentence


def test_constraints_exclude_points_that_miss_them() -> None:
    kpis, summary = frames({0: 8.0, 1: 8.5, 2: 9.0}, {0: 0.90, 1: 0.95, 2: 0.99})
    decision = Decision.model_validate({"constraints": {"fill_rate_units": {"min": 0.94}}})
    answer = sweep_answer(kpis, summary, [PARAM], SEEDS, decision)
    assert answer.best is not None and answer.best.point == 1
    assert "fill_rate_units ≥ 0.94" in answer.sentence
    strict = Decision.model_validate({"constraints": {"fill_rate_units": {"min": 0.999}}})
    assert sweep_answer(kpis, summary, [PARAM], SEEDS, strict).sentence.startswith("No point meets")


def test_neighbour_differences_are_paired_and_judged_against_the_thresholds() -> None:
    kpis, summary = frames({0: 8.0, 1: 8.5, 2: 9.0}, {0: 0.90, 1: 0.95, 2: 0.99})
    rows = sweep_answer(kpis, summary, [PARAM], SEEDS).neighbours
    assert len(rows) == 2 * 3  # two steps × three headline KPIs
    cost = [r for r in rows if r["metric"] == "cost_per_order"]
    assert [(r["from"], r["to"]) for r in cost] == [(30, 60), (60, 90)]
    assert all(r["paired"] for r in rows)
    assert cost[0]["diff"] == pytest.approx(0.5, abs=0.03) and cost[0]["verdict"] == "meaningful"
    p90 = [r for r in rows if r["metric"] == "delivery_days_p90"]
    assert all(r["verdict"] == "no meaningful difference" for r in p90)  # identical up to the shared shock
    unpaired = sweep_answer(kpis, summary, [PARAM], {0: 1, 1: 2, 2: 3}).neighbours
    assert not any(r["paired"] for r in unpaired)  # different seeds: no common random numbers


def test_judge() -> None:
    assert judge(0.2, 0.4, 0.1) == "meaningful"
    assert judge(-0.05, 0.05, 0.1) == "no meaningful difference"
    assert judge(0.05, 0.2, 0.1) == "unclear"
    assert judge(-0.1, 0.1, 0.0) == "no significant difference"


def test_long_category_labels_are_cut_thinned_and_turned() -> None:
    fig = new_figure((4, 3))
    ax = fig.subplots()
    labels = [f"[SKU-{i:03d}, SKU-{i + 1:03d}, SKU-{i + 2:03d}]" for i in range(20)]
    ax.plot(labels, range(20))
    readable_x(ax, "param.policies.hybrid.stock_skus", numeric=False)
    shown = [t.get_text() for t in ax.get_xticklabels()]
    assert len(shown) <= MAX_TICKS and all(len(t) <= MAX_LABEL for t in shown)
    assert all(t.get_rotation() == 30 for t in ax.get_xticklabels())
    assert "param." not in ax.get_xlabel()


def test_a_one_policy_sweep_report_shows_the_best_point_and_the_real_seed(tmp_path: Path) -> None:
    data = tiny(horizon_days=20)
    data["policies"] = [{"name": "stock", "kind": "stocked", "reorder": {"kind": "sS", "s": 20, "S": 60}}]
    out = tmp_path / "sw"
    sim.sweep(
        Scenario.model_validate(data),
        parameters={"policies.stock.reorder.S": [30, 60, 90]},
        replications=2,
        out=out,
        workers=1,
        report=True,
    )
    assert json.loads((out / "manifest.json").read_text())["seed"] == 3
    raw = (out / "report.html").read_text()
    assert 'id="best-point"' in raw
    html = re.sub(r"<[^>]+>", "", raw)  # text only: names are emphasised
    assert "seed 3" in html and "seed None" not in html
    assert "nothing to compare" not in html and "One policy (stock) at 3 points" in html
    assert "Best point of 3 points" in html
    assert html.count("policies.stock.reorder.S: 30 → 60") == 3  # one row per headline KPI
