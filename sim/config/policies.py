"""Scenario schema, the policies compared: inventory-free, stocked, hybrid; overrides and predictive placement."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from sim.config.common import Name, SimpleName, Strict
from sim.config.reorder import ContinuousReview, Reorder, Review
from sim.config.routing import Routing


class ReorderOverride(Strict):
    """A different reorder rule for some SKUs, ABC classes or nodes, or any combination.

    It applies to every stocked (node, SKU) all of its lists match (a missing list matches all);
    where several overrides match one slot, the first listed wins.
    """

    skus: list[Name] | None = Field(default=None, min_length=1, description="the SKUs it applies to (default: all)")
    classes: list[Literal["A", "B", "C"]] | None = Field(
        default=None, min_length=1, description="the ABC classes (by expected revenue) it applies to (default: all)"
    )
    nodes: list[Name] | None = Field(
        default=None, min_length=1, description="the stock-holding nodes it applies to (default: all)"
    )
    reorder: Reorder = Field(description="their reorder rule")

    @model_validator(mode="after")
    def _names_something(self) -> ReorderOverride:
        if self.skus is None and self.classes is None and self.nodes is None:
            raise ValueError(
                "an override needs skus:, classes: or nodes: (or several); otherwise change the policy's reorder:"
            )
        return self


class InventoryFreePolicy(Strict):
    """Nothing is stocked: every order goes to the first virtual source (dropship, print-on-demand)
    in `virtual_sources` that carries the SKU and accepts the order; otherwise the sale is lost."""

    kind: Literal["inventory_free"]
    name: SimpleName = Field(description="the policy's name in results")
    routing: Routing | None = Field(default=None, description="this policy's routing (default: the scenario's)")
    virtual_sources: list[Name] | None = Field(
        default=None, description="default: every virtual node, in routing order"
    )


class PlacementForward(Strict):
    """A regional forward node and the customer regions whose demand it forecasts."""

    node: Name = Field(description="a stock node that replenishes from the central node")
    regions: list[Name] = Field(min_length=1, description="the regions whose observed demand drives its stock")


class Placement(Strict):
    """Predictive placement (docs/NETWORK.md): forward nodes are topped up from `central` every
    `review_days` to an order-up-to level from a forecast of their regions' observed demand,
    T = ⌈F·P + z·σ̂·√P⌉ (P = the transfer lead time + review period, z for `service_level`), instead
    of by the policy's reorder rule (which then sizes the other nodes). With `rebalance`, when the
    central node cannot cover the forward nodes' needs, forward nodes holding more than
    `rebalance_above` × their level send the surplus to those below it."""

    central: Name = Field(description="the stock node forward nodes replenish from")
    forward: list[PlacementForward] = Field(min_length=1, description="forward nodes and their regions")
    method: Literal["moving_average", "exponential_smoothing"] = Field(
        default="exponential_smoothing", description="how each region's daily demand is forecast"
    )
    window_days: int | None = Field(default=None, ge=2, le=3650, description="moving_average: days averaged [14]")
    alpha: float | None = Field(default=None, gt=0, le=1, description="exponential_smoothing: smoothing constant [0.3]")
    review_days: int = Field(default=1, ge=1, le=365, description="forward nodes are topped up every this many days")
    service_level: float = Field(default=0.95, gt=0, lt=1, description="z of the order-up-to level")
    rebalance: bool = Field(default=False, description="move surplus between forward nodes when central is short")
    rebalance_above: float = Field(
        default=1.5, gt=1, description="a forward node above this multiple of its level may give the surplus"
    )

    @model_validator(mode="after")
    def _method_parameters(self) -> Placement:
        if self.method == "moving_average" and self.alpha is not None:
            raise ValueError("alpha is for method exponential_smoothing; moving_average takes window_days")
        if self.method == "exponential_smoothing" and self.window_days is not None:
            raise ValueError("window_days is for method moving_average; exponential_smoothing takes alpha")
        return self


class StockedPolicy(Strict):
    """Every SKU is stocked at `stock_at` (default: every stock-holding node) and replenished by `reorder`.
    Unmet demand is backordered or lost as `service.unmet_demand` says."""

    kind: Literal["stocked"]
    name: SimpleName = Field(description="the policy's name in results")
    routing: Routing | None = Field(default=None, description="this policy's routing (default: the scenario's)")
    stock_at: list[Name] | None = Field(default=None, description="stock-holding nodes (default: all)")
    reorder: Reorder = Field(description="the reorder rule for every stocked SKU")
    review: Review = Field(
        default_factory=lambda: ContinuousReview(kind="continuous"), description="when rules are asked"
    )
    overrides: list[ReorderOverride] = Field(default_factory=list, description="other rules for some SKUs")
    placement: Placement | None = Field(
        default=None, description="predictive placement: forward nodes stocked by a regional forecast"
    )


class HybridPolicy(Strict):
    """Stock some SKUs (an explicit list, ABC classes by expected revenue, or the break-even rule),
    route the rest virtually,
    and, with `fallback_to_virtual`, send an order for a stocked SKU to a virtual source when no node
    has the whole order in stock."""

    kind: Literal["hybrid"]
    name: SimpleName = Field(description="the policy's name in results")
    routing: Routing | None = Field(default=None, description="this policy's routing (default: the scenario's)")
    stock_skus: list[Name] | None = Field(default=None, description="the SKUs to stock")
    stock_classes: list[Literal["A", "B", "C"]] | None = Field(default=None, description="or: the ABC classes to stock")
    stock_at: list[Name] | None = Field(default=None, description="stock-holding nodes (default: all)")
    reorder: Reorder = Field(description="the reorder rule for stocked SKUs")
    review: Review = Field(
        default_factory=lambda: ContinuousReview(kind="continuous"), description="when rules are asked"
    )
    overrides: list[ReorderOverride] = Field(default_factory=list, description="other rules for some SKUs")
    virtual_sources: list[Name] | None = Field(default=None, description="virtual nodes in order (default: all)")
    fallback_to_virtual: bool = Field(default=True, description="send stocked SKUs virtual when no node has the order")
    assign: Literal["break_even"] | None = Field(
        default=None,
        description="or: stock the SKUs whose expected cost per order is lower stocked than virtual (docs/DEMAND.md)",
    )

    @model_validator(mode="after")
    def _one_selector(self) -> HybridPolicy:
        given = [self.stock_skus is not None, self.stock_classes is not None, self.assign is not None]
        if sum(given) != 1:
            raise ValueError("give exactly one of stock_skus, stock_classes or assign: break_even")
        return self


Policy = Annotated[InventoryFreePolicy | StockedPolicy | HybridPolicy, Field(discriminator="kind")]
