"""Scenario schema, per-SKU demand shape: named seasonality profiles and trends (`profiles:`).

A profile multiplies the daily demand rate of the SKUs it applies to, on top of the scenario-wide
`seasonality` (docs/DEMAND.md §11): a weekday list, a month list (each scaled to average 1, like
the scenario-wide lists), a daily curve read from a CSV (factors as written), and a linear or
multiplicative trend. A SKU gets a profile by naming it (`profile:` on the SKU, or the catalogue
file's `profile` column) or by the profile naming the SKU, its category or one of its tags.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from sim.config.common import Name, Strict, relative_to_scenario


class Trend(Strict):
    """A trend from day 0: `linear` multiplies day t's rate by 1 + per_year·t/365, `multiplicative`
    by (1 + per_year)^(t/365). A linear trend that would reach a negative rate stops at 0."""

    kind: Literal["linear", "multiplicative"] = Field(description="linear or compound growth")
    per_year: float = Field(gt=-1, le=100, description="growth per year: 0.2 = +20 % a year, -0.1 = -10 % a year")


class Profile(Strict):
    """A named demand shape. Every part is optional; the parts multiply."""

    name: Name = Field(description="the profile's name, used by SKUs' `profile` and catalogue files")
    weekday: list[float] | None = Field(
        default=None, min_length=7, max_length=7, description="Mon…Sun factors (scaled to average 1)"
    )
    month: list[float] | None = Field(
        default=None, min_length=12, max_length=12, description="Jan…Dec factors (scaled to average 1)"
    )
    daily_csv: str | None = Field(
        default=None,
        description="CSV with columns date,factor: YYYY-MM-DD (that day) or MM-DD (that day every year); "
        "days not listed keep factor 1; factors are used as written",
    )
    trend: Trend | None = Field(default=None, description="a linear or multiplicative trend from day 0")
    skus: list[Name] = Field(default_factory=list, description="SKU ids this profile applies to")
    categories: list[Name] = Field(default_factory=list, description="categories this profile applies to")
    tags: list[Name] = Field(default_factory=list, description="tags this profile applies to")

    _relative = field_validator("daily_csv")(relative_to_scenario)

    @field_validator("weekday", "month")
    @classmethod
    def _positive_mean(cls, v: list[float] | None) -> list[float] | None:
        if v is None:
            return v
        if any(x < 0 for x in v):
            raise ValueError("factors must be non-negative")
        if not sum(v) > 0:
            raise ValueError("at least one factor must be positive")
        return v

    @model_validator(mode="after")
    def _shapes_something(self) -> Profile:
        if self.weekday is None and self.month is None and self.daily_csv is None and self.trend is None:
            raise ValueError(f"profile {self.name!r} has no weekday, month, daily_csv or trend: give at least one")
        return self
