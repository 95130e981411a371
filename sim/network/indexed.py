"""The network's plain, indexed data: SKUs, demand streams, carriers and lanes, suppliers, nodes, returns.

What `build_network` (sim.network.build) produces and the SimPy model reads: frozen dataclasses of
integers, tuples and distributions, names turned into indices and times into integer seconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.base.distributions import Count, Duration, Quantity
from sim.config.models import PickPack, Scenario
from sim.history.replay import Replay
from sim.network.basket_info import BasketInfo


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
    # per-day rate multiplier over the horizon's days (promotions, profiles: sim.network.demand_plan); None = 1
    day_factor: np.ndarray[Any, np.dtype[np.float64]] | None = field(default=None, compare=False, repr=False)


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
    continuous: bool = False  # collection: continuous — a parcel leaves when packed (no pickup schedule)

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
    stock_outs: tuple[float, float] | None = None  # dropship: mean days in stock, mean days out (runs)

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
    baskets: BasketInfo | None = None  # multi-line orders (sim.network.baskets), None without `baskets`

    def node(self, name: str) -> NodeInfo:
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(name)
