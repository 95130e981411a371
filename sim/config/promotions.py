"""Scenario schema, planned events: promotions (`promotions:`) with a pre-announcement ramp and a
pull-forward dip. How they turn into daily rate factors: sim.network.demand_plan, docs/DEMAND.md §11.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from sim.config.common import Name, Strict


class PullForward(Strict):
    """Customers who bought early: for `days` days after the window the rate is × `factor` (< 1)."""

    factor: float = Field(ge=0, lt=1, description="rate multiplier after the window (0.7 = 30 % dip)")
    days: int = Field(ge=1, le=366, description="how many days the dip lasts")


class Promotion(Strict):
    """A window of extra demand on some SKUs (by id, category or tag; all SKUs when none is named)
    in some regions (all when none is named): either × `uplift` or + `added_units_per_day`."""

    name: Name = Field(description="the promotion's name (messages and reports)")
    start: dt.date = Field(description="first day of the window (YYYY-MM-DD)")
    end: dt.date = Field(description="last day of the window, inclusive (YYYY-MM-DD)")
    uplift: float | None = Field(default=None, gt=0, le=1000, description="rate multiplier in the window (1.5 = +50 %)")
    added_units_per_day: float | None = Field(
        default=None, gt=0, le=1e9, description="extra units per day per SKU (all named regions together)"
    )
    skus: list[Name] = Field(default_factory=list, description="SKU ids on promotion")
    categories: list[Name] = Field(default_factory=list, description="categories on promotion")
    tags: list[Name] = Field(default_factory=list, description="tags on promotion")
    regions: list[Name] = Field(default_factory=list, description="regions where it runs (default: all)")
    ramp_days: int = Field(
        default=0,
        ge=0,
        le=366,
        description="pre-announcement ramp: over this many days before `start` the uplift builds up linearly",
    )
    pull_forward: PullForward | None = Field(default=None, description="the dip after the window")

    @model_validator(mode="after")
    def _one_effect(self) -> Promotion:
        if (self.uplift is None) == (self.added_units_per_day is None):
            raise ValueError(f"promotion {self.name!r}: give exactly one of uplift or added_units_per_day")
        if self.end < self.start:
            raise ValueError(f"promotion {self.name!r}: end {self.end} is before start {self.start}")
        return self
