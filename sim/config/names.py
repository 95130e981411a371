"""The names a scenario defines, gathered once for the reference checks, and the helpers they share.

`Known` holds every region, SKU, supplier, carrier service and node name; `suggest` adds a
"did you mean" hint to an unknown name; `unique` reports names defined twice. The checks
themselves live by topic: `sim.config.references` (catalogue, network, routing),
`sim.config.policy_checks` and `sim.config.operation_checks`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sim.base.problems import Path
from sim.base.timebase import DAY, parse_clock
from sim.config.catalogue import all_skus
from sim.config.nodes import STOCK_KINDS, VIRTUAL_KINDS, Node
from sim.config.scenario import Scenario

Bad = Callable[[Path, str], None]
"""Where a check reports a problem: its key path and message."""


def suggest(name: str, known: Iterable[str]) -> str:
    """' — did you mean 'x'?' when a known name is close, plus the known names when they are few."""
    known = list(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    if len(known) <= 12:
        hint += f" (known: {', '.join(map(repr, known)) or 'none'})"
    return hint


def unique(items: list[str], path: Path, what: str, bad: Bad) -> None:
    """Report every name of `items` (at `path`) given a second time."""
    seen: set[str] = set()
    for i, name in enumerate(items):
        if name in seen:
            bad((*path, i), f"{what} {name!r} is defined twice; names must be unique")
        seen.add(name)


@dataclass(frozen=True)
class Known:
    """Every name a scenario defines, in declaration order (duplicates included)."""

    regions: list[str]
    region_set: set[str]
    skus: list[str]
    sku_set: set[str]
    suppliers: list[str]
    services: dict[str, set[int]]
    """'carrier.service' → the zones it has rates for."""
    pickup_of: dict[str, int]
    """'carrier.service' → its pickup, seconds after midnight."""
    nodes: list[str]
    node_by_name: dict[str, Node]
    stock_nodes: list[str]
    virtual_nodes: list[str]

    @classmethod
    def of(cls, scenario: Scenario) -> Known:
        """The names `scenario` defines."""
        services: dict[str, set[int]] = {}
        pickup_of: dict[str, int] = {}
        for c in scenario.carriers:
            for sv in c.services:
                services[f"{c.name}.{sv.name}"] = {r.zone for r in sv.rates}
                # continuous collection: no pickup, so no cut-off can come after it
                pickup_of[f"{c.name}.{sv.name}"] = parse_clock(sv.pickup_time) if sv.collection == "scheduled" else DAY
        regions = [r.name for r in scenario.regions]
        skus = [s.id for s in all_skus(scenario)]
        return cls(
            regions=regions,
            region_set=set(regions),
            skus=skus,
            sku_set=set(skus),
            suppliers=[s.name for s in scenario.suppliers],
            services=services,
            pickup_of=pickup_of,
            nodes=[n.name for n in scenario.nodes],
            node_by_name={n.name: n for n in scenario.nodes},
            stock_nodes=[n.name for n in scenario.nodes if n.kind in STOCK_KINDS],
            virtual_nodes=[n.name for n in scenario.nodes if n.kind in VIRTUAL_KINDS],
        )
