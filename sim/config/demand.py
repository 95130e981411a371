"""Scenario schema, demand side: regions and zones, the catalogue (SKUs, a long tail), demand kinds, seasonality."""

from __future__ import annotations

import math
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, field_validator, model_validator

from sim.base.distributions import Continuous, Count, Fixed, Quantity
from sim.base.limits import MAX_MARKUP
from sim.config.common import Name, Strict


class Region(Strict):
    """A customer region. Each SKU's demand is split across regions by `demand_share`."""

    name: Name = Field(description="the region's name, used by nodes, suppliers and zones")
    demand_share: float = Field(gt=0, description="relative share of every SKU's demand (normalised to 1)")


class Zone(Strict):
    """The carrier zone between two regions (symmetric). Same-region shipping is zone 1 unless listed."""

    between: tuple[Name, Name] = Field(description="two region names (either order)")
    zone: int = Field(ge=1, le=99, description="the zone number carrier rates are quoted for")


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
    name: str = Field(default="", max_length=200, description="a readable name (reports only)")
    category: Name | None = Field(
        default=None, description="the SKU's category: promotions and seasonality profiles can name it"
    )
    tags: list[Name] = Field(default_factory=list, description="labels promotions and profiles can name")
    profile: Name | None = Field(
        default=None, description="the seasonality profile (profiles:) of this SKU's demand (docs/DEMAND.md)"
    )


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

    @model_validator(mode="after")
    def _every_sku_gets_demand(self) -> LongTail:
        """The generated SKUs must be valid SKUs (docs/LIMITS.md): the least popular one needs a
        positive, finite rate, and prices stay finite."""
        rank = np.arange(1, self.count + 1, dtype=float)
        with np.errstate(all="ignore"):
            shares = rank ** (-self.popularity_exponent)
            least = float(self.orders_per_day_total * shares[-1] / shares.sum())
        if not (math.isfinite(least) and least > 0):
            raise ValueError(
                f"the least popular of {self.count} tail SKUs would get {least:g} orders per day; "
                "raise orders_per_day_total or lower popularity_exponent"
            )
        if self.price_markup > MAX_MARKUP:
            raise ValueError(f"price_markup {self.price_markup:g} is over {MAX_MARKUP:g} (docs/LIMITS.md)")
        return self


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
        if not sum(v) > 0:  # also false for NaN
            raise ValueError("at least one factor must be positive")
        return v
