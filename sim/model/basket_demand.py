"""Basket demand: the `baskets` block's multi-line orders, region by region, as one SimPy process.

Each region draws from its own random stream `("baskets", region)`, so the per-SKU demand streams
(sim.model.demand) draw exactly what they draw without baskets (common random numbers), and every
policy sees the same baskets. Four weeks at a time, per region:

* a day's basket count is Poisson with orders_per_day × region share × weekday × month factor;
  times are uniform within the day (whole seconds);
* each basket's size is `lines` (rounded, at least 1); each drawn line's units `units_per_line`
  (rounded, at least 1);
* each line's SKU: popularity — an independent draw by the cumulative popularity; category — the
  first line by popularity, each further one with probability `same_category` from the first
  line's category (by popularity within it), else by popularity. Three uniforms per drawn line are
  always taken (SKU, same-category coin, within-category SKU), so the draws do not depend on outcomes;
* a SKU drawn twice in a basket is one line with both draws' units (lines keep the first draw's order);
* each basket's 63-bit key (its transit, acceptance and lateness luck, shared by its lines).

Baskets at the same second are placed region by region, and before that second's one-SKU orders
(the basket process is started first, by sim.model.baskets.install_baskets). Demand stops at the horizon (exclusive).
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import numpy as np
import simpy

from sim.base.streams import Streams
from sim.base.timebase import DAY
from sim.model.demand import CHUNK_DAYS, day_factors
from sim.model.kernel import DEMAND, jump_to, wake_at
from sim.network.basket_info import BasketInfo
from sim.network.build import Network

PlaceBasket = Callable[[int, int, list[int], list[int], int], None]
"""Places one basket: (t, region, SKU indices, units per line, key)."""

Drawn = tuple[list[int], list[list[int]], list[list[int]], list[int]]
"""One region's baskets of a chunk, in time order: times, SKUs per basket, units per line, keys."""


def draw_skus(info: BasketInfo, rng: np.random.Generator, sizes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The SKU index of every drawn line (baskets one after another, `sizes` lines each)."""
    total = int(sizes.sum())
    u_sku, u_same, u_cat = rng.random(total), rng.random(total), rng.random(total)
    skus = np.searchsorted(info.cum_weights, u_sku, side="right").astype(np.int64)
    if info.category_members and info.same_category > 0 and total:
        starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
        category = info.category_of[skus[starts]]  # the first line's category, per line
        further = np.arange(total) != starts
        same = further & (u_same < info.same_category) & (category >= 0)
        for c, (members, cum) in enumerate(zip(info.category_members, info.category_cum, strict=True)):
            pick = same & (category == c)
            if pick.any():
                skus[pick] = members[np.searchsorted(cum, u_cat[pick], side="right")]
    return skus


def draw_chunk(
    info: BasketInfo, rng: np.random.Generator, share: float, factors: np.ndarray[Any, Any], first_day: int
) -> Drawn:
    """One region's baskets of the chunk starting on `first_day` (see the module docstring)."""
    counts = rng.poisson(info.orders_per_day * share * factors)
    n = int(counts.sum())
    if n == 0:
        return [], [], [], []
    day_start = (first_day + np.arange(len(factors), dtype=np.int64)) * DAY
    times = np.repeat(day_start, counts) + (rng.random(n) * DAY).astype(np.int64)
    sizes = np.maximum(np.rint(info.lines.sample(rng, n)), 1).astype(np.int64)
    units = np.maximum(np.rint(info.units_per_line.sample(rng, int(sizes.sum()))), 1).astype(np.int64)
    skus = draw_skus(info, rng, sizes)
    keys = rng.integers(0, 2**63 - 1, n, dtype=np.int64)
    order = np.argsort(times, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(sizes))).tolist()
    sku_list, unit_list = skus.tolist(), units.tolist()
    out_skus: list[list[int]] = []
    out_units: list[list[int]] = []
    for b in order.tolist():
        merged: dict[int, int] = {}
        for i in range(bounds[b], bounds[b + 1]):
            merged[sku_list[i]] = merged.get(sku_list[i], 0) + unit_list[i]
        out_skus.append(list(merged))
        out_units.append(list(merged.values()))
    return times[order].tolist(), out_skus, out_units, keys[order].tolist()


def basket_demand(
    env: simpy.Environment, network: Network, streams: Streams, place: PlaceBasket
) -> Generator[simpy.Event, None, None]:
    """The SimPy process placing every basket in [0, horizon)."""
    info = network.baskets
    assert info is not None
    total_share = sum(r.demand_share for r in network.scenario.regions)
    shares = [r.demand_share / total_share for r in network.scenario.regions]
    rngs = [streams.get("baskets", region) for region in network.regions]
    horizon = network.horizon_s
    total_days = -(-horizon // DAY)
    for first_day in range(0, total_days, CHUNK_DAYS):
        n_days = min(CHUNK_DAYS, total_days - first_day)
        factors = day_factors(network, first_day, n_days)
        merged: list[tuple[int, int, int, list[int], list[int], int]] = []
        for region, (rng, share) in enumerate(zip(rngs, shares, strict=True)):
            times, skus, units, keys = draw_chunk(info, rng, share, factors, first_day)
            merged.extend(
                (t, region, i, s, u, k) for i, (t, s, u, k) in enumerate(zip(times, skus, units, keys, strict=True))
            )
        merged.sort(key=lambda row: (row[0], row[1], row[2]))
        now = env.now
        for t, region, _, skus_b, units_b, key in merged:
            if t >= horizon:
                return
            if t > now:
                if not jump_to(env, t, DEMAND):
                    yield wake_at(env, t, DEMAND)
                now = t
            place(t, region, skus_b, units_b, key)


def history_baskets(
    env: simpy.Environment, network: Network, streams: Streams, place: PlaceBasket
) -> Generator[simpy.Event, None, None]:
    """The SimPy process replaying the history's multi-line orders (`orders: by_invoice`) at their own
    second, block-resampled like the streams in replications after the first; each order's key is
    drawn from the stream `("history_baskets",)`."""
    replay = network.replay
    assert replay is not None
    rng = streams.fresh("demand_history", "blocks") if streams.replication > 0 else None
    trace = replay.baskets_for_replication(rng)
    assert trace is not None
    region_ix = {name: i for i, name in enumerate(network.regions)}
    sku_ix = {s.id: s.index for s in network.skus}
    keys = streams.get("history_baskets").integers(0, 2**63 - 1, len(trace.day), dtype=np.int64).tolist()
    horizon = network.horizon_s
    now = env.now
    for day, second, region, lines, key in zip(
        trace.day.tolist(), trace.second.tolist(), trace.region, trace.lines, keys, strict=True
    ):
        t = day * DAY + second
        if t >= horizon:
            return
        if t > now:
            if not jump_to(env, t, DEMAND):
                yield wake_at(env, t, DEMAND)
            now = t
        place(t, region_ix[region], [sku_ix[s] for s, _ in lines], [u for _, u in lines], key)
