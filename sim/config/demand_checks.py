"""Cross-reference checks of the demand plan: promotions and seasonality profiles.

Which SKUs a promotion or profile applies to (`selected`) is defined here once and used by the
network build (sim.network.demand_plan). Problems: a SKU, category, tag, region or profile nobody
defines; a promotion window outside the horizon; two overlapping promotions with different effects
on the same SKU and region; added units on a replayed (history) SKU; a SKU with two profiles.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Protocol

from sim.base.problems import Problem
from sim.config.catalogue import all_skus
from sim.config.demand import HistoryDemand, Sku
from sim.config.names import Bad, suggest, unique
from sim.config.scenario import Scenario
from sim.history.collector import HistoryError
from sim.history.daily_curve import read_daily_curve


class Selector(Protocol):
    """What a promotion and a profile share: the SKUs they name by id, category or tag."""

    @property
    def skus(self) -> list[str]: ...
    @property
    def categories(self) -> list[str]: ...
    @property
    def tags(self) -> list[str]: ...


def selected(sel: Selector, catalogue: Sequence[Sku], *, all_when_empty: bool) -> list[int]:
    """Indices of the SKUs `sel` names by id, category or tag (every SKU when it names none and
    `all_when_empty`)."""
    if not (sel.skus or sel.categories or sel.tags):
        return list(range(len(catalogue))) if all_when_empty else []
    ids, cats, tags = set(sel.skus), set(sel.categories), set(sel.tags)
    return [
        i
        for i, s in enumerate(catalogue)
        if s.id in ids or (s.category is not None and s.category in cats) or not tags.isdisjoint(s.tags)
    ]


def last_day(scenario: Scenario) -> dt.date:
    """The last calendar day demand can arrive on."""
    return scenario.start_date + dt.timedelta(days=math.ceil(scenario.horizon_days) - 1)


def demand_plan_problems(scenario: Scenario, bad: Bad) -> None:
    """Every problem of `promotions` and `profiles` (nothing when both are empty)."""
    if not scenario.promotions and not scenario.profiles:
        if any(s.profile is not None for s in scenario.skus):
            _profile_problems(scenario, all_skus(scenario), bad)
        return
    catalogue = all_skus(scenario)
    _promotion_problems(scenario, catalogue, bad)
    _profile_problems(scenario, catalogue, bad)


def _names_problems(where: tuple[str, int], sel: Selector, catalogue: Sequence[Sku], bad: Bad) -> None:
    ids = [s.id for s in catalogue]
    id_set = set(ids)
    cats = sorted({s.category for s in catalogue if s.category is not None})
    tags = sorted({t for s in catalogue for t in s.tags})
    for j, sku in enumerate(sel.skus):
        if sku not in id_set:
            bad((*where, "skus", j), f"unknown SKU {sku!r}" + suggest(sku, ids))
    for j, cat in enumerate(sel.categories):
        if cat not in cats:
            bad((*where, "categories", j), f"no SKU has category {cat!r}" + suggest(cat, cats))
    for j, tag in enumerate(sel.tags):
        if tag not in tags:
            bad((*where, "tags", j), f"no SKU has tag {tag!r}" + suggest(tag, tags))


def _promotion_problems(scenario: Scenario, catalogue: Sequence[Sku], bad: Bad) -> None:
    regions = [r.name for r in scenario.regions]
    first, last = scenario.start_date, last_day(scenario)
    unique([p.name for p in scenario.promotions], ("promotions",), "promotion", bad)
    reach: list[tuple[set[int], set[str]]] = []
    for i, p in enumerate(scenario.promotions):
        here = ("promotions", i)
        _names_problems(here, p, catalogue, bad)
        for j, region in enumerate(p.regions):
            if region not in regions:
                bad((*here, "regions", j), f"unknown region {region!r}" + suggest(region, regions))
        if p.start < first or p.start > last:
            bad((*here, "start"), f"start {p.start} is outside the simulated days {first} … {last}; move the window")
        elif p.end > last:
            bad((*here, "end"), f"end {p.end} is after the last simulated day {last}; shorten the window")
        skus = set(selected(p, catalogue, all_when_empty=True))
        if p.added_units_per_day is not None:
            for k in sorted(skus):
                if isinstance(catalogue[k].demand, HistoryDemand):
                    bad(
                        (*here, "added_units_per_day"),
                        f"SKU {catalogue[k].id!r} replays its history, which can only be scaled: use uplift",
                    )
                    break
        reach.append((skus, set(p.regions or regions)))
    _conflicts(scenario, catalogue, reach, bad)


def _conflicts(scenario: Scenario, catalogue: Sequence[Sku], reach: list[tuple[set[int], set[str]]], bad: Bad) -> None:
    """Overlapping windows with different effects on the same SKU and region."""
    promos = scenario.promotions
    for j, b in enumerate(promos):
        for i in range(j):
            a = promos[i]
            if a.end < b.start or b.end < a.start:
                continue
            if (a.uplift, a.added_units_per_day) == (b.uplift, b.added_units_per_day):
                continue
            skus = reach[i][0] & reach[j][0]
            regions = reach[i][1] & reach[j][1]
            if skus and regions:
                sku = catalogue[min(skus)].id
                effect = "uplift" if a.uplift is not None else "added units"
                bad(
                    ("promotions", j),
                    f"promotion {b.name!r} overlaps {a.name!r} from {max(a.start, b.start)} to {min(a.end, b.end)} "
                    f"on SKU {sku!r} in region {sorted(regions)[0]!r} with a different effect ({a.name}: {effect} "
                    f"{a.uplift or a.added_units_per_day:g}); give them the same effect or separate the windows",
                )


def _profile_problems(scenario: Scenario, catalogue: Sequence[Sku], bad: Bad) -> None:
    names = [p.name for p in scenario.profiles]
    unique(names, ("profiles",), "profile", bad)
    owner: dict[int, str] = {}
    for i, s in enumerate(scenario.skus):
        if s.profile is not None:
            if s.profile not in names:
                bad(("skus", i, "profile"), f"unknown profile {s.profile!r}" + suggest(s.profile, names))
            owner[i] = s.profile
    for i, p in enumerate(scenario.profiles):
        _names_problems(("profiles", i), p, catalogue, bad)
        for k in selected(p, catalogue, all_when_empty=False):
            other = owner.setdefault(k, p.name)
            if other != p.name:
                bad(
                    ("profiles", i),
                    f"SKU {catalogue[k].id!r} already has profile {other!r}; a SKU takes one profile "
                    "(combine them into one)",
                )
                break


def curve_problems(scenario: Scenario) -> list[Problem]:
    """Every bad row of the profiles' daily-curve files, located in the file."""
    out: list[Problem] = []
    for p in scenario.profiles:
        if p.daily_csv is not None:
            try:
                read_daily_curve(p.daily_csv)
            except HistoryError as exc:
                out += exc.problems
    return out
