"""Same-time events run receipts → demand → fulfilment → reviews → pickups; the horizon is exclusive."""

from __future__ import annotations

import itertools

import pytest
import simpy

from sim.base.timebase import DAY, HOUR
from sim.model.kernel import DEMAND, FULFIL, PICKUP, RECEIPT, REVIEW, call_at

from ..conftest import tiny
from ..helpers import events, model, script, silent

PHASES = {"receipt": RECEIPT, "demand": DEMAND, "fulfil": FULFIL, "review": REVIEW, "pickup": PICKUP}


@pytest.mark.parametrize("insertion", list(itertools.permutations(PHASES))[::7])
def test_same_time_events_run_in_domain_order_whatever_the_insertion_order(insertion: tuple[str, ...]) -> None:
    env = simpy.Environment()
    ran: list[str] = []
    for name in insertion:
        call_at(env, 100, PHASES[name], ran.append, name)
    env.run()
    assert ran == ["receipt", "demand", "fulfil", "review", "pickup"]


def test_an_event_exactly_at_the_horizon_does_not_run() -> None:
    env = simpy.Environment()
    ran: list[int] = []
    for t in (99, 100):
        call_at(env, t, RECEIPT, ran.append, t)
    env.run(until=100)
    assert ran == [99]


def test_a_receipt_at_the_instant_of_an_order_serves_it() -> None:
    data = silent(tiny(service={"unmet_demand": "lost"}))
    data["policies"] = [{"name": "stock", "kind": "stocked", "reorder": {"kind": "sS", "s": 0, "S": 1}}]
    m = model(data, "stock")
    slot = m.stock_nodes[0].slots[0]
    slot.take(0, slot.on_hand)  # empty the shelf at time zero
    t = 2 * DAY + 5 * HOUR
    script(m, [(t, "north", "A", 1)])  # the order is scheduled first…
    call_at(m.env, t, RECEIPT, slot.receive, t, 1)  # …the receipt second, at the same second
    slot.on_order += 1
    m.run()
    kinds = [(e["event"], e["t"]) for e in events(m) if e["t"] == t]
    assert kinds[:3] == [("receipt", t), ("order", t), ("allocate", t)]
    assert m.tally.units_lost == 0


def test_demand_stops_before_the_horizon() -> None:
    m = model(tiny(horizon_days=3.5), "free")
    m.run()
    orders = [e for e in events(m) if e["event"] == "order"]
    assert orders, "the tiny scenario places orders"
    assert max(e["t"] for e in orders) < 3.5 * DAY
    assert m.tally.all_units_demanded == sum(e["units"] for e in orders)
