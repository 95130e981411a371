"""Routes of a plan: for one (region, SKU), the nodes an order may try, best first, by the routing strategy.

`Ranker` orders a region's candidate nodes by the policy's routing strategy (sim.routing.strategies);
priority and nearest need no per-SKU facts, so they are ranked once per region (big catalogues).
A `Route` keeps each node's static routing facts and key alongside, for the router in the model.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config import models as cfg
from sim.network.build import Network
from sim.routing.strategies import Candidate, Strategy, build_strategy, candidate, priority_order, rank_candidates


@dataclass(frozen=True)
class Route:
    """Where an order for one SKU from one region may go, in order of preference, with each node's
    static routing facts and key (sim.routing.strategies), parallel to the node tuples."""

    stock_nodes: tuple[int, ...]
    virtual_nodes: tuple[int, ...]
    fallback_to_virtual: bool
    stock_candidates: tuple[Candidate, ...] = ()
    virtual_candidates: tuple[Candidate, ...] = ()
    stock_keys: tuple[float, ...] = ()
    virtual_keys: tuple[float, ...] = ()


SKU_FREE_STRATEGIES = ("priority", "nearest")
"""Strategies whose order does not depend on the SKU: ranked once per region (big catalogues)."""


class Ranker:
    """Orders a region's candidate nodes by the policy's routing strategy (sim.routing.strategies)."""

    def __init__(self, network: Network, routing: cfg.Routing) -> None:
        self.network = network
        self.routing = routing
        self.strategy: Strategy = build_strategy(routing)
        self.rank = {n: i for i, n in enumerate(priority_order(network, routing))}
        self.memo: dict[tuple[int, int, int, bool], float] = {}
        self.by_region: dict[tuple[int, tuple[int, ...], bool], list[tuple[int, Candidate | None, float]]] = {}

    def order(
        self, region: int, sku: int, nodes: list[int], keep_order: bool = False
    ) -> list[tuple[int, Candidate | None, float]]:
        """(node, facts, key), best first; `keep_order` keeps the given order (explicit virtual_sources).
        Priority and nearest need no per-SKU facts, so they are ranked once per region."""
        if self.routing.strategy in SKU_FREE_STRATEGIES:
            cache_key = (region, tuple(nodes), keep_order)
            cached = self.by_region.get(cache_key)
            if cached is None:
                zone = self.network.zone
                keyed: list[tuple[int, Candidate | None, float]] = [
                    (
                        n,
                        None,
                        float(
                            self.rank[n]
                            if self.routing.strategy == "priority"
                            else zone[self.network.nodes[n].region][region]
                        ),
                    )
                    for n in nodes
                ]
                ordered = keyed if keep_order else sorted(keyed, key=lambda x: (x[2], self.rank[x[0]]))
                self.by_region[cache_key] = ordered
                return ordered
            return cached
        q = self.routing.promise_quantile
        cands = [candidate(self.network, n, region, sku, self.rank[n], q, self.memo) for n in nodes]
        ranked = [(c, self.strategy.key(c)) for c in cands] if keep_order else rank_candidates(self.strategy, cands)
        return [(c.node, c, k) for c, k in ranked]


def make_route(
    stock: list[tuple[int, Candidate | None, float]], virtual: list[tuple[int, Candidate | None, float]], fallback: bool
) -> Route:
    """A route from ranked (node, facts, key) triples: stock nodes, then virtual sources."""
    return Route(
        tuple(n for n, _, _ in stock),
        tuple(n for n, _, _ in virtual),
        fallback,
        tuple(c for _, c, _ in stock if c is not None),
        tuple(c for _, c, _ in virtual if c is not None),
        tuple(k for _, _, k in stock),
        tuple(k for _, _, k in virtual),
    )


def upstream_closure(network: Network, nodes: set[int]) -> set[int]:
    """`nodes` and every node upstream of them (their replenishment sources, transitively)."""
    out = set(nodes)
    for n in list(nodes):
        up = network.nodes[n].source_node
        while up is not None and up not in out:
            out.add(up)
            up = network.nodes[up].source_node
    return out
