"""Plug-in: a dropship partner's own stock-outs come in runs (docs/DEMAND.md §14).

`install_partner_stock(hooks)` draws, for every virtual node with `stock_outs` and every SKU, the
out-of-stock runs of the replication (sim.network.partner_stock, stream `("partner_stock", node,
sku)`), and turns the node into its partner-stock class, whose `accepts` refuses an order placed
inside a run before the usual `availability` draw. Nodes without `stock_outs` keep their class, so
their per-order code is unchanged.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from sim.model.closures import ClosableVirtualNode
from sim.model.virtual import VirtualNode
from sim.network.partner_stock import out_windows

if TYPE_CHECKING:
    from sim.model.entities import Order
    from sim.model.hooks import Hooks


class _RunsOfStockOuts:
    """Refuse orders inside the SKU's out-of-stock runs (`outs[sku]` = (starts, ends) lists)."""

    __slots__ = ()

    def accepts(self, order: Order) -> bool:
        starts, ends = self.outs[order.sku]  # type: ignore[attr-defined]
        i = bisect_right(starts, order.t) - 1
        if i >= 0 and order.t < ends[i]:
            return False
        return super().accepts(order)  # type: ignore[misc, no-any-return]


class PartnerStockNode(_RunsOfStockOuts, VirtualNode):
    __slots__ = ()


class ClosablePartnerStockNode(_RunsOfStockOuts, ClosableVirtualNode):
    __slots__ = ()


def install_partner_stock(hooks: Hooks) -> None:
    """Give every virtual node with `stock_outs` its runs, drawn now for this replication."""
    network = hooks.network
    for index, node in hooks.virtual_nodes.items():
        spec = network.nodes[index].stock_outs
        if spec is None:
            continue
        node.outs = []
        for sku in network.skus:
            rng = hooks.streams.get("partner_stock", network.nodes[index].name, sku.id)
            starts, ends = out_windows(rng, network.horizon_s, spec[0], spec[1])
            node.outs.append((starts.tolist(), ends.tolist()))
        node.__class__ = ClosablePartnerStockNode if isinstance(node, ClosableVirtualNode) else PartnerStockNode
