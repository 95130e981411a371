"""Trace replay: a demand history turned into the orders the simulator places, and the block bootstrap.

Pure numpy. The simulation's day 0 is the scenario's `start_date`; the *replay window* is days
[0, ⌈horizon⌉) and must lie inside the history. For each (region, SKU) stream the window's rows
become a `Trace` — one entry per customer order:

* **order_lines**: each line is one order of its quantity at its own timestamp (to the second);
* **daily**: a day's quantity *q* arrives as *n* order lines (the `order_lines` column; without it,
  one line) of ⌊q/n⌋ or ⌈q/n⌉ units (the first q mod n lines get the extra unit), at uniform random
  times of the day drawn from the stream's own generator (`arrivals: uniform`, as `daily_units`
  does) or evenly spaced at (k + ½)/n of the day (`arrivals: even`).

Either way the units per (day, SKU, region) equal the file's exactly. With `orders: by_invoice`
(order lines only), lines sharing an invoice with other lines leave the streams' traces and form
one multi-line order each (sim.history.whole_orders); the fitted estimates still count every line.

**Bootstrap** (`Bootstrap`): replication 0 replays the window as it was. Replication r > 0 maps
each block of `block_days` target days to a source block drawn uniformly, with replacement, from
the whole blocks of the window at most `window_blocks` away (all whole blocks when None), using the
replication's generator `("demand_history", "blocks")` — one draw for all streams, so SKUs and
regions keep their joint week-by-week behaviour and every policy sees the same resampled demand
(common random numbers). A trailing partial block takes the first days of its drawn block. With
`block_days` a multiple of 7 every day keeps its weekday. Closed days travel with their block.

**Fitting**: planning estimates (mean and variance of daily units per calendar day, units per
order line, each region's share) come from the `fit_days` days before day 0 (all earlier history
by default); with no earlier history they come from the replay window itself (in-sample).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.base.timebase import DAY
from sim.history.table import DemandTable
from sim.history.whole_orders import BasketTrace, remap_baskets, whole_orders

IntArray = np.ndarray[tuple[int], np.dtype[np.int64]]


@dataclass(frozen=True)
class Trace:
    """One stream's orders in the replay window, sorted by (day, second).

    `second` is the time of day in seconds, or −1 where the time is drawn at run time."""

    day: IntArray
    second: IntArray
    units: IntArray


@dataclass(frozen=True)
class SkuFit:
    """Planning estimates of one SKU from the fitting window (all regions together)."""

    daily_units_mean: float
    daily_units_var: float
    units_per_order: float
    region_share: dict[str, float]
    fit_days: int
    in_sample: bool


@dataclass(frozen=True)
class Replay:
    """Everything the demand process needs to replay a history, built once per network."""

    traces: dict[tuple[str, str], Trace]  # by (region, sku id)
    n_days: int
    draw_times: bool
    block_days: int | None  # None: no bootstrap
    window_blocks: int | None
    fits: dict[str, SkuFit]
    baskets: BasketTrace | None = None  # orders: by_invoice — the multi-line orders (sim.history.whole_orders)

    def for_replication(self, rng: np.random.Generator | None) -> dict[tuple[str, str], Trace]:
        """The traces of one replication: as recorded when `rng` is None or there is no bootstrap,
        else block-resampled with `rng` (see the module docstring)."""
        if rng is None or self.block_days is None:
            return self.traces
        mapping = bootstrap_days(self.n_days, self.block_days, self.window_blocks, rng)
        return {key: remap(trace, mapping) for key, trace in self.traces.items()}

    def baskets_for_replication(self, rng: np.random.Generator | None) -> BasketTrace | None:
        """The multi-line orders of one replication: `rng` must be a fresh generator of the same
        stream `for_replication` was given, so both draw the same block mapping."""
        if self.baskets is None or rng is None or self.block_days is None:
            return self.baskets
        return remap_baskets(self.baskets, bootstrap_days(self.n_days, self.block_days, self.window_blocks, rng))


def window_problems(table: DemandTable, start: dt.date, horizon_days: float) -> list[tuple[tuple[str, ...], str]]:
    """Why the replay window [start, start + ⌈horizon⌉) does not fit the history, as (key path, message)."""
    cal = table.calendar
    n_days = math.ceil(horizon_days)
    out: list[tuple[tuple[str, ...], str]] = []
    if start < cal.first:
        out.append(
            (
                ("start_date",),
                f"start_date {start} is before the demand history's first date {cal.first}; "
                f"start on or after {cal.first}",
            )
        )
    elif start > cal.last:
        out.append(
            (("start_date",), f"start_date {start} is after the demand history's last date {cal.last}; start earlier")
        )
    else:
        last = start + dt.timedelta(days=n_days - 1)
        if last > cal.last:
            room = (cal.last - start).days + 1
            out.append(
                (
                    ("horizon_days",),
                    f"the replay window runs to {last} but the demand history ends on {cal.last}; "
                    f"set horizon_days to at most {room} (or start earlier)",
                )
            )
    return out


def split_orders(
    day: IntArray, second: IntArray, quantity: IntArray, lines: IntArray, arrivals: str
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Expand rows (q units in n lines) into orders: source row, day, second (−1 = draw), units.
    Order-line rows (second ≥ 0, n = 1) pass through; rows with q = 0 vanish."""
    n = np.where(quantity > 0, np.maximum(lines, 1), 0).astype(np.int64)
    total = int(n.sum())
    row = np.repeat(np.arange(len(n), dtype=np.int64), n)
    k = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(n) - n, n)  # the line's number within its row
    q, m = quantity[row], n[row]
    units = q // m + (k < q % m).astype(np.int64)
    sec = second[row].astype(np.int64)
    if arrivals == "even":
        daily = sec < 0
        sec[daily] = ((2 * k[daily] + 1) * DAY) // (2 * m[daily])
    return row, day[row].astype(np.int64), sec, units.astype(np.int64)


