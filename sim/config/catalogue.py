"""The full catalogue: the explicit SKUs plus the generated long tail, and the resolved scenario.

The long tail is generated from its own seed (not the experiment's), so the same scenario file
always describes the same catalogue. `resolve` returns the scenario with the tail expanded into
explicit SKUs and every default filled in: that is what the results folder stores as
`scenario.yaml`, and it loads back to the same world.
"""

from __future__ import annotations

import numpy as np

from sim.config.demand import LongTail, PoissonOrders, Sku
from sim.config.scenario import Scenario


def long_tail_skus(tail: LongTail) -> list[Sku]:
    """The SKUs a `long_tail` block describes: Zipf demand shares, costs drawn from its distributions."""
    rng = np.random.default_rng(tail.seed)
    rank = np.arange(1, tail.count + 1, dtype=float)
    shares = rank ** (-tail.popularity_exponent)
    shares /= shares.sum()
    costs = np.maximum(0.01, np.round(tail.unit_cost.sample(rng, tail.count), 2))
    weights = np.maximum(0.01, np.round(tail.weight_kg.sample(rng, tail.count), 3))
    width = len(str(tail.count))
    return [
        Sku(
            id=f"{tail.id_prefix}{i + 1:0{width}d}",
            unit_cost=float(costs[i]),
            price=float(round(costs[i] * tail.price_markup, 2)) or 0.01,
            weight_kg=float(weights[i]),
            demand=PoissonOrders(
                kind="poisson_orders",
                orders_per_day=float(tail.orders_per_day_total * shares[i]),
                order_size=tail.order_size,
            ),
        )
        for i in range(tail.count)
    ]


def all_skus(scenario: Scenario) -> list[Sku]:
    """Explicit SKUs first, then the generated tail."""
    tail = long_tail_skus(scenario.long_tail) if scenario.long_tail is not None else []
    return [*scenario.skus, *tail]


def resolve(scenario: Scenario) -> Scenario:
    """The same scenario with the long tail written out as explicit SKUs."""
    if scenario.long_tail is None:
        return scenario
    return scenario.model_copy(update={"skus": all_skus(scenario), "long_tail": None})
