"""Property: whatever the return terms, disruptions and policy, a run conserves units (checked
inside every run) and returns balance: sent back = restocked + written off ≤ shipped."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.config.models import Scenario
from sim.model.model import simulate
from sim.network.build import build_network
from sim.plan.build import make_plan

from ..conftest import TINY


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rate=st.floats(0, 1),
    write_off=st.floats(0, 1),
    disposition=st.sampled_from(["restock", "write_off"]),
    policy=st.sampled_from(["free", "stock"]),
    backorder=st.booleans(),
    closure=st.one_of(st.none(), st.tuples(st.floats(0, 15), st.floats(0.01, 4))),
    seed=st.integers(0, 2**16),
)
def test_returns_and_disruptions_keep_conservation(
    rate: float,
    write_off: float,
    disposition: str,
    policy: str,
    backorder: bool,
    closure: tuple[float, float] | None,
    seed: int,
) -> None:
    data = copy.deepcopy(TINY)
    data["horizon_days"] = 25
    data["returns"] = {
        "rate": rate,
        "delay_days": {"kind": "uniform", "low": 0, "high": 6},
        "write_off_rate": write_off,
        "disposition": disposition,
    }
    if backorder:
        data["service"] = {"unmet_demand": "backorder"}
    if closure is not None:
        start, length = closure
        data["disruptions"] = {
            "node_closures": [{"node": "wh", "windows": [{"start": start, "end": start + length}]}],
            "supplier_outages": [{"supplier": "sup", "windows": [{"start": start, "end": start + 2 * length}]}],
        }
    network = build_network(Scenario.model_validate(data))
    out = simulate(network, make_plan(network, policy), seed, 0)  # raises ConservationError if broken
    t = out.tally
    assert t.all_units_return_started == t.all_units_returned <= t.all_units_shipped
    assert t.units_restocked + t.units_written_off == t.units_returned
    if disposition == "write_off" or policy == "free":
        assert t.units_restocked == 0
    assert network.warmup_s == 0  # every order is counted, so the shelves took back what the tally restocked
    assert sum(slot.returned for slot in out.slots) == t.units_restocked
