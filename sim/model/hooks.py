"""The hook interface: how an optional feature plugs into one run's model (docs/EXTENDING_THE_MODEL.md).

The model (sim.model.model) builds the nodes and slots, then hands every feature the same
`Hooks`: what a plug-in receives and the only ways it plugs in. A plug-in is a module with an
`install_…(hooks, …)` function; it never imports `Model` and never assigns a `Model` field.

What a plug-in receives (read-only references; the objects they point to are the run's own):

* `env`, `network`, `plan`, `streams`, `tally`, `log` — the run's SimPy environment, the network,
  the policy's plan, its random streams, counters and the event log (None when off);
* `stock_nodes`, `virtual_nodes` (by node index) and `slots` (every stocked (node, SKU), in plan
  order) — the built node objects. A plug-in may set the per-node fields documented for it
  (`closed`, `outage`, `stats`) and change stock through the slots' own methods;
* `new_order_id()` — the next customer order id (orders created outside the demand process,
  e.g. the warm start's backorders, take their ids here).

How it plugs in, all at build time, so a feature that is off costs nothing during the run:

* `process(generator)` — start a SimPy process (daily checks, reviews);
* `on_pickup(hook, outbound=None)` — call `hook(outbound, t, parcels, transits)` once per carrier
  pickup of `outbound` (None: of every outbound), after the parcels have left;
* `queue_stats(name, unit)` — a `QueueStats` (sim.record.queue_stats) for a resource of the
  plug-in's own (a dock door, a labour pool): call its `job(arrive, start, end, busy_s)` per job and
  the run reports it with the built-in resources' queue KPIs (scope `resource` in the breakdown);
* `wrap_place(wrapper)` — `wrapper(place) -> place`: see every customer order before routing.
  The model composes the wrappers once, in install order, into the callable it hands to the demand
  process (`compose_place`), so with no wrapper the demand process calls order management directly.

Plug-ins are installed in a fixed order (the model's `_install`): disruptions, warm start,
returns, monitor, placement, pipeline, baskets, one-time buys, capacity, then the scenario's extensions.
The order fixes which hook and process runs first at equal times,
so it is part of the model's behaviour.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sim.record.queue_stats import QueueStats

if TYPE_CHECKING:
    import simpy

    from sim.base.streams import Streams
    from sim.model.entities import PickupHook, PlaceFn
    from sim.model.outbound import Outbound, StoreCounter
    from sim.model.stock import Slot, StockNode
    from sim.model.virtual import VirtualNode
    from sim.network.build import Network
    from sim.plan.build import Plan
    from sim.record.counters import Tally
    from sim.record.eventlog import EventLog


@dataclass(frozen=True, eq=False)
class Hooks:
    """What a plug-in receives and how it plugs in (see the module docstring)."""

    env: simpy.Environment
    network: Network
    plan: Plan
    streams: Streams
    tally: Tally
    log: EventLog | None
    stock_nodes: Mapping[int, StockNode]
    virtual_nodes: Mapping[int, VirtualNode]
    slots: Sequence[Slot]
    new_order_id: Callable[[], int]
    _place_wrappers: list[Callable[[PlaceFn], PlaceFn]] = field(default_factory=list)
    resources: list[QueueStats] = field(default_factory=list)

    def outbounds(self) -> list[Outbound | StoreCounter]:
        """Every outbound of the run: stock nodes' (by index), then virtual nodes' (by index)."""
        nodes: list[StockNode | VirtualNode] = [*self.stock_nodes.values(), *self.virtual_nodes.values()]
        return [n.outbound for n in nodes if n.outbound is not None]

    def process(self, generator: Generator[simpy.Event, Any, Any]) -> None:
        """Start a SimPy process."""
        self.env.process(generator)

    def on_pickup(self, hook: PickupHook, outbound: Outbound | StoreCounter | None = None) -> None:
        """Call `hook` once per pickup of `outbound`, or of every outbound when None."""
        for out in self.outbounds() if outbound is None else [outbound]:
            out.after_pickup.append(hook)

    def queue_stats(self, name: str, unit: str = "jobs") -> QueueStats:
        """Statistics of a resource of the caller's own, reported with the run's queue KPIs."""
        stats = QueueStats(name, unit, self.network.warmup_s, self.network.horizon_s)
        self.resources.append(stats)
        return stats

    def wrap_place(self, wrapper: Callable[[PlaceFn], PlaceFn]) -> None:
        """Have every customer order pass through `wrapper(place)` before routing."""
        self._place_wrappers.append(wrapper)

    def compose_place(self, place: PlaceFn) -> PlaceFn:
        """`place` inside every registered wrapper (the first installed is innermost): the callable
        the demand process calls per order. Called once by the model, after every install."""
        for wrapper in self._place_wrappers:
            place = wrapper(place)
        return place
