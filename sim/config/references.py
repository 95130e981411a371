"""Cross-reference checks: every name a scenario uses must exist, once, and make sense where it is used.

Structural validation (types, ranges, unknown keys) happens in the pydantic models; this module
checks what one model cannot see alone: a node naming a missing supplier, a carrier service that
does not exist, a zone no rate covers, a policy stocking at a dropship node, a replenishment cycle.
It returns every problem with its key path; the loader adds positions. The checks of the catalogue,
carriers, nodes and routing are here; those of the policies in `sim.config.policy_checks`, of
returns and disruptions in `sim.config.operation_checks`.
"""

from __future__ import annotations

from sim.base.problems import Path, Problem
from sim.base.timebase import format_clock, parse_clock
from sim.config.basket_checks import basket_problems
from sim.config.capacity_checks import capacity_problems
from sim.config.demand import HistoryDemand
from sim.config.demand_checks import demand_plan_problems
from sim.config.names import Bad, Known, suggest, unique
from sim.config.nodes import STOCK_KINDS, Dropship, Node, PrintOnDemand
from sim.config.one_time_checks import one_time_buy_problems
from sim.config.operation_checks import disruption_problems, returns_problems
from sim.config.policy_checks import placement_problems, policy_problems
from sim.config.scenario import Scenario


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

    known = Known.of(scenario)
    _catalogue_problems(scenario, known, bad)
    _supply_problems(scenario, known, bad)
    unique(known.nodes, ("nodes",), "node", bad)
    zones = zone_of(scenario)
    for i, n in enumerate(scenario.nodes):
        _node_problems(("nodes", i), n, known, zones, bad)
    _cycle_problems(scenario, known, bad)
    _routing_problems(scenario, known, bad)
    unique([p.name for p in scenario.policies], ("policies",), "policy", bad)
    for i, p in enumerate(scenario.policies):
        policy_problems(("policies", i), p, known, bad)
    returns_problems(scenario, known, bad)
    if scenario.disruptions is not None:
        disruption_problems(scenario.disruptions, scenario.start_date, known.suppliers, known.nodes, bad)
    placement_problems(scenario, known, bad)
    demand_plan_problems(scenario, bad)
    basket_problems(
        scenario.baskets,
        known.skus,
        scenario.conversion is not None,
        any(getattr(p, "placement", None) is not None for p in scenario.policies),
        bad,
    )
    capacity_problems(scenario, known, bad)
    one_time_buy_problems(scenario, bad)
    return out


def _catalogue_problems(scenario: Scenario, known: Known, bad: Bad) -> None:
    """Regions and SKUs defined once, the history block, zones between known regions."""
    regions = known.regions
    unique(regions, ("regions",), "region", bad)
    seen_skus: set[str] = set()
    for i, sku in enumerate(known.skus):
        if sku in seen_skus:
            where: Path = ("skus", i) if i < len(scenario.skus) else ("long_tail", "id_prefix")
            bad(where, f"SKU {sku!r} is defined twice (the long tail's ids must not clash with explicit SKUs)")
        seen_skus.add(sku)

    _history_problems(scenario, regions, bad)

    for i, z in enumerate(scenario.zones):
        for j, name in enumerate(z.between):
            if name not in known.region_set:
                bad(("zones", i, "between", j), f"unknown region {name!r}" + suggest(name, regions))


def _supply_problems(scenario: Scenario, known: Known, bad: Bad) -> None:
    """Suppliers in known regions; suppliers, carriers and each carrier's services named once."""
    unique(known.suppliers, ("suppliers",), "supplier", bad)
    for i, s in enumerate(scenario.suppliers):
        if s.region not in known.region_set:
            bad(("suppliers", i, "region"), f"unknown region {s.region!r}" + suggest(s.region, known.regions))
    unique([c.name for c in scenario.carriers], ("carriers",), "carrier", bad)
    for i, c in enumerate(scenario.carriers):
        unique([sv.name for sv in c.services], ("carriers", i, "services"), "service", bad)


def _node_problems(here: Path, n: Node, known: Known, zones: dict[tuple[str, str], int], bad: Bad) -> None:
    """One node: its region, carrier service and cut-off, the SKUs it makes, where it replenishes from."""
    if n.region not in known.region_set:
        bad((*here, "region"), f"unknown region {n.region!r}" + suggest(n.region, known.regions))
    ships_with = getattr(n, "ships_with", None)
    if ships_with is not None:
        _shipping_problems(here, n, ships_with, known, zones, bad)
    if isinstance(n, Dropship | PrintOnDemand) and n.skus != "all":
        for j, sku in enumerate(n.skus):
            if sku not in known.sku_set:
                bad((*here, "skus", j), f"unknown SKU {sku!r}" + suggest(sku, known.skus))
    if n.kind in STOCK_KINDS:
        _replenishment_problems(here, n, known, bad)


def _shipping_problems(
    here: Path, n: Node, ships_with: str, known: Known, zones: dict[tuple[str, str], int], bad: Bad
) -> None:
    """The node's carrier service exists, picks up after its cut-off and has a rate to every region."""
    services, pickup_of = known.services, known.pickup_of
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
    if ships_with in services and n.region in known.region_set:
        for dest in known.regions:
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


def _replenishment_problems(here: Path, n: Node, known: Known, bad: Bad) -> None:
    """A stock node replenishes from a supplier, or from another stock node with transfer_days."""
    node_by_name = known.node_by_name
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
    elif source in known.suppliers:
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
            f"unknown supplier or node {source!r}" + suggest(source, [*known.suppliers, *known.stock_nodes]),
        )


def _cycle_problems(scenario: Scenario, known: Known, bad: Bad) -> None:
    """Replenishment must end at a supplier: no cycles between nodes."""
    node_by_name = known.node_by_name
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


def _routing_problems(scenario: Scenario, known: Known, bad: Bad) -> None:
    """Priority lists (scenario-wide and per policy) name known nodes, once each."""
    nodes = list(known.node_by_name)
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
            if name not in known.node_by_name:
                bad((*where, "priority", j), f"unknown node {name!r}" + suggest(name, nodes))


def _history_problems(scenario: Scenario, regions: list[str], bad: Bad) -> None:
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
