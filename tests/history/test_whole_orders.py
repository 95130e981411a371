"""Whole-order replay (`orders: by_invoice`): lines sharing an invoice are one multi-line order at its
own time; bad invoices are located (row) with exit 2; the default (`lines`) replays as before."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from sim.cli import main
from sim.config import load_scenario
from sim.config.models import Scenario
from sim.history.whole_orders import remap_baskets
from sim.metrics.kpis import kpis
from sim.model.model import simulate
from sim.network.build import build_network
from sim.plan.build import make_plan

from ..conftest import SCENARIOS
from .conftest import history_scenario

HEADER = "timestamp,invoice,sku,region,quantity"


def both_skus(csv: Path, **history: object) -> dict[str, object]:
    data = history_scenario(csv, format="order_lines", orders="by_invoice", **history)
    data["skus"][1]["demand"] = {"kind": "history"}  # type: ignore[index]
    data["start_date"] = "2025-01-06"
    data["horizon_days"] = 2
    return data


def test_lines_of_one_invoice_are_one_order_at_its_first_lines_time(csv_file) -> None:  # type: ignore[no-untyped-def]
    csv = csv_file(
        f"""{HEADER}
        2025-01-06 09:30,i1,A,north,2
        2025-01-06 09:31,i1,B,north,1
        2025-01-06 10:00,i2,A,south,5
        2025-01-07 11:00,i3,B,north,1
        2025-01-07 11:00,i3,B,north,2
        """
    )
    network = build_network(Scenario.model_validate(both_skus(csv)))
    assert network.replay is not None and network.replay.baskets is not None
    trace = network.replay.baskets
    assert trace.day.tolist() == [0] and trace.second.tolist() == [9 * 3600 + 30 * 60]
    assert trace.lines == ((("A", 2), ("B", 1)),) and trace.region == ("north",)
    # the one-line invoice and the one-SKU invoice stay in their streams' traces
    assert network.replay.traces[("south", "A")].units.tolist() == [5]
    assert network.replay.traces[("north", "B")].units.tolist() == [1, 2]
    out = simulate(network, make_plan(network, "free"), 1, 0)
    k = kpis(out.tally, out.units_backordered_end)
    assert k["units_demanded"] == 11
    assert k["customer_orders"] == 4 and k["orders"] == 5  # 4 customer orders of 5 lines
    assert k["lines_per_order"] == pytest.approx(5 / 4)


@pytest.mark.parametrize(
    ("rows", "needle"),
    [
        (
            "2025-01-06 09:30,i1,A,north,2\n2025-01-06 09:35,i1,B,north,1",
            ":3:2  invoice  invoice 'i1' is at 2025-01-06 09:35",
        ),
        (
            "2025-01-06 09:30,i1,A,north,2\n2025-01-07 09:30,i1,B,north,1",
            ":3:2  invoice  invoice 'i1' is at 2025-01-07",
        ),
        (
            "2025-01-06 09:30,i1,A,north,2\n2025-01-06 09:30,i1,B,south,1",
            ":3:2  invoice  invoice 'i1' is for region 'south'",
        ),
        ("2025-01-06 09:30,,A,north,2", ":2:2  invoice  the invoice is empty"),
    ],
)
def test_a_bad_invoice_is_located_at_its_row_with_exit_2(tmp_path: Path, rows: str, needle: str) -> None:
    csv = tmp_path / "demand.csv"
    csv.write_text(HEADER + "\n" + rows + "\n")
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(both_skus(csv)))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert needle in result.output and "Traceback" not in result.output


def test_by_invoice_needs_an_invoice_column_and_order_lines(tmp_path: Path) -> None:
    csv = tmp_path / "demand.csv"
    csv.write_text("timestamp,sku,region,quantity\n2025-01-06 09:30,A,north,2\n")
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(both_skus(csv)))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "missing column 'invoice'" in result.output, result.output
    data = both_skus(csv)
    data["demand_history"]["format"] = "daily"  # type: ignore[index]
    path.write_text(yaml.safe_dump(data))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "demand_history" in result.output and "by_invoice" in result.output


def test_the_shipped_backtest_replays_whole_invoices_with_the_same_units() -> None:
    path = SCENARIOS / "online_retail_backtest.yaml"
    orders = build_network(load_scenario(path, ["demand_history.orders=by_invoice", "horizon_days=60"]))
    lines = build_network(load_scenario(path, ["horizon_days=60"]))
    out = [simulate(n, make_plan(n, "stocked"), 1, 0) for n in (lines, orders)]
    k = [kpis(o.tally, o.units_backordered_end) for o in out]
    assert k[0]["units_demanded"] == k[1]["units_demanded"]
    assert k[0]["lines_per_order"] == 1.0 and k[1]["lines_per_order"] > 1.3
    assert k[1]["cost_shipping"] < k[0]["cost_shipping"]  # lines of one invoice share parcels


def test_baskets_are_block_resampled_with_the_streams_mapping() -> None:
    from sim.history.whole_orders import BasketTrace

    trace = BasketTrace(
        np.array([0, 1, 1]), np.array([10, 20, 30]), ("a", "b", "c"), ((("A", 1),), (("B", 1),), (("C", 1),))
    )
    out = remap_baskets(trace, np.array([1, 1, 0]))
    assert out.day.tolist() == [0, 0, 1, 1, 2] and out.region == ("b", "c", "b", "c", "a")
