"""Baskets, indexed: the `baskets` block as arrays the demand process draws from, and what it adds to
each SKU's planning estimates. Pure numpy, no SimPy.

Popularity `p_i` is the `weights` given (normalised), else each SKU's mean daily units from its own
demand. The expected number of draws of SKU i per basket is `p_i` for the first line and `q_i` for
each further one, where under `category` composition, with `s` = same_category and `P0` the
popularity of SKUs in no category, `q_i = p_i` for a SKU in a category and `q_i = p_i (1 − s + s·P0)`
for one in none (popularity: `q_i = p_i`). A SKU's extra daily units are then
`orders_per_day × (p_i + (E[lines] − 1)·q_i) × E[units_per_line]` (lines rounded to at least 1
are approximated by the distribution's mean), and their variance is taken as compound Poisson
(rate × E[units²]). Those are added to the SKU's `daily_units_mean` / `daily_units_var`, so reorder
points, EOQs and the break-even see basket demand too (docs/DEMAND.md).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sim.config.models import Baskets, ByCategory
from sim.network.basket_info import BasketInfo, FloatArray, IntArray
from sim.network.indexed import SkuInfo


def basket_info(baskets: Baskets, skus: tuple[SkuInfo, ...]) -> BasketInfo:
    """Index the `baskets` block against the catalogue (its names are checked already)."""
    index = {s.id: s.index for s in skus}
    comp = baskets.composition
    weights = np.zeros(len(skus))
    if comp.weights is not None:
        for sku, w in comp.weights.items():
            weights[index[sku]] = w
    else:
        weights[:] = [s.daily_units_mean for s in skus]
    if not weights.sum() > 0:
        weights[:] = 1.0
    weights = weights / weights.sum()
    category_of = np.full(len(skus), -1, dtype=np.int64)
    members: list[IntArray] = []
    cums: list[FloatArray] = []
    same = 0.0
    if isinstance(comp, ByCategory):
        same = comp.same_category
        for c, ids in enumerate(comp.categories.values()):
            ix = np.asarray([index[i] for i in ids], dtype=np.int64)
            category_of[ix] = c
            within: FloatArray = weights[ix]
            within = within / within.sum() if within.sum() > 0 else np.full(len(ix), 1 / len(ix))
            members.append(ix)
            cums.append(_cumulative(within))
    return BasketInfo(
        orders_per_day=baskets.orders_per_day,
        lines=baskets.lines,
        units_per_line=baskets.units_per_line,
        cum_weights=_cumulative(weights),
        category_of=category_of,
        category_members=tuple(members),
        category_cum=tuple(cums),
        same_category=same,
    )


def _cumulative(weights: FloatArray) -> FloatArray:
    cum = np.cumsum(weights)
    cum[-1] = 1.0  # searchsorted on a uniform in [0, 1) never runs past the end
    return cum


def popularity(info: BasketInfo) -> FloatArray:
    """Each SKU's share p_i (the differences of the cumulative weights)."""
    return np.diff(info.cum_weights, prepend=0.0)


def line_draws_per_basket(info: BasketInfo) -> FloatArray:
    """Expected draws of each SKU per basket: p_i + (E[lines] − 1)·q_i (module docstring)."""
    p = popularity(info)
    q = p.copy()
    if info.category_members:
        none = info.category_of < 0
        q[none] = p[none] * (1 - info.same_category + info.same_category * p[none].sum())
    extra = max(info.lines.mean, 1.0) - 1.0
    return p + extra * q


def with_basket_demand(skus: tuple[SkuInfo, ...], info: BasketInfo) -> tuple[SkuInfo, ...]:
    """The SKUs with basket demand added to their planning moments (module docstring)."""
    u = info.units_per_line
    draws = line_draws_per_basket(info) * info.orders_per_day
    second = u.variance + u.mean**2
    return tuple(
        dataclasses.replace(
            s,
            daily_units_mean=s.daily_units_mean + float(draws[s.index]) * u.mean,
            daily_units_var=s.daily_units_var + float(draws[s.index]) * second,
        )
        if draws[s.index] > 0
        else s
        for s in skus
    )
