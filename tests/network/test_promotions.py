"""Promotions and seasonality profiles: the generated demand reproduces the configured factors (CIs over
replications), other SKUs' streams stay identical (common random numbers), bad blocks are located."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import numpy as np
import pytest

from sim.base.confidence import mean_ci
from sim.base.streams import Streams
from sim.base.timebase import DAY
from sim.config import ScenarioError
from sim.config.models import Scenario
from sim.model.demand import generate_chunk
from sim.network.build import Network, build_network

from ..conftest import TINY

START = dt.date(2025, 1, 6)  # TINY's day 0 (a Monday)


def world(days: int = 56, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(TINY)
    data["horizon_days"] = days
    data["regions"] = [{"name": "north", "demand_share": 0.7}, {"name": "south", "demand_share": 0.3}]
    data["zones"] = [{"between": ["north", "south"], "zone": 1}]
    data["skus"][0].update(category="gifts", tags=["xmas"])
    data["skus"].append(
        {
            "id": "C",
            "unit_cost": 1.0,
            "price": 3.0,
            "category": "basics",
            "demand": {"kind": "daily_units", "units_per_day": {"kind": "normal", "mean": 20, "sd": 4}},
        }
    )
    data.update(changes)
    return data


def day(n: int) -> str:
    return (START + dt.timedelta(days=n)).isoformat()


def net(data: dict[str, Any]) -> Network:
    return build_network(Scenario.model_validate(data))


def daily_units(network: Network, replication: int, seed: int = 11) -> np.ndarray[Any, Any]:
    """Units per (stream, day) of one replication, drawn as the model draws them."""
    streams = Streams(seed, replication)
    rngs = [streams.get("demand", network.regions[s.region], network.skus[s.sku].id) for s in network.streams]
    n_days = -(-network.horizon_s // DAY)
    times, ids, units, _ = generate_chunk(network, rngs, 0, n_days)
    out = np.zeros((len(network.streams), n_days))
    np.add.at(out, (np.asarray(ids), np.asarray(times) // DAY), np.asarray(units))
    return out


def sku_rows(network: Network, sku: str) -> list[int]:
    return [s.index for s in network.streams if network.skus[s.sku].id == sku]


def test_uplift_reproduces_its_factor_for_poisson_and_daily_units() -> None:
    promo = {"name": "spring", "start": day(14), "end": day(27), "uplift": 2.5, "skus": ["A", "C"]}
    network = net(world(promotions=[promo]))
    ratios: dict[str, list[float]] = {"A": [], "C": []}
    for rep in range(30):
        units = daily_units(network, rep)
        for sku in ratios:
            per_day = units[sku_rows(network, sku)].sum(axis=0)
            ratios[sku].append(per_day[14:28].mean() / np.r_[per_day[:14], per_day[28:]].mean())
    for sku, values in ratios.items():
        mean, low, high, _ = mean_ci(values)
        assert low <= 2.5 <= high, (sku, mean, low, high)
        assert high - low < 0.4, (sku, low, high)  # enough power to tell 2.5 from 2.1 or 2.9


def test_added_units_ramp_and_pull_forward() -> None:
    """+30 units a day in the window; the 3-day ramp builds up to it; the dip after is × 0.5."""
    promo = {
        "name": "launch",
        "start": day(20),
        "end": day(29),
        "added_units_per_day": 30,
        "skus": ["A"],
        "ramp_days": 3,
        "pull_forward": {"factor": 0.5, "days": 7},
    }
    network = net(world(promotions=[promo]))
    rows = sku_rows(network, "A")
    totals = np.array([daily_units(network, rep)[rows].sum(axis=0) for rep in range(40)])
    base = 10.0  # A: 10 single-unit orders a day, no seasonality
    # (days, expected units over those days): before, the ramp (1/4, 2/4, 3/4 of the extra), window, dip, after
    expect = [
        (range(0, 17), 17 * base),
        (range(17, 20), 3 * base + 30 * 1.5),
        (range(20, 30), 10 * (base + 30)),
        (range(30, 37), 7 * base * 0.5),
        (range(37, 56), 19 * base),
    ]
    for days, want in expect:
        _, low, high, _ = mean_ci(totals[:, list(days)].sum(axis=1))
        assert low <= want <= high, (days, want, low, high)


def test_promotion_on_one_sku_leaves_every_other_stream_identical() -> None:
    plain = net(world())
    promoted = net(world(promotions=[{"name": "p", "start": day(3), "end": day(30), "uplift": 3, "skus": ["A"]}]))
    a_rows = set(sku_rows(plain, "A"))
    for rep in (0, 1):
        before, after = daily_units(plain, rep), daily_units(promoted, rep)
        others = [i for i in range(len(plain.streams)) if i not in a_rows]
        assert np.array_equal(before[others], after[others])
        assert not np.array_equal(before[sorted(a_rows)], after[sorted(a_rows)])


def test_category_region_selection() -> None:
    promo = {"name": "p", "start": day(0), "end": day(9), "uplift": 2, "categories": ["gifts"], "regions": ["south"]}
    network = net(world(promotions=[promo]))
    boosted = {(network.regions[s.region], network.skus[s.sku].id) for s in network.streams if s.day_factor is not None}
    assert boosted == {("south", "A")}
    factor = next(s.day_factor for s in network.streams if s.day_factor is not None)
    assert factor is not None and factor[:10].tolist() == [2.0] * 10 and factor[10:].tolist() == [1.0] * 46


def test_agreeing_overlap_counts_once() -> None:
    a = {"name": "a", "start": day(0), "end": day(9), "uplift": 2, "skus": ["A"]}
    b = {"name": "b", "start": day(5), "end": day(14), "uplift": 2, "tags": ["xmas"]}
    network = net(world(promotions=[a, b]))
    factor = network.streams[0].day_factor
    assert factor is not None and factor[:15].tolist() == [2.0] * 15


def test_no_promotions_no_day_factor() -> None:
    assert all(s.day_factor is None for s in net(world()).streams)


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ScenarioError) as exc:
        net(data)
    return [f"{'.'.join(map(str, p.path))}  {p.message}" for p in exc.value.problems]


@pytest.mark.parametrize(
    ("promo", "where", "words"),
    [
        ({"start": day(-1), "end": day(3), "uplift": 2}, "promotions.0.start", "outside the simulated days"),
        ({"start": day(50), "end": day(60), "uplift": 2}, "promotions.0.end", "after the last simulated day"),
        ({"start": day(1), "end": day(3), "uplift": 2, "categories": ["toys"]}, "promotions.0.categories.0", "toys"),
        ({"start": day(1), "end": day(3), "uplift": 2, "tags": ["summer"]}, "promotions.0.tags.0", "no SKU has tag"),
        ({"start": day(1), "end": day(3), "uplift": 2, "skus": ["Z"]}, "promotions.0.skus.0", "unknown SKU"),
        ({"start": day(1), "end": day(3), "uplift": 2, "regions": ["east"]}, "promotions.0.regions.0", "region"),
    ],
)
def test_bad_promotion_is_located(promo: dict[str, Any], where: str, words: str) -> None:
    found = problems(world(promotions=[{"name": "p", **promo}]))
    assert any(p.startswith(where) and words in p for p in found), found


def test_conflicting_overlap_is_an_error() -> None:
    a = {"name": "a", "start": day(0), "end": day(9), "uplift": 2, "skus": ["A"]}
    b = {"name": "b", "start": day(5), "end": day(14), "uplift": 1.5, "categories": ["gifts"]}
    found = problems(world(promotions=[a, b]))
    assert any(p.startswith("promotions.1  ") and "overlaps 'a'" in p and "'A'" in p for p in found), found
    # different regions do not conflict
    b["regions"], a["regions"] = ["south"], ["north"]
    net(world(promotions=[a, b]))


def test_exactly_one_effect() -> None:
    with pytest.raises(ValueError, match="exactly one of uplift or added_units_per_day"):
        Scenario.model_validate(world(promotions=[{"name": "p", "start": day(1), "end": day(2)}]))
