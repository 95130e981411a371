"""Cross-reference checks of the `capacity` block and `extensions` (docs/NETWORK.md, "Capacity"):
known nodes and suppliers, each cap on a node that has the thing it limits, extensions importable
(only with the trust switch, docs/TRUST.md) and callable with the model."""

from __future__ import annotations

import inspect

from sim.config.custom import CustomClassError, import_object, skipping
from sim.config.names import Bad, Known, suggest
from sim.config.nodes import Dropship
from sim.config.scenario import Scenario


def capacity_problems(scenario: Scenario, known: Known, bad: Bad) -> None:
    """Unknown names; shifts only where there is pick/pack (and no closure windows); a pickup cap only
    where a carrier collects; a daily partner cap only at a dropship node (print-on-demand has its own)."""
    cap = scenario.capacity
    if cap is not None:
        closed = {c.node for c in scenario.disruptions.node_closures} if scenario.disruptions is not None else set()
        for name, node_cap in cap.nodes.items():
            here = ("capacity", "nodes", name)
            node = known.node_by_name.get(name)
            if node is None:
                bad(here, f"unknown node {name!r}" + suggest(name, known.nodes))
                continue
            if node_cap.shifts is not None:
                if getattr(node, "pick_pack", None) is None:
                    bad(
                        (*here, "shifts"),
                        f"node {name!r} has no pick_pack stations for shifts to apply to; add pick_pack",
                    )
                elif name in closed:
                    bad(
                        (*here, "shifts"),
                        f"node {name!r} also has closure windows; give the closed dates as shift holidays instead",
                    )
            if node_cap.parcels_per_pickup is not None and getattr(node, "ships_with", None) is None:
                bad((*here, "parcels_per_pickup"), f"node {name!r} ships with no carrier, so no pickup to cap")
            if node_cap.units_per_day is not None and not isinstance(node, Dropship):
                bad(
                    (*here, "units_per_day"),
                    f"units_per_day applies to dropship nodes; {name!r} is a {getattr(node, 'kind', '?')} "
                    "(print-on-demand: use its daily_capacity_units)",
                )
        for name in cap.suppliers:
            if name not in known.suppliers:
                bad(("capacity", "suppliers", name), f"unknown supplier {name!r}" + suggest(name, known.suppliers))
    for i, path in enumerate(scenario.extensions):
        for message in extension_problems(path):
            bad(("extensions", i), message)


def extension_problems(path: str) -> list[str]:
    """Why `path` cannot be used as an extension (empty when it can, or inside `code_skipped()`)."""
    if skipping():
        return []
    try:
        fn = import_object(path)
    except CustomClassError as exc:
        return [str(exc).replace("the class", "the function")]
    if not callable(fn):
        return [f"{path} is a {type(fn).__name__}, not a function"]
    try:
        inspect.signature(fn).bind(None)
    except TypeError:
        return [f"{path} cannot be called as {path.partition(':')[2]}(model): an extension takes the model"]
    except ValueError:
        pass
    return []
