"""The scenario schema: frozen pydantic models, `extra="forbid"`, kinds as discriminated unions.

One scenario is one YAML file describing the world (regions, catalogue, demand, nodes, suppliers,
carriers, costs) and the fulfilment policies to compare on it. Every field here is honoured by the
simulator: nothing is accepted and then ignored. Units live in field names (`lead_time_days`,
`cost_per_shipment`, `minutes_per_order`). Cross-references (a node naming its supplier, a
policy naming its nodes) are checked in `sim.config.references`, which reports every dangling
name with its key path.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationInfo, field_validator, model_validator

from sim.base.distributions import Continuous, Count, Duration, Fixed, Quantity
from sim.base.timebase import WEEKDAYS, parse_clock


class Strict(BaseModel):
    """Base of every scenario model: immutable, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


Name = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^\S(.*\S)?$")]
"""A name other parts of the scenario refer to: any text without leading or trailing spaces."""

SimpleName = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")]
"""A name that becomes part of a file path or a dotted reference: letters, digits, `_` and `-`."""

Clock = Annotated[str, Field(pattern=r"^\d{1,2}:\d{2}(:\d{2})?$", description="time of day, 'HH:MM'")]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WORKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")


def _check_clock(value: str | None) -> str | None:
    if value is not None:
        parse_clock(value)
    return value


# --------------------------------------------------------------------------------------------------
# Regions and zones


class Region(Strict):
    """A customer region. Each SKU's demand is split across regions by `demand_share`."""

    name: Name = Field(description="the region's name, used by nodes, suppliers and zones")
    demand_share: float = Field(gt=0, description="relative share of every SKU's demand (normalised to 1)")


class Zone(Strict):
    """The carrier zone between two regions (symmetric). Same-region shipping is zone 1 unless listed."""

    between: tuple[Name, Name] = Field(description="two region names (either order)")
    zone: int = Field(ge=1, le=99, description="the zone number carrier rates are quoted for")


# --------------------------------------------------------------------------------------------------
# Demand and catalogue


class PoissonOrders(Strict):
    """Orders arrive as a Poisson process; each order asks for `order_size` units of one SKU."""

    kind: Literal["poisson_orders"]
    orders_per_day: float = Field(gt=0, description="all regions together, before seasonality")
    order_size: Count = Field(default_factory=lambda: Fixed(value=1), description="units per order (at least 1)")

    @field_validator("order_size")
    @classmethod
    def _at_least_one(cls, v: Count) -> Count:
        if isinstance(v, Fixed) and (v.value < 1 or not float(v.value).is_integer()):
            raise ValueError("a fixed order size must be a whole number of at least 1")
        return v


class DailyUnits(Strict):
    """Each day's units are drawn from `units_per_day` (rounded to whole units, at least 0) and arrive
    as single-unit orders at uniformly random times of that day."""

    kind: Literal["daily_units"]
    units_per_day: Quantity = Field(description="all regions together, before seasonality")


class HistoryDemand(Strict):
    """Replay this SKU's rows of the scenario's `demand_history` file: exact daily totals (or exact
    order lines), region by region; weekday and month seasonality do not apply (the history has its
    own). See docs/DEMAND.md."""

    kind: Literal["history"]


Demand = Annotated[PoissonOrders | DailyUnits | HistoryDemand, Field(discriminator="kind")]


class Sku(Strict):
    """One product. `unit_cost` is the purchase cost from the supplier; `price` what the customer pays."""

    id: Name = Field(description="the SKU code (any text)")
    unit_cost: float = Field(gt=0, description="purchase cost per unit")
    price: float = Field(gt=0, description="selling price per unit")
    weight_kg: float = Field(default=0.5, gt=0, description="shipping weight per unit")
    demand: Demand = Field(description="the demand model (all regions together)")


class LongTail(Strict):
    """A generated tail of slow movers: demand shares follow Zipf's law (share of the i-th ∝ 1/i^exponent).

    The tail is generated from its own `seed`, so it stays the same whatever the experiment seed;
    the resolved scenario written with the results lists every generated SKU.
    """

    count: int = Field(ge=1, le=100_000, description="number of tail SKUs")
    id_prefix: Name = Field(default="TAIL-", description="ids are the prefix plus a zero-padded rank")
    orders_per_day_total: float = Field(gt=0, description="all tail SKUs and regions together")
    popularity_exponent: float = Field(default=1.0, ge=0, description="Zipf exponent: 0 = equal shares")
    unit_cost: Continuous = Field(discriminator="kind", description="distribution the unit costs are drawn from")
    price_markup: float = Field(gt=0, description="price = unit_cost × price_markup")
    weight_kg: Continuous = Field(
        default_factory=lambda: Fixed(value=0.5), discriminator="kind", description="distribution of unit weights"
    )
    order_size: Count = Field(default_factory=lambda: Fixed(value=1), description="units per order")
    seed: int = Field(default=1, ge=0, description="the tail's own seed (independent of the experiment seed)")


class Seasonality(Strict):
    """Multipliers on every SKU's daily demand rate, by weekday (Mon…Sun) and by month (Jan…Dec).

    Each list is scaled to average 1, so a SKU's stated rate stays its average over a week and a year.
    """

    weekday: list[float] = Field(default_factory=lambda: [1.0] * 7, min_length=7, max_length=7)
    month: list[float] = Field(default_factory=lambda: [1.0] * 12, min_length=12, max_length=12)

    @field_validator("weekday", "month")
    @classmethod
    def _positive_mean(cls, v: list[float]) -> list[float]:
        if any(x < 0 for x in v):
            raise ValueError("factors must be non-negative")
        if sum(v) <= 0:
            raise ValueError("at least one factor must be positive")
        return v


# --------------------------------------------------------------------------------------------------
# Suppliers, carriers


