"""Trace replay: the orders placed are the history's, exactly; the bootstrap resamples whole blocks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

import sim
from sim.base.timebase import DAY
from sim.config import ScenarioError, load_scenario
from sim.config.models import Scenario
from sim.history.replay import Trace, bootstrap_days, remap, split_orders
from sim.model.model import Model
from sim.network.build import build_network
from sim.plan.build import make_plan

from .conftest import DATA, history_scenario

START = dt.date(2025, 1, 6)


def daily_history(path: Path, days: int = 60, seed: int = 7) -> pd.DataFrame:
    """A random daily panel for SKU A in two regions, zeros included; written to `path`."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(days):
        date = START - dt.timedelta(days=10) + dt.timedelta(days=d)
        for region in ("north", "south"):
            q = int(rng.choice([0, 0, 1, 3, 7, 12, 40]))
            lines = 0 if q == 0 else int(rng.integers(1, min(q, 5) + 1))
            rows.append((date.isoformat(), "A", region, q, lines))
    frame = pd.DataFrame(rows, columns=["date", "sku", "region", "quantity", "order_lines"])
    frame.to_csv(path, index=False)
    return frame


def placed_orders(data: dict[str, Any], policy: str = "free", replication: int = 0, seed: int = 1) -> pd.DataFrame:
    network = build_network(Scenario.model_validate(data))
    model = Model(network, make_plan(network, policy), seed, replication, events=True)
    model.run()
    assert model.log is not None
    log = model.log.to_frame(network)
    orders = log[(log.event == "order") & (log.sku == "A")].copy()
    orders["date"] = [str(START + dt.timedelta(days=int(t) // DAY)) for t in orders.t]
    return orders


@pytest.mark.parametrize("arrivals", ["uniform", "even"])
def test_daily_replay_places_exactly_the_recorded_units_and_lines(tmp_path: Path, arrivals: str) -> None:
    history = daily_history(tmp_path / "daily.csv")
    data = history_scenario(tmp_path / "daily.csv", arrivals=arrivals)
    data.update(start_date=str(START), horizon_days=40, warmup_days=5)
    orders = placed_orders(data)
    got = orders.groupby(["date", "region"]).agg(units=("units", "sum"), lines=("units", "size"))
    window = history[(history.date >= str(START)) & (history.date < str(START + dt.timedelta(days=40)))]
    want = window[window.quantity > 0].set_index(["date", "region"])[["quantity", "order_lines"]]
    want.columns = ["units", "lines"]
    pd.testing.assert_frame_equal(got.sort_index(), want.sort_index(), check_dtype=False)
    # a day's lines differ by at most one unit
    spread = orders.groupby(["date", "region"]).units.agg(lambda u: u.max() - u.min())
    assert spread.max() <= 1


def test_order_lines_replay_at_their_own_second(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(
        "timestamp,sku,region,quantity\n"
        "2025-01-05 23:59:59,A,north,9\n"  # before start: fitting only
        "2025-01-06 00:00:00,A,north,2\n"
        "2025-01-06 08:28:13,A,south,6\n"
        "2025-01-06 08:28:13,A,south,1\n"
        "2025-01-08 17:00:00,A,north,4\n"
        "2025-01-09 00:00:00,A,north,5\n"  # at the horizon: not replayed
    )
    data = history_scenario(path)
    data.update(start_date=str(START), horizon_days=3)
    orders = placed_orders(data)
    got = sorted(zip(orders.t, orders.region, orders.units, strict=True))
    assert got == [
        (0, "north", 2),
        (8 * 3600 + 28 * 60 + 13, "south", 1),
        (8 * 3600 + 28 * 60 + 13, "south", 6),
        (2 * DAY + 17 * 3600, "north", 4),
    ]


def test_every_policy_sees_the_same_orders_and_other_streams_are_untouched(tmp_path: Path) -> None:
    daily_history(tmp_path / "daily.csv")
    data = history_scenario(tmp_path / "daily.csv")
    data.update(start_date=str(START), horizon_days=30)
    free, stock = placed_orders(data, "free"), placed_orders(data, "stock")
    assert free[["t", "region", "units"]].values.tolist() == stock[["t", "region", "units"]].values.tolist()


def test_bootstrap_keeps_replication_zero_exact_and_resamples_whole_blocks(tmp_path: Path) -> None:
    history = daily_history(tmp_path / "daily.csv", days=80)
    data = history_scenario(tmp_path / "daily.csv", bootstrap={"block_days": 7, "window_blocks": 1})
    data.update(start_date=str(START), horizon_days=63)
    window = history[(history.date >= str(START)) & (history.date < str(START + dt.timedelta(days=63)))]
    per_day = window.groupby("date").quantity.sum().to_numpy()
    weeks = [tuple(per_day[7 * w : 7 * w + 7]) for w in range(9)]
    exact = placed_orders(data, replication=0).groupby("date").units.sum()
    assert exact.reindex(sorted(window.date.unique()), fill_value=0).tolist() == per_day.tolist()
    for replication in (1, 2):
        got = placed_orders(data, replication=replication).groupby("date").units.sum()
        got_days = got.reindex(sorted(window.date.unique()), fill_value=0).to_numpy()
        for w in range(9):
            block = tuple(got_days[7 * w : 7 * w + 7])
            near = [weeks[j] for j in range(max(0, w - 1), min(8, w + 1) + 1)]
            assert block in near, f"replication {replication} week {w} is not a neighbouring recorded week"
    # common random numbers: both policies see the same resampled demand
    assert placed_orders(data, "free", 1).units.tolist() == placed_orders(data, "stock", 1).units.tolist()


def test_bootstrap_days_stay_in_window_and_keep_weekdays() -> None:
    rng = np.random.default_rng(3)
    for _ in range(50):
        mapping = bootstrap_days(52, 7, 2, rng)
        target = np.arange(52)
        assert (mapping % 7 == target % 7).all()
        assert (mapping < 49).all()  # only whole weeks are drawn from
        assert (np.abs(mapping // 7 - target // 7) <= 2).all()
    anywhere = bootstrap_days(70, 7, None, rng)
    assert set(anywhere // 7) <= set(range(10))


def test_split_and_remap_by_hand() -> None:
    row, day, second, units = split_orders(
        np.array([0, 0, 1]), np.array([-1, -1, 300]), np.array([7, 0, 4]), np.array([3, 0, 1]), "even"
    )
    assert row.tolist() == [0, 0, 0, 2] and day.tolist() == [0, 0, 0, 1]
    assert units.tolist() == [3, 2, 2, 4]  # 7 units in 3 lines: 3, 2, 2
    assert second.tolist() == [DAY // 6, DAY // 2, 5 * DAY // 6, 300]
    trace = Trace(np.array([0, 0, 2]), np.array([5, 6, 7]), np.array([1, 2, 3]))
    moved = remap(trace, np.array([2, 0, 0]))
    assert moved.day.tolist() == [0, 1, 1, 2, 2] and moved.units.tolist() == [3, 1, 2, 1, 2]


def test_shipped_backtest_replays_the_real_june_to_december_units() -> None:
    scenario = load_scenario(Path(__file__).parents[2] / "scenarios" / "online_retail_backtest.yaml")
    results = sim.run(scenario, "inventory_free", replications=1, seed=1)
    demanded = results.summary.set_index("metric").loc["units_demanded", "mean"]
    lines = pd.read_csv(DATA / "order_lines.csv")
    in_window = lines[(lines.timestamp >= "2011-06-01") & (lines.timestamp < "2011-12-10")]
    assert demanded == in_window.quantity.sum() == 91_936


# --------------------------------------------------------------------------------------------------
# the scenario side: located problems


def load_problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [p.format() for p in info.value.problems]


def dump(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_history_path_is_relative_to_the_scenario_file(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    daily_history(tmp_path / "data" / "daily.csv")
    data = history_scenario(Path("data/daily.csv"))
    data.update(start_date=str(START), horizon_days=20)
    scenario = load_scenario(dump(tmp_path, data))
    assert scenario.demand_history is not None
    assert scenario.demand_history.path == str((tmp_path / "data" / "daily.csv").resolve())


def test_scenario_problems_in_the_file_and_at_the_keys(tmp_path: Path) -> None:
    csv = tmp_path / "daily.csv"
    daily_history(csv, days=30)
    data = history_scenario(csv)
    data.update(start_date=str(START), horizon_days=40)
    found = load_problems(dump(tmp_path, data))
    assert any("horizon_days" in p and "set horizon_days to at most 20" in p for p in found)
    data["demand_history"]["path"] = "missing.csv"
    (missing,) = load_problems(dump(tmp_path, data))
    assert "demand_history.path  file not found" in missing and "scenario.yaml:" in missing
    # rows of a region the scenario lacks are reported in the CSV itself
    data = history_scenario(csv)
    data["regions"] = [{"name": "north", "demand_share": 1.0}]
    data["zones"] = []
    data.update(start_date=str(START), horizon_days=10)
    found = load_problems(dump(tmp_path, data))
    assert found[0].startswith(f"{csv}:3:3  region  unknown region 'south'")


def test_kind_history_and_the_block_need_each_other(tmp_path: Path) -> None:
    csv = tmp_path / "daily.csv"
    daily_history(csv)
    data = history_scenario(csv)
    del data["demand_history"]
    (found,) = load_problems(dump(tmp_path, data))
    assert "skus[0].demand.kind" in found and "demand_history" in found
    data = history_scenario(csv)
    data["skus"][0]["demand"] = {"kind": "poisson_orders", "orders_per_day": 1}
    (found,) = load_problems(dump(tmp_path, data))
    assert "demand_history  no SKU replays this history" in found
