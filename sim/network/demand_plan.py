"""Promotions, seasonality profiles and trends turned into one per-day rate factor per demand stream.

A pure step of `build_network` (sim.network.build), computed once before any run: the model only
multiplies a stream's day rate by `DemandStream.day_factor[day]` (sim.model.demand), so the
per-order code is untouched and a stream without promotions or a profile keeps `day_factor=None`
(the same draws as before, bit for bit). Day d's rate of a (region, SKU) stream is

    base × weekday × month (scenario-wide) × profile(d) × promotion(d)  +  added(d)

* profile(d) = profile weekday × profile month (each scaled to average 1) × daily curve × trend;
* promotion(d) = the window's uplift on days start…end (overlapping windows must agree, so it
  counts once), 1 + (uplift − 1)·k/(ramp_days + 1) on the k-th of the `ramp_days` days before the
  start, × the pull-forward factor on the `days` days after the end; ramps and dips of different
  promotions multiply;
* added(d) = `added_units_per_day` (ramped the same way, × the dip) split over the promotion's
  regions by their demand shares; for `poisson_orders` it becomes orders (÷ the mean order size).
  On a day the scenario-wide factor is 0 (a closed weekday) nothing is added.

History streams are scaled by their factor when replayed (sim.history.scaling). See docs/DEMAND.md §11.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

from sim.config.demand import DailyUnits, PoissonOrders, Sku
from sim.config.demand_checks import selected
from sim.config.models import Profile, Promotion, Scenario
from sim.history.daily_curve import read_daily_curve
from sim.network.indexed import DemandStream

Array = np.ndarray[Any, np.dtype[np.float64]]


def _calendar(start: dt.date, n_days: int) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Weekday (0 = Monday) and month (0 = January) of days 0 … n_days - 1."""
    day = np.arange(n_days)
    months = (np.datetime64(start) + day).astype("datetime64[M]").astype(np.int64) % 12
    return (start.weekday() + day) % 7, months


def _normalised(factors: list[float]) -> Array:
    a = np.asarray(factors, dtype=np.float64)
    return np.asarray(a / a.mean(), dtype=np.float64)


def profile_factors(profile: Profile, start: dt.date, n_days: int) -> Array:
    """A profile's factor on each day of the horizon."""
    weekdays, months = _calendar(start, n_days)
    out = np.ones(n_days)
    if profile.weekday is not None:
        out *= _normalised(profile.weekday)[weekdays]
    if profile.month is not None:
        out *= _normalised(profile.month)[months]
    if profile.daily_csv is not None:
        curve = read_daily_curve(profile.daily_csv)
        out *= [curve.factor(start + dt.timedelta(days=d)) for d in range(n_days)]
    if profile.trend is not None:
        years = np.arange(n_days) / 365.0
        if profile.trend.kind == "linear":
            out *= np.maximum(0.0, 1.0 + profile.trend.per_year * years)
        else:
            out *= (1.0 + profile.trend.per_year) ** years
    return out


def promotion_shape(p: Promotion, start: dt.date, n_days: int) -> tuple[Array, Array, Array]:
    """(in window 0/1, ramp-and-dip multiplier of the uplift, build-up share 0…1 of the effect) by day."""
    first, last = (p.start - start).days, (p.end - start).days
    window, build, dip = np.zeros(n_days), np.zeros(n_days), np.ones(n_days)
    window[max(0, first) : max(0, last + 1)] = 1.0
    build[max(0, first) : max(0, last + 1)] = 1.0
    for k in range(1, p.ramp_days + 1):
        d = first - p.ramp_days - 1 + k
        if 0 <= d < n_days:
            build[d] = k / (p.ramp_days + 1)
    if p.pull_forward is not None:
        dip[max(0, last + 1) : max(0, last + 1 + p.pull_forward.days)] = p.pull_forward.factor
    return window, build, dip


