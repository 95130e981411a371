"""The models describing a demand history file: where it is, its columns, calendar and bootstrap.

They are part of the scenario (`demand_history:`; `sim.config.models` re-exports them) but live
here, before the config stage, because the history reader (`sim.history.table`) takes them.
See docs/DEMAND.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator

from sim.base.strict import Name, Strict, relative_to_scenario
from sim.base.timebase import Weekday


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
    invoice: str = Field(
        default="invoice", min_length=1, description="with orders: by_invoice, the order id lines share"
    )


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
    orders: Literal["lines", "by_invoice"] = Field(
        default="lines",
        description="order_lines format: each line is an order (lines), or lines sharing an invoice form one "
        "multi-line order at its own minute (by_invoice; docs/DEMAND.md)",
    )

    invoice_spread_minutes: int = Field(
        default=1,
        ge=0,
        le=1440,
        description="by_invoice: the lines of one invoice may be stamped up to this many minutes apart (keyed "
        "in across a minute); the order is placed at its first line's time; a wider spread is an error",
    )

    @model_validator(mode="after")
    def _invoices_need_lines(self) -> DemandHistorySource:
        if self.orders == "by_invoice" and self.format == "daily":
            raise ValueError("orders: by_invoice needs the order_lines format (a daily file has no invoices)")
        return self

    _relative = field_validator("path")(relative_to_scenario)
