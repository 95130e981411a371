"""A user extension: inbound trucks queue for the warehouse's dock doors, a SimPy `Resource`.

Named in the scenario as `extensions: ["examples.dock_doors.dock_doors:install"]` and imported only
with the trust switch (`--allow-code` or SUPPLYSIM_ALLOW_CODE=1, docs/TRUST.md). `install` receives
the run's hooks (sim.model.hooks, docs/EXTENDING_THE_MODEL.md) and adds:

* `doors` — a `simpy.Resource` with `DOORS` servers;
* a truck process per truck: it requests a door, unloads for an exponential time of mean
  `UNLOAD_MINUTES`, releases the door and records the job in `hooks.queue_stats(...)`, so the run
  reports `warehouse/dock_doors` with the built-in queue KPIs (breakdown scope `resource`);
* an arrivals process that runs forever (`while True`, Poisson, `TRUCKS_PER_DAY`): the model's
  drain stops once its own work is done and never waits for it (sim.model.model).

With 30 trucks a day and 45 minutes a truck, the doors are an M/M/2 queue with a = 0.9375 Erlangs:
the share of trucks that wait is Erlang C(2, 0.9375) ≈ 0.30 (checked in tests/model/test_extensions.py).
Random numbers come from the run's own stream ("extension", "dock_doors"), so runs are reproducible.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import simpy

from sim.base.timebase import DAY, MINUTE

DOORS = 2
TRUCKS_PER_DAY = 30
UNLOAD_MINUTES = 45


def install(hooks: Any) -> None:
    """Add the dock doors and the trucks to the run (see the module docstring)."""
    env: simpy.Environment = hooks.env
    network = hooks.network
    doors = simpy.Resource(env, capacity=DOORS)
    stats = hooks.queue_stats("warehouse/dock_doors", "trucks")
    stats.capacity_s = DOORS * (network.horizon_s - network.warmup_s)
    rng = hooks.streams.get("extension", "dock_doors")

    def truck(arrive: int) -> Generator[simpy.Event, Any, None]:
        with doors.request() as request:
            yield request
            start = int(env.now)
            unload = round(rng.exponential(UNLOAD_MINUTES) * MINUTE)
            yield env.timeout(unload)
        stats.job(arrive, start, int(env.now), unload)

    def arrivals() -> Generator[simpy.Event, Any, None]:
        while True:  # forever: the drain does not wait for it
            yield env.timeout(round(rng.exponential(DAY / TRUCKS_PER_DAY)))
            env.process(truck(int(env.now)))

    env.process(arrivals())
