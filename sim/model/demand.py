"""Customer demand: every (region, SKU) stream's orders, merged into one time-ordered process.

Each stream draws from its own named random stream, `("demand", region, sku)`, so every policy
in a comparison sees exactly the same orders (common random numbers), and adding a SKU or a
node leaves other streams alone. Orders are generated four weeks at a time:

* `poisson_orders`: a day's order count is Poisson with that day's rate (the stream's rate ×
  weekday factor × month factor; piecewise constant by day, so this is exactly a Poisson process
  with a daily-varying rate); order times are uniform within the day; sizes from `order_size`;
* `daily_units`: a day's units are the rounded draw (at least 0) × region share × factors, and
  arrive as single-unit orders at uniform times of the day;
* `history`: the stream's orders from the demand history (sim.history.replay), exactly as
  recorded in replication 0 and block-resampled in later replications when the history asks for a
  bootstrap (one draw per replication from the stream `("demand_history", "blocks")`, shared by
  every stream); times drawn uniformly within the day where the history has none. No seasonality,
  except a stream's own `day_factor` (promotions, profiles), which repeats or thins its recorded
  orders (sim.history.scaling).

A stream's `day_factor` (sim.network.demand_plan; None for most) multiplies its daily rate.

Times are whole seconds; orders at the same second are placed in stream order (region, then SKU).
Demand stops at the horizon: an order drawn at or after it is discarded (the horizon is exclusive).
The process yields once per distinct order time, not once per order.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np
import simpy

from sim.base.streams import Streams
from sim.base.timebase import DAY
from sim.history.replay import Trace
from sim.history.scaling import scale_trace
from sim.model.entities import PlaceFn
from sim.model.kernel import DEMAND, jump_to, wake_at
from sim.network.build import DemandStream, Network

CHUNK_DAYS = 28


def day_factors(network: Network, first_day: int, n_days: int) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Weekday × month seasonality for days first_day … first_day + n_days - 1."""
    day = np.arange(first_day, first_day + n_days)
    months = (np.datetime64(network.start_date) + day).astype("datetime64[M]").astype(np.int64) % 12
    weekdays = (network.start_date.weekday() + day) % 7
    factors = np.asarray(network.weekday_factor)[weekdays] * np.asarray(network.month_factor)[months]
    return np.asarray(factors, dtype=np.float64)


Arrays = tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]
"""One stream's orders of a chunk: times, stream ids, units, random keys."""


def generate_chunk(
    network: Network,
    rngs: list[np.random.Generator],
    first_day: int,
    n_days: int,
    traces: list[Trace | None] | None = None,
) -> tuple[list[int], list[int], list[int], list[int]]:
    """All orders of days [first_day, first_day + n_days), sorted by (time, stream):
    times, streams, units, and each order's 63-bit random key (see sim.base.streams).
    `traces[stream]` holds the replication's replayed orders of `history` streams."""
    factors = day_factors(network, first_day, n_days)
    day_start = (first_day + np.arange(n_days, dtype=np.int64)) * DAY
    chunks: list[Arrays] = []
    for stream, rng in zip(network.streams, rngs, strict=True):
        if stream.kind == "history":
            assert traces is not None
            trace = traces[stream.index]
            assert trace is not None
            chunk = _replayed(network, stream, trace, rng, first_day, n_days)
        else:
            f = factors if stream.day_factor is None else factors * stream.day_factor[first_day : first_day + n_days]
            chunk = _drawn(stream, rng, n_days, f, day_start)
        if chunk is not None:
            chunks.append(chunk)
    if not chunks:
        return [], [], [], []
    t, s, u, k = (np.concatenate(column) for column in zip(*chunks, strict=True))
    order = np.lexsort((s, t))
    return t[order].tolist(), s[order].tolist(), u[order].tolist(), k[order].tolist()


