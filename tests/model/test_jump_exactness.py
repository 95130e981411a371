"""The clock-jump shortcut (sim.model.kernel.jump_to) is exact on every shipped scenario, every
policy: the same run with every jump refused gives the same event log and the same KPIs. Capacity
processes (shift workers, capped pickups) put events in the queue the jump must respect, so
peak_season — shifts, a pickup cap, supplier and partner caps — is one of the scenarios."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sim import load_scenario
from sim.metrics.kpis import kpis
from sim.model import demand as demand_module
from sim.model.model import Model
from sim.network.build import build_network
from sim.plan.build import make_plan

from ..conftest import SHIPPED

COLUMNS = ("t", "event", "order_id", "node", "sku", "region", "units", "amount", "t2", "source")
DAYS = 45  # long enough for reorders, pickups, carried-over parcels and shifts; short enough to be quick


def _runs(path: Path) -> list[tuple[str, Model]]:
    scenario = load_scenario(path)
    horizon = min(scenario.horizon_days, DAYS)
    update: dict[str, object] = {"horizon_days": horizon, "warmup_days": min(scenario.warmup_days, horizon / 2)}
    if scenario.promotions:  # start the short run 10 days before the first window, keep the windows that fit
        start = min(p.start for p in scenario.promotions) - dt.timedelta(days=10)
        last = start + dt.timedelta(days=int(horizon) - 1)
        update["start_date"] = start
        update["promotions"] = [p for p in scenario.promotions if p.end <= last]
        assert update["promotions"], "no promotion fits the short run: lengthen DAYS"
    scenario = scenario.model_copy(update=update)
    network = build_network(scenario)
    return [(p.name, Model(network, make_plan(network, p.name), 5, 1, events=True)) for p in scenario.policies]


@pytest.mark.slow
@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_jumping_on_and_off_give_identical_event_logs_and_kpis(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [(name, m.run()) for name, m in _runs(path)]
    monkeypatch.setattr(demand_module, "jump_to", lambda env, t, phase: False)
    slow = [(name, m.run()) for name, m in _runs(path)]
    for (name, a), (_, b) in zip(fast, slow, strict=True):
        assert a.log is not None and b.log is not None
        for column in COLUMNS:
            assert getattr(a.log, column) == getattr(b.log, column), (name, column)
        assert len(a.log) > 100, name
        ka, kb = kpis(a.tally, a.units_backordered_end), kpis(b.tally, b.units_backordered_end)
        assert ka.keys() == kb.keys()
        assert all(ka[k] == kb[k] or (ka[k] != ka[k] and kb[k] != kb[k]) for k in ka), name
        assert a.end_s == b.end_s, name
