"""Per-node pipeline, backorder and work-in-process figures one run records as it goes. No SimPy.

The tally (sim.record.counters) keeps the run's totals; one `NodeLevels` per node keeps the same
figures for the per-node breakdown (sim.metrics.breakdown). Everything here changes only at events
that already happen for other reasons — a replenishment order placed or received, a transfer sent,
a customer line backordered or allocated, a carrier pickup, one sample a day — never per customer
order served from stock.

Time integrals use the tally's rule (a change at `t` adds change × the window's seconds from `t`
on), so they are whole numbers and complete at every moment. End-of-day samples are taken at the
instants k·DAY with warmup < k·DAY ≤ horizon, before anything happens at that instant (the SNAPSHOT
phase): the state at the end of each whole day of the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol


@dataclass(slots=True)
class NodeLevels:
    """One node's pipeline, backorder and WIP figures in one run (window [warmup, horizon))."""

    on_order_area: int = 0  # unit·seconds of replenishment units ordered and not yet received
    inbound_area: int = 0  # unit·seconds of units moving to the node (supplier orders, transfers sent)
    outbound_area: int = 0  # unit·seconds of units picked up by the carrier and not yet delivered
    wip_area: int = 0  # virtual sources: unit·seconds of units accepted and not yet picked up
    backorders_area: int = 0  # unit·seconds of customer units waiting for stock here
    backorders_level: int = 0  # customer units waiting for stock here now
    backordered_units: int = 0  # units of counted orders that went to backorder here
    backorder_wait_s: int = 0  # Σ units × (allocation − order placed), counted orders
    backorder_units_allocated: int = 0
    purchase_orders: int = 0  # replenishment orders placed in the window (suppliers and transfers)
    purchase_order_units: int = 0
    orders_by_sku: dict[int, int] = field(default_factory=dict)  # replenishment orders in the window, by SKU index
    stocked: tuple[int, ...] = ()  # SKU indexes the node stocks (set by sim.model.pipeline)
    eod_days: int = 0  # end-of-day samples taken
    eod_on_hand_sum: int = 0  # Σ on hand at each day's end (only when the per-node breakdown is kept)
    eod_backorders_sum: int = 0


class OrderLike(Protocol):
    """What a pickup's parcels tell of their order (sim.model.entities.Order)."""

    t: int
    counted: bool


class PipelineRecorder:
    """The tally's (sim.record.counters.Tally) methods for these figures: a base class, so that the
    counters module stays readable. Each total is also kept per node (`NodeLevels`)."""

    if not TYPE_CHECKING:  # no instance dict (Tally has slots); mypy checks the attributes declared below
        __slots__ = ()
    warmup_s: int
    horizon_s: int
    nodes: dict[int, NodeLevels]
    on_order_area: int
    inbound_area: int
    outbound_area: int
    wip_area: int
    eod_days: int
    eod_on_hand_sum: int
    eod_backorders_sum: int
    eod_backorder_days: int
    _level_units: int
    _level_backorders: int

    def rest_s(self, t: int) -> int:
        """Seconds of the window [warmup, horizon) from `t` on."""
        if t >= self.horizon_s:
            return 0
        return self.horizon_s - (t if t > self.warmup_s else self.warmup_s)

    def node(self, index: int) -> NodeLevels:
        """The per-node figures of node `index` (created on first use)."""
        levels = self.nodes.get(index)
        if levels is None:
            levels = self.nodes[index] = NodeLevels()
        return levels

    def pipeline_change(self, t: int, node: int, on_order: int, inbound: int) -> None:
        """Replenishment units of `node` on order changed by `on_order`, units moving to it by `inbound`."""
        rest = self.rest_s(t)
        if rest:
            levels = self.node(node)
            self.on_order_area += on_order * rest
            self.inbound_area += inbound * rest
            levels.on_order_area += on_order * rest
            levels.inbound_area += inbound * rest

    def record_pickup(
        self, t: int, node: int, batch: Sequence[tuple[OrderLike, int, float]], transits: list[int]
    ) -> None:
        """A carrier pickup at `node` at `t`: parcels (order, units, kg) and their transit seconds;
        the units are in transit to the customer over [t, t + transit)."""
        low, high = self.warmup_s, self.horizon_s
        if t >= high or not batch:
            return
        # list comprehensions, not generators: one call per pickup, not one resumption per parcel
        if t >= low and t + max(transits) <= high:
            area = sum([units * s for (_, units, _), s in zip(batch, transits, strict=True)])
        else:
            start = t if t > low else low
            area = sum(
                [units * max(0, min(t + s, high) - start) for (_, units, _), s in zip(batch, transits, strict=True)]
            )
        self.outbound_area += area
        self.node(node).outbound_area += area

    def record_virtual_pickup(self, t: int, node: int, batch: Sequence[tuple[OrderLike, int, float]]) -> None:
        """A virtual source's pickup at `t`: each parcel's units were work in process from the order
        (accepted when placed, never at or after the horizon) until now, the handover to the carrier."""
        low, high = self.warmup_s, self.horizon_s
        if t <= low:
            return
        end = t if t < high else high
        area = sum([units * (end - (order.t if order.t > low else low)) for order, units, _ in batch])
        if area:
            self.wip_area += area
            self.node(node).wip_area += area

    def end_of_day(self) -> None:
        """A day of the window ends (called at k·DAY, warmup < k·DAY ≤ horizon, before anything there)."""
        self.eod_days += 1
        self.eod_on_hand_sum += self._level_units
        self.eod_backorders_sum += self._level_backorders
        self.eod_backorder_days += self._level_backorders > 0
        for levels in self.nodes.values():
            levels.eod_days += 1
            levels.eod_backorders_sum += levels.backorders_level

    def end_of_day_on_hand(self, node: int, units: int) -> None:
        """Node `node` ends the day (as in `end_of_day`) with `units` on hand (the per-node breakdown)."""
        self.node(node).eod_on_hand_sum += units


__all__ = ["NodeLevels", "PipelineRecorder"]
