"""ADI, CV², Syntetos–Boylan patterns, ABC and XYZ on hand-built data (values worked out by hand),
then on the shipped data against the figures its README publishes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sim.analytics.classify import xyz_class
from sim.config.models import DemandHistorySource, StoreCalendar
from sim.history.table import read_demand
from sim.studies.demand_stats import abc_xyz_matrix, pattern, sku_statistics

from ..history.conftest import DATA


def test_pattern_cut_offs() -> None:
    assert pattern(1.0, 0.2) == "smooth"
    assert pattern(1.0, 0.49) == "erratic"  # the cut-offs belong to the high side
    assert pattern(1.32, 0.2) == "intermittent"
    assert pattern(3.0, 1.0) == "lumpy"
    assert pattern(math.nan, math.nan) == "none"


def test_xyz_cut_offs() -> None:
    assert [xyz_class(v) for v in (0.0, 0.1999, 0.2, 0.5, 0.5001, math.nan)] == ["X", "X", "Y", "Y", "Z", "Z"]
    assert xyz_class(0.7, 0.5, 1.0) == "Y"


def test_statistics_by_hand(csv_file) -> None:  # type: ignore[no-untyped-def]
    # Mon 2025-01-06 … Sun 2025-01-19 (two whole weeks); Sundays closed.
    # A: 4 units every open day (12 open days)                  → ADI 1, CV² 0, weekly 24, 24 → CV 0
    # B: 2, 6 on Mondays, 4 on both Wednesdays; price 10         → demand days 4: ADI 12/4 = 3;
    #    sizes 2, 4, 6, 4: mean 4, population variance 2 → CV² 2/16 = 0.125: intermittent;
    #    weekly totals 6 and 10: mean 8, σ 2 → CV 0.25 (Y)
    # C: 30 units on one day, price 1                            → ADI 12, CV² 0: intermittent;
    #    weekly 30, 0: CV 1 (Z)
    rows = ["date,sku,region,quantity,unit_price"]
    for d in range(14):
        date = f"2025-01-{6 + d:02d}"
        if d % 7 == 6:
            continue  # Sunday: no rows at all
        rows.append(f"{date},A,north,4,5")
    rows += [
        "2025-01-06,B,north,2,10",
        "2025-01-08,B,north,4,10",
        "2025-01-13,B,north,6,10",
        "2025-01-15,B,north,4,10",
        "2025-01-10,C,north,30,1",
        "2025-01-19,A,north,0,",  # a closed Sunday with no demand ends the range
    ]
    path = csv_file("\n".join(rows))
    table = read_demand(
        DemandHistorySource(path=str(path), calendar=StoreCalendar(closed_weekdays=["sun"])),
        default_region="north",
    )
    assert table.calendar.open_days == 12
    stats = sku_statistics(table, basis="weekly").set_index("sku")
    a, b, c = stats.loc["A"], stats.loc["B"], stats.loc["C"]
    assert (a.adi, a.cv2, a.pattern, a.cv, a.xyz) == (1.0, 0.0, "smooth", 0.0, "X")
    assert b.adi == 3.0 and b.cv2 == pytest.approx(0.125) and b.pattern == "intermittent"
    assert b.period_mean == 8.0 and b.period_sd == 2.0 and b.cv == pytest.approx(0.25) and b.xyz == "Y"
    assert c.adi == 12.0 and c.cv2 == 0.0 and c.cv == pytest.approx(1.0) and c.xyz == "Z"
    # revenue: A 48 × 5 = 240, B 16 × 10 = 160, C 30 × 1 = 30; total 430
    # cumulative shares 240/430 = 0.558 (A), 400/430 = 0.930 (B), 1.0 (C) → A, B, C
    assert (a.revenue, b.revenue, c.revenue) == (240.0, 160.0, 30.0)
    assert (a.abc, b.abc, c.abc) == ("A", "B", "C")
    assert b.cumulative_share == pytest.approx(400 / 430)
    # planning rate: per calendar day (14 days), sample sd
    assert a.units_per_day == pytest.approx(48 / 14)
    assert a.units_per_day_sd == pytest.approx(np.std([4] * 12 + [0, 0], ddof=1))
    # the daily basis uses open days only: A is perfectly stable there
    daily = sku_statistics(table, basis="daily").set_index("sku")
    assert daily.loc["A", "cv"] == 0.0 and daily.loc["A", "periods"] == 12
    matrix = abc_xyz_matrix(stats.reset_index()).set_index("cell")
    assert matrix.loc["AX", "skus"] == 1 and matrix.loc["BY", "skus"] == 1 and matrix.loc["CZ", "skus"] == 1
    assert matrix.skus.sum() == 3 and len(matrix) == 9


def test_monthly_basis_drops_incomplete_months(csv_file) -> None:  # type: ignore[no-untyped-def]
    # 2025-01-15 … 2025-03-31: January is partial and dropped; February 10 units, March 30 units
    path = csv_file(
        "date,sku,region,quantity,unit_price\n"
        "2025-01-15,A,north,100,1\n2025-02-03,A,north,10,1\n2025-03-05,A,north,30,1\n2025-03-31,A,north,0,"
    )
    stats = sku_statistics(read_demand(DemandHistorySource(path=str(path))), basis="monthly").iloc[0]
    assert stats.periods == 2 and stats.period_mean == 20.0 and stats.cv == pytest.approx(0.5)


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    table = read_demand(DemandHistorySource(path=str(DATA / "daily_demand.csv")))
    out = {basis: sku_statistics(table, basis=basis).set_index("sku") for basis in ("weekly", "monthly")}
    return pd.concat({b: f for b, f in out.items()}, axis=1)


def test_shipped_data_reproduces_its_readme_statistics(shipped: pd.DataFrame) -> None:
    reference = pd.read_csv(DATA / "skus.csv", dtype={"sku": str}).set_index("sku")
    mine = shipped.reindex(reference.index)
    assert (mine[("monthly", "units")] == reference.total_qty).all()
    assert (mine[("monthly", "demand_days")] == reference.demand_days).all()
    for column, theirs in (("adi", "adi"), ("cv2", "cv2_size")):
        assert np.allclose(mine[("monthly", column)], reference[theirs], atol=5e-5)
    assert np.allclose(mine[("weekly", "cv")], reference.cv_weekly, atol=5e-5)
    assert np.allclose(mine[("monthly", "cv")], reference.cv_monthly, atol=5e-5)
    assert (mine[("monthly", "pattern")] == reference.sbc_pattern).all()
    assert mine[("monthly", "periods")].iloc[0] == 12 and mine[("weekly", "periods")].iloc[0] == 53


def test_the_readme_xyz_is_the_monthly_basis_with_its_own_cut_offs() -> None:
    reference = pd.read_csv(DATA / "skus.csv", dtype={"sku": str}).set_index("sku")
    table = read_demand(DemandHistorySource(path=str(DATA / "daily_demand.csv")))
    theirs = sku_statistics(table, basis="monthly", xyz_cuts=(0.5, 1.0)).set_index("sku").reindex(reference.index)
    assert (theirs.xyz == reference.xyz).all()


def test_order_lines_revenue_is_exact(shipped: pd.DataFrame) -> None:
    reference = pd.read_csv(DATA / "skus.csv", dtype={"sku": str}).set_index("sku")
    lines = sku_statistics(read_demand(DemandHistorySource(path=str(DATA / "order_lines.csv")))).set_index("sku")
    assert np.allclose(lines.reindex(reference.index).revenue, reference.revenue, atol=0.005)
