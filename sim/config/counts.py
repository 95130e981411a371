"""Count limits of a scenario (docs/LIMITS.md), checked on the raw mapping before any model is built.

SKUs (explicit plus the long tail), nodes, regions and demand streams (SKUs × regions) are counted
from the YAML as read, so a scenario too large to simulate fails in milliseconds, each error at its
key, instead of after minutes of validation. The limits are constants in sim.base.limits.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import InitErrorDetails, PydanticCustomError

from sim.base.limits import MAX_DEMAND_STREAMS, MAX_NODES, MAX_REGIONS, MAX_SKUS


def _length(value: Any) -> int:
    return len(value) if isinstance(value, list) else 0


def _tail(data: dict[Any, Any]) -> int:
    tail = data.get("long_tail")
    count = tail.get("count") if isinstance(tail, dict) else None
    return count if isinstance(count, int) and not isinstance(count, bool) and count > 0 else 0


def count_errors(data: dict[Any, Any]) -> list[InitErrorDetails]:
    """Errors for counts over their limits, each at the key that holds them (empty when all fit)."""
    errors: list[InitErrorDetails] = []

    def error(loc: tuple[str, ...], message: str, value: int) -> None:
        errors.append(InitErrorDetails(type=PydanticCustomError("count_limit", message), loc=loc, input=None))

    explicit, tail, nodes, regions = _length(data.get("skus")), _tail(data), _length(data.get("nodes")), 0
    regions = _length(data.get("regions"))
    skus = explicit + tail
    if skus > MAX_SKUS:
        where = ("long_tail", "count") if tail else ("skus",)
        error(where, f"{skus:,} SKUs ({explicit:,} listed + {tail:,} in the long tail), more than the limit of "
              f"{MAX_SKUS:,} (docs/LIMITS.md); simulate a sample of the catalogue", skus)  # fmt: skip
    if nodes > MAX_NODES:
        error(("nodes",), f"{nodes:,} nodes, more than the limit of {MAX_NODES:,} (docs/LIMITS.md)", nodes)
    if regions > MAX_REGIONS:
        error(("regions",), f"{regions:,} regions, more than the limit of {MAX_REGIONS:,} (docs/LIMITS.md)", regions)
    if skus <= MAX_SKUS and regions <= MAX_REGIONS and skus * regions > MAX_DEMAND_STREAMS:
        error(
            ("regions",),
            f"{skus:,} SKUs × {regions:,} regions make {skus * regions:,} demand streams, more than the limit of "
            f"{MAX_DEMAND_STREAMS:,} (docs/LIMITS.md); merge regions or sample the catalogue",
            skus * regions,
        )
    return errors
