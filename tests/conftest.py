"""Shared fixtures: paths, a tiny valid scenario as a dict, and helpers to build and run it; the
browser tests' chromium fixture comes from tests/browser.py (a plugin, so no test imports it)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
SHIPPED = sorted(SCENARIOS.glob("*.yaml"))

pytest_plugins = ["tests.browser"]

TINY: dict[str, Any] = {
    "name": "tiny",
    "horizon_days": 20,
    "warmup_days": 0,
    "replications": 2,
    "seed": 3,
    "regions": [{"name": "north", "demand_share": 1.0}],
    "skus": [
        {"id": "A", "unit_cost": 5.0, "price": 10.0, "demand": {"kind": "poisson_orders", "orders_per_day": 10}},
        {"id": "B", "unit_cost": 2.0, "price": 6.0, "demand": {"kind": "poisson_orders", "orders_per_day": 2}},
    ],
    "suppliers": [{"name": "sup", "region": "north", "lead_time_days": {"kind": "fixed", "value": 3}}],
    "nodes": [
        {"name": "wh", "kind": "warehouse", "region": "north", "replenish_from": "sup", "ships_with": "post.std"},
        {
            "name": "ds",
            "kind": "dropship",
            "region": "north",
            "handling_days": {"kind": "fixed", "value": 1},
            "ships_with": "post.std",
        },
    ],
    "carriers": [
        {
            "name": "post",
            "services": [
                {
                    "name": "std",
                    "pickup_time": "17:00",
                    "pickup_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                    "rates": [{"zone": 1, "transit_days": {"kind": "fixed", "value": 2}, "cost_per_shipment": 4.0}],
                }
            ],
        }
    ],
    "policies": [
        {"name": "free", "kind": "inventory_free"},
        {"name": "stock", "kind": "stocked", "reorder": {"kind": "sS", "s": 20, "S": 60}},
    ],
}


def tiny(**changes: Any) -> dict[str, Any]:
    """A deep copy of the tiny scenario with top-level keys replaced."""
    data = copy.deepcopy(TINY)
    data.update(changes)
    return data


@pytest.fixture
def write_yaml(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a dict (or text) as a YAML file in tmp_path and return its path."""

    def write(data: dict[str, Any] | str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
        return path

    return write
