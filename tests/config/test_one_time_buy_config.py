"""A one-time buy's bad input gets a located error and exit 2 (issue 15): a salvage value above the
unit cost, a date outside the horizon, no quantity for a SKU not sold above cost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from sim.cli import main

from ..policies.test_one_time_buy import NORMAL, season


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "season.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.mark.parametrize(
    "reorder,key,words",
    [
        (
            dict(quantity=50, salvage_value=4.5),
            "policies[0].reorder.salvage_value",
            "above the unit cost of SKU 'COAT'",
        ),
        (dict(quantity=50, date="2025-02-01"), "policies[0].reorder.date", "outside the horizon"),
        (dict(quantity=50, date="2025-01-05"), "policies[0].reorder.date", "outside the horizon"),
        (dict(quantity=0), "policies[0].reorder.quantity", "greater than or equal to 1"),
        (dict(quantity=50, salvage_value=-1), "policies[0].reorder.salvage_value", "greater than or equal to 0"),
    ],
)
def test_bad_one_time_buys_are_located_and_exit_2(
    tmp_path: Path, reorder: dict[str, Any], key: str, words: str
) -> None:
    path = write(tmp_path, season(NORMAL, reorder))
    for verb in (["validate", str(path)], ["run", str(path), "--out", str(tmp_path / "out"), "--no-progress"]):
        result = CliRunner().invoke(main, verb)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        line = next(x for x in result.output.splitlines() if key in x)
        assert line.startswith(f"{path}:") and words in line, line
    assert not (tmp_path / "out").exists()  # nothing written


def test_no_quantity_for_a_sku_sold_at_cost_is_located(tmp_path: Path) -> None:
    data = season(NORMAL, dict(salvage_value=1))
    data["skus"][0]["price"] = data["skus"][0]["unit_cost"]
    result = CliRunner().invoke(main, ["validate", str(write(tmp_path, data))])
    assert result.exit_code == 2
    assert "policies[0].reorder.quantity" in result.output and "newsvendor quantity is 0" in result.output


def test_an_override_is_checked_only_against_its_skus(tmp_path: Path) -> None:
    data = season(NORMAL, dict(quantity=5))
    data["skus"].append({"id": "CHEAP", "unit_cost": 1.0, "price": 2.0, "demand": NORMAL})
    data["policies"][0]["overrides"] = [
        {"skus": ["COAT"], "reorder": {"kind": "one_time_buy", "quantity": 9, "salvage_value": 3.5}}
    ]
    assert CliRunner().invoke(main, ["validate", str(write(tmp_path, data))]).exit_code == 0
    data["policies"][0]["overrides"][0]["skus"] = ["CHEAP"]
    result = CliRunner().invoke(main, ["validate", str(write(tmp_path, data))])
    assert result.exit_code == 2 and "policies[0].overrides[0].reorder.salvage_value" in result.output


def test_a_one_time_buy_refuses_a_warm_up_and_the_break_even_assignment(tmp_path: Path) -> None:
    data = season(NORMAL, dict(quantity=50))
    data["warmup_days"] = 2
    result = CliRunner().invoke(main, ["validate", str(write(tmp_path, data))])
    assert result.exit_code == 2 and "warmup_days" in result.output and "set warmup_days: 0" in result.output
    data = season(NORMAL, dict(quantity=50))
    data["nodes"].append(
        {
            "name": "ds",
            "kind": "dropship",
            "region": "all",
            "handling_days": {"kind": "fixed", "value": 1},
            "ships_with": "post.std",
        }
    )
    data["policies"] = [{"name": "h", "kind": "hybrid", "assign": "break_even", "reorder": {"kind": "one_time_buy"}}]
    result = CliRunner().invoke(main, ["validate", str(write(tmp_path, data))])
    assert result.exit_code == 2 and "policies[0].assign" in result.output, result.output
