"""Scenario inheritance (`extends:`): deep merge, list replacement, and problems located in the right file."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.config import ScenarioError, load_scenario

ROOT = Path(__file__).resolve().parents[2]
BASE = (ROOT / "scenarios" / "small_store.yaml").read_text(encoding="utf-8")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [p.format() for p in info.value.problems]


def test_child_overrides_scalars_merges_mappings_and_replaces_lists(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "child.yaml",
        "extends: base.yaml\n"
        "name: longer\n"
        "horizon_days: 400\n"
        "costs: {holding_rate_per_year: 0.3}\n"
        "regions: [{name: north, demand_share: 1}]\n"
        "zones: []\n",
    )
    base = load_scenario(tmp_path / "base.yaml")
    scenario = load_scenario(child)
    assert (scenario.name, scenario.horizon_days) == ("longer", 400)
    assert scenario.costs.holding_rate_per_year == 0.3
    assert scenario.costs.customer_lifetime_value == base.costs.customer_lifetime_value  # merged, not replaced
    assert [r.name for r in scenario.regions] == ["north"]  # replaced whole
    assert scenario.skus == base.skus and scenario.policies == base.policies


def test_chains_resolve_relative_to_each_file(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    write(tmp_path, "mid/child.yaml", "extends: ../base.yaml\nseed: 5\n")
    grand = write(tmp_path, "deep/er/grand.yaml", "extends: ../../mid/child.yaml\nhorizon_days: 200\n")
    scenario = load_scenario(grand)
    assert (scenario.seed, scenario.horizon_days, scenario.name) == (5, 200, "small_store")


def test_a_problem_inherited_from_the_base_names_the_base_file_and_line(tmp_path):
    bad = BASE.replace("availability: 0.96 ", "availability: 1.96 ")
    line = next(i for i, text in enumerate(bad.splitlines(), 1) if "availability: 1.96" in text)
    base = write(tmp_path, "base.yaml", bad)
    child = write(tmp_path, "child.yaml", "extends: base.yaml\nname: child\n")
    (found,) = problems(child)
    assert found.startswith(f"{base}:{line}:") and "nodes[1].availability" in found


def test_a_problem_in_the_child_names_the_child(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(tmp_path, "child.yaml", "extends: base.yaml\ncosts: {holding_rate_per_yr: 0.3}\n")
    (found,) = problems(child)
    assert found.startswith(f"{child}:2:") and "holding_rate_per_yr" in found and "did you mean" in found


def test_a_child_value_replacing_a_base_list_is_located_in_the_child(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(tmp_path, "child.yaml", "extends: base.yaml\nregions:\n  - {name: north, demand_share: -1}\n")
    found = problems(child)
    assert any(p.startswith(f"{child}:3:") and "regions[0].demand_share" in p for p in found)


def test_missing_base_and_cycles_are_located_at_the_extends_key(tmp_path):
    missing = write(tmp_path, "missing.yaml", "name: x\nextends: nowhere.yaml\n")
    (found,) = problems(missing)
    assert found.startswith(f"{missing}:2:") and "base scenario not found" in found
    write(tmp_path, "a.yaml", "extends: b.yaml\n")
    write(tmp_path, "b.yaml", "extends: a.yaml\n")
    (found,) = problems(tmp_path / "a.yaml")
    assert "cycle" in found and "a.yaml → b.yaml → a.yaml" in found


def test_extends_must_be_a_path(tmp_path):
    child = write(tmp_path, "child.yaml", "extends: [base.yaml]\n")
    (found,) = problems(child)
    assert found.startswith(f"{child}:1:") and "extends takes the path" in found
