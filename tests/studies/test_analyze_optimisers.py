"""`analyze` shows the cost-based (r,Q) cross-check per SKU (sim.studies.analyze.optimisers)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest

from sim import analytics as a
from sim.studies.analyze import analyze_files, history_source
from sim.studies.analyze.optimisers import COLUMNS, cross_check

from ..history.conftest import DATA


def test_cross_check_by_hand() -> None:
    """d 10 ± 3 a day, L 5 days, H 3.65 a unit-year (h 0.01 a day), K 40, α 0.95, plan (60, 200):
    p = h·0.95/0.05 = 0.19 a day; the optimum is the loss-function iteration's and costs no more
    than the plan."""
    row = cross_check(10, 3, 5, 0, 3.65, 40, 0.95, 60, 200)
    assert row["implied_backorder_cost_per_unit_year"] == pytest.approx(0.19 * 365)
    r, Q = a.rq_loss_function_heuristic(0.01, 0.19, 40, 10, 3, 5)
    assert (row["rq_opt_reorder_point"], row["rq_opt_order_quantity"]) == (pytest.approx(r), pytest.approx(Q))
    assert row["rq_cost_per_year"] == pytest.approx(a.rq_cost_normal(60, 200, 0.01, 0.19, 40, 10, 3, 5) * 365)
    assert row["rq_opt_cost_per_year"] <= row["rq_cost_per_year"]


@pytest.mark.parametrize("bad", [dict(units_per_day=0.0), dict(order_cost=0.0), dict(units_per_day_sd=0.0)])
def test_cross_check_is_nan_without_its_inputs(bad: dict[str, float]) -> None:
    args = dict(
        units_per_day=10.0,
        units_per_day_sd=3.0,
        lead_days=5.0,
        lead_sd_days=0.0,
        holding_per_unit_year=3.65,
        order_cost=40.0,
        service_level=0.95,
        reorder_point=60.0,
        order_quantity=200.0,
    )
    row = cross_check(**{**args, **bad})
    assert list(row) == list(COLUMNS) and all(math.isnan(v) for v in row.values())


def test_analyze_writes_the_cross_check_columns(tmp_path: Path) -> None:
    source = history_source(str(DATA / "daily_demand.csv"), closed_weekdays=["Saturday"])
    result = analyze_files(source, first=dt.date(2011, 1, 1), last=dt.date(2011, 6, 30))
    written = result.write(tmp_path / "out")
    table = pd.read_csv(written / "analysis" / "sku_analysis.csv")
    assert set(COLUMNS) <= set(table.columns)
    defined = table.dropna(subset=["rq_opt_cost_per_year"])
    assert len(defined) > 0
    # the cost model's optimum never costs more than the plan's sizing (up to the CSV's rounding)
    assert (defined["rq_opt_cost_per_year"] <= defined["rq_cost_per_year"] + 0.01).all()
