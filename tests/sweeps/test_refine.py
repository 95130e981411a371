"""`optimize --refine`: bracketing around the best value after the grid, on common random numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from sim.cli import main
from sim.config import Scenario
from sim.sweeps.optimize import Goal, optimize
from sim.sweeps.points import plan_sweep
from sim.sweeps.refine import REFINED_FILE, Bracket, refine
from tests.conftest import tiny

PATH = "policies.stock.reorder.S"
GRID = [40, 80, 120, 160]


def bracket(chosen: float, tried: list[float], integer: bool = True) -> Bracket:
    b = Bracket(PATH, integer, chosen, chosen, chosen, set(tried))
    b.update(chosen, tried)
    return b


def test_an_interior_choice_is_bracketed_by_its_neighbours_and_halved() -> None:
    b = bracket(120, GRID)
    assert (b.lo, b.hi) == (80, 160) and b.candidates() == [100, 120, 140]
    b.update(100, [100, 120, 140])
    assert (b.lo, b.hi) == (80, 120) and b.candidates() == [90, 100, 110]
    assert b.at_edge is None


def test_a_choice_at_the_edge_extends_beyond_it() -> None:
    b = bracket(160, GRID)
    assert b.at_edge == "highest"
    assert b.candidates() == [140, 160, 180, 200]  # 200 was never tried: the optimum may lie there
    b.keep_inside()
    assert b.candidates() == [140, 160]


def test_adjacent_integers_leave_nothing_to_try() -> None:
    assert bracket(2, [1, 2, 3]).candidates() == [2]
    assert bracket(0.9, [0.85, 0.9, 0.95], integer=False).candidates() == [0.875, 0.9, 0.925]


@pytest.fixture(scope="module")
def refined(tmp_path_factory):  # type: ignore[no-untyped-def]
    data = tiny(horizon_days=60)
    data["policies"] = [{"name": "stock", "kind": "stocked", "reorder": {"kind": "sS", "s": 20, "S": 60}}]
    plan = plan_sweep(Scenario.model_validate(data), parameters={PATH: GRID}, policies=["stock"], seed=4)
    out = tmp_path_factory.mktemp("refine") / "opt"
    goal = Goal("stock", floor=0.5)  # every S meets it: the cheapest, lowest S wins, at the grid's edge
    first = optimize(plan, out, goal, replications=4, max_replications=8, workers=1)
    return first, refine(plan, out, goal, first, 2, replications=4, max_replications=8, workers=1), out


def test_refinement_rounds_are_recorded_and_keep_the_previous_choice_as_a_candidate(refined) -> None:  # type: ignore[no-untyped-def]
    first, result, out = refined
    assert first.chosen["parameters"] == {PATH: 40}
    # beyond the edge S=0 is not valid (s must be below S): the search stays inside, and says so
    assert any("searching inside it only" in n for n in result.notes)
    assert len(result.rounds) == 2 and result.final is not None
    assert result.final["fill_rate_units"]["mean"] >= 0.5
    record = json.loads((out / REFINED_FILE).read_text())
    assert record["final"]["parameters"] == result.final["parameters"]
    assert [r["folder"] for r in record["rounds"]] == ["refine-1", "refine-2"]
    assert 40 in record["rounds"][0]["candidates"][PATH]  # the previous choice is always a candidate


def test_rounds_share_the_random_numbers_of_the_grid(refined) -> None:  # type: ignore[no-untyped-def]
    _, _, out = refined
    grid = pd.read_parquet(out / "kpis.parquet")
    again = pd.read_parquet(out / "refine-1" / "kpis.parquet")
    column = f"param.{PATH}"
    a = grid[(grid[column] == 40) & (grid.metric == "cost_per_order")].sort_values("replication").value.to_numpy()
    b = again[(again[column] == 40) & (again.metric == "cost_per_order")].sort_values("replication").value.to_numpy()
    assert len(a) >= 4 and (a[: len(b)] == b[: len(a)]).all()  # the same candidate, bit for bit


def test_the_cli_refines_and_reports_the_choice(write_yaml, tmp_path: Path) -> None:
    data = tiny(horizon_days=40)
    data["policies"] = [{"name": "stock", "kind": "stocked", "reorder": {"kind": "sS", "s": 20, "S": 60}}]
    path = write_yaml(data)
    out = tmp_path / "o"
    args = ["optimize", str(path), "--set", f"{PATH}=40,80,120", "--fill-rate-floor", "0.5", "--reps", "3",
            "--max-reps", "4", "--refine", "1", "--workers", "1", "--no-progress", "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "refined after 1 round: --set policies.stock.reorder.S=" in result.output
    assert (out / REFINED_FILE).exists() and (out / "refine-1" / "candidates.csv").exists()
    assert result.output.strip().splitlines()[-1].endswith("o")