class Supplier(Strict):
    """Sells stock to nodes that replenish from it. Each purchase order's lead time is drawn
    independently; with `order_crossing: true` (the default) orders can therefore cross (a later
    order can arrive first), with `false` each order of a SKU at a node arrives at the later of its
    own drawn arrival and the previous order's arrival (sequential deliveries, no crossing)."""

    name: Name = Field(description="the supplier's name, used by replenish_from")
    region: Name = Field(description="where it ships from")
    lead_time_days: Duration = Field(description="order placed → goods arrive, drawn per purchase order")
    order_cost: float = Field(default=0.0, ge=0, description="fixed cost per purchase order")
    moq: int = Field(default=1, ge=1, description="minimum order quantity, units")
    pack_size: int = Field(default=1, ge=1, description="orders are rounded up to whole packs")
    order_crossing: bool = Field(
        default=True,
        description="true: each order's lead time is independent, so a later order can arrive first; "
        "false: deliveries keep their order (an order arrives no earlier than the one placed before it)",
    )


class ZoneRate(Strict):
    """What one shipment costs and how long it travels in a zone (calendar days)."""

    zone: int = Field(ge=1, le=99, description="the zone this rate applies to")
    transit_days: Duration = Field(description="pickup → delivery, calendar days")
    cost_per_shipment: float = Field(ge=0, description="charge per parcel")
    cost_per_kg: float = Field(default=0.0, ge=0, description="charge per kg of the parcel")


