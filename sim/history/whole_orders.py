"""Whole-order replay (`orders: by_invoice`, docs/DEMAND.md): the replay window's invoices of several
lines as multi-line orders (baskets), each at its own time, in its region, with its lines in file
order (a SKU twice in one invoice is one line of both quantities). Invoices of one line stay one-SKU
orders in their stream's trace, exactly as without `by_invoice`. Pure pandas/numpy.

The bootstrap resamples these orders with the same day mapping as the streams (`remap_baskets`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

IntArray = np.ndarray[tuple[int], np.dtype[np.int64]]


@dataclass(frozen=True)
class BasketTrace:
    """The multi-line orders of the window, sorted by (day, second, first line's file order)."""

    day: IntArray
    second: IntArray
    region: tuple[str, ...]
    lines: tuple[tuple[tuple[str, int], ...], ...]  # per order: (sku id, units) per line


def whole_orders(orders: pd.DataFrame, invoice: np.ndarray[Any, Any]) -> tuple[pd.DataFrame, BasketTrace]:
    """Split the window's order lines (`orders`: region, sku, day, second, units, in time order;
    `invoice` per row) into the one-SKU orders that remain and the multi-line orders."""
    frame = orders.assign(invoice=invoice)
    size = frame.groupby("invoice", sort=False)["sku"].transform("nunique")
    multi = frame[size > 1]
    days: list[int] = []
    seconds: list[int] = []
    regions: list[str] = []
    lines: list[tuple[tuple[str, int], ...]] = []
    for _, part in multi.groupby("invoice", sort=False):
        merged: dict[str, int] = {}
        for sku, units in zip(part["sku"].tolist(), part["units"].tolist(), strict=True):
            merged[str(sku)] = merged.get(str(sku), 0) + int(units)
        days.append(int(part["day"].iloc[0]))
        seconds.append(int(part["second"].iloc[0]))
        regions.append(str(part["region"].iloc[0]))
        lines.append(tuple(merged.items()))
    order = sorted(range(len(days)), key=lambda i: (days[i], seconds[i]))
    trace = BasketTrace(
        np.asarray([days[i] for i in order], dtype=np.int64),
        np.asarray([seconds[i] for i in order], dtype=np.int64),
        tuple(regions[i] for i in order),
        tuple(lines[i] for i in order),
    )
    return orders[(size <= 1).to_numpy()], trace


def remap_baskets(trace: BasketTrace, mapping: IntArray) -> BasketTrace:
    """The orders whose day t holds those of day `mapping[t]` of `trace` (as sim.history.replay.remap)."""
    by_day: dict[int, list[int]] = {}
    for i, d in enumerate(trace.day.tolist()):
        by_day.setdefault(d, []).append(i)
    take = [(t, i) for t, source in enumerate(mapping.tolist()) for i in by_day.get(source, [])]
    return BasketTrace(
        np.asarray([t for t, _ in take], dtype=np.int64),
        np.asarray([trace.second[i] for _, i in take], dtype=np.int64),
        tuple(trace.region[i] for _, i in take),
        tuple(trace.lines[i] for _, i in take),
    )
