"""validate-model measures through the public path only: every run is `sim.experiment.runs.execute`
(the unit of work of `sim.run` / `sim.compare`) and every number comes from its KPIs or breakdown
rows — no model counters (`Tally`), no event-log rebuilds. And the cases that rest on the public
pipeline, queue, end-of-day and one-time-buy KPIs pass on few replications.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sim.experiment.runs import RunRecord
from sim.metrics.kpis import KPI_NAMES
from sim.studies.validation import measure as measure_module
from sim.studies.validation.measure import measure
from sim.studies.validation.runner import select, validate_model
from sim.studies.validation.table import render

PACKAGE = Path(measure_module.__file__).parent


def test_the_validation_package_never_reads_the_models_internals() -> None:
    """No module imports the SimPy model, the run's counters or its event log."""
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text())
        imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        assert not {m for m in imported if m.startswith(("sim.model", "sim.record"))}, path.name
        attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        assert not attributes & {"tally", "backorders_area", "stock_nodes"}, path.name


def _record(**kpis: float) -> RunRecord:
    values = dict.fromkeys(KPI_NAMES, 0.0) | kpis
    return RunRecord("p", 0, values, {})


def test_measures_are_the_public_kpis() -> None:
    record = _record(
        backorders_mean=2.0,
        units_backordered=100.0,
        backorder_wait_days_mean=0.5,
        units_on_order_mean=40.0,
        on_hand_end_of_day_mean=3.0,
        backorders_end_of_day_mean=1.5,
        revenue=900.0,
        cost_product=540.0,
        cost_salvage=24.0,
        units_salvaged=8.0,
        wip_mean=30.0,
        units_in_transit_outbound_mean=45.0,
        purchase_orders=50.0,
    )
    m = measure(record, 50.0, frozenset())
    assert m["backorders"] == 2.0 and m["backorders_eod"] == 1.5 and m["on_hand_eod"] == 3.0
    assert m["little_backorders"] == pytest.approx(2.0 - 100 / 50 * 0.5)  # L − λW
    assert m["on_order"] == 40.0 and m["orders_per_year"] == pytest.approx(365.0)
    assert m["profit"] == 336.0 and m["salvaged"] == 8.0
    assert m["wip"] == 30.0 and m["open_units"] == 75.0


def test_pick_pack_measures_are_the_resource_rows() -> None:
    rows = [
        ("node", "warehouse", "pick_utilisation", 0.7),
        ("resource", "warehouse/pick_pack", "jobs", 1440.0),  # 1 a minute over 1 day
        ("resource", "warehouse/pick_pack", "wait_probability", 0.5),
        ("resource", "warehouse/pick_pack", "wait_minutes_mean", 10.0),
        ("resource", "warehouse/pick_pack", "wait_minutes_p90", 30.5),
        ("resource", "warehouse/pick_pack", "queue_length_mean", 9.0),
        ("resource", "warehouse/pick_pack", "time_in_system_minutes_mean", 22.0),
        ("resource", "warehouse/pick_pack", "utilisation", 0.7),
        ("resource", "warehouse/pickup", "wait_probability", 1.0),
    ]
    record = RunRecord("p", 0, dict.fromkeys(KPI_NAMES, 0.0), {}, breakdown=rows)
    m = measure(record, 1.0, frozenset({"pick_pack"}))
    assert (m["pp_p_wait"], m["pp_wait_min"], m["pp_p90_min"]) == (0.5, 10.0, 30.5)
    assert (m["pp_in_queue"], m["pp_sojourn_min"], m["pp_utilisation"]) == (9.0, 22.0, 0.7)
    assert m["pp_little"] == pytest.approx(9.0 - 1.0 * 10.0)
    with pytest.raises(ValueError, match="one pick/pack resource"):
        measure(RunRecord("p", 0, dict.fromkeys(KPI_NAMES, 0.0), {}, breakdown=rows[:1]), 1.0, frozenset({"pick_pack"}))


def test_the_public_kpi_cases_pass_on_few_replications() -> None:
    """Erlang C on the resource rows, Little's law on the pipeline and the queue, stockpyl's
    end-of-period values and the one-time buy's profit, at a small size (the full size is in the
    quick and full runs)."""
    report = validate_model(
        select(["erlang_c_pick_pack", "one_time_buy", "oracle_ss"]), quick=True, replications=6, workers=1
    )
    assert report.ok, "\n".join(render(report))
    measures = {r.check.measure for r in report.rows}
    assert {"pp_p_wait", "pp_little", "pp_utilisation", "profit", "on_hand_eod"} <= measures