class DelayWindow(Strict):
    """A date range (both ends inclusive, by pickup date) in which a parcel is delayed by `delay_days`
    with probability `probability`, on top of its normal transit and any lateness."""

    start: dt.date = Field(description="first pickup date of the window")
    end: dt.date = Field(description="last pickup date of the window (inclusive)")
    probability: float = Field(default=1.0, gt=0, le=1, description="share of the window's parcels delayed")
    delay_days: Duration = Field(description="extra calendar days of a delayed parcel")

    @model_validator(mode="after")
    def _ordered(self) -> DelayWindow:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class CarrierService(Strict):
    """A parcel service: one pickup a day at `pickup_time` on `pickup_days`, rates by zone."""

    name: SimpleName = Field(description="the service's name; nodes write carrier.service")
    pickup_time: Clock = Field(default="17:00", description="time of the daily pickup")
    pickup_days: list[Weekday] = Field(
        default_factory=lambda: list(WORKDAYS), min_length=1, description="weekdays with a pickup"
    )
    rates: list[ZoneRate] = Field(min_length=1, description="one rate per zone served")
    # -- reliability and calendar (docs/ROUTING.md); the defaults reproduce a perfectly punctual carrier
    on_time_probability: float = Field(
        default=1.0, ge=0, le=1, description="probability a parcel arrives within its lane's transit time"
    )
    late_days: Duration | None = Field(
        default=None, description="extra calendar days of a late parcel (needed when on_time_probability < 1)"
    )
    holidays: list[dt.date] = Field(default_factory=list, description="dates with no pickup (besides pickup_days)")
    peak_windows: list[DelayWindow] = Field(
        default_factory=list, description="peak-season windows: parcels picked up inside may be delayed further"
    )
    delay_windows: list[DelayWindow] = Field(
        default_factory=list, description="carrier disruptions: parcels picked up inside may be delayed further"
    )

    _clock = field_validator("pickup_time")(_check_clock)

    @model_validator(mode="after")
    def _late_needs_days(self) -> CarrierService:
        if self.on_time_probability < 1 and self.late_days is None:
            raise ValueError("on_time_probability below 1 needs late_days (the delay distribution of a late parcel)")
        if self.on_time_probability == 1 and self.late_days is not None:
            raise ValueError("late_days is only used when on_time_probability is below 1")
        return self

    @field_validator("pickup_days")
    @classmethod
    def _unique_days(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("pickup_days lists a day twice")
        return sorted(v, key=WEEKDAYS.index)

    @field_validator("rates")
    @classmethod
    def _unique_zones(cls, v: list[ZoneRate]) -> list[ZoneRate]:
        zones = [r.zone for r in v]
        if len(set(zones)) != len(zones):
            raise ValueError("each zone may have only one rate")
        return v


class Carrier(Strict):
    """A carrier and its services; nodes refer to a service as `carrier.service`."""

    name: SimpleName = Field(description="the carrier's name")
    services: list[CarrierService] = Field(min_length=1, description="its services (ground, express, …)")


# --------------------------------------------------------------------------------------------------
# Nodes


class PickPack(Strict):
    """Pick/pack stations: orders are served first come, first served by `stations` parallel stations,
    each order taking `minutes_per_order` plus `minutes_per_unit` for every unit. Stations work
    around the clock."""

    stations: int = Field(ge=1, le=10_000, description="parallel pick/pack stations")
    minutes_per_order: Duration = Field(description="time per order at a station")
    minutes_per_unit: float = Field(default=0.0, ge=0, description="extra minutes per unit in the order")


class NodeFees(Strict):
    """Fees a stock-holding node charges (own labour for a warehouse, the provider's tariff for a 3PL)."""

    per_order: float = Field(default=0.0, ge=0, description="fee per order fulfilled")
    per_unit: float = Field(default=0.0, ge=0, description="fee per unit fulfilled")
    storage_per_unit_day: float = Field(default=0.0, ge=0, description="fee per unit on hand per day")


class _Stocking(Strict):
    """What every stock-holding node has: a place, a source, fees."""

    name: Name = Field(description="the node's name")
    region: Name = Field(description="where the node is")
    replenish_from: Name = Field(description="a supplier, or another stock-holding node (multi-echelon)")
    transfer_days: Duration | None = Field(
        default=None, description="transit time of transfers when replenish_from names a node"
    )
    transfer_order_cost: float = Field(
        default=0.0, ge=0, description="fixed cost of each transfer order when replenish_from names a node"
    )
    fees: NodeFees = Field(default_factory=NodeFees, description="the node's fees")


class _StockNode(_Stocking):
    serves_customers: bool = Field(default=True, description="false for a purely upstream node")
    ships_with: str | None = Field(default=None, description="'carrier.service' for customer shipments")
    cutoff: Clock | None = Field(
        default=None, description="orders packed by this time leave with the day's pickup (default: pickup time)"
    )
    pick_pack: PickPack | None = Field(default=None, description="none: orders are ready instantly")

    _clock = field_validator("cutoff")(_check_clock)

    @model_validator(mode="after")
    def _ships_if_serving(self) -> _StockNode:
        if self.serves_customers and self.ships_with is None:
            raise ValueError("a node that serves customers needs ships_with: 'carrier.service'")
        if not self.serves_customers and (self.ships_with or self.cutoff or self.pick_pack):
            raise ValueError("a node with serves_customers: false takes no ships_with, cutoff or pick_pack")
        return self


class Store(_Stocking):
    """A shop: customers of its own region buy over the counter and take the goods with them.

    No pick/pack queue and no carrier: an order it serves is delivered the moment it is served, and
    a backordered one the moment stock arrives for it. It serves only its own region's customers.
    """

    kind: Literal["store"]


class Warehouse(_StockNode):
    """An own warehouse: stock, pick/pack stations, a daily cut-off."""

    kind: Literal["warehouse"]


class ThirdPartyLogistics(_StockNode):
    """A 3PL: like a warehouse run by a provider; received stock is usable `receiving_days` later."""

    kind: Literal["3pl"]
    receiving_days: float = Field(default=0.0, ge=0, description="received goods are usable this many days later")


class Marketplace(_StockNode):
    """Marketplace fulfilment (FBA-like): a referral fee on the price, an inbound delay, a storage cap."""

    kind: Literal["marketplace"]
    referral_fee_rate: float = Field(default=0.0, ge=0, lt=1, description="share of the price the marketplace keeps")
    inbound_days: float = Field(default=0.0, ge=0, description="received goods are usable this many days later")
    storage_cap_units: int | None = Field(
        default=None, ge=1, description="purchase orders are cut so on hand + on order stays within it"
    )


SkuScope = Literal["all"] | Annotated[list[Name], Field(min_length=1)]


class Dropship(Strict):
    """A supplier ships for us. Each order is accepted with probability `availability`."""

    kind: Literal["dropship"]
    name: Name = Field(description="the node's name")
    region: Name = Field(description="where the supplier ships from")
    skus: SkuScope = Field(default="all", description="SKUs it carries: 'all' or a list")
    availability: float = Field(default=1.0, gt=0, le=1, description="probability an order is accepted")
    handling_days: Duration = Field(description="order accepted → ready for pickup")
    fee_per_order: float = Field(default=0.0, ge=0, description="fee per order")
    unit_premium: float = Field(default=0.0, ge=0, description="added to the SKU's unit cost")
    ships_with: str = Field(description="'carrier.service' for its shipments")
    cutoff: Clock | None = Field(default=None, description="latest ready time for the day's pickup")

    _clock = field_validator("cutoff")(_check_clock)


class PrintOnDemand(Strict):
    """Make to order: a production line of `daily_capacity_units` a day, first come first served,
    then `production_days` of finishing before the order is ready to ship."""

    kind: Literal["print_on_demand"]
    name: Name = Field(description="the node's name")
    region: Name = Field(description="where it ships from")
    skus: SkuScope = Field(description="SKUs it can make: 'all' or a list")
    production_days: Duration = Field(description="finishing time after the line")
    daily_capacity_units: float = Field(gt=0, description="units the line makes per day")
    unit_cost: float | None = Field(
        default=None, gt=0, description="what one made unit costs us (default: the SKU's unit cost); plus unit_premium"
    )
    fee_per_order: float = Field(default=0.0, ge=0, description="fee per order")
    unit_premium: float = Field(default=0.0, ge=0, description="added to the SKU's unit cost")
    ships_with: str = Field(description="'carrier.service' for its shipments")
    cutoff: Clock | None = Field(default=None, description="latest ready time for the day's pickup")

    _clock = field_validator("cutoff")(_check_clock)


Node = Annotated[
    Warehouse | ThirdPartyLogistics | Marketplace | Store | Dropship | PrintOnDemand, Field(discriminator="kind")
]
STOCK_KINDS = ("warehouse", "3pl", "marketplace", "store")
VIRTUAL_KINDS = ("dropship", "print_on_demand")


# --------------------------------------------------------------------------------------------------
# Reorder rules and policies


class SS(Strict):
    """(s,S): when the inventory position is at or below s, order up to S.

    State s and S in units, or as days of the node's expected demand (`s_days`, `S_days`)."""

    kind: Literal["sS"]
    s: int | None = Field(default=None, ge=0)
    S: int | None = Field(default=None, ge=1)
    s_days: float | None = Field(default=None, ge=0)
    S_days: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one_form(self) -> SS:
        units = self.s is not None or self.S is not None
        days = self.s_days is not None or self.S_days is not None
        if units == days:
            raise ValueError("give either s and S (units) or s_days and S_days (days of demand)")
        if units:
            if self.s is None or self.S is None:
                raise ValueError("give both s and S")
            if not self.s < self.S:
                raise ValueError(f"s ({self.s}) must be below S ({self.S})")
        else:
            if self.s_days is None or self.S_days is None:
                raise ValueError("give both s_days and S_days")
            if not self.s_days < self.S_days:
                raise ValueError(f"s_days ({self.s_days}) must be below S_days ({self.S_days})")
        return self


class RQ(Strict):
    """(r,Q): when the inventory position is at or below r, order Q (as many Q as it takes to rise above r).

    State r and Q in units, or as days of the node's expected demand (`r_days`, `Q_days`)."""

    kind: Literal["rQ"]
    r: int | None = Field(default=None, ge=0)
    Q: int | None = Field(default=None, ge=1)
    r_days: float | None = Field(default=None, ge=0)
    Q_days: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one_form(self) -> RQ:
        units = self.r is not None or self.Q is not None
        days = self.r_days is not None or self.Q_days is not None
        if units == days:
            raise ValueError("give either r and Q (units) or r_days and Q_days (days of demand)")
        if units and (self.r is None or self.Q is None):
            raise ValueError("give both r and Q")
        if days and (self.r_days is None or self.Q_days is None):
            raise ValueError("give both r_days and Q_days")
        return self


class ServiceLevel(Strict):
    """Reorder point from a cycle-service-level target, ROP = d·L + z·√(L·σ_d² + d²·σ_L²),
    which is the textbook d·L + z·σ·√L when the lead time is fixed; order quantity EOQ = √(2DS/H)
    or a fixed number of units. Under periodic review the protection interval is L + R."""

    kind: Literal["service_level"]
    service_level: float = Field(gt=0, lt=1)
    order_quantity: Literal["eoq"] | Annotated[int, Field(ge=1)] = "eoq"


class BaseStock(Strict):
    """Base-stock: whenever the inventory position is below S, order up to S (one-for-one under
    continuous review; the order-up-to policy (R,S) under periodic review).

    State S in units, as days of the node's expected demand (`S_days`), or from a cycle service
    level over the lead time plus review period (`service_level`, normal approximation)."""

    kind: Literal["base_stock"]
    S: int | None = Field(default=None, ge=1, description="base-stock (order-up-to) level, units")
    S_days: float | None = Field(default=None, gt=0, description="the level in days of the node's expected demand")
    service_level: float | None = Field(
        default=None, gt=0, lt=1, description="size S for this cycle service level over lead time + review period"
    )

    @model_validator(mode="after")
    def _one_form(self) -> BaseStock:
        given = [k for k in ("S", "S_days", "service_level") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of S (units), S_days (days of demand) or service_level"
                + (f"; got {', '.join(given)}" if given else "")
            )
        return self


class FillRate(Strict):
    """(r,Q) with the reorder point sized for a target fill rate (share of units served from stock):
    the smallest r whose normal-approximation fill rate 1 − σ·[G((r−μ)/σ) − G((r+Q−μ)/σ)]/Q reaches
    `fill_rate`, over the lead time plus review period; Q is the EOQ or a fixed number of units."""

    kind: Literal["fill_rate"]
    fill_rate: float = Field(gt=0, lt=1, description="target share of units served from stock when ordered")
    order_quantity: Literal["eoq"] | Annotated[int, Field(ge=1)] = Field(
        default="eoq", description="Q: 'eoq' or a number of units"
    )


FORECAST_METHODS = ("moving_average", "exponential_smoothing", "seasonal")
_FORECAST_KEYS: dict[str, dict[str, float]] = {
    "moving_average": {"window_days": 28},
    "exponential_smoothing": {"alpha": 0.2},
    "seasonal": {"alpha": 0.2, "gamma": 0.1, "season_days": 7},
}


class Forecast(Strict):
    """Forecast-driven dynamic reorder point: each day the rule re-estimates demand from what its
    node has seen so far and sets s = ⌈forecast over L + R + z·σ̂·√(L + R)⌉, S = s + Q.

    `method` picks the forecaster; each method takes only its own parameters (defaults in brackets):
    `moving_average` — `window_days` [28]; `exponential_smoothing` — `alpha` [0.2];
    `seasonal` — `alpha` [0.2] (level), `gamma` [0.1] (seasonal indices), `season_days` [7]."""

    kind: Literal["forecast"]
    method: Literal["moving_average", "exponential_smoothing", "seasonal"] = Field(description="the forecaster")
    window_days: int | None = Field(default=None, ge=2, le=3650, description="moving_average: days averaged")
    alpha: float | None = Field(default=None, gt=0, le=1, description="smoothing constant of the level (0 < alpha ≤ 1)")
    gamma: float | None = Field(
        default=None, gt=0, le=1, description="seasonal: smoothing constant of the seasonal indices (0 < gamma ≤ 1)"
    )
    season_days: int | None = Field(
        default=None, ge=2, le=366, description="seasonal: days in one season (7 = weekdays)"
    )
    service_level: float = Field(default=0.95, gt=0, lt=1, description="cycle service level the reorder point aims at")
    order_quantity: Literal["eoq"] | Annotated[int, Field(ge=1)] = Field(
        default="eoq", description="Q: 'eoq' (from the current forecast level) or a number of units"
    )

    @model_validator(mode="before")
    @classmethod
    def _method_parameters(cls, data: object) -> object:
        if not isinstance(data, dict) or data.get("method") not in _FORECAST_KEYS:
            return data
        method = str(data["method"])
        own = _FORECAST_KEYS[method]
        for key in ("window_days", "alpha", "gamma", "season_days"):
            if data.get(key) is not None and key not in own:
                users = [m for m, keys in _FORECAST_KEYS.items() if key in keys]
                raise ValueError(
                    f"{key} does not apply to method {method} (it is a parameter of {' and '.join(users)}); "
                    f"{method} takes {', '.join(own)}"
                )
        return {**own, **{k: v for k, v in data.items() if v is not None}}


class CustomReorder(Strict):
    """Your own reorder rule, named by its Python path: `class: package.module:ClassName`, built as
    `ClassName.from_facts(facts, **params)` (or `ClassName(**params)` without `from_facts`).
    The module must be importable (installed, on PYTHONPATH, or under the current directory).
    See docs/policies/custom.md and examples/custom_policy/."""

    kind: Literal["custom"]
    class_path: str = Field(
        alias="class",
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$",
        description="'package.module:ClassName'",
    )
    params: dict[str, Any] = Field(default_factory=dict, description="keyword arguments for the class")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)


