"""Properties on generated worlds whose first SKU replays a generated history, with a break-even hybrid:
units are conserved, replay is exact up to the (possibly fractional) horizon, runs are deterministic."""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.base.timebase import DAY
from sim.config.models import Scenario
from sim.model.model import simulate
from sim.network.build import build_network
from sim.plan.build import make_plan

from ..model.test_properties import worlds

START = dt.date(2025, 3, 3)


@st.composite
def replay_worlds(draw: st.DrawFn) -> tuple[dict[str, Any], str, np.ndarray[Any, Any]]:
    """A generated world, a CSV text for its SKU S0 (30 days before START to 50 after) and the format."""
    world = draw(worlds())
    regions = [r["name"] for r in world["regions"]]
    fmt = draw(st.sampled_from(["daily", "order_lines"]))
    seed = draw(st.integers(0, 2**31))
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(80):
        date = START + dt.timedelta(days=d - 30)
        for region in regions:
            n = int(rng.poisson(1.5))
            if fmt == "daily":
                units = [int(rng.integers(1, 20)) for _ in range(n)]
                rows.append(f"{date},S0,{region},{sum(units)},{n}")
            else:
                for _ in range(n):
                    second = int(rng.integers(0, DAY))
                    stamp = f"{date} {second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
                    rows.append(f"{stamp},S0,{region},{int(rng.integers(1, 20))}")
    header = "date,sku,region,quantity,order_lines" if fmt == "daily" else "timestamp,sku,region,quantity"
    world["skus"][0]["demand"] = {"kind": "history"}
    world["start_date"] = str(START)
    world["demand_history"] = {"path": "", "format": fmt}
    if draw(st.booleans()):
        block = draw(st.sampled_from([1, 7])) if math.ceil(world["horizon_days"]) >= 7 else 1
        world["demand_history"]["bootstrap"] = {"block_days": block, "window_blocks": 2}
    world["policies"].append({"name": "auto", "kind": "hybrid", "assign": "break_even", **_common(world)})
    return world, "\n".join([header, *rows]) + "\n", np.asarray([fmt])


def _common(world: dict[str, Any]) -> dict[str, Any]:
    stocked = next(p for p in world["policies"] if p["kind"] == "stocked")
    return {"reorder": stocked["reorder"], "review": stocked["review"]}


def _recorded(text: str, horizon_s: int) -> dict[tuple[int, str], int]:
    """Units per (day, region) the file holds inside [0, horizon)."""
    out: dict[tuple[int, str], int] = {}
    for line in text.splitlines()[1:]:
        stamp, _, region, quantity = line.split(",")[:4]
        day = (dt.date.fromisoformat(stamp[:10]) - START).days
        second = day * DAY + (
            int(stamp[11:13]) * 3600 + int(stamp[14:16]) * 60 + int(stamp[17:19]) if " " in stamp else 0
        )
        if day >= 0 and second < horizon_s and int(quantity) > 0:
            out[(day, region)] = out.get((day, region), 0) + int(quantity)
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=replay_worlds())
def test_replayed_worlds_conserve_units_and_replay_exactly(case: tuple[dict[str, Any], str, Any]) -> None:
    world, text, fmt = case
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "history.csv"
        csv.write_text(text)
        world["demand_history"]["path"] = str(csv)
        network = build_network(Scenario.model_validate(world))
        horizon_s = network.horizon_s
        recorded = _recorded(text, horizon_s)
        for policy in ("free", "stock", "hyb", "auto"):
            plan = make_plan(network, policy)
            out = simulate(network, plan, world["seed"], 0, events=True)  # raises if units leak
            assert all(slot.on_hand >= 0 for slot in out.slots)
            assert out.log is not None
            log = out.log.to_frame(network)
            orders = log[(log.event == "order") & (log.sku == "S0")]
            placed: dict[tuple[int, str], int] = {}
            for t, region, units in zip(orders.t, orders.region, orders.units, strict=True):
                placed[(int(t) // DAY, region)] = placed.get((int(t) // DAY, region), 0) + int(units)
            whole_days = horizon_s // DAY
            if fmt[0] == "order_lines" or horizon_s % DAY == 0:
                assert placed == recorded
            else:  # a daily file's last, partial day: lines drawn after the horizon are not placed
                assert {k: v for k, v in placed.items() if k[0] < whole_days} == {
                    k: v for k, v in recorded.items() if k[0] < whole_days
                }
                assert all(placed.get(k, 0) <= v for k, v in recorded.items())
            if "bootstrap" in world["demand_history"]:  # a resampled replication is conserved and repeatable
                first = simulate(network, plan, world["seed"], 1)
                again = simulate(network, plan, world["seed"], 1)
                assert first.tally.units_demanded == again.tally.units_demanded
