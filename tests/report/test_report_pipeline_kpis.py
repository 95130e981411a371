"""The pipeline KPIs of issue 15 in the report: the "every KPI" table and the network table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.metrics.kpis import PIPELINE
from sim.report.breakdown_table import network_tables
from sim.report.columns import column_for


def test_every_new_kpi_is_in_the_report_with_its_unit(small_folder: Path) -> None:
    html = (small_folder / "report.html").read_text()
    for metric in PIPELINE:
        assert f">{metric}<" in html or metric in html, metric
    assert column_for("backorder_days_share").unit == "%"
    assert column_for("backorder_wait_days_mean").unit == "days"
    assert column_for("units_on_order_mean").decimals == 1  # a time average: not rounded to whole units


def test_the_network_table_leaves_the_per_sku_rows_to_the_csv(small_folder: Path) -> None:
    breakdown = pd.read_csv(small_folder / "breakdown.csv")
    assert (breakdown.scope == "slot").any() and set(breakdown[breakdown.scope == "slot"].metric) == {"orders_per_year"}
    tables = network_tables(breakdown, None, sorted(breakdown.policy.unique()))
    assert tables.rows and {row[1] for row in tables.rows} <= {"channel", "node"}
