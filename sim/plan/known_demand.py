"""Known-in-advance demand factors per stocked slot: the streams' promotion and profile factors
(sim.network.demand_plan) routed to the slots as the plan routes the demand (sim.plan.slots).

A slot's factor on day d is the average of its streams' factors weighted by their expected daily
units — each region's demand at its route's primary node, then each node's demand flowing to its
upstream node. Slots none of whose streams has a factor get none. The forecast-driven reorder rule
uses it to forecast the known events ahead (sim.policies.forecast; docs/DEMAND.md §11).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sim.network.build import Network
from sim.plan.routes import Route


def slot_known_factors(
    network: Network, stocked: frozenset[int], stock_nodes: set[int], routes: Sequence[Sequence[Route]]
) -> dict[tuple[int, int], tuple[float, ...]]:
    """(node, SKU) → known daily factor, for the slots whose demand has one."""
    factor_of = {(st.region, st.sku): st.day_factor for st in network.streams if st.day_factor is not None}
    if not factor_of:
        return {}
    share = {(st.region, st.sku): st.share for st in network.streams}
    n_days = len(next(iter(factor_of.values())))
    ones = np.ones(n_days)
    weighted: dict[tuple[int, int], np.ndarray[Any, Any]] = {}
    weight: dict[tuple[int, int], float] = {}
    touched: set[tuple[int, int]] = set()
    for r, row in enumerate(routes):
        for s in stocked:
            route = row[s]
            if not route.stock_nodes:
                continue
            key = (route.stock_nodes[0], s)
            w = network.skus[s].daily_units_mean * share.get((r, s), 0.0)
            f = factor_of.get((r, s))
            if f is not None:
                touched.add(key)
            weighted[key] = weighted.get(key, 0.0 * ones) + w * (f if f is not None else ones)
            weight[key] = weight.get(key, 0.0) + w
    for n in sorted(stock_nodes, key=lambda n: -_depth(network, n)):
        up = network.nodes[n].source_node
        if up is None:
            continue
        for s in stocked:
            if (n, s) in weighted:
                weighted[(up, s)] = weighted.get((up, s), 0.0 * ones) + weighted[(n, s)]
                weight[(up, s)] = weight.get((up, s), 0.0) + weight[(n, s)]
                if (n, s) in touched:
                    touched.add((up, s))
    return {key: tuple(float(x) for x in weighted[key] / weight[key]) for key in touched if weight.get(key, 0.0) > 0}


def _depth(network: Network, n: int) -> int:
    depth = 0
    up = network.nodes[n].source_node
    while up is not None:
        depth += 1
        up = network.nodes[up].source_node
    return depth
