"""How KPIs are shown: which columns, their labels, and number formats. Shared by every report.

One spec, so the terminal table and the HTML report cannot drift apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    metric: str
    label: str
    unit: str  # "%" (a share shown as percent), "days", "money", "units"
    decimals: int

    def value(self, x: float) -> str:
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return "–"
        if self.unit == "%":
            return f"{100 * x:.{self.decimals}f}"
        return f"{x:,.{self.decimals}f}"

    def interval(self, mean: float, low: float, high: float) -> str:
        """'96.04 [95.93, 96.14]' (the unit is in the header)."""
        if isinstance(low, float) and math.isnan(low):
            return self.value(mean)
        return f"{self.value(mean)} [{self.value(low)}, {self.value(high)}]"

    def plus_minus(self, mean: float, low: float, high: float) -> str:
        """'96.04 ± 0.11': the t interval is symmetric, so this is the same interval, shorter."""
        if isinstance(low, float) and math.isnan(low):
            return self.value(mean)
        return f"{self.value(mean)} ± {self.value((high - low) / 2)}"

    @property
    def header(self) -> str:
        unit = {"%": "%", "days": "days", "money": "", "units": "units"}[self.unit]
        return f"{self.label} ({unit})" if unit else self.label


KPI_TABLE = (
    Column("fill_rate_units", "fill rate, units", "%", 2),
    Column("cost_per_order", "cost per order", "money", 2),
    Column("delivery_days_p90", "delivery p90", "days", 2),
    Column("fill_rate_orders", "fill rate, orders", "%", 2),
    Column("delivery_days_mean", "delivery mean", "days", 2),
    Column("on_time_rate", "on time", "%", 1),
    Column("avg_inventory_value", "avg inventory value", "money", 0),
)
"""The KPI table: headline metrics first (fill rate, cost, speed), then context."""

DIFFERENCE_METRICS = ("fill_rate_units", "cost_per_order", "delivery_days_p90")
