"""The per-SKU answer carries the break-even figures it was decided by, and `report --format csv`
says what it writes."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import sim
from sim.cli import main
from sim.config import Scenario
from sim.network.build import build_network
from sim.plan.build import break_even_table
from sim.report.folder import read_results_folder
from sim.report.html import build_report
from sim.report.recommendation import RECOMMENDATION_FILE
from tests.conftest import tiny


def scenario() -> Scenario:
    data = tiny(horizon_days=30)
    data["policies"] = [
        {"name": "free", "kind": "inventory_free"},
        {"name": "hyb", "kind": "hybrid", "assign": "break_even", "reorder": {"kind": "sS", "s": 20, "S": 60}},
    ]
    return Scenario.model_validate(data)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("be") / "res"
    sim.compare(scenario(), replications=2, workers=1, warn=False).write(out)
    return out


def test_the_plan_table_has_each_skus_break_even_costs_for_break_even_policies_only(folder: Path) -> None:
    world = scenario()
    expected = {
        b.sku: (b.stocked_per_order, b.virtual_per_order)
        for b in break_even_table(build_network(world), world.policy("hyb"))  # type: ignore[arg-type]
    }
    plan = pd.read_parquet(folder / "plan.parquet")
    hybrid = plan[plan.policy == "hyb"].drop_duplicates("sku").set_index("sku")
    for sku, (stocked, virtual) in expected.items():
        assert hybrid.loc[sku, "cost_per_order_stocked"] == pytest.approx(stocked)
        assert hybrid.loc[sku, "cost_per_order_virtual"] == pytest.approx(virtual)
    assert plan[plan.policy == "free"]["cost_per_order_stocked"].isna().all()


def test_the_recommendation_table_shows_the_figures_and_says_them_in_the_reason(folder: Path) -> None:
    built = build_report(read_results_folder(folder))
    rec = built.verdict.recommendation
    assert rec is not None
    rows = {r["sku"]: r for r in rec.skus}
    plan = pd.read_parquet(folder / "plan.parquet")
    shown = rec.shown
    figures = plan[plan.policy == shown].drop_duplicates("sku").set_index("sku")
    for sku, row in rows.items():
        stocked, virtual = figures.loc[sku, "cost_per_order_stocked"], figures.loc[sku, "cost_per_order_virtual"]
        if shown == "hyb":
            assert row["cost_per_order_stocked"] == pytest.approx(stocked)
            assert row["cost_per_order_virtual"] == pytest.approx(virtual)
            assert f"{stocked:,.2f} per order stocked vs" in row["reason"]
        else:
            assert math.isnan(row["cost_per_order_stocked"])
    with (folder / RECOMMENDATION_FILE).open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert "cost_per_order_stocked" in header and "cost_per_order_virtual" in header
    assert "cost/order stocked" in (folder / "report.html").read_text(encoding="utf-8")


def test_the_hybrid_recommendation_reason_carries_the_figures(folder: Path) -> None:
    from sim.report.recommendation import sku_answers

    plan = pd.read_parquet(folder / "plan.parquet")
    rows = sku_answers(plan, "hyb", scenario())
    assert all(r["reason"].startswith("break-even rule") and "per order stocked vs" in r["reason"] for r in rows)


def test_a_folder_written_before_the_figures_still_has_its_plan_sections(folder: Path, tmp_path: Path) -> None:
    import shutil

    old = tmp_path / "old"
    shutil.copytree(folder, old)
    plan = pd.read_parquet(old / "plan.parquet").drop(columns=["cost_per_order_stocked", "cost_per_order_virtual"])
    plan.to_parquet(old / "plan.parquet")
    read = read_results_folder(old)
    assert read.plan is not None and "plan.parquet" not in read.missing
    rows = build_report(read).context["recommendation"]["rows"]
    assert rows and all(r[10] == "–" for r in rows)  # the cost/order stocked column


def test_report_format_csv_says_what_it_writes(folder: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(folder), "--format", "csv"])
    assert result.exit_code == 0
    assert "stdout holds the verdict's paired differences as CSV: one row per policy pair and headline KPI" in (
        result.stderr
    )
    assert result.stdout.splitlines()[0].startswith("policy,baseline,metric")
    help_text = CliRunner().invoke(main, ["report", "--help"]).output
    assert "csv: the verdict's paired differences" in " ".join(help_text.split())
