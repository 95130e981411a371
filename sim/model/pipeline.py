"""Pipeline, work-in-process and end-of-day recording of one run (sim.record.levels): a plug-in.

Installed by every run (sim.model.model), after the other plug-ins. It adds nothing to the
per-order path:

* a pickup hook on each carrier outbound (a store's counter has no carrier leg and gets none):
  the parcels' units in transit to customers from the pickup to their delivery; at a virtual
  source (dropship, print-on-demand) also the units' work in process, from the order (accepted
  when placed) to the pickup;
* one event a day, at each day's end k·DAY with warmup < k·DAY ≤ horizon, in the SNAPSHOT phase
  (before anything changes at that instant; the one at the horizon runs first in the drain):
  the run's on hand and backorders, and with the per-node breakdown each node's on hand.

Replenishment orders, receipts, transfers and backorders are recorded where they happen
(sim.model.stock, sim.model.topups and the warm start in sim.model.closures).
"""

from __future__ import annotations

from collections.abc import Generator
from operator import attrgetter
from typing import TYPE_CHECKING

import simpy

from sim.base.timebase import DAY
from sim.model.kernel import SNAPSHOT, wake_at
from sim.model.outbound import StoreCounter

if TYPE_CHECKING:
    from sim.model.entities import Parcel
    from sim.model.hooks import Hooks
    from sim.model.outbound import Outbound
    from sim.model.stock import Slot, StockNode
    from sim.model.virtual import VirtualNode
    from sim.record.counters import Tally


class PickupLevels:
    """The pickup hook of one node's outbound: outbound transit, and WIP at a virtual source."""

    __slots__ = ("index", "tally", "virtual")

    def __init__(self, tally: Tally, index: int, virtual: bool) -> None:
        self.tally = tally
        self.index = index
        self.virtual = virtual

    def __call__(self, outbound: Outbound, t: int, batch: list[Parcel], transits: list[int]) -> None:
        self.tally.record_pickup(t, self.index, batch, transits)
        if self.virtual:
            self.tally.record_virtual_pickup(t, self.index, batch)


def install_pipeline(hooks: Hooks, per_node_on_hand: bool) -> None:
    """Per-node figures for every node used, the pickup hooks, and the end-of-day process.

    `per_node_on_hand`: also sample each node's on hand at each day's end (for the breakdown);
    without it the daily event reads two running totals only."""
    tally = hooks.tally
    nodes: list[tuple[int, StockNode | VirtualNode]] = [*hooks.stock_nodes.items(), *hooks.virtual_nodes.items()]
    for index, node in nodes:
        levels = tally.node(index)
        levels.stocked = tuple(sorted(getattr(node, "slots", ())))
        if node.stats is not None:
            node.stats.levels = levels
        out = node.outbound
        if out is not None and not isinstance(out, StoreCounter):
            hooks.on_pickup(PickupLevels(tally, index, index in hooks.virtual_nodes), out)
    by_node: list[tuple[int, list[Slot]]] = []
    if per_node_on_hand:
        by_node = [(index, list(node.slots.values())) for index, node in sorted(hooks.stock_nodes.items())]
    hooks.process(_end_of_day(hooks.env, tally, by_node))


def _end_of_day(
    env: simpy.Environment, tally: Tally, by_node: list[tuple[int, list[Slot]]]
) -> Generator[simpy.Event, None, None]:
    on_hand = attrgetter("on_hand")
    day = tally.warmup_s // DAY + 1
    while day * DAY <= tally.horizon_s:
        yield wake_at(env, day * DAY, SNAPSHOT)
        tally.end_of_day()
        for index, slots in by_node:
            tally.end_of_day_on_hand(index, sum(map(on_hand, slots)))
        day += 1
