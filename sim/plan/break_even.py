"""Break-even assignment of a hybrid policy (`assign: break_even`): per SKU, stock it or leave it virtual.

Formulas in sim.analytics.economics, explained in docs/DEMAND.md. Every SKU is planned as if
stocked (a trial plan, sim.plan.resolve), then each region's order is priced at its route's primary
stock node and at its first virtual source, and the slots' holding, ordering and shortage costs
are added.
"""

from __future__ import annotations

import math
from typing import Literal

from sim.analytics.economics import BreakEven, BreakEvenInputs, StockSlot, break_even, lost_order_cost
from sim.config.models import HybridPolicy
from sim.network.build import Network, SkuInfo
from sim.plan.basket_break_even import with_parcel_terms
from sim.plan.resolve import Plan, resolve
from sim.plan.slots import holding_per_unit_year, lead_time, region_shares, review_period_days
from sim.policies import Hybrid


def break_even_table(network: Network, config: HybridPolicy) -> list[BreakEven]:
    """Per SKU, the expected cost per order stocked vs virtual under `config`'s nodes and reorder rule.

    Costs come from the scenario: every SKU is planned as if stocked (routes, slots and reorder
    levels exactly as this policy would size them), then each region's order is priced at its
    route's primary stock node and at its first virtual source (unit cost, premium, fees, referral
    fee, the carrier rate of the zone travelled for an order of q̄ units), weighted by the region's
    share of the SKU's demand; holding, storage, ordering and expected shortages come from the slots."""
    trial_config = config.model_copy(update={"fallback_to_virtual": True})
    everything = frozenset(s.index for s in network.skus)
    trial = resolve(network, trial_config, Hybrid(skus=frozenset(s.id for s in network.skus)), everything)
    shares = region_shares(network)
    review_days = review_period_days(trial.review_period_s)
    if network.unmet_demand == "backorder" and not config.fallback_to_virtual:
        shortage: Literal["fallback", "lost", "backorder"] = "backorder"
    else:
        shortage = "fallback" if config.fallback_to_virtual else "lost"
    out = []
    for sku in network.skus:
        q = max(sku.units_per_order, 1e-9)
        stocked_direct, virtual_direct, accept = _direct_costs(network, trial, shares, sku, q)
        if accept == 0:  # no virtual source carries it: virtual means every order is lost
            virtual_direct = math.inf
        inputs = BreakEvenInputs(
            sku=sku.id,
            units_per_day=sku.daily_units_mean,
            units_per_order=q,
            stocked_direct=stocked_direct,
            virtual_direct=virtual_direct if accept > 0 else 0.0,
            virtual_accept=accept,
            lost_order_cost=lost_order_cost(
                q, max(sku.price - sku.unit_cost, 0.0), network.lost_customer_rate, network.customer_lifetime_value
            ),
            slots=_stock_slots(network, trial, sku, review_days),
            shortage=shortage,
        )
        out.append(break_even(inputs))
    return with_parcel_terms(network, trial, shares, out)  # mixed baskets' extra parcels (none without baskets)


def _direct_costs(
    network: Network, trial: Plan, shares: dict[tuple[int, int], float], sku: SkuInfo, q: float
) -> tuple[float, float, float]:
    """Per order of `q` units, weighted by region: the cost stocked, the cost virtual, and the
    chance a virtual source accepts it."""
    stocked_direct = virtual_direct = accept = 0.0
    for r in range(len(network.regions)):
        w = shares[(r, sku.index)]
        route = trial.routes[r][sku.index]
        if w == 0:
            continue
        node = network.nodes[route.stock_nodes[0]]
        stocked_direct += w * (
            q * (sku.unit_cost + node.fee_per_unit + node.referral_fee_rate * sku.price)
            + node.fee_per_order
            + _shipping(network, node.index, r, sku.weight_kg * q)
        )
        if route.virtual_nodes:
            source = network.nodes[route.virtual_nodes[0]]
            virtual_direct += w * (
                q * ((sku.unit_cost if source.unit_cost is None else source.unit_cost) + source.unit_premium)
                + source.fee_per_order
                + _shipping(network, source.index, r, sku.weight_kg * q)
            )
            refuse = math.prod(1 - network.nodes[v].availability for v in route.virtual_nodes)
            accept += w * (1 - refuse)
    return stocked_direct, virtual_direct, accept


def _stock_slots(network: Network, trial: Plan, sku: SkuInfo, review_days: float) -> tuple[StockSlot, ...]:
    """The trial plan's slots of `sku`, as the holding, ordering and shortage inputs of the break-even."""
    slots = []
    for (n, s), slot in trial.slots.items():
        if s != sku.index:
            continue
        rule = slot.rule
        # the cycle's order quantity: S − s for (s,S), Q for (r,Q), 1 for base stock
        q_units, rop = max(1, rule.initial_level - rule.reorder_point), rule.reorder_point
        node = network.nodes[n]
        _, _, order_cost = lead_time(network, n)
        slots.append(
            StockSlot(
                slot.daily_units_mean,
                slot.daily_units_sd,
                slot.lead_time_days_mean + review_days,
                slot.lead_time_days_sd,
                float(q_units),
                float(rop),
                holding_per_unit_year(network, sku, node),
                order_cost,
            )
        )
    return tuple(slots)


def _shipping(network: Network, node: int, region: int, weight_kg: float) -> float:
    """The carrier charge for one parcel of `weight_kg` from `node` to `region`."""
    info = network.nodes[node]
    if info.service is None:
        return 0.0
    lane = info.service.rates[network.zone[info.region][region]]
    return lane.cost_per_shipment + lane.cost_per_kg * weight_kg
