"""One run: a SimPy environment for one policy and one replication, from start to the drained end.

The run has two phases:

1. **Demand window** `[0, horizon)`: customers order, reviews place replenishment orders, goods
   arrive, pickups leave. An event scheduled exactly at the horizon does not run in this phase.
2. **Drain**: no new customer orders and no new replenishment orders, but everything already
   under way finishes — pick/pack, pickups, transit, and receipts of goods already ordered, which
   still serve waiting backorders. Delivery KPIs therefore cover every order placed in the window
   (no censoring at the horizon); time-weighted KPIs stop at the horizon.
   The drain is bounded: it ends when no event is left, or at the first midnight at which the
   model's own work is done (`idle`: no parcel at a dock, no order at a shift station, no goods on
   order, no return on its way) even if a process of its own — a user extension's `while True`
   loop — still has events, and at the latest `DRAIN_LIMIT_DAYS` after the horizon. So a process
   that runs forever never hangs `Model.run()`.

At the end, `check_conservation` verifies that every unit demanded was shipped, lost or is still
backordered, and that every slot's stock balances; a failure raises `ConservationError`.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

import simpy

from sim.base.streams import Streams
from sim.base.timebase import DAY
from sim.model.assembly import build_nodes, build_slots
from sim.model.baskets import BasketDesk, install_baskets, wants_baskets
from sim.model.capacity import CapacityDesk, install_capacity
from sim.model.closures import install_disruptions, install_warm_start
from sim.model.demand import customer_demand
from sim.model.entities import PlaceFn
from sim.model.extensions import install_extensions
from sim.model.hooks import Hooks
from sim.model.kernel import REVIEW, SNAPSHOT, wake_at
from sim.model.monitor import install_monitor
from sim.model.one_time_buy import install_one_time_buy
from sim.model.orders import OrderManagement
from sim.model.partner_stock import install_partner_stock
from sim.model.pipeline import install_pipeline
from sim.model.returns import ReturnsDesk, install_returns
from sim.model.stock import Slot
from sim.model.topups import PlacementDesk, install_placement
from sim.network.build import Network
from sim.network.conversion import Conversion
from sim.plan.build import Plan
from sim.record.alerts import AlertRow, AlertWatch
from sim.record.counters import Tally
from sim.record.eventlog import EventLog
from sim.record.node_stats import NodeStats
from sim.record.queue_stats import QueueStats

DRAIN_LIMIT_DAYS = 3650
"""The drain ends at the latest this many days after the horizon (see the module docstring)."""

TRACKED_SKUS = 5
"""Daily inventory is recorded per node and for this many top SKUs (by expected revenue)."""


class ConservationError(RuntimeError):
    """Units appeared or vanished: a bug in the model, never a user error."""


@dataclass
class RunOutput:
    """What one run leaves behind for the metrics."""

    tally: Tally
    log: EventLog | None
    slots: list[Slot]
    end_s: int  # when the drain finished
    inventory_daily: list[tuple[int, int, str, int]] | None = None  # (day, node, sku id or "*", on hand)
    on_hand_daily: list[int] | None = None  # units on hand at the start of each day, all stocked slots
    node_stats: dict[int, NodeStats] | None = None  # monitor: by node index (KPIs: sim.metrics.breakdown)
    alerts: list[AlertRow] | None = None  # monitor: (day, node, sku, alert, value, threshold)
    resources: list[QueueStats] | None = None  # queueing resources (sim.metrics.capacity), None when there are none

    @property
    def units_backordered_end(self) -> int:
        """Units of counted orders still waiting for stock at the end of the run."""
        return sum(
            units for slot in self.slots for kind, units, who in slot.waiting if kind == "customer" and who.counted
        )


class Model:
    """The SimPy model of one policy on one network, for one replication.

    Built in steps: the nodes, their slots, order management, then the optional features as
    plug-ins through one `Hooks` (sim.model.hooks, docs/EXTENDING_THE_MODEL.md), then the processes."""

    def __init__(
        self,
        network: Network,
        plan: Plan,
        seed: int,
        replication: int,
        *,
        events: bool = False,
        track_inventory: bool = False,
        daily: bool = False,
        events_sink: Path | None = None,
        monitor: bool = False,
    ) -> None:
        self.network = network
        self.plan = plan
        self.env = simpy.Environment()
        self.streams = Streams(seed, replication)
        self.tally = Tally(network.warmup_s, network.horizon_s, network.holding_rate_per_year / (365 * DAY))
        costs = network.scenario.costs  # the backorder cost (default 0: no cost line)
        self.tally.backorder_cost_per_unit = costs.backorder_cost_per_unit
        self.tally.backorder_cost_per_unit_s = costs.backorder_cost_per_unit_day / DAY
        self.log = EventLog(events_sink, network) if events or events_sink is not None else None
        self.stock_nodes, self.virtual_nodes = build_nodes(self.env, network, plan, self.streams, self.tally, self.log)
        self.slots = build_slots(network, plan, self.stock_nodes, self.tally)
        conversion = network.scenario.conversion
        self.returns: ReturnsDesk | None = None
        self.monitor: tuple[dict[int, NodeStats], AlertWatch] | None = None
        self.placement: PlacementDesk | None = None
        self.baskets: BasketDesk | None = None
        self.capacity: CapacityDesk | None = None
        self.orders = OrderManagement(
            network,
            plan,
            self.stock_nodes,
            self.virtual_nodes,
            self.tally,
            self.log,
            Conversion(conversion.tolerance_days) if conversion is not None else None,
        )
        hooks = Hooks(
            self.env,
            network,
            plan,
            self.streams,
            self.tally,
            self.log,
            self.stock_nodes,
            self.virtual_nodes,
            self.slots,
            self.orders.new_id,
        )
        self._install(hooks, monitor)
        # what the demand process calls per customer order: order management inside any plug-in's wrapper
        self.place: PlaceFn = hooks.compose_place(self.orders.place)
        self.inventory_daily: list[tuple[int, int, str, int]] | None = [] if track_inventory and self.slots else None
        self.on_hand_daily: list[int] | None = [] if daily else None
        self._start_processes()

    def _install(self, hooks: Hooks, monitor: bool) -> None:
        """The plug-ins (docs/NETWORK.md), in this order (it fixes same-time order): each a no-op, or
        not installed, when the scenario does not ask for it (the pipeline recorder is always on).
        The model keeps what they return. Capacity (sim.model.capacity) and the scenario's extensions
        come last."""
        install_disruptions(hooks)
        install_partner_stock(hooks)
        install_warm_start(hooks)
        self.returns = install_returns(hooks) if self.network.returns is not None else None
        self.monitor = install_monitor(hooks) if monitor else None
        # predictive placement: count each region's orders, then route
        self.placement = install_placement(hooks, self.plan.placement) if self.plan.placement is not None else None
        install_pipeline(hooks, per_node_on_hand=monitor)  # pipeline, WIP, end of day: observes only
        self.baskets = install_baskets(hooks, self.orders) if wants_baskets(self.network) else None
        install_one_time_buy(hooks)  # dated buys and the salvage at the horizon; nothing without such a slot
        self.capacity = install_capacity(hooks, monitor)
        self.hooks = hooks
        if self.network.scenario.extensions:  # user code, last (sim.model.extensions)
            install_extensions(hooks, self.network.scenario.extensions)

    def _start_processes(self) -> None:
        """Demand, reviews and the optional daily recorders, in this order (it fixes same-time order)."""
        env, plan = self.env, self.plan
        env.process(customer_demand(env, self.network, self.streams, self.place))
        if plan.review_period_s is not None:
            env.process(self._periodic_review(plan.review_period_s))
        observing = [slot for slot in self.slots if getattr(slot.rule, "observes", False)]
        if observing:
            env.process(self._observe_demand(observing))
        if self.inventory_daily is not None:
            env.process(self._track_inventory(self.inventory_daily))
        if self.on_hand_daily is not None:
            env.process(self._track_on_hand(self.on_hand_daily))

    def _periodic_review(self, period_s: int) -> Generator[simpy.Event, None, None]:
        nodes = [self.stock_nodes[n] for n in sorted(self.stock_nodes)]
        t = 0
        while t < self.network.horizon_s:
            yield wake_at(self.env, t, REVIEW)
            for node in nodes:
                node.review_all(t)
            t += period_s

    def _observe_demand(self, slots: list[Slot]) -> Generator[simpy.Event, None, None]:
        """At the start of each day, hand every learning rule (`observes`) the units demanded at its
        slot the day before; under continuous review, review those slots once they are resized.

        One event a day, and only when such a rule exists; the order phases keep it before the
        day's receipts and demand (SNAPSHOT), and its reviews with the others (REVIEW)."""
        seen = [0] * len(slots)
        continuous = [slot for slot in slots if slot.continuous]
        day = 1
        while day * DAY < self.network.horizon_s:
            t = day * DAY
            yield wake_at(self.env, t, SNAPSHOT)
            for i, slot in enumerate(slots):
                units = slot.demanded - seen[i]
                seen[i] = slot.demanded
                slot.rule.observe(day - 1, units)  # type: ignore[attr-defined]
            if continuous:
                yield wake_at(self.env, t, REVIEW)
                for slot in continuous:
                    slot.review(t)
            day += 1

    def _track_inventory(self, rows: list[tuple[int, int, str, int]]) -> Generator[simpy.Event, None, None]:
        """On hand at the start of every day: per node, and per (node, SKU) for the top SKUs by revenue."""
        top = sorted(self.network.skus, key=lambda s: -s.price * s.daily_units_mean)[:TRACKED_SKUS]
        tracked = {s.index for s in top}
        nodes = [self.stock_nodes[n] for n in sorted(self.stock_nodes)]
        day = 0
        while day * DAY < self.network.horizon_s:
            yield wake_at(self.env, day * DAY, SNAPSHOT)
            for node in nodes:
                rows.append((day, node.info.index, "*", sum(s.on_hand for s in node.slots.values())))
                for sku in sorted(tracked & node.slots.keys()):
                    rows.append((day, node.info.index, self.network.skus[sku].id, node.slots[sku].on_hand))
            day += 1

    def _track_on_hand(self, levels: list[int]) -> Generator[simpy.Event, None, None]:
        """Total units on hand at the start of every day (one event a day: cheap)."""
        day = 0
        while day * DAY < self.network.horizon_s:
            yield wake_at(self.env, day * DAY, SNAPSHOT)
            levels.append(self.tally.on_hand_units)
            day += 1

    def run(self) -> RunOutput:
        horizon = self.network.horizon_s
        self.env.run(until=horizon)
        self.tally.backorders_change(horizon, 0)
        for node in self.stock_nodes.values():
            node.accepting = False
        self._drain(horizon + DRAIN_LIMIT_DAYS * DAY)
        capacity = self.capacity
        assert capacity is not None
        capacity.close()
        for n in sorted(self.stock_nodes):
            self.stock_nodes[n].book_sales()
        for n in sorted(self.virtual_nodes):
            self.virtual_nodes[n].book_sales(self.network.skus)
        self.tally.close()
        if self.log is not None:
            self.log.close()
        output = RunOutput(
            self.tally, self.log, self.slots, int(self.env.now), self.inventory_daily, self.on_hand_daily
        )
        if self.monitor is not None:
            output.node_stats, watch = self.monitor
            output.alerts = watch.rows
        resources = capacity.resources + self.hooks.resources
        output.resources = resources or None
        check_conservation(self, output)
        return output

    def _drain(self, limit: int) -> None:
        """Run the drain (module docstring): until no event is left, the model is idle at a
        midnight, or `limit`."""
        env = self.env
        queue = env._queue  # heap of (time, priority, id, event); simpy is pinned (sim.model.kernel)
        check = (int(env.now) // DAY + 1) * DAY
        while queue:
            t = queue[0][0]
            if t > limit:
                break
            if t >= check:
                if self.idle():
                    break
                check = (int(t) // DAY + 1) * DAY
            env.step()

    def idle(self) -> bool:
        """Whether the model's own work is done: nothing at a dock or shift station, nothing on order,
        no return on its way. Only what a user process does may still be scheduled then."""
        for node in self.stock_nodes.values():
            if node.outbound is not None and node.outbound.units_waiting:
                return False
        for vnode in self.virtual_nodes.values():
            if vnode.outbound.units_waiting:
                return False
        if any(slot.on_order for slot in self.slots):
            return False
        if self.returns is not None and self.returns.pending_units:
            return False
        return not (self.capacity is not None and self.capacity.busy)


def check_conservation(model: Model, output: RunOutput) -> None:
    """Every unit demanded is shipped, lost, still backordered, in process or walked away at
    checkout; every slot's stock balances."""
    tally = output.tally
    waiting_customer = sum(units for slot in output.slots for kind, units, _ in slot.waiting if kind == "customer")
    in_process = sum(node.outbound.units_waiting for node in model.stock_nodes.values() if node.outbound)
    in_process += sum(node.outbound.units_waiting for node in model.virtual_nodes.values())
    walked = tally.all_units_walked_away
    accounted = tally.all_units_shipped + tally.all_units_lost + waiting_customer + in_process + walked
    problems = []
    if accounted != tally.all_units_demanded:
        problems.append(
            f"demand: {tally.all_units_demanded} units demanded but {tally.all_units_shipped} shipped + "
            f"{tally.all_units_lost} lost + {waiting_customer} backordered + {in_process} in process + "
            f"{walked} walked away = {accounted}"
        )
    if tally.all_units_committed != tally.all_units_shipped + in_process:
        problems.append(
            f"shipments: {tally.all_units_committed} units committed but {tally.all_units_shipped} "
            f"shipped + {in_process} in process"
        )
    # returns: every unit that left for a customer and came back is restocked or written off
    pending = model.returns.pending_units if model.returns is not None else 0
    if tally.all_units_return_started != tally.all_units_returned + pending:
        problems.append(
            f"returns: {tally.all_units_return_started} units sent back but {tally.all_units_returned} "
            f"arrived + {pending} on the way"
        )
    if tally.all_units_return_started > tally.all_units_shipped:
        problems.append(
            f"returns: {tally.all_units_return_started} units returned of {tally.all_units_shipped} shipped"
        )
    for slot in output.slots:
        if slot.on_hand < 0:
            problems.append(f"{slot.node.info.name}/{slot.sku.id}: negative on hand {slot.on_hand}")
        if slot.initial + slot.received + slot.returned != slot.issued + slot.on_hand:
            problems.append(
                f"{slot.node.info.name}/{slot.sku.id}: initial {slot.initial} + received "
                f"{slot.received} + returned {slot.returned} != issued {slot.issued} + on hand {slot.on_hand}"
            )
    if model.baskets is not None:
        problems += model.baskets.conservation_problems()  # lines and parcels (sim.model.baskets)
    if problems:
        raise ConservationError("unit conservation failed:\n  " + "\n  ".join(problems))


def simulate(
    network: Network,
    plan: Plan,
    seed: int,
    replication: int,
    *,
    events: bool = False,
    track_inventory: bool = False,
    daily: bool = False,
    events_sink: Path | None = None,
    monitor: bool = False,
) -> RunOutput:
    """Run one replication of `plan` on `network` and return its counters (and log, when asked).

    `daily` also records the total units on hand at the start of every day (for warm-up analysis);
    `events_sink` streams the event log to that Parquet file as the run goes (sim.record.eventlog);
    `monitor` also collects per-node statistics and the alerts log (sim.record.node_stats, sim.record.alerts).
    """
    model = Model(
        network,
        plan,
        seed,
        replication,
        events=events,
        track_inventory=track_inventory,
        daily=daily,
        events_sink=events_sink,
        monitor=monitor,
    )
    return model.run()
