"""The network: a pure function from a validated scenario to plain, indexed data. No SimPy here.

Names become indices, times become integer seconds, seasonality lists are normalised, the long
tail is expanded, a demand history is read and fitted (sim.history), ABC classes are computed, and
zones become a region × region matrix. The SimPy
model then works on integers and tuples only. `build_network` also runs the cross-reference
checks, so a scenario built in Python (not loaded from YAML) is checked just the same.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from sim.analytics.classify import abc_classes
from sim.base.distributions import Count, Duration, Quantity, _Dist
from sim.base.problems import ScenarioError
from sim.base.timebase import DAY, WEEKDAYS, days, parse_clock
from sim.config.catalogue import all_skus
from sim.config.demand_history import load_replay
from sim.config.models import (
    STOCK_KINDS,
    DailyUnits,
    Dropship,
    HistoryDemand,
    Marketplace,
    PickPack,
    PoissonOrders,
    PrintOnDemand,
    Scenario,
    Sku,
    ThirdPartyLogistics,
)
from sim.config.references import reference_problems, zone_of
from sim.history.replay import Replay


@dataclass(frozen=True)
class SkuInfo:
    index: int
    id: str
    unit_cost: float
    price: float
    weight_kg: float
    daily_units_mean: float  # all regions, before seasonality
    daily_units_var: float
    abc: str
    units_per_order: float = 1.0  # mean units per customer order (history: fitted)


@dataclass(frozen=True)
class DemandStream:
    """Customer demand for one SKU in one region."""

    index: int
    region: int
    sku: int
    kind: str  # "poisson_orders", "daily_units" or "history"
    orders_per_day: float  # poisson_orders: this region's share
    order_size: Count | None
    units_per_day: Quantity | None  # daily_units: all regions; scaled by `share`
    share: float  # this region's share of the SKU's demand (history: fitted per SKU)


@dataclass(frozen=True)
class Lane:
    transit_days: Duration
    cost_per_shipment: float
    cost_per_kg: float


@dataclass(frozen=True)
class ServiceInfo:
    name: str  # "carrier.service"
    pickup_s: int  # seconds after midnight
    pickup_weekdays: frozenset[int]  # 0 = Monday
    rates: dict[int, Lane]  # by zone
    # reliability and calendar (docs/ROUTING.md); the defaults are a punctual carrier with no holidays
    on_time_probability: float = 1.0
    late_days: Duration | None = None
    holiday_days: frozenset[int] = frozenset()  # day indices (from start_date) without pickup
    windows: tuple[DelayWindowInfo, ...] = ()  # peak and disruption windows, by pickup day

    @property
    def has_delays(self) -> bool:
        return self.on_time_probability < 1.0 or bool(self.windows)


@dataclass(frozen=True)
class DelayWindowInfo:
    """A carrier delay window: parcels picked up on days [first_day, last_day] are delayed with
    `probability` by `delay_days`; `name` keys its random salts (stable across scenarios)."""

    name: str
    first_day: int
    last_day: int
    probability: float
    delay_days: Duration


@dataclass(frozen=True)
class SupplierInfo:
    index: int
    name: str
    region: int
    lead_time_days: Duration
    order_cost: float
    moq: int
    pack_size: int
    order_crossing: bool = True  # False: a SKU's deliveries at a node arrive in order


@dataclass(frozen=True)
class NodeInfo:
    index: int
    name: str
    kind: str
    region: int
    holds_stock: bool
    serves_customers: bool
    service: ServiceInfo | None  # None: no carrier (an upstream node, or a store's counter)
    cutoff_s: int | None  # seconds after midnight; None when the node does not ship to customers
    # stock-holding nodes
    pick_pack: PickPack | None = None
    fee_per_order: float = 0.0
    fee_per_unit: float = 0.0
    storage_per_unit_day: float = 0.0
    receiving_s: int = 0  # received stock becomes usable this long after it arrives
    referral_fee_rate: float = 0.0
    storage_cap_units: int | None = None
    source_supplier: int | None = None
    source_node: int | None = None
    transfer_days: Duration | None = None
    transfer_order_cost: float = 0.0
    # virtual sources
    carries: frozenset[int] | None = None  # SKU indices; None = all
    availability: float = 1.0
    handling_days: Duration | None = None
    production_days: Duration | None = None
    daily_capacity_units: float | None = None
    unit_premium: float = 0.0
    unit_cost: float | None = None  # print-on-demand: replaces the SKU's unit cost

    def carries_sku(self, sku: int) -> bool:
        return self.carries is None or sku in self.carries


@dataclass(frozen=True)
class ReturnsInfo:
    """Customer returns, resolved per SKU (sim.model.returns)."""

    rate: tuple[float, ...]  # by SKU index
    delay_days: tuple[Duration, ...]  # by SKU index
    refund_rate: float
    shipping_cost_per_return: float
    restock: bool
    restock_node: int | None  # None: the node that shipped the parcel
    write_off_rate: float


@dataclass(frozen=True)
class SnapshotEntry:
    """One warm-start row (sim.config.snapshot), with indices."""

    record: str  # on_hand, purchase_order, backorder
    node: int
    sku: int
    units: int
    region: int  # backorders; -1 otherwise
    eta_s: int  # purchase orders; -1 otherwise


@dataclass(frozen=True)
class Network:
    """Everything the model needs, indexed. Built once per scenario, shared by every policy and run."""

    scenario: Scenario
    name: str
    start_date: dt.date
    horizon_s: int
    warmup_s: int
    regions: tuple[str, ...]
    skus: tuple[SkuInfo, ...]
    streams: tuple[DemandStream, ...]
    nodes: tuple[NodeInfo, ...]
    suppliers: tuple[SupplierInfo, ...]
    zone: tuple[tuple[int, ...], ...]  # zone[origin region][destination region]
    weekday_factor: tuple[float, ...]  # 7, averaging 1
    month_factor: tuple[float, ...]  # 12, averaging 1
    holding_rate_per_year: float
    lost_customer_rate: float
    customer_lifetime_value: float
    unmet_demand: str
    routing_strategy: str
    routing_priority: tuple[int, ...]  # node indices, the full preference order
    promise_quantile: float
    replay: Replay | None = None  # the demand history replayed by `history` streams (sim.history.replay)
    # issue 4, nodes half (docs/NETWORK.md): all None/empty when the scenario does not ask for them
    returns: ReturnsInfo | None = None
    closures: dict[int, tuple[tuple[int, int], ...]] | None = None  # node → merged closure windows (s)
    outages: dict[int, tuple[tuple[tuple[int, int], ...], tuple[float, float] | None]] | None = None  # by supplier
    snapshot: tuple[SnapshotEntry, ...] | None = None  # warm start rows, in file order

    def node(self, name: str) -> NodeInfo:
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(name)


def _normalised(factors: list[float]) -> tuple[float, ...]:
    mean = sum(factors) / len(factors)
    return tuple(f / mean for f in factors)


def _daily_moments(sku: Sku, replay: Replay | None) -> tuple[float, float, float]:
    """Mean and variance of one day's units (all regions), before seasonality, and units per order.
    History SKUs take the estimates fitted on the history before day 0 (sim.history.replay)."""
    demand = sku.demand
    if isinstance(demand, PoissonOrders):
        size: _Dist = demand.order_size  # compound Poisson: var = λ·E[X²]
        second_moment = size.variance + size.mean**2
        return demand.orders_per_day * size.mean, demand.orders_per_day * second_moment, size.mean
    if isinstance(demand, DailyUnits):
        return demand.units_per_day.mean, demand.units_per_day.variance, 1.0
    assert replay is not None
    fit = replay.fits[sku.id]
    return fit.daily_units_mean, fit.daily_units_var, fit.units_per_order


def build_network(scenario: Scenario) -> Network:
    """Index and convert `scenario`. Raises ScenarioError if a reference dangles."""
    problems = reference_problems(scenario)
    if problems:
        raise ScenarioError(problems)

    regions = tuple(r.name for r in scenario.regions)
    region_ix = {name: i for i, name in enumerate(regions)}
    share_total = sum(r.demand_share for r in scenario.regions)
    shares = [r.demand_share / share_total for r in scenario.regions]

    replay = load_replay(scenario) if scenario.demand_history is not None else None
    catalogue = all_skus(scenario)
    moments = [_daily_moments(s, replay) for s in catalogue]
    abc = abc_classes([s.price * m[0] for s, m in zip(catalogue, moments, strict=True)])
    skus = tuple(
        SkuInfo(i, s.id, s.unit_cost, s.price, s.weight_kg, m[0], m[1], abc[i], m[2])
        for i, (s, m) in enumerate(zip(catalogue, moments, strict=True))
    )
    sku_ix = {s.id: s.index for s in skus}

    streams: list[DemandStream] = []
    for r, share in enumerate(shares):
        for s in catalogue:
            d = s.demand
            stream_share = share
            if isinstance(d, HistoryDemand):
                assert replay is not None
                stream_share = replay.fits[s.id].region_share[regions[r]]
            streams.append(
                DemandStream(
                    index=len(streams),
                    region=r,
                    sku=sku_ix[s.id],
                    kind=d.kind,
                    orders_per_day=d.orders_per_day * share if isinstance(d, PoissonOrders) else 0.0,
                    order_size=d.order_size if isinstance(d, PoissonOrders) else None,
                    units_per_day=d.units_per_day if isinstance(d, DailyUnits) else None,
                    share=stream_share,
                )
            )

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
            )

    suppliers = tuple(
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
    supplier_ix = {s.name: s.index for s in suppliers}
    node_ix = {n.name: i for i, n in enumerate(scenario.nodes)}

    nodes = []
    for i, n in enumerate(scenario.nodes):
        ships_with, own_cutoff = getattr(n, "ships_with", None), getattr(n, "cutoff", None)  # a store has neither
        service = services[ships_with] if ships_with else None
        cutoff = parse_clock(own_cutoff) if own_cutoff else (service.pickup_s if service else None)
        common: dict[str, Any] = dict(
            index=i, name=n.name, kind=n.kind, region=region_ix[n.region], service=service, cutoff_s=cutoff
        )
        if n.kind in STOCK_KINDS:
            assert not isinstance(n, Dropship | PrintOnDemand)  # warehouse, 3pl, marketplace or store
            receiving = (
                n.receiving_days
                if isinstance(n, ThirdPartyLogistics)
                else (n.inbound_days if isinstance(n, Marketplace) else 0.0)
            )
            nodes.append(
                NodeInfo(
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
            )
        else:
            assert isinstance(n, Dropship | PrintOnDemand)
            carries = None if n.skus == "all" else frozenset(sku_ix[s] for s in n.skus)
            nodes.append(
                NodeInfo(
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
                )
            )

    zones = zone_of(scenario)
    zone = tuple(tuple(zones.get((a, b), 0) for b in regions) for a in regions)
    named = [node_ix[n] for n in (scenario.routing.priority or [])]
    priority = tuple(named + [i for i in range(len(nodes)) if i not in named])

    horizon_s = days(scenario.horizon_days)
    return Network(
        scenario=scenario,
        name=scenario.name,
        start_date=scenario.start_date,
        horizon_s=horizon_s,
        warmup_s=days(scenario.warmup_days),
        regions=regions,
        skus=skus,
        streams=tuple(streams),
        nodes=tuple(nodes),
        suppliers=suppliers,
        zone=zone,
        weekday_factor=_normalised(scenario.seasonality.weekday),
        month_factor=_normalised(scenario.seasonality.month),
        holding_rate_per_year=scenario.costs.holding_rate_per_year,
        lost_customer_rate=scenario.costs.lost_customer_rate,
        customer_lifetime_value=scenario.costs.customer_lifetime_value,
        unmet_demand=scenario.service.unmet_demand,
        routing_strategy=scenario.routing.strategy,
        routing_priority=priority,
        promise_quantile=scenario.routing.promise_quantile,
        replay=replay,
        **_network_extras(scenario, region_ix, sku_ix, node_ix, supplier_ix),
    )


def _network_extras(
    scenario: Scenario,
    region_ix: dict[str, int],
    sku_ix: dict[str, int],
    node_ix: dict[str, int],
    supplier_ix: dict[str, int],
) -> dict[str, Any]:
    """Returns, disruptions and the warm-start snapshot, indexed (docs/NETWORK.md)."""
    from sim.config.snapshot import read_snapshot
    from sim.network.disruptions import closure_windows, outage_specs

    out: dict[str, Any] = {}
    r = scenario.returns
    if r is not None:
        terms = [r.by_sku.get(sku) for sku in sku_ix]
        out["returns"] = ReturnsInfo(
            rate=tuple(t.rate if t is not None else r.rate for t in terms),
            delay_days=tuple(t.delay_days if t is not None and t.delay_days else r.delay_days for t in terms),
            refund_rate=r.refund_rate,
            shipping_cost_per_return=r.shipping_cost_per_return,
            restock=r.disposition == "restock",
            restock_node=node_ix[r.restock_at] if r.restock_at is not None else None,
            write_off_rate=r.write_off_rate,
        )
    if scenario.disruptions is not None:
        out["closures"] = {node_ix[n]: w for n, w in closure_windows(scenario).items()}
        out["outages"] = {supplier_ix[n]: spec for n, spec in outage_specs(scenario).items()}
    if scenario.initial_state is not None:
        snap = read_snapshot(scenario.initial_state.path, scenario)
        out["snapshot"] = tuple(
            SnapshotEntry(
                row.record,
                node_ix[row.node],
                sku_ix[row.sku],
                row.units,
                region_ix[row.region] if row.region is not None else -1,
                days(row.eta_days) if row.eta_days is not None else -1,
            )
            for row in snap.rows
        )
    return out


def horizon_days_count(network: Network) -> int:
    """Calendar days touched by the demand window [0, horizon)."""
    return math.ceil(network.horizon_s / DAY)
