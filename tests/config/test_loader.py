"""The scenario loader: every problem at once, each located by file:line:col and key path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sim.config import ScenarioError, load_scenario, parse_scenario, resolve
from sim.config.catalogue import all_skus
from sim.config.schema import SCHEMA_PATH, schema_text

from ..conftest import SHIPPED, TINY, tiny


def problems_of(text: str, overrides: tuple[str, ...] = ()) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "s.yaml", overrides)
    return [p.format() for p in info.value.problems]


def test_tiny_scenario_is_valid() -> None:
    scenario = parse_scenario(yaml.safe_dump(TINY))
    assert scenario.name == "tiny"
    assert [p.name for p in scenario.policies] == ["free", "stock"]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_scenarios_are_valid_and_round_trip_through_the_resolved_yaml(path: Path) -> None:
    from sim.experiment.results_folder import scenario_yaml

    scenario = load_scenario(path)
    again = parse_scenario(scenario_yaml(resolve(scenario)))
    assert again == resolve(scenario)


def test_unknown_key_is_located_with_a_suggestion() -> None:
    text = yaml.safe_dump(TINY, sort_keys=False).replace("horizon_days: 20", "horizon_dayz: 20")
    lines = problems_of(text)
    line_no = text.splitlines().index("horizon_dayz: 20") + 1
    assert any(line.startswith(f"s.yaml:{line_no}:1  horizon_dayz  unknown key 'horizon_dayz'") for line in lines), (
        lines
    )
    assert any("did you mean 'horizon_days'" in line for line in lines)
    assert any("missing required key 'horizon_days'" in line for line in lines)


def test_every_problem_is_reported_at_once() -> None:
    text = """\
name: bad
horizon_days: -1
regions: [{name: north, demand_share: 0}]
skus:
  - {id: A, unit_cost: 1, price: 2, demand: {kind: poisson_orderz, orders_per_day: 1}}
nodes:
  - {name: w, kind: warehouse, region: north, replenish_from: s, ships_with: c.g, pick_pack: {stations: 0, minutes_per_order: {kind: fixed, value: 1}}}