Reorder = Annotated[
    SS | RQ | ServiceLevel | BaseStock | FillRate | Forecast | CustomReorder, Field(discriminator="kind")
]


class ContinuousReview(Strict):
    """The inventory position is checked after every change."""

    kind: Literal["continuous"]


class PeriodicReview(Strict):
    """The inventory position is checked every `period_days`, at the start of the day."""

    kind: Literal["periodic"]
    period_days: int = Field(ge=1, le=3650)


Review = Annotated[ContinuousReview | PeriodicReview, Field(discriminator="kind")]


class ReorderOverride(Strict):
    """A different reorder rule for some SKUs, ABC classes or nodes, or any combination.

    It applies to every stocked (node, SKU) all of its lists match (a missing list matches all);
    where several overrides match one slot, the first listed wins.
    """

    skus: list[Name] | None = Field(default=None, min_length=1, description="the SKUs it applies to (default: all)")
    classes: list[Literal["A", "B", "C"]] | None = Field(
        default=None, min_length=1, description="the ABC classes (by expected revenue) it applies to (default: all)"
    )
    nodes: list[Name] | None = Field(
        default=None, min_length=1, description="the stock-holding nodes it applies to (default: all)"
    )
    reorder: Reorder = Field(description="their reorder rule")

    @model_validator(mode="after")
    def _names_something(self) -> ReorderOverride:
        if self.skus is None and self.classes is None and self.nodes is None:
            raise ValueError(
                "an override needs skus:, classes: or nodes: (or several); otherwise change the policy's reorder:"
            )
        return self