def apply_demand_plan(
    scenario: Scenario,
    catalogue: Sequence[Sku],
    streams: tuple[DemandStream, ...],
    regions: tuple[str, ...],
    shares: Sequence[float],
    season: Array,
) -> tuple[DemandStream, ...]:
    """`streams` with `day_factor` set where a profile or promotion changes the rate.

    `season` is the scenario-wide weekday × month factor of each day (needed to add units)."""
    if not scenario.promotions and not scenario.profiles:
        return streams
    n_days = len(season)
    start = scenario.start_date
    mult: dict[tuple[int, int], Array] = {}  # (region, sku) → multiplier
    added: dict[tuple[int, int], Array] = {}  # (region, sku) → units per day
    by_name = {p.name: profile_factors(p, start, n_days) for p in scenario.profiles}
    profile_of = {i: s.profile for i, s in enumerate(catalogue) if s.profile is not None}
    for p in scenario.profiles:
        for k in selected(p, catalogue, all_when_empty=False):
            profile_of.setdefault(k, p.name)
    for k, name in profile_of.items():
        for r in range(len(regions)):
            mult[(r, k)] = by_name[name].copy()
    windowed: dict[tuple[int, int], np.ndarray[Any, Any]] = {}
    for promo in scenario.promotions:
        _add_promotion(promo, catalogue, regions, shares, start, n_days, mult, added, windowed)
    out = []
    for s in streams:
        key = (s.region, s.sku)
        if key not in mult and key not in added:
            out.append(s)
            continue
        factor = mult.get(key, np.ones(n_days)).copy()
        extra = added.get(key)
        if extra is not None:
            factor += _as_factor(s, catalogue[s.sku], extra, season)
        out.append(dataclasses.replace(s, day_factor=factor))
    return tuple(out)


def _add_promotion(
    p: Promotion,
    catalogue: Sequence[Sku],
    regions: tuple[str, ...],
    shares: Sequence[float],
    start: dt.date,
    n_days: int,
    mult: dict[tuple[int, int], Array],
    added: dict[tuple[int, int], Array],
    windowed: dict[tuple[int, int], np.ndarray[Any, Any]],
) -> None:
    """One promotion's effect on the multipliers and added units of its (region, SKU) pairs."""
    window, build, dip = promotion_shape(p, start, n_days)
    named = [regions.index(r) for r in p.regions] or list(range(len(regions)))
    total = sum(shares[r] for r in named)
    in_window = window > 0
    for k in selected(p, catalogue, all_when_empty=True):
        for r in named:
            key = (r, k)
            m = mult.setdefault(key, np.ones(n_days))
            if p.uplift is not None:
                # window days not yet uplifted (agreeing overlaps count once); ramp days multiply
                done = windowed.setdefault(key, np.zeros(n_days, dtype=bool))
                fresh = in_window & ~done
                m[fresh] *= p.uplift
                done |= in_window
                m[~in_window] *= 1.0 + (p.uplift - 1.0) * build[~in_window]
            else:
                assert p.added_units_per_day is not None
                units = p.added_units_per_day * shares[r] / total
                a = added.setdefault(key, np.zeros(n_days))
                np.maximum(a, units * build, out=a)  # agreeing overlaps count once
            m *= dip


def _as_factor(stream: DemandStream, sku: Sku, units: Array, season: Array) -> Array:
    """Added units per day as an addition to the stream's rate factor (0 where the season is 0)."""
    d = sku.demand
    if isinstance(d, PoissonOrders):
        base = stream.orders_per_day * d.order_size.mean  # units per day of this stream
    elif isinstance(d, DailyUnits):
        base = d.units_per_day.mean * stream.share
    else:  # history SKUs are refused by the checks
        return np.zeros_like(units)
    denom = base * season
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(denom > 0, units / np.where(denom > 0, denom, 1.0), 0.0)
    return np.asarray(out, dtype=np.float64)


def season_factors(weekday: Sequence[float], month: Sequence[float], start: dt.date, n_days: int) -> Array:
    """The scenario-wide weekday × month factor of each day (already normalised lists)."""
    weekdays, months = _calendar(start, n_days)
    return np.asarray(np.asarray(weekday)[weekdays] * np.asarray(month)[months], dtype=np.float64)
