"""Scenario schema, operations around the flow of orders: returns, disruptions, warm start (docs/NETWORK.md)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator

from sim.base.distributions import Duration
from sim.config.common import Name, Strict, relative_to_scenario


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

    _relative = field_validator("path")(relative_to_scenario)