class InventoryFreePolicy(Strict):
    """Nothing is stocked: every order goes to the first virtual source (dropship, print-on-demand)
    in `virtual_sources` that carries the SKU and accepts the order; otherwise the sale is lost."""

    kind: Literal["inventory_free"]
    name: SimpleName = Field(description="the policy's name in results")
    routing: Routing | None = Field(default=None, description="this policy's routing (default: the scenario's)")
    virtual_sources: list[Name] | None = Field(
        default=None, description="default: every virtual node, in routing order"
    )


class PlacementForward(Strict):
    """A regional forward node and the customer regions whose demand it forecasts."""

    node: Name = Field(description="a stock node that replenishes from the central node")
    regions: list[Name] = Field(min_length=1, description="the regions whose observed demand drives its stock")


class Placement(Strict):
    """Predictive placement (docs/NETWORK.md): forward nodes are topped up from `central` every
    `review_days` to an order-up-to level from a forecast of their regions' observed demand,
    T = ⌈F·P + z·σ̂·√P⌉ (P = the transfer lead time + review period, z for `service_level`), instead
    of by the policy's reorder rule (which then sizes the other nodes). With `rebalance`, when the
    central node cannot cover the forward nodes' needs, forward nodes holding more than
    `rebalance_above` × their level send the surplus to those below it."""

    central: Name = Field(description="the stock node forward nodes replenish from")
    forward: list[PlacementForward] = Field(min_length=1, description="forward nodes and their regions")
    method: Literal["moving_average", "exponential_smoothing"] = Field(
        default="exponential_smoothing", description="how each region's daily demand is forecast"
    )
    window_days: int | None = Field(default=None, ge=2, le=3650, description="moving_average: days averaged [14]")
    alpha: float | None = Field(default=None, gt=0, le=1, description="exponential_smoothing: smoothing constant [0.3]")
    review_days: int = Field(default=1, ge=1, le=365, description="forward nodes are topped up every this many days")
    service_level: float = Field(default=0.95, gt=0, lt=1, description="z of the order-up-to level")
    rebalance: bool = Field(default=False, description="move surplus between forward nodes when central is short")
    rebalance_above: float = Field(
        default=1.5, gt=1, description="a forward node above this multiple of its level may give the surplus"
    )

    @model_validator(mode="after")
    def _method_parameters(self) -> Placement:
        if self.method == "moving_average" and self.alpha is not None:
            raise ValueError("alpha is for method exponential_smoothing; moving_average takes window_days")
        if self.method == "exponential_smoothing" and self.window_days is not None:
            raise ValueError("window_days is for method moving_average; exponential_smoothing takes alpha")
        return self


class StockedPolicy(Strict):
    """Every SKU is stocked at `stock_at` (default: every stock-holding node) and replenished by `reorder`.
    Unmet demand is backordered or lost as `service.unmet_demand` says."""

    kind: Literal["stocked"]
    name: SimpleName = Field(description="the policy's name in results")
    routing: Routing | None = Field(default=None, description="this policy's routing (default: the scenario's)")
    stock_at: list[Name] | None = Field(default=None, description="stock-holding nodes (default: all)")
    reorder: Reorder = Field(description="the reorder rule for every stocked SKU")
    review: Review = Field(
        default_factory=lambda: ContinuousReview(kind="continuous"), description="when rules are asked"
    )
    overrides: list[ReorderOverride] = Field(default_factory=list, description="other rules for some SKUs")
    placement: Placement | None = Field(
        default=None, description="predictive placement: forward nodes stocked by a regional forecast"
    )


class HybridPolicy(Strict):
    """Stock some SKUs (an explicit list, ABC classes by expected revenue, or the break-even rule),
    route the rest virtually,
    and, with `fallback_to_virtual`, send an order for a stocked SKU to a virtual source when no node
    has the whole order in stock."""

    kind: Literal["hybrid"]
    name: SimpleName = Field(description="the policy's name in results")
    routing: Routing | None = Field(default=None, description="this policy's routing (default: the scenario's)")
    stock_skus: list[Name] | None = Field(default=None, description="the SKUs to stock")
    stock_classes: list[Literal["A", "B", "C"]] | None = Field(default=None, description="or: the ABC classes to stock")
    stock_at: list[Name] | None = Field(default=None, description="stock-holding nodes (default: all)")
    reorder: Reorder = Field(description="the reorder rule for stocked SKUs")
    review: Review = Field(
        default_factory=lambda: ContinuousReview(kind="continuous"), description="when rules are asked"
    )
    overrides: list[ReorderOverride] = Field(default_factory=list, description="other rules for some SKUs")
    virtual_sources: list[Name] | None = Field(default=None, description="virtual nodes in order (default: all)")
    fallback_to_virtual: bool = Field(default=True, description="send stocked SKUs virtual when no node has the order")
    assign: Literal["break_even"] | None = Field(
        default=None,
        description="or: stock the SKUs whose expected cost per order is lower stocked than virtual (docs/DEMAND.md)",
    )

    @model_validator(mode="after")
    def _one_selector(self) -> HybridPolicy:
        given = [self.stock_skus is not None, self.stock_classes is not None, self.assign is not None]
        if sum(given) != 1:
            raise ValueError("give exactly one of stock_skus, stock_classes or assign: break_even")
        return self


Policy = Annotated[InventoryFreePolicy | StockedPolicy | HybridPolicy, Field(discriminator="kind")]


