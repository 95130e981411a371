"""Names of the kinds a scenario chooses from and later stages implement: one list both sides read.

The scenario schema (`sim.config`) and the registries implementing the kinds (`REORDER_RULES` in
`sim.policies`, `STRATEGIES` in `sim.routing.strategies`) sit in stages that may not lean on each
other (policies never import config), so the names live here. The routing strategy `Literal` of
the schema is this one; the `Reorder` union and both registries check themselves against these
names where they are built (`check_kinds`), so a kind added on one side only fails at import.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

ReorderKind = Literal["sS", "rQ", "service_level", "base_stock", "fill_rate", "forecast", "custom", "one_time_buy"]
"""The reorder rules a scenario can name (`reorder: {kind: …}`)."""
REORDER_KINDS: tuple[str, ...] = get_args(ReorderKind)
CUSTOM_REORDER = "custom"
"""The reorder kind whose class the scenario names itself (`class: package.module:Class`): no registry entry."""

RoutingStrategy = Literal["priority", "nearest", "cheapest", "fastest", "score"]
"""The routing strategies a scenario can name (`routing: {strategy: …}`)."""
ROUTING_STRATEGIES: tuple[str, ...] = get_args(RoutingStrategy)


def check_kinds(what: str, have: Iterable[str], kinds: Iterable[str]) -> None:
    """Raise when `have` (the kinds `what` implements) is not exactly `kinds`, naming the difference."""
    have, kinds = set(have), set(kinds)
    if have != kinds:
        raise RuntimeError(
            f"{what} is out of step with sim.base.kinds: missing {sorted(kinds - have)}, "
            f"not listed there {sorted(have - kinds)}"
        )
