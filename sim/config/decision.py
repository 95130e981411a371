"""Scenario schema, the decision: what a recommendation must meet and which differences matter (docs/SCENARIO.md).

`decision:` is optional and changes no simulated number: it is read by the report
(sim.report.verdict) to pick the recommended policy and to word every difference.

* `constraints`: per KPI a lower (`min`) or upper (`max`) bound on a policy's mean, e.g.
  `fill_rate_units: {min: 0.98}`, `delivery_days_p90: {max: 5}`. None by default.
* `thresholds`: the smallest difference worth acting on per headline KPI, in the KPI's own unit
  (money per order, share, days). A difference counts as meaningful only when its paired 95 % CI
  lies wholly beyond the threshold; inside it, the report says "no meaningful difference".
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, model_validator

from sim.config.common import Strict

ConstraintMetric = Literal[
    "fill_rate_units",
    "fill_rate_orders",
    "cycle_service_level",
    "stockout_time_fraction",
    "delivery_days_mean",
    "delivery_days_p50",
    "delivery_days_p90",
    "delivery_days_p95",
    "on_time_rate",
    "cost_total",
    "cost_per_order",
    "avg_inventory_value",
    "dio_days",
]
CONSTRAINT_METRICS: tuple[str, ...] = get_args(ConstraintMetric)
"""The KPIs a constraint may bound (names as in summary.csv)."""

DEFAULT_THRESHOLDS = {"cost_per_order": 0.10, "fill_rate_units": 0.005, "delivery_days_p90": 0.25}
"""The smallest difference worth acting on when the scenario says nothing: 0.10 money per order,
half a point of fill rate, a quarter of a day of 90th-percentile delivery."""


class Bound(Strict):
    """A bound on one KPI's mean: `min` (at least) or `max` (at most), or both."""

    min: float | None = Field(default=None, description="the KPI's mean must be at least this")
    max: float | None = Field(default=None, description="the KPI's mean must be at most this")

    @model_validator(mode="after")
    def _some(self) -> Bound:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both (e.g. {min: 0.98})")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is above max ({self.max:g})")
        return self

    def holds(self, value: float) -> bool:
        """Whether a mean meets the bound."""
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def text(self, metric: str) -> str:
        """'fill_rate_units ≥ 0.98'."""
        parts = []
        if self.min is not None:
            parts.append(f"{metric} \u2265 {self.min:g}")
        if self.max is not None:
            parts.append(f"{metric} \u2264 {self.max:g}")
        return " and ".join(parts)


class Thresholds(Strict):
    """The smallest difference worth acting on, per headline KPI, in its own unit."""

    cost_per_order: float = Field(default=DEFAULT_THRESHOLDS["cost_per_order"], ge=0, description="money per order")
    fill_rate_units: float = Field(
        default=DEFAULT_THRESHOLDS["fill_rate_units"], ge=0, le=1, description="share (0.005 = half a point)"
    )
    delivery_days_p90: float = Field(
        default=DEFAULT_THRESHOLDS["delivery_days_p90"], ge=0, description="days of 90th-percentile delivery"
    )


class Decision(Strict):
    """What a recommended policy must meet, and which differences are worth acting on."""

    constraints: dict[ConstraintMetric, Bound] = Field(
        default_factory=dict, description="per KPI, bounds the recommended policy's mean must meet"
    )
    thresholds: Thresholds = Field(
        default_factory=Thresholds, description="the smallest difference worth acting on per headline KPI"
    )

    def threshold(self, metric: str) -> float:
        """The threshold of a headline KPI (0 for any other)."""
        return float(getattr(self.thresholds, metric, 0.0))