# --------------------------------------------------------------------------------------------------
# Costs, service, routing, the scenario


class Costs(Strict):
    """Cost rates not tied to one node."""

    holding_rate_per_year: float = Field(default=0.25, ge=0, le=2, description="capital cost × inventory value")
    lost_customer_rate: float = Field(
        default=0.37, ge=0, le=1, description="share of stocked-out customers who never return"
    )
    customer_lifetime_value: float = Field(default=0.0, ge=0, description="value of a customer's future purchases")


class Service(Strict):
    """What happens to demand a stocked node cannot serve."""

    unmet_demand: Literal["lost", "backorder"] = Field(
        default="lost", description="what happens to demand a node cannot serve"
    )


ROUTING_STRATEGIES = ("priority", "nearest", "cheapest", "fastest", "score")


class ScoreWeights(Strict):
    """Weights of the `score` strategy, each turning one criterion into money per order, so that
    score = per_delivery_day × expected delivery days + per_cost × landed cost
    + per_late_probability × (1 − carrier on-time probability) + per_backlog_day × node backlog days.
    The lowest score wins (docs/ROUTING.md)."""

    per_delivery_day: float = Field(default=2.0, ge=0, description="money per expected delivery day")
    per_cost: float = Field(default=1.0, ge=0, description="weight of the landed cost per order")
    per_late_probability: float = Field(
        default=10.0, ge=0, description="money per unit of late probability (1 − carrier on-time probability)"
    )
    per_backlog_day: float = Field(default=2.0, ge=0, description="money per day of the node's current backlog")


class Routing(Strict):
    """How order management picks a node (docs/ROUTING.md). Stock nodes are tried before virtual
    sources; `strategy` orders each group. `priority`: the `priority` list, then the rest in
    declaration order. `nearest`: by zone from the customer's region. `cheapest`: by landed cost per
    order. `fastest`: by the promised delivery days (averaged over a week of order times).
    `score`: by a weighted score (`weights`); stock nodes are re-ranked per order with each node's
    next pickup after its cut-off and its backlog. Ties go by the priority order. Delivery promises are the `promise_quantile` of the route's transit time,
    counted from the expected ship date."""

    strategy: Literal["priority", "nearest", "cheapest", "fastest", "score"] = Field(
        default="nearest", description="how nodes are ordered"
    )
    priority: list[Name] | None = Field(default=None, description="node names in order of preference")
    promise_quantile: float = Field(
        default=0.9, gt=0, lt=1, description="quantile of handling and transit times the promise is made at"
    )
    weights: ScoreWeights = Field(default_factory=ScoreWeights, description="the score strategy's weights")
    split_shipments: bool = Field(
        default=False,
        description="when no stock node has the whole order: take what the best node has, the rest from the next",
    )


class Conversion(Strict):
    """Conversion elasticity: each customer has a tolerance (days from order to promised delivery),
    drawn from the order's own uniform; a customer whose promise exceeds it walks away (no sale)."""

    tolerance_days: Duration = Field(description="distribution of customers' tolerated delivery days")


# --------------------------------------------------------------------------------------------------
# Demand history (trace replay; docs/DEMAND.md)


class HistoryColumns(Strict):
    """Which header of the file holds each field. Required fields default to their own name; the
    optional ones (`region`, `order_lines`, `unit_price`, `store_open`) are used when the file has a
    column of that name, or must exist when named here."""

    timestamp: str = Field(
        default="timestamp", min_length=1, description="order_lines format: when the line was ordered"
    )
    date: str = Field(default="date", min_length=1, description="daily format: the day, YYYY-MM-DD")
    sku: str = Field(default="sku", min_length=1, description="the SKU code")
    region: str | None = Field(default=None, description="the customer region (optional in a one-region scenario)")
    quantity: str = Field(default="quantity", min_length=1, description="units ordered (whole, at least 0)")
    order_lines: str | None = Field(default=None, description="daily format: how many order lines make the quantity")
    unit_price: str | None = Field(default=None, description="price paid per unit (analysis revenue)")
    store_open: str | None = Field(default=None, description="daily format: 1 if the store was open that date, else 0")


class StoreCalendar(Strict):
    """Days the store takes no orders (besides a `store_open` column): demand on them is an error, and
    statistics per open day skip them."""

    closed_weekdays: list[Weekday] = Field(default_factory=list, description="weekdays the store is always closed")
    closed_dates: list[dt.date] = Field(default_factory=list, description="other closed dates (holidays)")


class Bootstrap(Strict):
    """Replications after the first replay a resampled history: the replay window is cut into blocks of
    `block_days` (aligned at day 0) and each block is replaced by a block drawn with replacement from
    the blocks at most `window_blocks` away (all blocks when null), the same draw for every SKU and
    region. Replication 0 always replays the history exactly."""

    block_days: int = Field(default=7, ge=1, le=366, description="length of a resampled block (7: whole weeks)")
    window_blocks: int | None = Field(
        default=4, ge=0, description="draw each block from this many blocks either side (null: from all)"
    )


class DemandHistorySource(Strict):
    """A demand history file replayed by the SKUs whose demand is `{kind: history}`: order lines
    (timestamp, sku, region, quantity) or daily demand (date, sku, region, quantity[, order_lines]).

    Day 0 of the simulation is `start_date`; rows before it are the fitting window for planning
    estimates (reorder points, EOQ, ABC, break-even), rows in [start_date, start_date + horizon) are
    replayed, later rows are ignored."""

    path: str = Field(min_length=1, description="CSV file, relative to the scenario file")
    format: Literal["auto", "daily", "order_lines"] = Field(
        default="auto", description="auto: order_lines if the file has the timestamp column, else daily"
    )
    columns: HistoryColumns = Field(default_factory=HistoryColumns, description="header names, when they differ")
    delimiter: str = Field(default=",", min_length=1, max_length=1, description="field separator")
    sku_map: dict[str, Name] = Field(default_factory=dict, description="file SKU code → scenario SKU id")
    region_map: dict[str, Name] = Field(default_factory=dict, description="file region → scenario region")
    unknown_skus: Literal["error", "ignore"] = Field(
        default="error", description="rows of SKUs not in the catalogue: an error, or dropped"
    )
    calendar: StoreCalendar = Field(default_factory=StoreCalendar, description="closed weekdays and dates")
    arrivals: Literal["uniform", "even"] = Field(
        default="uniform",
        description="daily format: a day's order lines arrive at uniform random times (from the demand stream) "
        "or evenly spaced",
    )
    fit_days: int | None = Field(
        default=None, ge=1, description="fit planning estimates on this many days before start_date (default: all)"
    )
    bootstrap: Bootstrap | None = Field(default=None, description="resample blocks for replications after the first")

    @field_validator("path")
    @classmethod
    def _relative_to_scenario(cls, v: str, info: ValidationInfo) -> str:
        base = (info.context or {}).get("scenario_dir") if isinstance(info.context, dict) else None
        if base is None or Path(v).is_absolute():
            return v
        return str((Path(base) / v).resolve())


