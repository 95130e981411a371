"""`supplysim analyze` from files, for the command line and Python users alike.

`history_source` describes the demand CSV, `read_inputs` reads and validates it with the optional
catalogue and inventory snapshot (against the scenario's SKUs and regions when there is one;
problems raise `ScenarioError` with every row located), `analyze_inputs` cuts the date window and
analyses. `analyze_files` does both steps; the command line runs them one by one so that it
reads the files before it looks at `--from` and `--to`.

    source = history_source("data/online_retail_uci/daily_demand.csv")
    result = analyze_files(source, Settings(basis="weekly"), inventory="stock.csv")
    result.write(Path("results/mine"))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from pydantic import ValidationError

from sim.config.catalogue import all_skus
from sim.config.models import DemandHistorySource, HistoryColumns, Scenario, StoreCalendar
from sim.history.table import DemandTable, read_demand, read_sku_table, yaml_hint
from sim.studies.analyze.folder import Analysis
from sim.studies.analyze.settings import DEFAULT_SETTINGS, Settings
from sim.studies.analyze.table import analyze, restrict

CATALOGUE_COLUMNS = ({"unit_cost": "positive"}, {"price": "positive", "weight_kg": "positive"})
"""A catalogue CSV's required and optional columns, each with its rule (`read_sku_table`)."""
INVENTORY_COLUMNS = ({"on_hand": "nonneg"}, {"unit_cost": "positive"})
"""An inventory snapshot's required and optional columns."""


@dataclass(frozen=True)
class Inputs:
    """The validated files of an analysis: the demand history, the catalogue, the inventory snapshot."""

    demand: DemandTable
    catalogue: pd.DataFrame | None = None
    inventory: pd.DataFrame | None = None


def history_source(
    path: str,
    *,
    fmt: Literal["auto", "daily", "order_lines"] = "auto",
    columns: Mapping[str, str] | None = None,
    delimiter: str = ",",
    closed_weekdays: Collection[str] = (),
    closed_dates: Collection[dt.date] = (),
) -> DemandHistorySource:
    """The demand CSV at `path`: its format, header names (`columns`: field → header), separator and
    store calendar (weekdays as names, 'sat' or 'Saturday'). ValueError lists every problem."""
    try:
        return DemandHistorySource(
            path=path,
            format=fmt,
            columns=HistoryColumns(**dict(columns or {})),
            delimiter=delimiter,
            calendar=StoreCalendar(
                closed_weekdays=[d.strip().lower()[:3] for d in closed_weekdays if d.strip()],
                closed_dates=list(closed_dates),
            ),
        )
    except ValidationError as exc:
        raise ValueError("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from None


def read_inputs(
    source: DemandHistorySource,
    *,
    scenario: Scenario | None = None,
    catalogue: str | None = None,
    inventory: str | None = None,
    hint: Callable[[str], str] = yaml_hint,
) -> Inputs:
    """Read the demand history, and the catalogue and inventory CSVs when given. With a scenario the
    file's SKUs and regions must be the scenario's (one region: files without a region column use
    it); without one, SKUs must be the catalogue's when there is a catalogue. `hint` says how a
    user maps a missing column. Raises ScenarioError with every problem located."""
    catalogue_frame = read_sku_table(catalogue, *CATALOGUE_COLUMNS, what="catalogue") if catalogue else None
    if scenario is not None:
        known_skus: list[str] | None = [s.id for s in all_skus(scenario)]
        names = [r.name for r in scenario.regions]
        regions: list[str] | None = names
        default_region = names[0] if len(names) == 1 else None
    else:
        known_skus = list(catalogue_frame.index) if catalogue_frame is not None else None
        regions, default_region = None, "all"
    table = read_demand(source, skus=known_skus, regions=regions, default_region=default_region, hint=hint)
    inventory_frame = read_sku_table(inventory, *INVENTORY_COLUMNS, what="inventory") if inventory else None
    return Inputs(table, catalogue_frame, inventory_frame)


def analyze_inputs(
    inputs: Inputs,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    scenario: Scenario | None = None,
    policy: str | None = None,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> Analysis:
    """Analyse `inputs` between `first` and `last` (inclusive; either end open), with the costs of
    `scenario` (its policy `policy`) or of `settings.costs` (see `analyze`). Raises ValueError (or
    KeyError for an unknown policy) with a user-facing message when they cannot be analysed."""
    table = inputs.demand
    if first or last:
        table = restrict(table, first, last)
    return analyze(
        table, settings, scenario=scenario, policy=policy, catalogue=inputs.catalogue, inventory=inputs.inventory
    )


def analyze_files(
    source: DemandHistorySource,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    scenario: Scenario | None = None,
    policy: str | None = None,
    catalogue: str | None = None,
    inventory: str | None = None,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> Analysis:
    """`read_inputs` then `analyze_inputs`: the analysis `supplysim analyze` writes, with the
    catalogue and inventory files recorded as its inputs."""
    inputs = read_inputs(source, scenario=scenario, catalogue=catalogue, inventory=inventory)
    result = analyze_inputs(inputs, settings, scenario=scenario, policy=policy, first=first, last=last)
    result.inputs = [p for p in (catalogue, inventory) if p]
    return result