carriers: [{name: c, services: [{name: g, rates: [{zone: 1, transit_days: {kind: fixed, value: 1}, cost_per_shipment: 1}]}]}]
policies: [{name: p, kind: stocked, reorder: {kind: sS, s: 5, S: 5}}]
"""
    lines = problems_of(text)
    assert any(line.startswith("s.yaml:2:15  horizon_days") for line in lines), lines
    assert any(line.startswith("s.yaml:3:") and "regions[0].demand_share" in line for line in lines), lines
    assert any("skus[0].demand.kind  unknown kind 'poisson_orderz'" in line for line in lines), lines
    assert any("nodes[0].pick_pack.stations" in line for line in lines), lines
    assert any("policies[0].reorder  s (5) must be below S (5)" in line for line in lines), lines
    assert len(lines) == 5


def test_duplicate_keys_are_errors_with_both_lines() -> None:
    text = yaml.safe_dump(TINY, sort_keys=False).replace("seed: 3\n", "seed: 3\nseed: 4\n")
    lines = problems_of(text)
    second = text.splitlines().index("seed: 4") + 1
    assert any(
        line.startswith(f"s.yaml:{second}:1  seed  duplicate key 'seed' (first given at line {second - 1})")
        for line in lines
    ), lines


@pytest.mark.parametrize(
    "change,needle",
    [
        (
            {"nodes": [{**TINY["nodes"][0], "replenish_from": "nobody"}, TINY["nodes"][1]]},
            "nodes[0].replenish_from  unknown supplier or node 'nobody'",
        ),
        (
            {"nodes": [{**TINY["nodes"][0], "ships_with": "post.fast"}, TINY["nodes"][1]]},
            "nodes[0].ships_with  unknown carrier service 'post.fast'",
        ),
        (
            {"nodes": [{**TINY["nodes"][0], "region": "south"}, TINY["nodes"][1]]},
            "nodes[0].region  unknown region 'south'",
        ),
        (
            {
                "policies": [
                    {"name": "s", "kind": "stocked", "stock_at": ["ds"], "reorder": {"kind": "sS", "s": 1, "S": 2}}
                ]
            },
            "policies[0].stock_at[0]  'ds' is a dropship node and cannot hold stock",
        ),
        (
            {
                "policies": [
                    {"name": "h", "kind": "hybrid", "stock_skus": ["Q"], "reorder": {"kind": "sS", "s": 1, "S": 2}}
                ]
            },
            "policies[0].stock_skus[0]  unknown SKU 'Q'",
        ),
        (
            {"policies": [{"name": "a", "kind": "inventory_free"}, {"name": "a", "kind": "inventory_free"}]},
            "policies[1]  policy 'a' is defined twice",
        ),
    ],
)
def test_dangling_and_inconsistent_references(change: dict, needle: str) -> None:
    lines = problems_of(yaml.safe_dump(tiny(**change), sort_keys=False))
    assert any(needle in line for line in lines), lines


def test_replenishment_cycles_are_errors() -> None:
    wh2 = {**TINY["nodes"][0], "name": "wh2", "replenish_from": "wh", "transfer_days": {"kind": "fixed", "value": 1}}
    wh1 = {**TINY["nodes"][0], "replenish_from": "wh2", "transfer_days": {"kind": "fixed", "value": 1}}
    lines = problems_of(yaml.safe_dump(tiny(nodes=[wh1, wh2, TINY["nodes"][1]]), sort_keys=False))
    assert any("cycle" in line for line in lines), lines


def test_transfer_days_required_from_a_node_and_refused_from_a_supplier() -> None:
    up = {**TINY["nodes"][0], "name": "up"}
    down = {**TINY["nodes"][0], "name": "down", "replenish_from": "up"}
    lines = problems_of(yaml.safe_dump(tiny(nodes=[up, down, TINY["nodes"][1]]), sort_keys=False))
    assert any("nodes[1].transfer_days  replenishing from node 'up' needs transfer_days" in line for line in lines)
    stray = {**TINY["nodes"][0], "transfer_days": {"kind": "fixed", "value": 1}}
    lines = problems_of(yaml.safe_dump(tiny(nodes=[stray, TINY["nodes"][1]]), sort_keys=False))
    assert any("nodes[0].transfer_days  transfer_days applies only" in line for line in lines)


def test_cutoff_after_pickup_is_an_error() -> None:
    node = {**TINY["nodes"][0], "cutoff": "18:00"}
    lines = problems_of(yaml.safe_dump(tiny(nodes=[node, TINY["nodes"][1]]), sort_keys=False))
    assert any("nodes[0].cutoff  cut-off 18:00 is after post.std's pickup at 17:00" in line for line in lines)


def test_set_overrides_by_name_and_index() -> None:
    text = yaml.safe_dump(TINY, sort_keys=False)
    s = parse_scenario(text, overrides=("horizon_days=90", "policies.stock.reorder.S=80", "skus.1.price=7.5"))
    assert s.horizon_days == 90
    assert s.policy("stock").reorder.S == 80  # type: ignore[union-attr]
    assert s.skus[1].price == 7.5


def test_bad_set_options_are_located_at_the_option() -> None:
    text = yaml.safe_dump(TINY, sort_keys=False)
    lines = problems_of(text, ("policies.stok.reorder.S=80", "horizon_days=-3", "noequals"))
    assert any(line.startswith("--set:1:1") and "did you mean 'stock'" in line for line in lines), lines
    assert any(line.startswith("--set:2:1  horizon_days") for line in lines), lines
    assert any(line.startswith("--set:3:1") and "write --set dotted.path=value" in line for line in lines), lines


@pytest.mark.parametrize(
    "text,needle",
    [
        ("", "the file is empty"),
        ("name: [unclosed\n", "not valid YAML"),
        ("- a\n- b\n", "a scenario is a YAML mapping"),
        ("a: 1\n---\nb: 2\n", "several YAML documents"),
        ("name: x\nstart_date: 2025-02-30\n", "start_date"),
    ],
)
def test_not_a_scenario(text: str, needle: str) -> None:
    lines = problems_of(text)
    assert any(needle in line for line in lines), lines


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="file not found"):
        load_scenario(tmp_path / "nope.yaml")
    with pytest.raises(ScenarioError, match="this is a folder"):
        load_scenario(tmp_path)


def test_long_tail_is_generated_deterministically_from_its_own_seed() -> None:
    data = tiny(
        long_tail={
            "count": 12,
            "orders_per_day_total": 6,
            "unit_cost": {"kind": "uniform", "low": 1, "high": 9},
            "price_markup": 2,
            "seed": 4,
        }
    )
    a = all_skus(parse_scenario(yaml.safe_dump(data)))
    b = all_skus(parse_scenario(yaml.safe_dump({**data, "seed": 999})))  # experiment seed differs
    assert [s.id for s in a] == ["A", "B"] + [f"TAIL-{i:02d}" for i in range(1, 13)]
    assert a == b
    shares = [s.demand.orders_per_day for s in a[2:]]  # type: ignore[union-attr]
    assert shares == sorted(shares, reverse=True) and abs(sum(shares) - 6) < 1e-9


def test_committed_json_schema_matches_the_models() -> None:
    assert json.loads(SCHEMA_PATH.read_text()) == json.loads(schema_text()), "run: python -m sim.config.schema"


def test_committed_scenario_reference_is_current() -> None:
    from sim.config.reference_doc import DOC_PATH, reference_markdown

    assert DOC_PATH.read_text() == reference_markdown(), "run: python -m sim.config.reference_doc"