# --------------------------------------------------------------------------------------------------
# Returns, disruptions, warm start (issue 4, nodes half; docs/NETWORK.md)


class ReturnTerms(Strict):
    """Return terms of some SKUs, replacing the scenario-wide `rate` and `delay_days`."""

    rate: float = Field(ge=0, le=1, description="probability a delivered parcel of this SKU comes back")
    delay_days: Duration | None = Field(
        default=None, description="delivery → return received at the node (default: the scenario-wide delay)"
    )


class Returns(Strict):
    """Customer returns. Each delivered parcel comes back whole with probability `rate` (per SKU with
    `by_sku`), `delay_days` after delivery, decided by the order's own uniforms (common random numbers
    across policies). A returned parcel is refunded (`refund_rate` × price × units), costs
    `shipping_cost_per_return`, and is restocked (at `restock_at`, or the node that shipped it) or
    written off. See docs/NETWORK.md."""

    rate: float = Field(ge=0, le=1, description="probability a delivered parcel comes back (every SKU not in by_sku)")
    delay_days: Duration = Field(description="delivery → return received at the node, calendar days")
    by_sku: dict[Name, ReturnTerms] = Field(default_factory=dict, description="SKU id → its own return terms")
    refund_rate: float = Field(default=1.0, ge=0, le=1, description="share of the price refunded per returned unit")
    shipping_cost_per_return: float = Field(default=0.0, ge=0, description="carrier charge per returned parcel")
    disposition: Literal["restock", "write_off"] = Field(
        default="restock", description="restock sellable returns, or write every return off"
    )
    restock_at: Name | None = Field(
        default=None, description="stock-holding node that takes returns back (default: the node that shipped it)"
    )
    write_off_rate: float = Field(
        default=0.0, ge=0, le=1, description="share of returned parcels unsellable (written off even under restock)"
    )


DayOrDate = float | dt.date
"""A point in time: days after `start_date` (0 = midnight of day 0), or a date (its midnight)."""


class Window(Strict):
    """A half-open time window [start, end): from `start` up to, not including, `end`."""

    start: DayOrDate = Field(description="first instant inside: days after start_date, or a date")
    end: DayOrDate = Field(description="first instant after the window: days after start_date, or a date")


class RandomOutages(Strict):
    """Outages at random: up-times exponential with mean `mtbf_days`, repairs exponential with mean
    `mttr_days`, drawn from the stream ("outage", supplier) at the start of each replication."""

    mtbf_days: float = Field(gt=0, description="mean time between failures (up-time), days")
    mttr_days: float = Field(gt=0, description="mean time to repair (down-time), days")


class SupplierOutage(Strict):
    """A supplier cannot start purchase orders inside its outage windows."""

    supplier: Name = Field(description="the supplier's name")
    windows: list[Window] = Field(default_factory=list, description="scheduled outages")
    random: RandomOutages | None = Field(default=None, description="outages at random (added to the scheduled ones)")

    @model_validator(mode="after")
    def _some(self) -> SupplierOutage:
        if not self.windows and self.random is None:
            raise ValueError("give windows, random, or both")
        return self


class NodeClosure(Strict):
    """A node does no picking, shipping or receiving inside its closure windows."""

    node: Name = Field(description="the node's name")
    windows: list[Window] = Field(min_length=1, description="closure windows")


class Disruptions(Strict):
    """Supplier outages and node closures (carrier delays: see docs/ROUTING.md)."""

    supplier_outages: list[SupplierOutage] = Field(default_factory=list, description="per supplier")
    node_closures: list[NodeClosure] = Field(default_factory=list, description="per node")


class InitialState(Strict):
    """Start from an operational snapshot instead of each slot's planned initial level (warm start):
    on hand per node × SKU, open purchase orders with their ETAs, open backorders. Format and
    semantics: docs/NETWORK.md."""

    path: str = Field(min_length=1, description="snapshot file (.csv, .yaml or .yml), relative to the scenario file")

    @field_validator("path")
    @classmethod
    def _relative_to_scenario(cls, v: str, info: ValidationInfo) -> str:
        base = (info.context or {}).get("scenario_dir") if isinstance(info.context, dict) else None
        if base is None or Path(v).is_absolute():
            return v
        return str((Path(base) / v).resolve())


# Sweeps (run with `supplysim sweep`; see docs/EXPERIMENTS.md)

SWEEP_PATH = re.compile(r"^[^.\s=,]+(\.[^.\s=,]+)*$")
"""A dotted path as `--set` takes it: keys, list indices or item names (`policies.stocked.reorder.s`)."""

SWEEP_METHODS = ("grid", "latin_hypercube", "random")


class SweepRange(Strict):
    """A numeric range for a swept parameter: `steps` evenly spaced values (grid), or draws
    (latin_hypercube, random) uniform on [low, high], whole numbers only with `integer: true`."""

    low: float
    high: float
    steps: int | None = Field(default=None, ge=2, le=100_000, description="grid only: number of evenly spaced values")
    integer: bool = Field(default=False, description="whole numbers only (grid values are rounded)")

    @model_validator(mode="after")
    def _ordered(self) -> SweepRange:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low:g}) must be below high ({self.high:g})")
        if self.integer and (not float(self.low).is_integer() or not float(self.high).is_integer()):
            raise ValueError("an integer range needs whole-number low and high")
        return self


