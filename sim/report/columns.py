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
    unit: str  # "%" (a share shown as percent), "days", "money", "units", or any other unit shown as is
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
        unit = {"%": "%", "days": "days", "money": "", "units": "units"}.get(self.unit, self.unit)
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


_PIPELINE_MEANS = (
    "units_on_order_mean",
    "units_in_transit_mean",
    "units_in_transit_inbound_mean",
    "units_in_transit_outbound_mean",
    "purchase_order_units_mean",
    "backorders_mean",
    "backorders_end_of_day_mean",
    "on_hand_end_of_day_mean",
    "wip_mean",
)
_RATES = ("fill_rate_units", "fill_rate_orders", "cycle_service_level", "stockout_time_fraction", "on_time_rate")


def column_for(metric: str) -> Column:
    """The display column of any KPI: its `KPI_TABLE` entry when it has one, else one inferred from the
    name (rates as %, `delivery_days_*` in days, costs, revenue and values as money, the rest plain)."""
    for column in KPI_TABLE:
        if column.metric == metric:
            return column
    label = metric.replace("_", " ")
    if metric == "backorder_days_share":
        return Column(metric, label, "%", 1)
    if metric == "backorder_wait_days_mean":
        return Column(metric, label, "days", 2)
    if metric.endswith("_mean") and metric in _PIPELINE_MEANS:  # time averages: fractions of a unit matter
        return Column(metric, label, "units", 1)
    if metric in _RATES:
        return Column(metric, label, "%", 2)
    if metric.startswith("delivery_days"):
        return Column(metric, label, "days", 2)
    if metric.startswith("cost_") or metric in ("revenue", "gross_margin", "avg_inventory_value"):
        return Column(metric, label, "money", 0)
    if metric == "dio_days":
        return Column(metric, label, "days", 1)
    if metric == "inventory_turnover":
        return Column(metric, label, "per year", 2)
    if metric == "orders":
        return Column(metric, label, "orders", 0)
    return Column(metric, label, "units", 0 if metric.startswith("units_") else 1)
