"""Properties: every routing strategy, with or without split shipments, carrier lateness and
walk-aways, conserves units, keeps stock non-negative and is deterministic (on the generated
worlds of tests/model/test_properties.py)."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.config.models import Scenario
from sim.metrics.kpis import kpis
from sim.model.model import simulate
from sim.network.build import build_network
from sim.plan.build import make_plan
from sim.routing.strategies import STRATEGIES
from tests.model.test_properties import worlds


@st.composite
def routed_worlds(draw: st.DrawFn) -> dict[str, Any]:
    world = draw(worlds())
    world["routing"] = {
        "strategy": draw(st.sampled_from(sorted(STRATEGIES))),
        "split_shipments": draw(st.booleans()),
        "promise_quantile": draw(st.floats(0.05, 0.95)),
    }
    if draw(st.booleans()):
        world["conversion"] = {"tolerance_days": {"kind": "uniform", "low": 0.5, "high": draw(st.floats(1.0, 10.0))}}
    if draw(st.booleans()):
        for carrier in world["carriers"]:
            for service in carrier["services"]:
                service["on_time_probability"] = draw(st.floats(0.0, 0.99))
                service["late_days"] = {"kind": "uniform", "low": 0.0, "high": 3.0}
                service["holidays"] = ["2025-01-08"]
    return world


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=routed_worlds())
def test_every_strategy_conserves_units_and_is_deterministic(world: dict[str, Any]) -> None:
    network = build_network(Scenario.model_validate(world))
    for policy in ("free", "stock", "hyb"):
        plan = make_plan(network, policy)
        out = simulate(network, plan, world["seed"], 0)  # raises ConservationError if units leak
        assert all(slot.on_hand >= 0 for slot in out.slots)
        t = out.tally
        assert t.units_demanded == t.units_delivered + t.units_lost + out.units_backordered_end + t.units_walked_away
        assert t.units_filled_first <= t.units_demanded
        values = kpis(t, out.units_backordered_end)
        for name, value in values.items():
            if name.startswith("on_time_rate") or name.startswith("fill_rate"):
                assert math.isnan(value) or 0.0 <= value <= 1.0, (name, value)
        again = kpis(*(lambda o: (o.tally, o.units_backordered_end))(simulate(network, plan, world["seed"], 0)))
        assert all(
            a == b or (math.isnan(a) and math.isnan(b)) for a, b in zip(again.values(), values.values(), strict=True)
        )
