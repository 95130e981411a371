"""Cross-reference checks: every name a scenario uses must exist, once, and make sense where it is used.

Structural validation (types, ranges, unknown keys) happens in the pydantic models; this module
checks what one model cannot see alone: a node naming a missing supplier, a carrier service that
does not exist, a zone no rate covers, a policy stocking at a dropship node, a replenishment cycle.
It returns every problem with its key path; the loader adds positions.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping

from sim.base.problems import Path, Problem
from sim.base.timebase import format_clock, parse_clock
from sim.config.catalogue import all_skus
from sim.config.custom import reorder_rule_problems
from sim.config.models import (
    STOCK_KINDS,
    VIRTUAL_KINDS,
    CustomReorder,
    Dropship,
    HistoryDemand,
    HybridPolicy,
    InventoryFreePolicy,
    PrintOnDemand,
    Reorder,
    Scenario,
    StockedPolicy,
)


def suggest(name: str, known: Iterable[str]) -> str:
    """' — did you mean 'x'?' when a known name is close, plus the known names when they are few."""
    known = list(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    if len(known) <= 12:
        hint += f" (known: {', '.join(map(repr, known)) or 'none'})"
    return hint


def zone_of(scenario: Scenario) -> dict[tuple[str, str], int]:
    """Zone for every ordered pair of regions: listed zones (both directions), same region = 1."""
    table = {(r.name, r.name): 1 for r in scenario.regions}
    for z in scenario.zones:
        a, b = z.between
        table[(a, b)] = z.zone
        table[(b, a)] = z.zone
    return table


def reference_problems(scenario: Scenario) -> list[Problem]:
    """Every dangling or inconsistent reference in `scenario` (an empty list when all is well)."""
    out: list[Problem] = []

    def bad(path: Path, message: str) -> None:
        out.append(Problem(path, message))

    def unique(items: list[str], path: Path, what: str) -> None:
        seen: set[str] = set()
        for i, name in enumerate(items):
            if name in seen:
                bad((*path, i), f"{what} {name!r} is defined twice; names must be unique")
            seen.add(name)

    regions = [r.name for r in scenario.regions]
    unique(regions, ("regions",), "region")
    region_set = set(regions)

    skus = [s.id for s in all_skus(scenario)]
    seen_skus: set[str] = set()
    for i, sku in enumerate(skus):
        if sku in seen_skus:
            where: Path = ("skus", i) if i < len(scenario.skus) else ("long_tail", "id_prefix")
            bad(where, f"SKU {sku!r} is defined twice (the long tail's ids must not clash with explicit SKUs)")
        seen_skus.add(sku)

    _history_problems(scenario, regions, bad)

    for i, z in enumerate(scenario.zones):
        for j, name in enumerate(z.between):
            if name not in region_set:
                bad(("zones", i, "between", j), f"unknown region {name!r}" + suggest(name, regions))

    suppliers = [s.name for s in scenario.suppliers]
    unique(suppliers, ("suppliers",), "supplier")
    for i, s in enumerate(scenario.suppliers):
        if s.region not in region_set:
            bad(("suppliers", i, "region"), f"unknown region {s.region!r}" + suggest(s.region, regions))

    services: dict[str, set[int]] = {}
    pickup_of: dict[str, int] = {}
    unique([c.name for c in scenario.carriers], ("carriers",), "carrier")
    for i, c in enumerate(scenario.carriers):
        unique([sv.name for sv in c.services], ("carriers", i, "services"), "service")
        for sv in c.services:
            services[f"{c.name}.{sv.name}"] = {r.zone for r in sv.rates}
            pickup_of[f"{c.name}.{sv.name}"] = parse_clock(sv.pickup_time)

    nodes = [n.name for n in scenario.nodes]
    unique(nodes, ("nodes",), "node")
    node_by_name = {n.name: n for n in scenario.nodes}
    stock_nodes = [n.name for n in scenario.nodes if n.kind in STOCK_KINDS]
    virtual_nodes = [n.name for n in scenario.nodes if n.kind in VIRTUAL_KINDS]
    zones = zone_of(scenario)
    sku_set = set(skus)

    for i, n in enumerate(scenario.nodes):
        here: Path = ("nodes", i)
        if n.region not in region_set:
            bad((*here, "region"), f"unknown region {n.region!r}" + suggest(n.region, regions))
        ships_with = getattr(n, "ships_with", None)
        if ships_with is not None:
            if ships_with not in services:
                bad(
                    (*here, "ships_with"),
                    f"unknown carrier service {ships_with!r}; write 'carrier.service'" + suggest(ships_with, services),
                )
            else:
                cutoff = getattr(n, "cutoff", None)
                if cutoff is not None and parse_clock(cutoff) > pickup_of[ships_with]:
                    bad(
                        (*here, "cutoff"),
                        f"cut-off {cutoff} is after {ships_with}'s pickup at "
                        f"{format_clock(pickup_of[ships_with])}; orders cannot be packed after the truck left",
                    )
            if ships_with in services and n.region in region_set:
                for dest in regions:
                    zone = zones.get((n.region, dest))
                    if zone is None:
                        bad(
                            (*here, "ships_with"),
                            f"no zone between regions {n.region!r} and {dest!r}: add it under zones:",
                        )
                    elif zone not in services[ships_with]:
                        bad(
                            (*here, "ships_with"),
                            f"{ships_with} has no rate for zone {zone} ({n.region} → {dest}); add one under its rates:",
                        )
        if isinstance(n, Dropship | PrintOnDemand) and n.skus != "all":
            for j, sku in enumerate(n.skus):
                if sku not in sku_set:
                    bad((*here, "skus", j), f"unknown SKU {sku!r}" + suggest(sku, skus))
        if n.kind in STOCK_KINDS:
            source = n.replenish_from  # type: ignore[union-attr]
            transfer = n.transfer_days  # type: ignore[union-attr]
            if source == n.name:
                bad((*here, "replenish_from"), "a node cannot replenish from itself")
            elif source in node_by_name:
                if node_by_name[source].kind not in STOCK_KINDS:
                    bad(
                        (*here, "replenish_from"),
                        f"{source!r} is a {node_by_name[source].kind} node and holds no stock;"
                        " name a supplier or a warehouse, 3pl, marketplace or store node",
                    )
                if transfer is None:
                    bad(
                        (*here, "transfer_days"),
                        f"replenishing from node {source!r} needs transfer_days (a distribution)",
                    )
            elif source in suppliers:
                if n.transfer_order_cost:  # type: ignore[union-attr]
                    bad(
                        (*here, "transfer_order_cost"),
                        f"transfer_order_cost applies only to transfers from a node; "
                        f"the supplier's order_cost covers {source!r}: remove it",
                    )
                if transfer is not None:
                    bad(
                        (*here, "transfer_days"),
                        f"transfer_days applies only when replenish_from names a node; "
                        f"the supplier's lead_time_days covers {source!r}: remove it",
                    )
            else:
                bad(
                    (*here, "replenish_from"),
                    f"unknown supplier or node {source!r}" + suggest(source, [*suppliers, *stock_nodes]),
                )

    # Replenishment must end at a supplier: no cycles between nodes.
    for i, n in enumerate(scenario.nodes):
        chain = [n.name]
        current = n
        while current.kind in STOCK_KINDS and current.replenish_from in node_by_name:  # type: ignore[union-attr]
            current = node_by_name[current.replenish_from]  # type: ignore[union-attr]
            if current.name in chain:
                bad(
                    ("nodes", i, "replenish_from"),
                    "replenishment goes round in a cycle: " + " → ".join([*chain, current.name]),
                )
                break
            chain.append(current.name)

    _routing_problems(scenario, node_by_name, bad)

    unique([p.name for p in scenario.policies], ("policies",), "policy")
    for i, p in enumerate(scenario.policies):
        here = ("policies", i)
        if isinstance(p, StockedPolicy | HybridPolicy):
            for j, name in enumerate(p.stock_at or []):
                if name not in node_by_name:
                    bad((*here, "stock_at", j), f"unknown node {name!r}" + suggest(name, stock_nodes))
                elif name not in stock_nodes:
                    bad((*here, "stock_at", j), f"{name!r} is a {node_by_name[name].kind} node and cannot hold stock")
            stocked_at = p.stock_at if p.stock_at is not None else stock_nodes
            serving = [
                n
                for n in stocked_at
                if n in node_by_name and getattr(node_by_name[n], "serves_customers", node_by_name[n].kind == "store")
            ]
            if not serving:
                bad((*here, "stock_at"), "no node in stock_at serves customers, so stock could never reach one")
            for k, o in enumerate(p.overrides):
                for j, sku in enumerate(o.skus or []):
                    if sku not in sku_set:
                        bad((*here, "overrides", k, "skus", j), f"unknown SKU {sku!r}" + suggest(sku, skus))
                for j, name in enumerate(o.nodes or []):
                    if name not in stock_nodes:
                        bad(
                            (*here, "overrides", k, "nodes", j),
                            f"unknown stock-holding node {name!r}" + suggest(name, stock_nodes),
                        )
            rules: list[tuple[Path, Reorder]] = [((*here, "reorder"), p.reorder)]
            rules += [((*here, "overrides", k, "reorder"), o.reorder) for k, o in enumerate(p.overrides)]
            for where, reorder in rules:
                if isinstance(reorder, CustomReorder):
                    for message in reorder_rule_problems(reorder.class_path, reorder.params):
                        bad((*where, "class"), message)
        if isinstance(p, HybridPolicy):
            for j, sku in enumerate(p.stock_skus or []):
                if sku not in sku_set:
                    bad((*here, "stock_skus", j), f"unknown SKU {sku!r}" + suggest(sku, skus))
        if isinstance(p, InventoryFreePolicy | HybridPolicy):
            chosen = p.virtual_sources
            for j, name in enumerate(chosen or []):
                if name not in node_by_name:
                    bad((*here, "virtual_sources", j), f"unknown node {name!r}" + suggest(name, virtual_nodes))
                elif name not in virtual_nodes:
                    bad(
                        (*here, "virtual_sources", j),
                        f"{name!r} is a {node_by_name[name].kind} node, not a dropship or print_on_demand source",
                    )
            if chosen is None and not virtual_nodes:
                bad(here, f"a {p.kind} policy needs a dropship or print_on_demand node, and the scenario has none")
    _network_problems(scenario, skus, suppliers, nodes, stock_nodes, bad)
    return out


def _routing_problems(scenario: Scenario, node_by_name: Mapping[str, object], bad: Callable[[Path, str], None]) -> None:
    """Priority lists (scenario-wide and per policy) name known nodes, once each."""
    nodes = list(node_by_name)
    blocks: list[tuple[Path, object]] = [(("routing",), scenario.routing)]
    blocks += [(("policies", i, "routing"), p.routing) for i, p in enumerate(scenario.policies)]
    for where, routing in blocks:
        priority = getattr(routing, "priority", None)
        if priority is None:
            continue
        seen: set[str] = set()
        for j, name in enumerate(priority):
            if name in seen:
                bad((*where, "priority", j), f"node {name!r} is defined twice; names must be unique")
            seen.add(name)
            if name not in node_by_name:
                bad((*where, "priority", j), f"unknown node {name!r}" + suggest(name, nodes))


def _network_problems(
    scenario: Scenario,
    skus: list[str],
    suppliers: list[str],
    nodes: list[str],
    stock_nodes: list[str],
    bad: Callable[[Path, str], None],
) -> None:
    """References of the returns and disruptions blocks (docs/NETWORK.md)."""
    from sim.network.disruptions import disruption_problems

    r = scenario.returns
    if r is not None:
        for sku in r.by_sku:
            if sku not in skus:
                bad(("returns", "by_sku", sku), f"unknown SKU {sku!r}" + suggest(sku, skus))
        if r.restock_at is not None:
            if r.restock_at not in nodes:
                bad(("returns", "restock_at"), f"unknown node {r.restock_at!r}" + suggest(r.restock_at, stock_nodes))
            elif r.restock_at not in stock_nodes:
                bad(("returns", "restock_at"), f"{r.restock_at!r} holds no stock; name a warehouse, 3pl or marketplace")
        if r.disposition == "write_off" and r.restock_at is not None:
            bad(("returns", "restock_at"), "disposition write_off restocks nothing: remove restock_at")
    if scenario.disruptions is not None:
        disruption_problems(scenario.disruptions, scenario.start_date, suppliers, nodes, bad)
    regions = [r.name for r in scenario.regions]
    node_by_name = {n.name: n for n in scenario.nodes}
    for i, p in enumerate(scenario.policies):
        placement = getattr(p, "placement", None)
        if placement is None:
            continue
        here: Path = ("policies", i, "placement")
        stocked = p.stock_at if p.stock_at is not None else stock_nodes  # type: ignore[union-attr]
        if placement.central not in stock_nodes:
            bad(
                (*here, "central"),
                f"unknown stock node {placement.central!r}" + suggest(placement.central, stock_nodes),
            )
        elif placement.central not in stocked:
            bad((*here, "central"), f"{placement.central!r} is not in the policy's stock_at")
        seen: dict[str, int] = {}
        listed: set[str] = set()
        for j, f in enumerate(placement.forward):
            if f.node in listed:
                bad((*here, "forward", j, "node"), f"{f.node!r} is listed twice; give each forward node once")
            listed.add(f.node)
            node = node_by_name.get(f.node)
            if node is None or f.node not in stock_nodes:
                bad((*here, "forward", j, "node"), f"unknown stock node {f.node!r}" + suggest(f.node, stock_nodes))
            elif getattr(node, "replenish_from", None) != placement.central:
                bad(
                    (*here, "forward", j, "node"),
                    f"{f.node!r} replenishes from {getattr(node, 'replenish_from', None)!r}; a forward node must "
                    f"replenish_from the central node {placement.central!r}",
                )
            elif f.node not in stocked:
                bad((*here, "forward", j, "node"), f"{f.node!r} is not in the policy's stock_at")
            for k, region in enumerate(f.regions):
                if region not in regions:
                    bad((*here, "forward", j, "regions", k), f"unknown region {region!r}" + suggest(region, regions))
                elif region in seen:
                    bad(
                        (*here, "forward", j, "regions", k),
                        f"region {region!r} is already forecast by forward[{seen[region]}]",
                    )
                seen[region] = j


def _history_problems(scenario: Scenario, regions: list[str], bad: Callable[[Path, str], None]) -> None:
    """`demand: {kind: history}` needs a `demand_history` block, and the block needs such SKUs.
    The file itself is checked by sim.config.demand_history (it needs reading)."""
    replaying = [i for i, s in enumerate(scenario.skus) if isinstance(s.demand, HistoryDemand)]
    history = scenario.demand_history
    if history is None:
        for i in replaying:
            bad(
                ("skus", i, "demand", "kind"),
                "demand kind 'history' replays the scenario's demand_history file: add a top-level "
                "demand_history: {path: FILE.csv} block",
            )
        return
    if not replaying:
        bad(
            ("demand_history",),
            "no SKU replays this history: give SKUs demand: {kind: history}, or remove demand_history",
        )
    for name, target in history.region_map.items():
        if target not in regions:
            bad(("demand_history", "region_map", name), f"unknown region {target!r}" + suggest(target, regions))