def build_replay(
    table: DemandTable,
    start: dt.date,
    horizon_days: float,
    regions: list[str],
    skus: list[str],
    arrivals: str,
    fit_days: int | None,
    block_days: int | None,
    window_blocks: int | None,
    by_invoice: bool = False,
) -> Replay:
    """Traces of every (region, SKU) stream in the window and each SKU's fitted estimates.
    The window must fit the history (see `window_problems`)."""
    n_days = math.ceil(horizon_days)
    offset = table.calendar.index(start)
    f = table.frame
    day = f["day"].to_numpy() - offset

    inside = (day >= 0) & (day < n_days)
    win = f[inside]
    row, o_day, o_sec, o_units = split_orders(
        day[inside], win["second"].to_numpy(), win["quantity"].to_numpy(), win["lines"].to_numpy(), arrivals
    )
    orders = pd.DataFrame(
        {
            "region": win["region"].to_numpy()[row],
            "sku": win["sku"].to_numpy()[row],
            "day": o_day,
            "second": o_sec,
            "units": o_units,
        }
    ).sort_values(["day", "second"], kind="stable")
    baskets = None
    if by_invoice:  # invoices of several lines become whole orders; one-line invoices stay one-SKU orders
        orders, baskets = whole_orders(orders, win["invoice"].to_numpy()[row][orders.index.to_numpy()])
    empty = np.zeros(0, dtype=np.int64)
    traces = {(r, s): Trace(empty, empty, empty) for r in regions for s in skus}
    for (r, s), part in orders.groupby(["region", "sku"], sort=False):
        traces[(str(r), str(s))] = Trace(
            part["day"].to_numpy(np.int64), part["second"].to_numpy(np.int64), part["units"].to_numpy(np.int64)
        )

    # Fitting window: [−fit_days, 0) of the history, or the replay window when nothing precedes it.
    earliest = -offset if fit_days is None else max(-offset, -fit_days)
    in_sample = earliest >= 0
    lo, hi = (0, n_days) if in_sample else (earliest, 0)
    in_fit = (day >= lo) & (day < hi)
    fits = _fit(f[in_fit].assign(day=day[in_fit] - lo), hi - lo, regions, skus, in_sample)
    draw = arrivals == "uniform" and table.format == "daily"
    return Replay(traces, n_days, draw, block_days, window_blocks, fits, baskets)


def _fit(rows: pd.DataFrame, n_days: int, regions: list[str], skus: list[str], in_sample: bool) -> dict[str, SkuFit]:
    """Per SKU: mean and (sample) variance of daily units over the `n_days` calendar days of `rows`,
    units per order line, and each region's share of the units (equal shares without any units)."""
    daily = rows.groupby(["sku", "day"])["quantity"].sum()
    totals = rows.groupby("sku")[["quantity", "lines"]].sum()
    by_region = rows.groupby(["sku", "region"])["quantity"].sum()
    out = {}
    for s in skus:
        values = np.zeros(n_days)
        if s in daily.index.get_level_values(0):
            part = daily.loc[s]
            values[part.index.to_numpy()] = part.to_numpy()
        total, lines = (float(v) for v in totals.loc[s].to_numpy()) if s in totals.index else (0.0, 0.0)
        if total > 0:
            share = {r: float(by_region.get((s, r), 0.0)) / total for r in regions}
        else:
            share = {r: 1.0 / len(regions) for r in regions}
        out[s] = SkuFit(
            daily_units_mean=float(values.mean()) if n_days else 0.0,
            daily_units_var=float(values.var(ddof=1)) if n_days > 1 else 0.0,
            units_per_order=total / lines if lines > 0 else 1.0,
            region_share=share,
            fit_days=n_days,
            in_sample=in_sample,
        )
    return out


def bootstrap_days(n_days: int, block_days: int, window_blocks: int | None, rng: np.random.Generator) -> IntArray:
    """Source day of every target day 0 … n_days − 1 under one block-bootstrap draw."""
    whole = n_days // block_days
    if whole == 0:
        raise ValueError(f"the bootstrap needs at least one whole block of {block_days} days in {n_days} days")
    blocks = -(-n_days // block_days)
    target = np.arange(blocks)
    if window_blocks is None:
        low = np.zeros(blocks, dtype=np.int64)
        high = np.full(blocks, whole - 1, dtype=np.int64)
    else:
        low = np.clip(target - window_blocks, 0, whole - 1)
        high = np.clip(target + window_blocks, 0, whole - 1)
        low = np.minimum(low, high)
    source = low + np.floor(rng.random(blocks) * (high - low + 1)).astype(np.int64)
    days = np.arange(n_days, dtype=np.int64)
    return np.asarray(source[days // block_days] * block_days + days % block_days, dtype=np.int64)


def remap(trace: Trace, mapping: IntArray) -> Trace:
    """The trace whose day t holds the orders of day `mapping[t]` of `trace`."""
    n_days = len(mapping)
    if len(trace.day) == 0:
        return trace
    counts = np.bincount(trace.day, minlength=n_days)[:n_days]
    starts = np.cumsum(counts) - counts
    take = counts[mapping]
    total = int(take.sum())
    index = np.repeat(starts[mapping] - (np.cumsum(take) - take), take) + np.arange(total)
    return Trace(
        np.repeat(np.arange(n_days, dtype=np.int64), take),
        trace.second[index],
        trace.units[index],
    )
