"""Per-SKU / per-category seasonality profiles and trends: the generated demand reproduces the profile
(CIs over replications), the factors are as documented, bad profiles and curve files are located."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sim.base.confidence import mean_ci
from sim.config import ScenarioError, load_scenario

from .test_promotions import START, daily_units, day, net, problems, sku_rows, world

WEEKLY = {"name": "weekend", "weekday": [2, 1, 1, 1, 1, 1, 0], "categories": ["gifts"]}


def test_weekday_profile_is_reproduced_and_other_skus_are_flat() -> None:
    network = net(world(days=56, profiles=[WEEKLY]))
    mondays, sundays, flat = [], [], []
    for rep in range(25):
        units = daily_units(network, rep)
        a = units[sku_rows(network, "A")].sum(axis=0)  # day 0 is a Monday
        mondays.append(a[0::7].mean() / a.mean())
        sundays.append(a[6::7].sum())
        b = units[sku_rows(network, "B")].sum(axis=0)
        flat.append(b[0::7].mean() / b.mean())
    _, low, high, _ = mean_ci(mondays)
    assert low <= 2.0 <= high and high - low < 0.3, (low, high)
    assert sum(sundays) == 0
    _, low, high, _ = mean_ci(flat)
    assert low <= 1.0 <= high, (low, high)


def test_month_profile_and_trend_factors() -> None:
    profile = {
        "name": "xmas",
        "month": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 4],
        "trend": {"kind": "multiplicative", "per_year": 1.0},
        "skus": ["B"],
    }
    network = net(world(days=365, profiles=[profile]))
    factor = next(s.day_factor for s in network.streams if network.skus[s.sku].id == "B")
    assert factor is not None
    mean = 16 / 12
    assert factor[0] == pytest.approx(1 / mean)  # 6 January, day 0
    dec = (np.datetime64("2025-12-24") - np.datetime64(START)).astype(int)
    assert factor[dec] == pytest.approx(4 / mean * 2 ** (dec / 365))


def test_linear_trend_and_sku_profile_field() -> None:
    data = world(days=100, profiles=[{"name": "growth", "trend": {"kind": "linear", "per_year": 0.73}}])
    data["skus"][1]["profile"] = "growth"
    network = net(data)
    factor = next(s.day_factor for s in network.streams if network.skus[s.sku].id == "B")
    assert factor is not None and factor[50] == pytest.approx(1 + 0.73 * 50 / 365)
    ratios = []
    for rep in range(20):
        b = daily_units(network, rep)[sku_rows(network, "B")].sum(axis=0)
        ratios.append(b[75:].sum() / b[:25].sum())
    want = sum(1 + 0.73 * d / 365 for d in range(75, 100)) / sum(1 + 0.73 * d / 365 for d in range(25))
    _, low, high, _ = mean_ci(ratios)
    assert low <= want <= high, (want, low, high)


def test_daily_curve_from_csv(tmp_path: Path) -> None:
    curve = tmp_path / "curve.csv"
    curve.write_text(f"date,factor\n01-08,3\n{day(3)},0.5\n")
    network = net(world(days=10, profiles=[{"name": "c", "daily_csv": str(curve), "skus": ["A"]}]))
    stream: Any = network.streams[0]
    assert stream.day_factor.tolist() == [1, 1, 3, 0.5, 1, 1, 1, 1, 1, 1]


def scenario_file(tmp_path: Path, data: dict[str, Any]) -> Path:
    import yaml

    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_bad_curve_rows_are_located(tmp_path: Path) -> None:
    curve = tmp_path / "curve.csv"
    curve.write_text("date,factor\n12-24,3\n13-01,2\n12-24,1\n12-26,lots\n")
    path = scenario_file(tmp_path, world(days=10, profiles=[{"name": "c", "daily_csv": "curve.csv"}]))
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    found = {(p.line, p.column, p.path[0]) for p in exc.value.problems}
    assert found == {(3, 1, "date"), (4, 1, "date"), (5, 2, "factor")}
    assert all(str(p.file).endswith("curve.csv") for p in exc.value.problems)


def test_bad_profiles_are_located() -> None:
    data = world(profiles=[WEEKLY, {"name": "other", "month": [1] * 12, "skus": ["A"]}])
    data["skus"][1]["profile"] = "nope"
    found = problems(data)
    assert any(p.startswith("profiles.1  ") and "already has profile 'weekend'" in p for p in found), found
    assert any(p.startswith("skus.1.profile  ") and "unknown profile 'nope'" in p for p in found), found
    found = problems(world(profiles=[{**WEEKLY, "categories": ["toyz"]}]))
    assert any(p.startswith("profiles.0.categories.0  ") for p in found), found


def test_a_profile_must_shape_something() -> None:
    with pytest.raises(ValueError, match="has no weekday, month, daily_csv or trend"):
        net(world(profiles=[{"name": "empty", "skus": ["A"]}]))
