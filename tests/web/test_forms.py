"""The key-parameter form comes from the JSON Schema; a variant `extends:` its base and restates only what changed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sim.config import load_scenario
from sim.config.extends import load_file
from sim.web.forms import VariantError, changed_values, key_fields, schema_at, variant_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data() -> dict:  # type: ignore[type-arg]
    loaded, _, problems = load_file(ROOT / "scenarios/multichannel.yaml")
    assert loaded is not None and not problems
    return loaded


def test_the_form_covers_demand_nodes_policies_costs_and_the_run(data: dict) -> None:  # type: ignore[type-arg]
    fields = {f.name: f for f in key_fields(data)}
    assert {f.section for f in fields.values()} == {"run", "demand", "nodes", "policies", "costs"}
    assert fields["horizon_days"].value == "365" and fields["horizon_days"].kind == "number"
    assert fields["replications"].kind == "integer"
    demand = fields["skus.0.demand.orders_per_day"]
    assert demand.label == "HOODIE-BLK · demand.orders_per_day" and "all regions together" in demand.help
    assert fields["nodes.0.pick_pack.stations"].kind == "integer"  # a capacity
    assert fields["nodes.2.storage_cap_units"].value == "2500"
    assert fields["policies.1.reorder.service_level"].maximum == 1
    assert fields["costs.holding_rate_per_year"].value == "0.22"
    assert "nodes.0.name" not in fields and "nodes.0.cutoff" not in fields  # text is for the YAML editor


def test_schema_lookup_follows_the_kind_of_each_union(data: dict) -> None:  # type: ignore[type-arg]
    assert schema_at(("skus", 4, "demand", "units_per_day", "sd"), data)["type"] == "number"  # type: ignore[index]
    assert schema_at(("nodes", 3, "availability"), data) is not None  # a dropship node's own field
    assert schema_at(("nodes", 0, "availability"), data) is None  # a warehouse has none


def test_a_variant_restates_only_the_changes_and_loads_as_the_base_with_them(data: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    base = tmp_path / "multichannel.yaml"
    base.write_text((ROOT / "scenarios/multichannel.yaml").read_text())
    changes = changed_values(
        data,
        {"costs.holding_rate_per_year": "0.3", "policies.2.reorder.service_level": "0.98", "horizon_days": "365"},
    )
    assert changes == {("costs", "holding_rate_per_year"): 0.3, ("policies", 2, "reorder", "service_level"): 0.98}
    text = variant_text("multichannel.yaml", data, changes, "mc-variant")
    written = yaml.safe_load(text)
    assert set(written) == {"extends", "name", "costs", "policies"}
    assert written["costs"] == {"holding_rate_per_year": 0.3}  # a mapping: only the key
    variant = tmp_path / "mc-variant.yaml"
    variant.write_text(text)
    expected = load_scenario(
        base,
        ["name=mc-variant", "costs.holding_rate_per_year=0.3", "policies.hybrid.reorder.service_level=0.98"],
    )
    assert load_scenario(variant) == expected


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("replications", "2.5", "whole number"),
        ("horizon_days", "lots", "a number"),
        ("policies.2.fallback_to_virtual", "3", "true or false"),
        ("costs.holding_rate_per_year", "[1", "not a value"),
    ],
)
def test_bad_form_values_are_named(data: dict, name: str, text: str, says: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(VariantError) as caught:
        changed_values(data, {name: text})
    assert says in caught.value.problems[name]
