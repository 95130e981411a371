"""A scenario's `demand_history`: read its file against the catalogue and build the replay.

Used twice with the same answers: by the scenario loader (to report every problem with the rest
of the scenario's, located in the CSV or at the scenario key) and by `build_network` (to get the
`Replay`). A small in-process cache keyed by the file's path, size and modification time and by
the reading options means the file is parsed once per process.
"""

from __future__ import annotations

import math
import os
from collections import OrderedDict
from collections.abc import Collection

from sim.base.problems import Path, Problem
from sim.config.catalogue import all_skus
from sim.config.demand import HistoryDemand
from sim.config.scenario import Scenario
from sim.history.replay import Replay, build_replay, window_problems
from sim.history.spec import DemandHistorySource
from sim.history.table import DemandTable, HistoryError, read_demand

_CACHE: OrderedDict[tuple[object, ...], DemandTable] = OrderedDict()
_CACHE_SIZE = 4

Located = tuple[Path, str]
"""A problem to be located at a scenario key path."""


def history_skus(scenario: Scenario) -> list[str]:
    """Ids of the SKUs whose demand is `{kind: history}`, in catalogue order."""
    return [s.id for s in scenario.skus if isinstance(s.demand, HistoryDemand)]


def read_cached(
    source: DemandHistorySource,
    skus: Collection[str],
    regions: Collection[str],
    default_region: str | None,
    other_skus: Collection[str] = (),
) -> DemandTable:
    """`read_demand` with the in-process cache (raises HistoryError)."""
    try:
        stat = os.stat(source.path)
        stamp: tuple[object, ...] = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        stamp = ("missing",)
    key = (source.model_dump_json(), tuple(skus), tuple(regions), default_region, tuple(other_skus), *stamp)
    table = _CACHE.get(key)
    if table is None:
        table = read_demand(source, skus=skus, regions=regions, default_region=default_region, other_skus=other_skus)
        _CACHE[key] = table
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return table


def load_history(scenario: Scenario) -> tuple[DemandTable | None, list[Problem], list[Located]]:
    """The scenario's history table, or the problems: located in the CSV, and at scenario keys."""
    source = scenario.demand_history
    if source is None:
        return None, [], []
    if not os.path.exists(source.path):
        return (
            None,
            [],
            [(("demand_history", "path"), f"file not found: {source.path} (paths are relative to the scenario file)")],
        )
    if os.path.isdir(source.path):
        return None, [], [(("demand_history", "path"), f"{source.path} is a folder; give the CSV file")]
    wanted = history_skus(scenario)
    regions = [r.name for r in scenario.regions]
    default_region = regions[0] if len(regions) == 1 else None
    others = [s for s in catalogue_ids(scenario) if s not in set(wanted)]
    try:
        table = read_cached(source, wanted, regions, default_region, others)
    except HistoryError as exc:
        return None, exc.problems, []
    located: list[Located] = []
    present = set(table.frame["sku"].unique().tolist())
    for i, sku in enumerate(scenario.skus):
        if isinstance(sku.demand, HistoryDemand) and sku.id not in present:
            located.append(
                (
                    ("skus", i, "demand", "kind"),
                    f"SKU {sku.id!r} replays the demand history, but {os.path.basename(source.path)} has no rows "
                    "for it; check its code (sku_map) or give it another demand kind",
                )
            )
    located += window_problems(table, scenario.start_date, scenario.horizon_days)
    boot = source.bootstrap
    if boot is not None and math.ceil(scenario.horizon_days) < boot.block_days:
        located.append(
            (
                ("demand_history", "bootstrap", "block_days"),
                f"blocks of {boot.block_days} days do not fit in horizon_days ({scenario.horizon_days:g}); "
                "use shorter blocks or a longer horizon",
            )
        )
    return table, [], located


def load_replay(scenario: Scenario) -> Replay | None:
    """The `Replay` of the scenario's history (None without one); raises HistoryError on any problem."""
    table, problems, located = load_history(scenario)
    if problems or located:
        raise HistoryError(problems + [Problem(path, message) for path, message in located])
    if table is None:
        return None
    source = scenario.demand_history
    assert source is not None
    boot = source.bootstrap
    return build_replay(
        table,
        scenario.start_date,
        scenario.horizon_days,
        [r.name for r in scenario.regions],
        history_skus(scenario),
        source.arrivals,
        source.fit_days,
        boot.block_days if boot else None,
        boot.window_blocks if boot else None,
        by_invoice=source.orders == "by_invoice",
    )


def catalogue_ids(scenario: Scenario) -> list[str]:
    """Every SKU id of the scenario (explicit and long tail)."""
    return [s.id for s in all_skus(scenario)]
