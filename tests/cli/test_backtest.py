"""`supplysim backtest` as a user meets it: rolling origins, refusals, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml
from click.testing import CliRunner

from sim.cli import main

from ..conftest import SCENARIOS

RUNNER = CliRunner()
BACKTEST = SCENARIOS / "online_retail_backtest.yaml"


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return RUNNER.invoke(main, [str(a) for a in args])


def test_backtest_rolls_the_origin(tmp_path: Path) -> None:
    out = tmp_path / "bt"
    result = invoke(
        "backtest", BACKTEST, "--folds", "2", "--fold-days", "14", "--step-days", "28", "--fit-days", "90",
        "--reps", "1", "--workers", "1", "--no-progress", "--out", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == str(out.resolve())
    folds = pd.read_csv(out / "backtest" / "folds.csv")
    assert sorted(folds.origin.unique()) == ["2011-06-01", "2011-06-29"]
    assert set(folds.fit_from) == {"2011-03-03", "2011-03-31"}
    assert set(folds.policy) == {"inventory_free", "stocked", "auto_hybrid"}
    summary = pd.read_csv(out / "backtest" / "summary.csv")
    assert (summary[summary.metric == "fill_rate_units"].folds == 2).all()
    for origin in ("2011-06-01", "2011-06-29"):
        scenario = yaml.safe_load((out / f"fold-{origin}" / "scenario.yaml").read_text())
        assert str(scenario["start_date"]) == origin and scenario["horizon_days"] == 14


def test_backtest_refuses_folds_beyond_the_history(tmp_path: Path) -> None:
    result = invoke("backtest", BACKTEST, "--origins", "2011-12-01", "--fold-days", "30", "--out", tmp_path / "bt")
    assert result.exit_code == 2 and "the demand history ends on 2011-12-09" in result.output
    assert not (tmp_path / "bt").exists()
