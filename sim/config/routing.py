"""Scenario schema, routing: how order management picks a node, the score weights, conversion (docs/ROUTING.md)."""

from __future__ import annotations

from pydantic import Field

from sim.base.distributions import Duration
from sim.base.kinds import RoutingStrategy
from sim.config.baskets import BasketRouting
from sim.config.common import Name, Strict


class ScoreWeights(Strict):
    """Weights of the `score` strategy, each turning one criterion into money per order, so that
    score = per_delivery_day × expected delivery days + per_cost × landed cost
    + per_late_probability × (1 − carrier on-time probability) + per_backlog_day × node backlog days.
    The lowest score wins (docs/ROUTING.md)."""

    per_delivery_day: float = Field(default=2.0, ge=0, description="money per expected delivery day")
    per_cost: float = Field(default=1.0, ge=0, description="weight of the landed cost per order")
    per_late_probability: float = Field(
        default=10.0, ge=0, description="money per unit of late probability (1 − carrier on-time probability)"
    )
    per_backlog_day: float = Field(default=2.0, ge=0, description="money per day of the node's current backlog")


class Routing(Strict):
    """How order management picks a node (docs/ROUTING.md). Stock nodes are tried before virtual
    sources; `strategy` orders each group. `priority`: the `priority` list, then the rest in
    declaration order. `nearest`: by zone from the customer's region. `cheapest`: by landed cost per
    order. `fastest`: by the promised delivery days (averaged over a week of order times).
    `score`: by a weighted score (`weights`); stock nodes are re-ranked per order with each node's
    next pickup after its cut-off and its backlog. Ties go by the priority order. Delivery promises are the `promise_quantile` of the route's transit time,
    counted from the expected ship date."""

    strategy: RoutingStrategy = Field(default="nearest", description="how nodes are ordered")
    priority: list[Name] | None = Field(default=None, description="node names in order of preference")
    promise_quantile: float = Field(
        default=0.9, gt=0, lt=1, description="quantile of handling and transit times the promise is made at"
    )
    weights: ScoreWeights = Field(default_factory=ScoreWeights, description="the score strategy's weights")
    split_shipments: bool = Field(
        default=False,
        description="when no stock node has the whole order: take what the best node has, the rest from the next",
    )
    baskets: BasketRouting = Field(
        default_factory=BasketRouting, description="multi-line orders no one node can ship whole (docs/ROUTING.md)"
    )


class Conversion(Strict):
    """Conversion elasticity: each customer has a tolerance (days from order to promised delivery),
    drawn from the order's own uniform; a customer whose promise exceeds it walks away (no sale)."""

    tolerance_days: Duration = Field(description="distribution of customers' tolerated delivery days")
