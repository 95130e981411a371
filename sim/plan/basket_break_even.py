"""The break-even with baskets (`assign: break_even` and a `baskets` block): the extra parcels a
mixed basket causes, counted on the side that causes them (docs/DEMAND.md §7, "Baskets").

A basket whose lines are split between a stock node and a virtual source leaves in (at least) two
parcels, each paying the carrier's per-shipment charge. So, after the per-SKU first pass, each
SKU's cost per order gains, on each side, the per-shipment charge of the parcel it would add:

    virtual side += f_i · P(a basket-mate is stocked) · per-shipment charge of its first virtual source
    stocked side += f_i · P(a basket-mate is virtual) · per-shipment charge of its primary stock node

with f_i the share of SKU i's orders that are basket lines (its expected basket draws a day ÷ its
orders a day), and P(a mate is in X) = 1 − (1 − p_X)^(E[lines] − 1), p_X the popularity of the
*other* SKUs the first pass put in X (lines independent by popularity; the `category` composition
is approximated by it too). Charges are weighted by the regions' shares. The verdicts are then
taken again on the new totals — one pass, not a fixed point. A history replayed by invoice adds no
term (its baskets are in the replay window, not the fitting window).
"""

from __future__ import annotations

import dataclasses

from sim.analytics.economics import BreakEven
from sim.network.baskets import line_draws_per_basket, popularity
from sim.network.build import Network
from sim.plan.resolve import Plan

DAYS_PER_YEAR = 365.0


def with_parcel_terms(
    network: Network, trial: Plan, shares: dict[tuple[int, int], float], table: list[BreakEven]
) -> list[BreakEven]:
    """`table` (one row per SKU, in SKU order) with the mixed-basket parcel terms added (module docstring)."""
    info = network.baskets
    if info is None:
        return table
    p = popularity(info)
    draws = line_draws_per_basket(info) * info.orders_per_day
    stocked = [b.stock for b in table]
    p_stocked = float(sum(p[i] for i, s in enumerate(stocked) if s))
    extra_lines = max(info.lines.mean, 1.0) - 1.0
    out = []
    for sku, row in zip(network.skus, table, strict=True):
        orders_per_day = row.orders_per_year / DAYS_PER_YEAR
        if orders_per_day <= 0:
            out.append(row)
            continue
        i = sku.index
        f = min(1.0, float(draws[i]) / orders_per_day)
        others_stocked = p_stocked - (p[i] if stocked[i] else 0.0)
        others_virtual = (1.0 - p_stocked) - (0.0 if stocked[i] else p[i])
        mate_stocked = 1.0 - (1.0 - max(others_stocked, 0.0)) ** extra_lines
        mate_virtual = 1.0 - (1.0 - max(others_virtual, 0.0)) ** extra_lines
        fee_stock, fee_virtual = per_shipment_fees(network, trial, shares, i)
        out.append(
            dataclasses.replace(
                row,
                stocked_direct=row.stocked_direct + f * mate_virtual * fee_stock,
                virtual_direct=row.virtual_direct + f * mate_stocked * fee_virtual,
            )
        )
    return out


def per_shipment_fees(
    network: Network, trial: Plan, shares: dict[tuple[int, int], float], sku: int
) -> tuple[float, float]:
    """The region-weighted per-shipment charge of the SKU's primary stock node and of its first virtual source."""
    stock = virtual = 0.0
    for r in range(len(network.regions)):
        w = shares[(r, sku)]
        route = trial.routes[r][sku]
        if w == 0:
            continue
        if route.stock_nodes:
            stock += w * _fee(network, route.stock_nodes[0], r)
        if route.virtual_nodes:
            virtual += w * _fee(network, route.virtual_nodes[0], r)
    return stock, virtual


def _fee(network: Network, node: int, region: int) -> float:
    info = network.nodes[node]
    if info.service is None:
        return 0.0
    return info.service.rates[network.zone[info.region][region]].cost_per_shipment
