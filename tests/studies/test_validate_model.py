"""`supplysim validate-model`: the quick run passes, the cases are well formed, the verb behaves.

The quick run is the same comparison as the full one (docs/VALIDATION.md) with fewer replications
and shorter runs: its intervals are wider but just as honest (simultaneous over all checks), so it
is a real test of the simulator, not a smoke test.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from sim.cli import main
from sim.studies.validation.cases import CASES, SCENARIO_DIR, load_case_scenario
from sim.studies.validation.runner import select, validate_model
from sim.studies.validation.table import COLUMNS, render

RUNNER = CliRunner()


@pytest.mark.slow
def test_quick_validation_passes() -> None:
    report = validate_model(quick=True, workers=0)
    table = "\n".join(render(report))
    assert report.ok, table
    assert report.stochastic_checks >= 50
    assert {row.case.name for row in report.rows} == {c.name for c in CASES}


def test_every_case_is_well_formed() -> None:
    measures = {  # every one read from a public KPI or breakdown row (sim.studies.validation.measure)
        "fill_rate",
        "csl",
        "on_hand",
        "on_hand_eod",
        "backorders",
        "backorders_eod",
        "little_backorders",
        "on_order",
        "lost_per_day",
        "orders_per_year",
        "holding_per_day",
        "ordering_per_day",
        "hold_order_per_day",
        "profit",
        "salvaged",
        "delivery_days",
        "wip",
        "open_units",
        "pp_p_wait",
        "pp_wait_min",
        "pp_p90_min",
        "pp_in_queue",
        "pp_sojourn_min",
        "pp_utilisation",
        "pp_little",
    }
    names = [c.name for c in CASES]
    assert len(set(names)) == len(names)
    assert {p.name for p in SCENARIO_DIR.glob("*.yaml")} == {c.scenario for c in CASES}
    for case in CASES:
        scenario = load_case_scenario(case)
        policies = {p.name for p in scenario.policies}
        assert {policy for policy, _ in case.runs} == policies, case.name
        checks = case.checks(scenario)
        assert checks, case.name
        for check in checks:
            assert check.kind in ("exact", "approx", "calc"), check.quantity  # no comparison-only rows
            assert check.source or case.source, (case.name, check.quantity)  # every value names its reference
            assert "the plan's" not in check.quantity, check.quantity  # self-referential rows are unit tests
            if check.kind == "calc":
                assert check.policy is None and check.reference is not None
            else:
                assert check.policy in policies and check.measure in measures, (case.name, check.quantity)
            if check.kind == "approx":
                assert check.tolerance > 0 and check.note, check.quantity  # a tolerance always says why
            if check.kind == "exact":
                assert check.tolerance == 0, check.quantity


def test_validate_model_lists_its_cases() -> None:
    result = RUNNER.invoke(main, ["validate-model", "--list"])
    assert result.exit_code == 0
    for case in CASES:
        assert case.name in result.output


@pytest.mark.parametrize(
    "args,message",
    [
        (["--case", "nope"], "unknown case 'nope'"),
        (["--case", "newsvendor", "--scenarios", "/no/such/folder"], "does not hold newsvendor.yaml"),
        (["--reps", "1"], "--reps"),
    ],
)
def test_validate_model_bad_input_exits_2(args: list[str], message: str) -> None:
    result = RUNNER.invoke(main, ["validate-model", "--no-progress", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_one_case_passes_prints_the_table_and_writes_the_csv(tmp_path: Path) -> None:
    out = tmp_path / "validation"
    result = RUNNER.invoke(
        main,
        ["validate-model", "--quick", "--case", "newsvendor", "--workers", "1", "--no-progress", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "newsvendor — " in result.output and "fill rate E[min(D, S)]/E[D]" in result.output
    lines = result.output.strip().splitlines()
    assert lines[-2].startswith("4/4 checks pass (all pass)")
    assert Path(lines[-1]).resolve() == out.resolve()  # the last line printed is the results folder
    table = pd.read_csv(out / "validation.csv")
    assert list(table.columns) == list(COLUMNS)
    assert len(table) == 4 and set(table["result"]) == {"pass"}
    assert table["source"].str.len().min() > 0
    simulated = table[table["kind"] != "calc"]
    assert (simulated["ci_low"] <= simulated["simulated_mean"]).all()
    assert (simulated["simulated_mean"] <= simulated["ci_high"]).all()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["cases"][0]["case"] == "newsvendor" and manifest["failed"] == 0
    assert (out / "validation.txt").read_text().startswith("quantity")


def test_an_existing_out_folder_exits_2_before_any_run(tmp_path: Path) -> None:
    result = RUNNER.invoke(main, ["validate-model", "--case", "newsvendor", "--no-progress", "--out", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "already exists" in result.output and "Traceback" not in result.output


def test_the_oracle_cases_pass_on_few_replications(tmp_path: Path) -> None:
    """stockpyl's frozen values against the simulator's public KPIs (cost, fill rate, on hand),
    three (s,S) and three (r,Q) policies; the full-size run is in test_quick_validation_passes."""
    report = validate_model(select(["oracle_ss", "oracle_rq"]), quick=True, replications=4, workers=1)
    assert report.ok, "\n".join(render(report))
    assert {r.check.measure for r in report.rows} >= {"ordering_per_day", "hold_order_per_day", "fill_rate", "on_hand"}


def test_a_disagreement_fails_with_exit_1(tmp_path: Path) -> None:
    """A scenario whose S is not the newsvendor's S*: the calculation check fails, and the command says so."""
    shutil.copy(SCENARIO_DIR / "newsvendor.yaml", tmp_path / "newsvendor.yaml")
    path = tmp_path / "newsvendor.yaml"
    path.write_text(path.read_text().replace("{kind: base_stock, S: 23}", "{kind: base_stock, S: 25}"))
    result = RUNNER.invoke(
        main,
        [
            "validate-model",
            "--quick",
            "--case",
            "newsvendor",
            "--workers",
            "1",
            "--no-progress",
            "--scenarios",
            str(tmp_path),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 1, result.output
    assert "FAIL" in result.output and "1 check failed" in result.output
    table = pd.read_csv(tmp_path / "out" / "validation.csv")  # the table is written when a check fails too
    assert list(table.loc[table["result"] == "FAIL", "quantity"].str[:2]) == ["S*"]


def test_select_keeps_the_order_given_and_drops_repeats() -> None:
    assert [c.name for c in select(["newsvendor", "rq_poisson", "newsvendor"])] == ["newsvendor", "rq_poisson"]
    with pytest.raises(KeyError):
        select(["nope"])
