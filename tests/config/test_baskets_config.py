"""The `baskets` block and `routing.baskets` as a user writes them: located errors, exit 2, no traceback."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from click.testing import CliRunner

from sim.cli import main

from ..conftest import TINY


def with_baskets(**baskets: Any) -> dict[str, Any]:
    data = copy.deepcopy(TINY)
    data["baskets"] = {"orders_per_day": 3, **baskets}
    return data


@pytest.mark.parametrize(
    ("data", "needles"),
    [
        (
            with_baskets(composition={"kind": "popularity", "weights": {"A": 1, "Z": 2}}),
            ["baskets.composition.weights.Z", "unknown SKU 'Z'"],
        ),
        (
            with_baskets(composition={"kind": "category", "categories": {"mugs": ["A", "C"]}}),
            ["baskets.composition.categories.mugs[1]", "unknown SKU 'C'"],
        ),
        (
            with_baskets(composition={"kind": "category", "categories": {"x": ["A"], "y": ["A"]}}),
            ["baskets.composition.categories.y[0]", "already in category 'x'"],
        ),
        (with_baskets(composition={"kind": "popularity", "weights": {"A": -1}}), ["weights", "positive"]),
        (with_baskets(orders_per_day=0), ["baskets.orders_per_day"]),
        (with_baskets(lines={"kind": "fixed", "value": 2}, colour=1), ["unknown key 'colour'"]),
        ({**with_baskets(), "conversion": {"tolerance_days": {"kind": "fixed", "value": 3}}}, ["conversion"]),
        ({**with_baskets(), "routing": {"baskets": {"split": "sometimes"}}}, ["routing.baskets.split"]),
        ({**with_baskets(), "routing": {"baskets": {"max_wait_days": -1}}}, ["routing.baskets.max_wait_days"]),
    ],
)
def test_a_bad_baskets_block_is_located_with_exit_2(write_yaml, data: dict[str, Any], needles: list[str]) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml(data)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output, result.output
    assert f"{path}:" in result.output  # file:line:col


def test_a_good_baskets_block_validates(write_yaml) -> None:  # type: ignore[no-untyped-def]
    data = with_baskets(
        lines={"kind": "poisson", "mean": 2},
        composition={"kind": "category", "categories": {"x": ["A", "B"]}, "same_category": 0.5},
    )
    data["routing"] = {"baskets": {"split": "consolidate", "max_wait_days": 1}}
    result = CliRunner().invoke(main, ["validate", str(write_yaml(data))])
    assert result.exit_code == 0, result.output
