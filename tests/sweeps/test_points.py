"""Planning sweeps (sim.sweeps.points): the sweep: block, --set value lists, located errors, sweep ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.config import ScenarioError, load_scenario
from sim.config.schema import SCHEMA_PATH, schema_text
from sim.sweeps.points import cli_plan

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "scenarios" / "small_store.yaml"
SERVICE = "policies.stocked.reorder.service_level"


def with_block(tmp_path: Path, block: str) -> Path:
    path = tmp_path / "swept.yaml"
    path.write_text(SMALL.read_text(encoding="utf-8") + block, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, text in enumerate(path.read_text().splitlines(), 1) if needle in text)


def problems_of(*args, **kwargs) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        cli_plan(*args, **kwargs)
    return [p.format() for p in info.value.problems]


def test_committed_schema_matches_the_models():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run python -m sim.config.schema"
    assert "sweep" in json.loads(schema_text())["properties"]


def test_block_grid_crossed_with_set_lists(tmp_path):
    path = with_block(tmp_path, f"sweep:\n  parameters:\n    {SERVICE}: [0.9, 0.95]\n")
    plan, folder = cli_plan(str(path), ["horizon_days=60,90", "warmup_days=10"], None, None)
    assert plan.paths == [SERVICE, "horizon_days"]
    assert [p.values for p in plan.points] == [(0.9, 60), (0.9, 90), (0.95, 60), (0.95, 90)]
    assert [p.scenario.horizon_days for p in plan.points] == [60, 90, 60, 90]
    assert all(p.scenario.warmup_days == 10 and p.scenario.sweep is None for p in plan.points)
    assert plan.points[1].scenario.policy("stocked").reorder.service_level == 0.9  # type: ignore[union-attr]
    assert [(c, k) for c, _, k in plan.columns] == [(f"param.{SERVICE}", "float64"), ("param.horizon_days", "int64")]
    assert folder == Path("results") / "small_store" / f"sweep-{plan.sweep_id}"


def test_set_values_replace_or_pin_block_factors(tmp_path):
    path = with_block(tmp_path, f"sweep:\n  parameters:\n    {SERVICE}: [0.9, 0.95]\n    horizon_days: [60, 90]\n")
    plan, _ = cli_plan(str(path), [f"{SERVICE}=0.8,0.85,0.99"], None, None)
    assert plan.paths == ["horizon_days", SERVICE] and len(plan.points) == 6
    plan, _ = cli_plan(str(path), ["horizon_days=120"], None, None)  # a single value pins the factor
    assert plan.paths == [SERVICE] and {p.scenario.horizon_days for p in plan.points} == {120}


def test_list_valued_parameters(tmp_path):
    plan, _ = cli_plan(str(SMALL), ["policies.hybrid.stock_skus=[MUG-CLASSIC],[MUG-CLASSIC, TEE-LOGO]"], None, None)
    assert [p.values for p in plan.points] == [(["MUG-CLASSIC"],), (["MUG-CLASSIC", "TEE-LOGO"],)]
    assert plan.columns[0][2] == "string"
    assert plan.column_values(plan.points[1]) == ('["MUG-CLASSIC","TEE-LOGO"]',)
    # a single list value is a plain override, as before
    plan, _ = cli_plan(str(SMALL), ["policies.hybrid.stock_skus=[MUG-CLASSIC, TEE-LOGO]"], None, None)
    assert len(plan.points) == 1 and plan.paths == []


def test_sampled_designs_from_the_block(tmp_path):
    block = (
        "sweep:\n  method: latin_hypercube\n  samples: 6\n  seed: 4\n  parameters:\n"
        f"    {SERVICE}: {{low: 0.8, high: 0.99}}\n    policies.stocked.review: [{{kind: continuous}}, {{kind: periodic, period_days: 7}}]\n"
    )
    plan, _ = cli_plan(str(with_block(tmp_path, block)), [], None, None)
    levels = sorted(p.values[0] for p in plan.points)
    assert len(plan.points) == 6 and all(0.8 <= x <= 0.99 for x in levels)
    assert sorted(int((x - 0.8) / 0.19 * 6) for x in levels) == list(range(6))
    assert plan.design_method == "latin_hypercube"
    again, _ = cli_plan(str(with_block(tmp_path, block)), [], None, None)
    assert again.sweep_id == plan.sweep_id


def test_sweep_id_changes_with_what_is_simulated_only():
    a, _ = cli_plan(str(SMALL), ["horizon_days=60,90"], None, 1)
    assert cli_plan(str(SMALL), ["horizon_days=60,90"], None, 1)[0].sweep_id == a.sweep_id
    assert cli_plan(str(SMALL), ["horizon_days=60,91"], None, 1)[0].sweep_id != a.sweep_id
    assert cli_plan(str(SMALL), ["horizon_days=60,90"], None, 2)[0].sweep_id != a.sweep_id
    assert cli_plan(str(SMALL), ["horizon_days=60,90"], ["stocked"], 1)[0].sweep_id != a.sweep_id
    assert cli_plan(str(SMALL), ["horizon_days=60,90", "seed=9"], None, 1)[0].sweep_id != a.sweep_id


def test_an_invalid_value_in_the_block_is_located_there_and_names_the_point(tmp_path):
    path = with_block(tmp_path, f"sweep:\n  parameters:\n    {SERVICE}: [0.9, 1.5]\n    horizon_days: [60, 90]\n")
    found = problems_of(str(path), [], None, None)
    line = line_of(path, "[0.9, 1.5]")
    assert len(found) == 1, found  # the same bad value at two points is reported once
    assert found[0].startswith(f"{path}:{line}:")
    assert "less than 1" in found[0] and "at sweep point 2" in found[0] and "=1.5" in found[0]


def test_an_invalid_value_on_the_command_line_is_located_at_its_set_option():
    found = problems_of(str(SMALL), ["seed=3", "horizon_days=60,-5"], None, None)
    assert found == [
        "--set:2:1  horizon_days  Input should be greater than 0 (got -5) (at sweep point 1: horizon_days=-5)"
    ]


def test_a_path_that_does_not_exist_is_located_at_the_block_key(tmp_path):
    path = with_block(tmp_path, "sweep:\n  parameters:\n    policies.stockd.reorder.s: [1, 2]\n")
    found = problems_of(str(path), [], None, None)
    assert found[0].startswith(f"{path}:{line_of(path, 'stockd')}:") and "did you mean 'stocked'" in found[0]


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("sweep:\n  parameters:\n    horizon_days: 5\n", "give a list of values"),
        ("sweep:\n  parameters:\n    horizon_days: []\n", "at least 1 item"),
        ("sweep:\n  parameters:\n    horizon_days: {low: 1, high: 3}\n", "a grid range needs steps"),
        ("sweep:\n  parameters:\n    horizon_days: {low: 3, high: 1, steps: 2}\n", "low (3) must be below high (1)"),
        ("sweep:\n  method: random\n  parameters:\n    horizon_days: [1]\n", "needs samples"),
        ("sweep:\n  samples: 3\n  parameters:\n    horizon_days: [1]\n", "samples is for method"),
        ("sweep:\n  parameters:\n    horizon..days: [1]\n", "not a dotted path"),
        ("sweep:\n  parameters:\n    sweep.seed: [1]\n", "cannot vary `sweep`"),
        ("sweep:\n  parameter:\n    horizon_days: [1]\n", "unknown key 'parameter'"),
    ],
)
def test_bad_sweep_blocks_are_located(tmp_path, block, message):
    path = with_block(tmp_path, block)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    text = str(info.value)
    assert message in text
    start = line_of(path, "sweep:")
    assert all(p.file == str(path) and p.line is not None and p.line >= start for p in info.value.problems)


def test_bad_set_lists_are_reported_at_their_option():
    found = problems_of(str(SMALL), ["horizon_days=60,,90"], None, None)
    assert found[0].startswith("--set:1:1") and "empty value" in found[0]
    found = problems_of(str(SMALL), ["seed=1", "horizon_days=60,[1"], None, None)
    assert found[0].startswith("--set:2:1") and "not valid YAML" in found[0]


def test_api_parameters_accept_numpy_and_ranges():
    import numpy as np

    from sim.sweeps.points import plan_sweep

    base = load_scenario(SMALL)
    plan = plan_sweep(base, parameters={SERVICE: np.linspace(0.9, 0.95, 2), "horizon_days": range(60, 61)})
    assert [p.values for p in plan.points] == [(0.9, 60), (0.95, 60)]
    assert all(type(v) in (float, int) for p in plan.points for v in p.values)
    assert [k for _, _, k in plan.columns] == ["float64", "int64"]
