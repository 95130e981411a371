"""Plug-in: one-time buys (sim.policies.one_time_buy) — the dated arrival and the salvage at the end.

A slot whose rule is a one-time buy starts, like every slot, with the rule's `initial_level` (its
quantity) on hand. When the buy has a date (`day` > 0), the slot starts empty instead, the quantity
counts as on order, and it arrives on that day at midnight as a receipt (before that day's
demand). Its rule never orders, so nothing else arrives.

At the end of the horizon (the first thing at that instant, before the drain's pickups and
receipts) each such slot's stock on hand is sold off at the rule's salvage value: the tally books
`units_salvaged`, the credit, and the cost "salvage" = units × (unit cost − salvage value)
(docs/policies/one_time_buy.md). The units stay on the shelf in the model (the stock balance and
conservation check are unchanged); a return restocked after the horizon is not salvaged.

Nothing is installed when no slot has a one-time buy, so other runs are unchanged.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from sim.base.timebase import DAY
from sim.model.kernel import RECEIPT, SNAPSHOT, call_at, wake_at
from sim.policies import OneTimeBuy

if TYPE_CHECKING:
    import simpy

    from sim.model.hooks import Hooks
    from sim.model.stock import Slot


def install_one_time_buy(hooks: Hooks) -> None:
    """Delay dated buys to their day and book the salvage at the horizon (no-op without one-time buys)."""
    slots = [slot for slot in hooks.slots if isinstance(slot.rule, OneTimeBuy)]
    if not slots:
        return
    warm = hooks.network.scenario.initial_state is not None
    for slot in slots:
        rule = slot.rule
        assert isinstance(rule, OneTimeBuy)
        if rule.day > 0:
            _delay(hooks, slot, rule.quantity, rule.day * DAY, warm)
    hooks.process(_salvage(hooks, slots))


def _delay(hooks: Hooks, slot: Slot, units: int, t: int, warm: bool) -> None:
    """The slot's buy arrives at `t` instead of being on hand at zero (a warm start's snapshot stays)."""
    if not warm:  # undo the start stock the slot was opened with
        slot.on_hand -= units
        slot.initial -= units
        hooks.tally.stock_change(0, -units, slot.sku.unit_cost, slot.storage_fee_s, int(slot.on_hand == 0))
        slot.node.units_committed -= units
    slot.on_order += units
    slot.node.units_committed += units
    call_at(hooks.env, t, RECEIPT, slot.receive, t, units)


def _salvage(hooks: Hooks, slots: list[Slot]) -> Generator[simpy.Event, None, None]:
    yield wake_at(hooks.env, hooks.network.horizon_s, SNAPSHOT)
    for slot in slots:
        rule = slot.rule
        assert isinstance(rule, OneTimeBuy)
        hooks.tally.record_salvage(slot.on_hand, slot.sku.unit_cost, rule.salvage_value)
