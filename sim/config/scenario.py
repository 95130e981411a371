"""Scenario schema, the root: `Scenario` ties every block together; cost rates and service terms."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import (
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from sim.base.limits import FIRST_YEAR, LAST_YEAR
from sim.config.baskets import Baskets
from sim.config.capacity import Capacity, ExtensionPath
from sim.config.carriers import Carrier
from sim.config.common import SimpleName, Strict
from sim.config.counts import count_errors
from sim.config.decision import Decision
from sim.config.demand import LongTail, Region, Seasonality, Sku, Zone
from sim.config.nodes import Node, Supplier
from sim.config.operations import Disruptions, InitialState, Returns
from sim.config.policies import HybridPolicy, InventoryFreePolicy, Policy, StockedPolicy
from sim.config.promotions import Promotion
from sim.config.routing import Conversion, Routing
from sim.config.seasonality import Profile
from sim.config.sweep import Sweep
from sim.history.spec import DemandHistorySource


class Costs(Strict):
    """Cost rates not tied to one node."""

    holding_rate_per_year: float = Field(default=0.25, ge=0, le=2, description="capital cost × inventory value")
    lost_customer_rate: float = Field(
        default=0.37, ge=0, le=1, description="share of stocked-out customers who never return"
    )
    customer_lifetime_value: float = Field(default=0.0, ge=0, description="value of a customer's future purchases")
    backorder_cost_per_unit: float = Field(
        default=0.0, ge=0, description="cost per unit of a counted order backordered (cost_backorder)"
    )
    backorder_cost_per_unit_day: float = Field(
        default=0.0, ge=0, description="cost per backordered unit per day it waits, in the window (cost_backorder)"
    )


class Service(Strict):
    """What happens to demand a stocked node cannot serve."""

    unmet_demand: Literal["lost", "backorder"] = Field(
        default="lost", description="what happens to demand a node cannot serve"
    )


class Scenario(Strict):
    """A whole what-if world and the policies to compare in it."""

    name: SimpleName = Field(description="names the results folder")
    description: str = Field(default="", description="free text for the report")
    start_date: dt.date = Field(default=dt.date(2025, 1, 6), description="day 0 (a Monday by default)")
    horizon_days: float = Field(gt=0, le=36_500, description="demand arrives in [0, horizon)")
    warmup_days: float = Field(
        default=0.0,
        ge=0,
        description="statistics start at this day; `auto`: chosen by MSER-5 on a pilot run (docs/EXPERIMENTS.md)",
        json_schema_extra=lambda schema: _number_or_auto(schema),
    )
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
    decision: Decision | None = Field(
        default=None,
        description="constraints and the smallest differences worth acting on, for the recommendation (docs/SCENARIO.md)",
    )
    sweep: Sweep | None = Field(
        default=None, description="parameters to vary: run with `supplysim sweep` (compare and run refuse it)"
    )
    baskets: Baskets | None = Field(
        default=None, description="multi-line orders on top of the SKUs' own demand (docs/DEMAND.md)"
    )

    promotions: list[Promotion] = Field(
        default_factory=list, description="planned demand uplifts with ramp and pull-forward (docs/DEMAND.md)"
    )
    profiles: list[Profile] = Field(
        default_factory=list, description="named per-SKU / per-category seasonality and trend (docs/DEMAND.md)"
    )
    capacity: Capacity | None = Field(
        default=None, description="finite capacity: pick/pack shifts, pickup, partner and supplier caps"
    )
    extensions: list[ExtensionPath] = Field(
        default_factory=list,
        description="'package.module:function' called with the model to add SimPy processes (needs --allow-code)",
    )

    _warmup_auto: bool = PrivateAttr(default=False)

    @model_validator(mode="wrap")
    @classmethod
    def _auto_warmup(cls, data: Any, handler: ModelWrapValidatorHandler[Scenario]) -> Scenario:
        """`warmup_days: auto` validates as 0 and is marked; `run`/`compare` replace it by the
        pilot's MSER-5 suggestion before simulating (sim.experiment.warmup.resolve_auto)."""
        auto = isinstance(data, dict) and isinstance(data.get("warmup_days"), str)
        auto = auto and data["warmup_days"].strip().lower() == "auto"
        if auto:
            data = {**data, "warmup_days": 0.0}
        scenario = handler(data)
        if auto:
            scenario._warmup_auto = True
        return scenario

    @field_validator("warmup_days", mode="before")
    @classmethod
    def _days_or_auto(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                raise ValueError("not a number of days nor auto; write e.g. 30, or auto") from None
        return value

    @model_validator(mode="before")
    @classmethod
    def _counts(cls, data: Any) -> Any:
        """SKU, node, region and demand-stream counts within their limits (sim.config.counts), before
        any SKU is built."""
        if isinstance(data, dict):
            errors = count_errors(data)
            if errors:
                raise ValidationError.from_exception_data(cls.__name__, errors)
        return data

    @field_validator("start_date")
    @classmethod
    def _sane_date(cls, value: dt.date) -> dt.date:
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValueError(f"outside the years {FIRST_YEAR}-{LAST_YEAR} (docs/LIMITS.md); correct the year")
        return value

    @property
    def warmup_auto(self) -> bool:
        """The scenario says `warmup_days: auto` and it has not been resolved yet."""
        return self._warmup_auto

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


def _number_or_auto(schema: dict[str, Any]) -> None:
    """The JSON Schema of `warmup_days`: a number of days (≥ 0) or the word `auto`."""
    number = {key: schema.pop(key) for key in ("type", "minimum") if key in schema}
    schema["anyOf"] = [number, {"const": "auto"}]
