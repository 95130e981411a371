"""Scheduling helpers on top of SimPy: integer times and a fixed order for same-time events.

SimPy orders events at equal times by (priority, insertion order). We use the priority for the
domain order that DESIGN.md §4 fixes, so that at any one instant

    receipts → customer demand → fulfilment → reviews → carrier pickups

whatever order they were scheduled in. SimPy's own events (process start, `succeed()`) use
priorities 0 and 1, which run before all of ours at the same instant; our processes never rely on them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import simpy
from simpy.events import EventPriority

SNAPSHOT = EventPriority(5)  # observation only (daily inventory), before anything changes at that instant
RECEIPT = EventPriority(10)
DEMAND = EventPriority(20)
FULFIL = EventPriority(30)
REVIEW = EventPriority(40)
PICKUP = EventPriority(50)


def wake_at(env: simpy.Environment, t: int, phase: EventPriority) -> simpy.Event:
    """An event that fires at absolute time `t` (≥ now) in `phase`; yield it from a process."""
    event = simpy.Event(env)
    event._ok = True
    event._value = None
    env.schedule(event, phase, t - env.now)
    return event


def call_at(env: simpy.Environment, t: int, phase: EventPriority, fn: Callable[..., Any], *args: Any) -> None:
    """Run `fn(*args)` at absolute time `t` in `phase`: a scheduled event, not a process."""
    event = simpy.Event(env)
    event._ok = True
    event._value = None
    event.callbacks.append(lambda _event: fn(*args))
    env.schedule(event, phase, t - env.now)


def jump_to(env: simpy.Environment, t: int, phase: EventPriority) -> bool:
    """Move the clock straight to `t` if nothing is scheduled before (`t`, `phase`); say whether it did.

    A process that would only wake at `t` to carry on (the customer demand process between orders)
    calls this first and yields `wake_at(env, t, phase)` only when it returns False. When the next
    scheduled event comes after (`t`, `phase`), waking through the kernel would run nothing else in
    between, so the jump changes no result, only the cost: one heap push and pop and a generator
    resumption per order. Relies on SimPy's `Environment._now` and `_queue` (heap entries are
    `(time, priority, id, event)`); simpy is pinned to 4.1.x for that, and tests/test_event_order.py
    checks that runs with and without jumps are identical.
    """
    queue = env._queue
    if queue:
        head = queue[0]
        if head[0] < t or (head[0] == t and head[1] <= phase):
            return False
    env._now = t
    return True
