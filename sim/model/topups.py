"""Predictive placement in the model: observe each region's demand, top up forward nodes daily.

A plug-in (sim.model.hooks), installed by the model only for a plan with a placement
(sim.plan.placement), so other runs pay nothing. Customer orders are counted by region on their way
to order management (a `place` wrapper, composed once at build time), once, before routing. At the start of each day (REVIEW phase, after that instant's
receipts and demand) every forward (node, SKU) forecaster learns the day before's units of its
regions; every `review_days` each forward slot is topped up to its order-up-to level by a transfer
from the central node, after any rebalancing. Nothing is ordered at or after the horizon.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from sim.base.timebase import DAY
from sim.model.kernel import REVIEW, wake_at
from sim.plan.placement import PlacementPlan, order_up_to, rebalance_moves

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sim.model.entities import PlaceFn
    from sim.model.hooks import Hooks
    from sim.model.stock import Slot, StockNode
    from sim.network.build import Network


class PlacementDesk:
    """Forecasts and top-ups of every forward slot of one run."""

    def __init__(
        self, env: simpy.Environment, network: Network, plan: PlacementPlan, stock_nodes: Mapping[int, StockNode]
    ) -> None:
        self.env = env
        self.network = network
        self.plan = plan
        self.central = stock_nodes[plan.central]
        self.forward = [stock_nodes[f.node] for f in plan.forward]
        n_skus = len(network.skus)
        self.counts = [[0] * n_skus for _ in plan.forward]
        self.region_to_forward = [-1] * len(network.regions)
        for i, f in enumerate(plan.forward):
            for r in f.regions:
                self.region_to_forward[r] = i
        self.skus = sorted(self.central.slots)  # the stocked SKUs (every node of a stocked policy has them all)
        self.forecasters = [
            {s: plan.forecaster(f.prior_mean[s], f.prior_sd[s]) for s in self.skus} for f in plan.forward
        ]
        self.targets_log: list[tuple[int, int, int, int]] = []  # (t, forward index, sku, target), for tests

    def wrap(self, place: PlaceFn) -> PlaceFn:
        """`place` with each order counted for its region's forward node."""
        counts, region_to_forward = self.counts, self.region_to_forward

        def counted_place(t: int, region: int, sku: int, units: int, key: int) -> None:
            i = region_to_forward[region]
            if i >= 0:
                counts[i][sku] += units
            place(t, region, sku, units, key)

        return counted_place

    def run(self) -> Generator[simpy.Event, None, None]:
        review_days = self.plan.review_s // DAY
        day = 1
        while day * DAY < self.network.horizon_s:
            t = day * DAY
            yield wake_at(self.env, t, REVIEW)
            for i, forecasters in enumerate(self.forecasters):
                row = self.counts[i]
                for s, fc in forecasters.items():
                    fc.update(day - 1, row[s])
                    row[s] = 0
            if day % review_days == 0:
                self.top_up(t)
            day += 1

    def target(self, i: int, s: int) -> int:
        fc = self.forecasters[i][s]
        return order_up_to(fc.level, fc.error_sd, self.plan.forward[i].protection_days, self.plan.z)

    def top_up(self, t: int) -> None:
        plan = self.plan
        for s in self.skus:
            slots: list[Slot] = [node.slots[s] for node in self.forward]
            targets = [self.target(i, s) for i in range(len(slots))]
            for i, target in enumerate(targets):
                self.targets_log.append((t, i, s, target))
            if plan.rebalance:
                central = self.central.slots[s]
                need = sum(max(0, tg - sl.position) for tg, sl in zip(targets, slots, strict=True))
                if central.on_hand - central.waiting_units < need:
                    positions = [sl.position for sl in slots]
                    on_hand = [sl.on_hand if not sl.waiting else 0 for sl in slots]
                    for donor, to, units in rebalance_moves(positions, targets, on_hand, plan.rebalance_above):
                        receiver = slots[to]
                        receiver.on_order += units
                        receiver.node.units_committed += units
                        index = receiver.node.info.index
                        receiver.node.tally.record_purchase_order(
                            t, receiver.node.info.transfer_order_cost, index, receiver.sku.index, units
                        )
                        receiver.node.tally.pipeline_change(t, index, units, 0)  # in transit once sent
                        slots[donor]._send(t, units, receiver)
            for i, slot in enumerate(slots):
                gap = targets[i] - slot.position
                if gap > 0:
                    slot.node.replenish(t, slot, gap)


def install_placement(hooks: Hooks, plan: PlacementPlan) -> PlacementDesk:
    """The placement desk of `plan`: it counts every customer order (a `place` wrapper) and runs daily."""
    desk = PlacementDesk(hooks.env, hooks.network, plan, hooks.stock_nodes)
    hooks.wrap_place(desk.wrap)
    hooks.process(desk.run())
    return desk
