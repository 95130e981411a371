"""`warmup_days: auto` (a pilot run's MSER-5 suggestion, recorded in the manifest) and the warning
when a run's warm-up is shorter than the suggestion read from its own daily series."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import sim
from sim.cli import main
from sim.config import Scenario
from sim.experiment.warmup import AUTO_REPLICATIONS, ShortWarmupWarning, warmup
from tests.conftest import tiny

RUNNER = CliRunner()


def draining(**changes: Any) -> dict[str, Any]:
    """Stock starts far above its steady level (S=400 against ~12 units a day): a clear start-up transient."""
    data = tiny(horizon_days=120, **changes)
    data["policies"] = [{"name": "stock", "kind": "stocked", "reorder": {"kind": "sS", "s": 20, "S": 400}}]
    return data


def suggestion() -> int:
    """What `supplysim warmup` suggests for the draining scenario (5 replications, its seed)."""
    return warmup(Scenario.model_validate(draining()), replications=AUTO_REPLICATIONS).suggested_days


def test_auto_loads_as_a_marked_zero_and_a_typo_is_located(write_yaml) -> None:
    scenario = Scenario.model_validate(draining(warmup_days="auto"))
    assert scenario.warmup_auto and scenario.warmup_days == 0
    assert not Scenario.model_validate(draining(warmup_days=5)).warmup_auto
    result = RUNNER.invoke(main, ["validate", str(write_yaml(draining(warmup_days="autp")))])
    assert result.exit_code == 2
    assert "warmup_days" in result.output and "write e.g. 30, or auto" in result.output
    assert "Traceback" not in result.output


def test_auto_runs_with_the_pilot_suggestion_and_records_it() -> None:
    expected = suggestion()
    assert expected > 0  # the transient is real, so the test can fail
    with warnings.catch_warnings():
        warnings.simplefilter("error", ShortWarmupWarning)  # an auto warm-up never warns about itself
        auto = sim.run(Scenario.model_validate(draining(warmup_days="auto")), replications=2)
    assert auto.warmup is not None and auto.warmup["warmup_days"] == expected
    assert auto.warmup["pilot_replications"] == AUTO_REPLICATIONS and auto.warmup["pilot_seed"] == 3
    assert auto.scenario.warmup_days == expected and not auto.scenario.warmup_auto
    fixed = sim.run(Scenario.model_validate(draining(warmup_days=expected)), replications=2, warn=False)
    assert auto.kpis.equals(fixed.kpis)  # the same run as writing the number
    assert auto.manifest("test")["warmup"]["warmup_days"] == expected
    assert "warmup" not in fixed.manifest("test")


def test_a_warmup_below_the_suggestion_warns_and_one_at_it_does_not() -> None:
    expected = suggestion()
    with pytest.warns(ShortWarmupWarning, match=f"warmup_days is 0 but MSER-5 .* suggests {expected}"):
        short = sim.run(Scenario.model_validate(draining()), replications=AUTO_REPLICATIONS)
    assert any(f"suggests {expected}" in w for w in short.warnings)
    enough = sim.run(Scenario.model_validate(draining(warmup_days=expected)), replications=AUTO_REPLICATIONS)
    assert not any("MSER-5" in w for w in enough.warnings)


def test_the_cli_prints_the_warning_and_the_report_and_manifest_keep_it(write_yaml, tmp_path: Path) -> None:
    path = write_yaml(draining())
    out = tmp_path / "res"
    result = RUNNER.invoke(main, ["run", str(path), "--reps", "2", "--no-progress", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "warning: warmup_days is 0 but MSER-5" in result.output
    assert result.output.strip().splitlines()[-1].endswith("res")
    manifest = json.loads((out / "manifest.json").read_text())
    assert any("warmup_days is 0" in w for w in manifest["warnings"])
    assert "warmup_days is 0 but MSER-5" in (out / "report.html").read_text()


def test_the_cli_says_what_auto_chose(write_yaml, tmp_path: Path) -> None:
    path = write_yaml(draining())
    out = tmp_path / "res"
    args = ["run", str(path), "--reps", "2", "--no-progress", "--out", str(out), "--set", "warmup_days=auto"]
    result = RUNNER.invoke(main, args)
    assert result.exit_code == 0, result.output
    expected = suggestion()
    assert f"warmup_days: auto → {expected} days" in result.output
    assert json.loads((out / "manifest.json").read_text())["warmup"]["warmup_days"] == expected
    assert f"warmup_days: {float(expected)}" in (out / "scenario.yaml").read_text()
