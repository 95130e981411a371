"""The report's charts and derived tables: labels and alt text, and the numbers behind them."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from sim.analytics.classify import xyz_class
from sim.config import load_scenario
from sim.experiment.plan_table import plan_table
from sim.metrics.kpis import percentile_days
from sim.network.build import build_network
from sim.plan.build import make_plan
from sim.report.abc_xyz import classify, matrix
from sim.report.alerts_table import dio_alerts, stock_alerts
from sim.report.charts import mpl_text
from sim.report.folder import KPI_BASE_COLUMNS, parameter_columns, read_results_folder
from sim.report.html import build_report
from sim.report.inventory_plots import inventory_charts
from sim.report.plots import cost_per_order_parts, pooled_quantile
from sim.report.response_plots import response_curves

ROOT = Path(__file__).resolve().parents[2]
MATH_TEXT = r"TEE-$\frac{$"


def test_every_chart_has_a_title_axis_labels_with_units_and_alt_text(small_folder: Path) -> None:
    report = build_report(read_results_folder(small_folder))
    names = [c.name for c in report.charts]
    assert names == ["tradeoff", "delivery_ecdf", "cost_breakdown", "inventory_nodes", "inventory_skus", "abc_xyz"]
    for chart in report.charts:
        figure = chart.figure
        axes = [ax for ax in figure.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]
        assert axes, chart.name
        drawn_titles = {ax.get_title(loc="left") for ax in axes}
        if figure._suptitle is not None:
            drawn_titles.add(figure._suptitle.get_text())
        assert chart.title in drawn_titles, chart.name
        for ax in axes:
            assert ax.get_xlabel().strip() and ax.get_ylabel().strip(), (chart.name, ax.get_title(loc="left"))
        assert len(chart.alt) > 40 and any(ch.isdigit() for ch in chart.alt), chart.name
        assert chart.caption.strip()
    labels = {c.name: (c.figure.axes[0].get_xlabel(), c.figure.axes[0].get_ylabel()) for c in report.charts}
    assert labels["tradeoff"] == ("fill rate, units (%)", "cost per order (currency units)")
    assert "days" in labels["delivery_ecdf"][0] and "(%)" in labels["delivery_ecdf"][1]
    assert labels["cost_breakdown"][1] == "cost per order (currency units)"


def test_cost_parts_add_up_to_cost_per_order() -> None:
    rows = []
    for rep, (product, shipping, orders) in enumerate([(100.0, 50.0, 10.0), (120.0, 30.0, 12.0)]):
        for metric, value in (
            ("cost_product", product),
            ("cost_shipping", shipping),
            ("cost_returns", 0.0),
            ("orders", orders),
        ):
            rows.append(("s", "p", rep, metric, value))
    kpis = pd.DataFrame(rows, columns=list(KPI_BASE_COLUMNS))
    parts = cost_per_order_parts(kpis, ["p"])
    assert parts.loc["p", "product"] == pytest.approx((10.0 + 10.0) / 2)
    assert parts.loc["p", "shipping"] == pytest.approx((5.0 + 2.5) / 2)
    assert parts.loc["p"].sum() == pytest.approx((15.0 + 12.5) / 2)  # the mean of per-replication cost per order


def test_cost_parts_match_the_kpi_on_a_real_run(small_folder: Path) -> None:
    folder = read_results_folder(small_folder)
    parts = cost_per_order_parts(folder.kpis, folder.policies)
    means = folder.summary[folder.summary.metric == "cost_per_order"].set_index("policy")["mean"]
    for policy in folder.policies:
        assert parts.loc[policy].sum() == pytest.approx(means[policy], rel=1e-9)


def test_pooled_quantile_agrees_with_the_kpi_definition() -> None:
    rng = np.random.default_rng(3)
    minutes = rng.integers(1000, 12000, size=500)
    histogram = Counter(minutes.tolist())
    keys = np.array(sorted(histogram), dtype=float)
    counts = np.array([histogram[int(k)] for k in keys], dtype=float)
    for q in (0.5, 0.9, 0.95):
        assert pooled_quantile((keys + 0.5) / 1440, counts, q) == pytest.approx(percentile_days(histogram, q))
    assert pooled_quantile(np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 1.0, 1.0, 7.0]), 0.3) == 3.0


def sweep_kpis() -> pd.DataFrame:
    rows = []
    for level in (0.9, 0.95, 0.99):
        for policy, offset in (("stocked", 0.0), ("hybrid", 1.0)):
            for rep in range(4):
                for metric, value in (
                    ("fill_rate_units", level - 0.01 * rep),
                    ("cost_per_order", 20 + 10 * level + offset + 0.1 * rep),
                    ("delivery_days_p90", 4 + offset),
                ):
                    rows.append(("s", policy, rep, metric, value, level, "sweep-1"))
    return pd.DataFrame(rows, columns=[*KPI_BASE_COLUMNS, "service_level", "sweep_id"])


def test_parameter_columns_skip_identifiers() -> None:
    kpis = sweep_kpis()
    assert parameter_columns(kpis, KPI_BASE_COLUMNS) == ["service_level"]
    assert parameter_columns(kpis.drop(columns=["service_level", "sweep_id"]), KPI_BASE_COLUMNS) == []


def test_response_curves_draw_means_and_ci_bands_per_parameter() -> None:
    kpis = sweep_kpis()
    assert response_curves(kpis, [], ["stocked", "hybrid"]) == []
    (chart,) = response_curves(kpis, ["service_level"], ["stocked", "hybrid"])
    assert chart.name == "response_service_level"
    fill, cost, _ = chart.figure.axes[:3]
    assert sum(isinstance(c, PolyCollection) for c in cost.collections) == 2  # one band per policy
    line = next(line for line in fill.get_lines() if line.get_label() == "stocked")
    # mean over replications at each level, in percent: level − 0.01 × mean(0, 1, 2, 3)
    assert list(line.get_ydata()) == pytest.approx([100 * (lvl - 0.015) for lvl in (0.9, 0.95, 0.99)])
    assert fill.get_xlabel() == "service_level"


def test_a_sweep_report_shows_response_curves_not_pooled_charts(small_folder: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    folder = copy_of(small_folder)
    kpis = pd.read_parquet(folder / "kpis.parquet")
    swept = pd.concat([kpis.assign(service_level=0.9), kpis.assign(service_level=0.95)])
    swept.to_parquet(folder / "kpis.parquet")
    report = build_report(read_results_folder(folder))
    assert [c.name for c in report.charts] == ["response_service_level", "abc_xyz"]
    assert any("sweep" in note for note in report.chart_notes)


@pytest.mark.parametrize(
    ("cv", "cls"), [(0.0, "X"), (0.199, "X"), (0.2, "Y"), (0.5, "Y"), (0.501, "Z"), (float("inf"), "Z")]
)
def test_xyz_thresholds(cv: float, cls: str) -> None:
    assert xyz_class(cv) == cls


def test_abc_xyz_of_the_small_store() -> None:
    scenario = load_scenario(ROOT / "scenarios/small_store.yaml")
    plan = plan_table(scenario, [p.name for p in scenario.policies])  # what the run writes as plan.parquet
    classes = {c.id: c for c in classify(plan)}
    assert list(classes) == [s.id for s in build_network(scenario).skus]  # one class per SKU, catalogue order
    # MUG-CLASSIC: Poisson 18 orders/day × geometric size, mean 1.4: mean 25.2, variance 18 × E[X²] = 45.36
    assert classes["MUG-CLASSIC"].cv == pytest.approx(45.36**0.5 / 25.2)
    assert {k: c.abc + c.xyz for k, c in classes.items()} == {
        "MUG-CLASSIC": "AY",
        "TEE-LOGO": "BY",
        "POSTER-A2": "BY",
        "TOTE-BAG": "CZ",
        "NOTEBOOK": "CZ",
    }
    cells = [cell for row in matrix(list(classes.values())) for cell in row]
    assert sum(len(c.skus) for c in cells) == 5
    assert sum(c.revenue_share for c in cells) == pytest.approx(1.0)


def test_dio_alert_and_watch() -> None:
    summary = pd.DataFrame(
        [
            ("a", "dio_days", 75.0, 70.0, 80.0, 5),
            ("b", "dio_days", 55.0, 48.0, 62.0, 5),
            ("c", "dio_days", 30.0, 28.0, 32.0, 5),
            ("d", "dio_days", float("nan"), float("nan"), float("nan"), 0),
        ],
        columns=["policy", "metric", "mean", "ci_low", "ci_high", "n"],
    )
    rows, check = dio_alerts(summary, ["a", "b", "c", "d"])
    assert [(r.level, r.policy) for r in rows] == [("alert", "a"), ("watch", "b")]
    assert "2 of 3 policies flagged" in check


def test_stock_alerts_count_days_after_the_warmup() -> None:
    scenario = load_scenario(ROOT / "scenarios/small_store.yaml")
    network = build_network(scenario)
    rop = make_plan(network, "stocked").slots[(0, 0)].rule.reorder_point  # home_warehouse, MUG-CLASSIC
    plan = plan_table(scenario, ["stocked"])  # the folder's plan table holds the same number
    on_hand = [rop + 100] * 20
    on_hand[3] = 0  # in the warm-up: not counted
    on_hand[10] = on_hand[11] = 0
    on_hand[15] = rop - 1
    inventory = pd.DataFrame(
        [("stocked", 0, day, "home_warehouse", "MUG-CLASSIC", units) for day, units in enumerate(on_hand)]
        + [("stocked", 0, day, "home_warehouse", "TOTE-BAG", 0) for day in range(20)],  # a C item: no alert
        columns=["policy", "replication", "day", "node", "sku", "on_hand"],
    )
    rows, checks = stock_alerts(inventory, pd.DataFrame(columns=["policy", "metric", "mean"]), ["stocked"], plan, 5.0)
    alerts = [r for r in rows if r.level == "alert"]
    assert len(alerts) == 1
    assert alerts[0].where == "MUG-CLASSIC at home_warehouse"
    assert alerts[0].finding == "on hand 0 at the start of 2 of 15 days (first on day 10)"
    info = {r.where: r.finding for r in rows if r.level == "info"}
    assert info["MUG-CLASSIC at home_warehouse"].startswith(f"below {rop} units at the start of 3 of 15 days")
    assert "1 tracked A item(s) (MUG-CLASSIC)" in checks[0]


def test_stock_alerts_without_a_plan_table_say_why() -> None:
    inventory = pd.DataFrame(
        [("stocked", 0, day, "home_warehouse", "MUG-CLASSIC", 0) for day in range(5)],
        columns=["policy", "replication", "day", "node", "sku", "on_hand"],
    )
    why = "plan.parquet not in the results folder, which was written before supplysim recorded the plan"
    rows, checks = stock_alerts(
        inventory, pd.DataFrame(columns=["policy", "metric", "mean"]), ["stocked"], None, 0.0, why
    )
    assert rows == []
    assert checks == [
        f"Stock checks (A item out of stock, on hand below the reorder point) need the plan table: {why}."
    ]


def test_inventory_charts_say_which_policies_hold_no_stock() -> None:
    inventory = pd.DataFrame(
        [("stocked", 0, d, "dc", sku, 10 + d) for d in range(5) for sku in ("*", "X1")],
        columns=["policy", "replication", "day", "node", "sku", "on_hand"],
    )
    nodes, skus = inventory_charts(inventory, ["free", "stocked"], warmup_days=2)
    assert "free holds no stock" in nodes.caption
    assert [line.get_label() for line in nodes.figure.axes[0].get_lines()] == ["stocked"]
    assert skus.figure.axes[0].get_title(loc="left") == "X1"
    assert inventory_charts(inventory.iloc[0:0], ["free"], 0) == []


def test_user_text_cannot_start_mathtext() -> None:
    def render(title: str) -> None:
        figure = Figure()
        figure.add_subplot().set_title(title)
        figure.savefig(io.BytesIO(), format="png")

    with pytest.raises(ValueError):
        render(MATH_TEXT)  # what matplotlib does with the raw text
    render(mpl_text(MATH_TEXT))