def _values_or_range(value: Any) -> str | None:
    if isinstance(value, list):
        return "list[values]"
    if isinstance(value, dict | SweepRange):
        return "range[low, high]"
    return None


# A list is a list of values and a mapping is a range; anything else gets one clear message. (The
# tags are written like generics, `list[…]`, which the loader leaves out of key paths.)
SweepValues = Annotated[
    Annotated[Annotated[list[Any], Field(min_length=1)], Tag("list[values]")]
    | Annotated[SweepRange, Tag("range[low, high]")],
    Discriminator(
        _values_or_range,
        custom_error_type="sweep_values",
        custom_error_message="give a list of values, e.g. [0.9, 0.95, 0.98], or a range, e.g. {low: 0.8, high: 0.99, steps: 5}",
    ),
]


class Sweep(Strict):
    """Parameters to vary, each a dotted path (as `--set` takes it) with a list of values or a range.

    `grid` runs every combination (ranges need `steps`); `latin_hypercube` and `random` draw
    `samples` points from their own `seed`: ranges uniformly, lists as equally likely choices.
    Every point runs every policy for the same replications (common random numbers).
    """

    method: Literal["grid", "latin_hypercube", "random"] = "grid"
    parameters: dict[str, SweepValues] = Field(min_length=1, description="dotted path → values or range")
    samples: int | None = Field(default=None, ge=1, le=1_000_000, description="latin_hypercube and random only")
    seed: int = Field(default=0, ge=0, lt=2**63, description="seed of the sampling design (not of the runs)")

    @field_validator("parameters")
    @classmethod
    def _not_meta(cls, v: dict[str, Any]) -> dict[str, Any]:
        for path in v:
            if not SWEEP_PATH.match(path):
                raise ValueError(
                    f"{path!r} is not a dotted path; write it as --set takes it, e.g. policies.stocked.reorder.s"
                )
            if path.split(".")[0] in ("sweep", "extends"):
                raise ValueError(f"{path!r}: the sweep cannot vary `sweep` or `extends`")
        return v

    @model_validator(mode="after")
    def _method_fits(self) -> Sweep:
        ranges = {p: r for p, r in self.parameters.items() if isinstance(r, SweepRange)}
        if self.method == "grid":
            if self.samples is not None:
                raise ValueError("samples is for method latin_hypercube or random; a grid runs every combination")
            missing = [p for p, r in ranges.items() if r.steps is None]
            if missing:
                raise ValueError(f"a grid range needs steps (how many values): {', '.join(missing)}")
        else:
            if self.samples is None:
                raise ValueError(f"method {self.method} needs samples (how many points to draw)")
            stepped = [p for p, r in ranges.items() if r.steps is not None]
            if stepped:
                raise ValueError(f"steps is for method grid; {self.method} draws from the range: {', '.join(stepped)}")
        return self


class Scenario(Strict):
    """A whole what-if world and the policies to compare in it."""

    name: SimpleName = Field(description="names the results folder")
    description: str = Field(default="", description="free text for the report")
    start_date: dt.date = Field(default=dt.date(2025, 1, 6), description="day 0 (a Monday by default)")
    horizon_days: float = Field(gt=0, le=36_500, description="demand arrives in [0, horizon)")
    warmup_days: float = Field(default=0.0, ge=0, description="statistics start at this day")
    replications: int = Field(default=10, ge=1, le=100_000, description="replications per policy (--reps)")
    seed: int = Field(default=0, ge=0, lt=2**63, description="root random seed (--seed)")
    regions: list[Region] = Field(min_length=1, description="customer regions")
    zones: list[Zone] = Field(default_factory=list, description="carrier zones between regions")
    skus: list[Sku] = Field(default_factory=list, description="the explicit catalogue")
    long_tail: LongTail | None = Field(default=None, description="a generated tail of slow movers")
    seasonality: Seasonality = Field(default_factory=Seasonality, description="weekday and month demand factors")
    suppliers: list[Supplier] = Field(default_factory=list, description="who sells stock to nodes")
    nodes: list[Node] = Field(min_length=1, description="fulfilment nodes of every kind")
    carriers: list[Carrier] = Field(
        default_factory=list, description="parcel carriers and their services (none if only stores serve customers)"
    )
    costs: Costs = Field(default_factory=Costs, description="cost rates not tied to a node")
    service: Service = Field(default_factory=Service, description="backorders or lost sales")
    routing: Routing = Field(default_factory=Routing, description="how orders find a node")
    conversion: Conversion | None = Field(
        default=None, description="customers walk away when the promise exceeds their tolerance (docs/ROUTING.md)"
    )
    demand_history: DemandHistorySource | None = Field(
        default=None, description="the history file replayed by SKUs with demand {kind: history}"
    )
    returns: Returns | None = Field(default=None, description="customer returns (none by default)")
    disruptions: Disruptions | None = Field(default=None, description="supplier outages and node closures")
    initial_state: InitialState | None = Field(default=None, description="warm start from an operational snapshot")
    policies: list[Policy] = Field(min_length=1, description="the policies to compare")
    sweep: Sweep | None = Field(
        default=None, description="parameters to vary: run with `supplysim sweep` (compare and run refuse it)"
    )

    @model_validator(mode="after")
    def _window(self) -> Scenario:
        if self.warmup_days >= self.horizon_days:
            raise ValueError(f"warmup_days ({self.warmup_days:g}) must be below horizon_days ({self.horizon_days:g})")
        if not self.skus and self.long_tail is None:
            raise ValueError("the catalogue is empty: give skus, a long_tail, or both")
        return self

    def policy(self, name: str) -> InventoryFreePolicy | StockedPolicy | HybridPolicy:
        """The policy called `name` (KeyError with the known names otherwise)."""
        for p in self.policies:
            if p.name == name:
                return p
        raise KeyError(f"no policy named {name!r}; the scenario has {[p.name for p in self.policies]}")