def _drawn(
    stream: DemandStream,
    rng: np.random.Generator,
    n_days: int,
    factors: np.ndarray[Any, np.dtype[np.float64]],
    day_start: np.ndarray[Any, Any],
) -> Arrays | None:
    """A `poisson_orders` or `daily_units` stream's orders of the chunk (None: no order)."""
    if stream.kind == "poisson_orders":
        counts = rng.poisson(stream.orders_per_day * factors)
        n = int(counts.sum())
        if n == 0:
            return None
        assert stream.order_size is not None
        sizes = np.rint(stream.order_size.sample(rng, n)).astype(np.int64)
        np.maximum(sizes, 1, out=sizes)
    else:
        assert stream.units_per_day is not None
        daily = stream.units_per_day.sample(rng, n_days) * stream.share * factors
        counts = np.maximum(np.rint(daily), 0).astype(np.int64)
        n = int(counts.sum())
        if n == 0:
            return None
        sizes = np.ones(n, dtype=np.int64)
    offsets = (rng.random(n) * DAY).astype(np.int64)
    times = np.repeat(day_start, counts) + offsets
    return times, np.full(n, stream.index, dtype=np.int64), sizes, rng.integers(0, 2**63 - 1, n, dtype=np.int64)


def _replayed(
    network: Network, stream: DemandStream, trace: Trace, rng: np.random.Generator, first_day: int, n_days: int
) -> Arrays | None:
    """A `history` stream's replayed orders of the chunk (None: no order)."""
    lo, hi = np.searchsorted(trace.day, (first_day, first_day + n_days))
    n = int(hi - lo)
    if n == 0:
        return None
    at = trace.day[lo:hi] * DAY
    if network.replay is not None and network.replay.draw_times:
        at = at + (rng.random(n) * DAY).astype(np.int64)
    else:
        at = at + trace.second[lo:hi]
    return (
        at,
        np.full(n, stream.index, dtype=np.int64),
        trace.units[lo:hi],
        rng.integers(0, 2**63 - 1, n, dtype=np.int64),
    )


def replication_traces(network: Network, streams: Streams) -> list[Trace | None] | None:
    """The replayed orders of every `history` stream in this replication (None without a history)."""
    replay = network.replay
    if replay is None:
        return None
    rng = streams.get("demand_history", "blocks") if streams.replication > 0 else None
    by_key = replay.for_replication(rng)
    out = [
        by_key[(network.regions[s.region], network.skus[s.sku].id)] if s.kind == "history" else None
        for s in network.streams
    ]
    for s in network.streams:  # promotions and profiles on replayed demand (sim.history.scaling)
        trace = out[s.index]
        if trace is not None and s.day_factor is not None:
            scale = streams.get("demand_scale", network.regions[s.region], network.skus[s.sku].id)
            out[s.index] = scale_trace(trace, s.day_factor, scale)
    return out


def customer_demand(
    env: simpy.Environment, network: Network, streams: Streams, place: PlaceFn
) -> Generator[simpy.Event, None, None]:
    """The SimPy process placing every customer order in [0, horizon)."""
    rngs = [streams.get("demand", network.regions[s.region], network.skus[s.sku].id) for s in network.streams]
    region_of = [s.region for s in network.streams]
    sku_of = [s.sku for s in network.streams]
    horizon = network.horizon_s
    total_days = -(-horizon // DAY)
    traces = replication_traces(network, streams)
    for first_day in range(0, total_days, CHUNK_DAYS):
        n_days = min(CHUNK_DAYS, total_days - first_day)
        times, ids, units, keys = generate_chunk(network, rngs, first_day, n_days, traces)
        now = env.now
        for t, s, u, k in zip(times, ids, units, keys, strict=True):
            if t >= horizon:
                break
            if t > now:
                if not jump_to(env, t, DEMAND):
                    yield wake_at(env, t, DEMAND)
                now = t
            place(t, region_of[s], sku_of[s], u, k)
