"""Cross-reference checks of the policies: where they stock, what they override, their virtual
sources and custom rules, and predictive placement. Called by `sim.config.references`."""

from __future__ import annotations

from sim.base.problems import Path
from sim.config.custom import reorder_rule_problems
from sim.config.names import Bad, Known, suggest
from sim.config.policies import HybridPolicy, InventoryFreePolicy, Placement, Policy, StockedPolicy
from sim.config.reorder import CustomReorder, Reorder
from sim.config.scenario import Scenario


def policy_problems(here: Path, p: Policy, known: Known, bad: Bad) -> None:
    """One policy's references: stock nodes, overrides, custom rules, stocked SKUs, virtual sources."""
    if isinstance(p, StockedPolicy | HybridPolicy):
        _stocking_problems(here, p, known, bad)
    if isinstance(p, HybridPolicy):
        for j, sku in enumerate(p.stock_skus or []):
            if sku not in known.sku_set:
                bad((*here, "stock_skus", j), f"unknown SKU {sku!r}" + suggest(sku, known.skus))
    if isinstance(p, InventoryFreePolicy | HybridPolicy):
        _virtual_problems(here, p, known, bad)


def _stocking_problems(here: Path, p: StockedPolicy | HybridPolicy, known: Known, bad: Bad) -> None:
    """stock_at names stock nodes, one of them serves customers; overrides and custom rules fit."""
    node_by_name, stock_nodes = known.node_by_name, known.stock_nodes
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
            if sku not in known.sku_set:
                bad((*here, "overrides", k, "skus", j), f"unknown SKU {sku!r}" + suggest(sku, known.skus))
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


def _virtual_problems(here: Path, p: InventoryFreePolicy | HybridPolicy, known: Known, bad: Bad) -> None:
    """virtual_sources name dropship or print-on-demand nodes; without the list, one must exist."""
    node_by_name, virtual_nodes = known.node_by_name, known.virtual_nodes
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


def placement_problems(scenario: Scenario, known: Known, bad: Bad) -> None:
    """Predictive placement (docs/NETWORK.md): a central stock node, forward nodes replenishing from
    it, each region forecast by one forward node, all inside the policy's stock_at."""
    for i, p in enumerate(scenario.policies):
        placement = getattr(p, "placement", None)
        if placement is None:
            continue
        here: Path = ("policies", i, "placement")
        stock_nodes = known.stock_nodes
        stocked = p.stock_at if p.stock_at is not None else stock_nodes  # type: ignore[union-attr]
        if placement.central not in stock_nodes:
            bad(
                (*here, "central"),
                f"unknown stock node {placement.central!r}" + suggest(placement.central, stock_nodes),
            )
        elif placement.central not in stocked:
            bad((*here, "central"), f"{placement.central!r} is not in the policy's stock_at")
        _forward_problems(here, placement, stocked, known, bad)


def _forward_problems(here: Path, placement: Placement, stocked: list[str], known: Known, bad: Bad) -> None:
    """Each forward node: listed once, a stock node in stock_at replenishing from central; its regions
    known and not forecast by another forward node."""
    regions, stock_nodes = known.regions, known.stock_nodes
    seen: dict[str, int] = {}
    listed: set[str] = set()
    for j, f in enumerate(placement.forward):
        if f.node in listed:
            bad((*here, "forward", j, "node"), f"{f.node!r} is listed twice; give each forward node once")
        listed.add(f.node)
        node = known.node_by_name.get(f.node)
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
