"""Customer returns: the reverse flow customer → carrier → node, then restock or write-off.

When a carrier picks up a parcel its delivery time is known (sim.model.outbound); the returns
desk then decides, from the order's own uniforms (`sim.base.streams.uniforms_from` with the salt
"return"), whether the parcel comes back (probability: its SKU's return rate), when (the delay
distribution's inverse CDF at a second uniform, salt "return_delay", counted from delivery) and
whether it is sellable (a third uniform, salt "write_off", against `write_off_rate`). Because the
uniforms belong to the order, the same customer returns the same parcel under every policy that
delivers it (common random numbers). A parcel comes back whole.

On arrival (a receipt-phase event) the customer is refunded (`refund_rate` × price × units) and the
return shipping is charged; a sellable parcel is restocked at `restock_at` (or the node that
shipped it) when the policy stocks that SKU there, otherwise it is written off. Costs and counts go
to the order's window (`counted`), like every other order cost. Nothing here runs per order when
the scenario has no `returns:` block: the outbound calls the desk once per pickup, only when it exists.
The desk is a plug-in (sim.model.hooks): `install_returns` registers it as a pickup hook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import simpy

from sim.base.streams import salt, uniform_from, uniforms_from
from sim.base.timebase import DAY
from sim.model.kernel import RECEIPT, call_at

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sim.model.entities import Order, Parcel
    from sim.model.hooks import Hooks
    from sim.model.outbound import Outbound
    from sim.model.stock import StockNode
    from sim.network.build import Network, ReturnsInfo
    from sim.record.counters import Tally
    from sim.record.eventlog import EventLog

RETURN_SALT = salt("return")
DELAY_SALT = salt("return_delay")
WRITE_OFF_SALT = salt("write_off")


class ReturnsDesk:
    """Decides and books the returns of every parcel picked up in one run."""

    __slots__ = ("env", "info", "log", "network", "pending_units", "rate", "stock_nodes", "tally")

    def __init__(
        self,
        env: simpy.Environment,
        network: Network,
        info: ReturnsInfo,
        stock_nodes: Mapping[int, StockNode],
        tally: Tally,
        log: EventLog | None,
    ) -> None:
        self.env = env
        self.network = network
        self.info = info
        self.rate = info.rate
        self.stock_nodes = stock_nodes
        self.tally = tally
        self.log = log
        self.pending_units = 0  # on their way back

    def after_pickup(self, outbound: Outbound, t: int, batch: list[Parcel], transits: list[int]) -> None:
        """A pickup hook (sim.model.outbound): the parcels of `batch` left at `t`."""
        self.parcels(outbound.node.index, batch, [t + s for s in transits])

    def parcels(self, node: int, batch: list[Parcel], delivered: list[int]) -> None:
        """A pickup at `node` left with `batch`; `delivered[i]` is when parcel i reaches the customer."""
        rate = self.rate
        u = uniforms_from([order.key for order, _, _ in batch], RETURN_SALT)
        for i in np.flatnonzero(u < np.asarray([rate[order.sku] for order, _, _ in batch])).tolist():
            order, units, _ = batch[i]
            dist = self.info.delay_days[order.sku]
            if dist.is_constant:
                delay = round(dist.mean * DAY)
            else:
                p = uniform_from(order.key, DELAY_SALT)
                delay = int(np.rint(dist.ppf(np.asarray([p]))[0] * DAY))
            back = delivered[i] + max(delay, 0)
            self.pending_units += units
            self.tally.record_return_started(units)
            call_at(self.env, back, RECEIPT, self.arrive, back, node, order, units)

    def arrive(self, t: int, node: int, order: Order, units: int) -> None:
        """The parcel is back: refund, charge the return shipping, restock or write off."""
        info = self.info
        sku = self.network.skus[order.sku]
        self.pending_units -= units
        target = info.restock_node if info.restock_node is not None else node
        slot = None
        if info.restock and not (info.write_off_rate and uniform_from(order.key, WRITE_OFF_SALT) < info.write_off_rate):
            stock_node = self.stock_nodes.get(target)
            slot = stock_node.slots.get(order.sku) if stock_node is not None else None
        self.tally.record_return(
            order.counted,
            units,
            info.refund_rate * sku.price * units,
            info.shipping_cost_per_return,
            sku.unit_cost * units,
            slot is not None,
        )
        if self.log is not None:
            self.log.returned(t, order.id, target if slot is not None else -1, order.sku, order.region, units)
        if slot is not None:
            slot.restock(t, units)


def install_returns(hooks: Hooks) -> ReturnsDesk:
    """The returns desk of a scenario with a `returns:` block, called after every pickup."""
    info = hooks.network.returns
    assert info is not None
    desk = ReturnsDesk(hooks.env, hooks.network, info, hooks.stock_nodes, hooks.tally, hooks.log)
    hooks.on_pickup(desk.after_pickup)
    return desk
