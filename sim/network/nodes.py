"""The facilities of a network: carrier services (pickups, lanes, reliability, delay windows),
suppliers, and nodes (stock-holding or virtual), indexed in scenario order.

Pure steps of `build_network` (sim.network.build): names become indices, clock times seconds after
midnight, dates day numbers from the scenario's start date.
"""

from __future__ import annotations

from typing import Any

from sim.base.timebase import WEEKDAYS, days, parse_clock
from sim.config.models import (
    STOCK_KINDS,
    Dropship,
    Marketplace,
    Node,
    PrintOnDemand,
    Scenario,
    ThirdPartyLogistics,
)
from sim.network.indexed import DelayWindowInfo, Lane, NodeInfo, ServiceInfo, SupplierInfo


def carrier_services(scenario: Scenario) -> dict[str, ServiceInfo]:
    """Every carrier service by its name `carrier.service`, in scenario order."""
    services: dict[str, ServiceInfo] = {}
    for c in scenario.carriers:
        for sv in c.services:
            services[f"{c.name}.{sv.name}"] = ServiceInfo(
                name=f"{c.name}.{sv.name}",
                pickup_s=parse_clock(sv.pickup_time),
                pickup_weekdays=frozenset(WEEKDAYS.index(d) for d in sv.pickup_days),
                rates={r.zone: Lane(r.transit_days, r.cost_per_shipment, r.cost_per_kg) for r in sv.rates},
                on_time_probability=sv.on_time_probability,
                late_days=sv.late_days,
                holiday_days=frozenset((d - scenario.start_date).days for d in sv.holidays),
                windows=tuple(
                    DelayWindowInfo(
                        f"{c.name}.{sv.name}.{kind}.{w.start}",
                        (w.start - scenario.start_date).days,
                        (w.end - scenario.start_date).days,
                        w.probability,
                        w.delay_days,
                    )
                    for kind, windows in (("peak", sv.peak_windows), ("delay", sv.delay_windows))
                    for w in windows
                ),
                continuous=sv.collection == "continuous",
            )
    return services


def supplier_facts(scenario: Scenario, region_ix: dict[str, int]) -> tuple[SupplierInfo, ...]:
    """Every supplier, indexed in scenario order."""
    return tuple(
        SupplierInfo(
            i,
            s.name,
            region_ix[s.region],
            s.lead_time_days,
            s.order_cost,
            s.moq,
            s.pack_size,
            order_crossing=s.order_crossing,
        )
        for i, s in enumerate(scenario.suppliers)
    )


def node_facts(
    scenario: Scenario,
    services: dict[str, ServiceInfo],
    region_ix: dict[str, int],
    sku_ix: dict[str, int],
    supplier_ix: dict[str, int],
    node_ix: dict[str, int],
) -> tuple[NodeInfo, ...]:
    """Every node, indexed in scenario order: its carrier and cut-off, then the facts of its kind."""
    nodes = []
    for i, n in enumerate(scenario.nodes):
        ships_with, own_cutoff = getattr(n, "ships_with", None), getattr(n, "cutoff", None)  # a store has neither
        service = services[ships_with] if ships_with else None
        cutoff = parse_clock(own_cutoff) if own_cutoff else (service.pickup_s if service else None)
        common: dict[str, Any] = dict(
            index=i, name=n.name, kind=n.kind, region=region_ix[n.region], service=service, cutoff_s=cutoff
        )
        if n.kind in STOCK_KINDS:
            nodes.append(_stock_node(n, common, supplier_ix, node_ix))
        else:
            nodes.append(_virtual_node(n, common, sku_ix))
    return tuple(nodes)


def _stock_node(n: Node, common: dict[str, Any], supplier_ix: dict[str, int], node_ix: dict[str, int]) -> NodeInfo:
    """A warehouse, 3PL, marketplace or store: fees, receiving delay, replenishment source."""
    assert not isinstance(n, Dropship | PrintOnDemand)  # warehouse, 3pl, marketplace or store
    receiving = (
        n.receiving_days
        if isinstance(n, ThirdPartyLogistics)
        else (n.inbound_days if isinstance(n, Marketplace) else 0.0)
    )
    return NodeInfo(
        **common,
        holds_stock=True,
        serves_customers=getattr(n, "serves_customers", True),
        pick_pack=getattr(n, "pick_pack", None),
        fee_per_order=n.fees.per_order,
        fee_per_unit=n.fees.per_unit,
        storage_per_unit_day=n.fees.storage_per_unit_day,
        receiving_s=days(receiving),
        referral_fee_rate=n.referral_fee_rate if isinstance(n, Marketplace) else 0.0,
        storage_cap_units=n.storage_cap_units if isinstance(n, Marketplace) else None,
        source_supplier=supplier_ix.get(n.replenish_from),
        source_node=node_ix.get(n.replenish_from) if n.replenish_from not in supplier_ix else None,
        transfer_days=n.transfer_days,
        transfer_order_cost=n.transfer_order_cost,
    )


def _virtual_node(n: Node, common: dict[str, Any], sku_ix: dict[str, int]) -> NodeInfo:
    """A dropship supplier or print-on-demand: what it carries, availability, lead times, premium."""
    assert isinstance(n, Dropship | PrintOnDemand)
    carries = None if n.skus == "all" else frozenset(sku_ix[s] for s in n.skus)
    return NodeInfo(
        **common,
        holds_stock=False,
        serves_customers=True,
        carries=carries,
        fee_per_order=n.fee_per_order,
        unit_premium=n.unit_premium,
        availability=n.availability if isinstance(n, Dropship) else 1.0,
        handling_days=n.handling_days if isinstance(n, Dropship) else None,
        production_days=n.production_days if isinstance(n, PrintOnDemand) else None,
        daily_capacity_units=n.daily_capacity_units if isinstance(n, PrintOnDemand) else None,
        unit_cost=n.unit_cost if isinstance(n, PrintOnDemand) else None,
        stock_outs=(n.stock_outs.mean_days_in_stock, n.stock_outs.mean_days_out)
        if isinstance(n, Dropship) and n.stock_outs is not None
        else None,
    )
