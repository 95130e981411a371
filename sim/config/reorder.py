"""Scenario schema, replenishment: the reorder rules (the `Reorder` union) and review modes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import ConfigDict, Field, model_validator

from sim.base.kinds import REORDER_KINDS, check_kinds
from sim.config.common import Strict, kinds_of


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


ForecastMethod = Literal["moving_average", "exponential_smoothing", "seasonal"]
FORECAST_METHODS: tuple[str, ...] = get_args(ForecastMethod)
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
    method: ForecastMethod = Field(description="the forecaster")
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
    known_events: bool = Field(
        default=True,
        description="use the scenario's promotions and profiles as known future demand factors (docs/DEMAND.md §11)",
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
    The module must be importable (installed or on PYTHONPATH) and is imported only with --allow-code
    or SUPPLYSIM_ALLOW_CODE=1 (docs/TRUST.md).
    See docs/policies/custom.md and examples/custom_policy/."""

    kind: Literal["custom"]
    class_path: str = Field(
        alias="class",
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$",
        description="'package.module:ClassName'",
    )
    params: dict[str, Any] = Field(default_factory=dict, description="keyword arguments for the class")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)


class OneTimeBuy(Strict):
    """One-time buy (the newsvendor): stock `quantity` units once — at the start, or on `date` — never
    replenish, and salvage what is left at the end of the horizon at `salvage_value` per unit.
    Without `quantity`, the newsvendor quantity for the season's demand, the smallest q with
    P(D ≤ q) ≥ (price − unit cost)/(price − salvage_value) (docs/policies/one_time_buy.md)."""

    kind: Literal["one_time_buy"]
    quantity: int | None = Field(
        default=None, ge=1, description="units bought (default: the newsvendor quantity for the season)"
    )
    salvage_value: float = Field(
        default=0.0, ge=0, description="what a unit left at the end of the horizon fetches (at most the unit cost)"
    )
    date: dt.date | None = Field(
        default=None, description="the day the stock arrives (default: start_date); the slot is empty before"
    )


Reorder = Annotated[
    SS | RQ | ServiceLevel | BaseStock | FillRate | Forecast | CustomReorder | OneTimeBuy,
    Field(discriminator="kind"),
]
check_kinds("the scenario's Reorder union", kinds_of(Reorder), REORDER_KINDS)


class ContinuousReview(Strict):
    """The inventory position is checked after every change."""

    kind: Literal["continuous"]


class PeriodicReview(Strict):
    """The inventory position is checked every `period_days`, at the start of the day."""

    kind: Literal["periodic"]
    period_days: int = Field(ge=1, le=3650)


Review = Annotated[ContinuousReview | PeriodicReview, Field(discriminator="kind")]
