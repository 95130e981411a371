"""The scenario's backorder cost (issue 15): per unit backordered and per unit-day waiting, in
`cost_backorder`, `cost_total` and `cost_per_order`; zero by default. Hand-computed cases."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from click.testing import CliRunner

from sim.base.timebase import DAY, HOUR
from sim.cli import main
from sim.metrics.kpis import kpis

from ..conftest import TINY
from ..helpers import model, script, silent


def scenario(**costs: float) -> dict[str, Any]:
    """The tiny scenario, silent, backorders, base-stock S = 2 at the warehouse (lead time 3 days)."""
    data = silent(copy.deepcopy(TINY))
    data["service"] = {"unmet_demand": "backorder"}
    data["costs"] = {"holding_rate_per_year": 0.0, **costs}
    data["policies"] = [
        {"name": "bs", "kind": "stocked", "stock_at": ["wh"], "reorder": {"kind": "base_stock", "S": 2}}
    ]
    return data


def run_script(data: dict[str, Any]) -> dict[str, float]:
    m = model(data, "bs")
    # 01:00 two units: served from stock, 2 ordered (arrive day 3 01:00);
    # 02:00 three units: backordered, 3 more ordered (arrive day 3 02:00), the line is served then.
    script(m, [(1 * HOUR, "north", "A", 2), (2 * HOUR, "north", "A", 3)])
    out = m.run()
    return kpis(out.tally, out.units_backordered_end)


def test_backorder_cost_by_hand() -> None:
    k = run_script(scenario(backorder_cost_per_unit=1.5, backorder_cost_per_unit_day=0.25))
    assert k["units_backordered"] == 3
    # 3 units × 1.5 + 3 units × 3 days waiting × 0.25
    assert k["cost_backorder"] == pytest.approx(3 * 1.5 + 3 * 3 * 0.25)
    others = sum(
        v
        for name, v in k.items()
        if name.startswith("cost_") and name not in ("cost_total", "cost_per_order", "cost_backorder")
    )
    assert k["cost_total"] == pytest.approx(others + 6.75)
    assert k["cost_per_order"] == pytest.approx(k["cost_total"] / 2)


def test_no_backorder_cost_by_default() -> None:
    k = run_script(scenario())
    assert k["units_backordered"] == 3 and k["cost_backorder"] == 0.0


def test_the_unit_day_part_stops_at_the_horizon() -> None:
    """Like holding cost, waiting is charged inside the window: a line still waiting at the end
    pays up to the horizon only."""
    data = scenario(backorder_cost_per_unit_day=1.0)
    data["horizon_days"] = 2  # the receipts (day 3) come in the drain
    k = run_script(data)
    assert k["cost_backorder"] == pytest.approx(3 * (2 * DAY - 2 * HOUR) / DAY)


def test_a_negative_backorder_cost_is_located(tmp_path: Any) -> None:
    import yaml

    data = scenario(backorder_cost_per_unit_day=-1.0)
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "costs.backorder_cost_per_unit_day" in result.output
