"""Basket routing rules (docs/ROUTING.md, "Baskets"): which one node can ship a basket whole, and
which node a basket that no node can ship whole goes to under `split: none`. Pure functions over
what the model tells them (sim.model.baskets applies them); no SimPy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")


def first_whole(routes: Sequence[Mapping[int, T]], has: Callable[[int, T], bool]) -> int | None:
    """The first node, in route order, that is on every line's route and has every line: `routes[i]`
    maps line i's route nodes (in order) to what `has(i, item)` asks — whether line i's units are
    free on hand there. None when no node has all. (A node on every route is on the first line's,
    so its order decides.)"""
    if not all(routes):  # a line no stock node carries: no node has the whole basket
        return None
    others = routes[1:]
    for node, item in routes[0].items():
        if all(node in r for r in others) and has(0, item) and all(has(i, r[node]) for i, r in enumerate(others, 1)):
            return node
    return None


def one_node_fallback(split: str, routes: Sequence[Sequence[int]]) -> int | None:
    """Under `split: none`, the stock node every line goes to when no node has the whole basket: the
    first line's primary (first stock node of its route) when it is on every line's route. None
    otherwise, and under `allow` / `consolidate` (then each line is routed on its own)."""
    if split != "none" or not routes or not routes[0]:
        return None
    primary = routes[0][0]
    return primary if all(primary in r for r in routes) else None
