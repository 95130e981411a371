"""Scenario schema, the network's members: suppliers and fulfilment nodes of every kind.

Stock-holding nodes (warehouse, 3pl, marketplace, store) and virtual sources (dropship,
print-on-demand); `STOCK_KINDS` and `VIRTUAL_KINDS` are read off the node models.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from sim.base.distributions import Duration
from sim.config.common import Cutoff, Name, Strict, kind_of
from sim.config.partner_stock import PartnerStockOuts


class Supplier(Strict):
    """Sells stock to nodes that replenish from it. Each purchase order's lead time is drawn
    independently; with `order_crossing: true` (the default) orders can therefore cross (a later
    order can arrive first), with `false` each order of a SKU at a node arrives at the later of its
    own drawn arrival and the previous order's arrival (sequential deliveries, no crossing)."""

    name: Name = Field(description="the supplier's name, used by replenish_from")
    region: Name = Field(description="where it ships from")
    lead_time_days: Duration = Field(description="order placed → goods arrive, drawn per purchase order")
    order_cost: float = Field(default=0.0, ge=0, description="fixed cost per purchase order")
    moq: int = Field(default=1, ge=1, description="minimum order quantity, units")
    pack_size: int = Field(default=1, ge=1, description="orders are rounded up to whole packs")
    order_crossing: bool = Field(
        default=True,
        description="true: each order's lead time is independent, so a later order can arrive first; "
        "false: deliveries keep their order (an order arrives no earlier than the one placed before it)",
    )


class PickPack(Strict):
    """Pick/pack stations: orders are served first come, first served by `stations` parallel stations,
    each order taking `minutes_per_order` plus `minutes_per_unit` for every unit. Stations work
    around the clock."""

    stations: int = Field(ge=1, le=10_000, description="parallel pick/pack stations")
    minutes_per_order: Duration = Field(description="time per order at a station")
    minutes_per_unit: float = Field(default=0.0, ge=0, description="extra minutes per unit in the order")


class NodeFees(Strict):
    """Fees a stock-holding node charges (own labour for a warehouse, the provider's tariff for a 3PL)."""

    per_order: float = Field(default=0.0, ge=0, description="fee per order fulfilled")
    per_unit: float = Field(default=0.0, ge=0, description="fee per unit fulfilled")
    storage_per_unit_day: float = Field(default=0.0, ge=0, description="fee per unit on hand per day")


class _Stocking(Strict):
    """What every stock-holding node has: a place, a source, fees."""

    name: Name = Field(description="the node's name")
    region: Name = Field(description="where the node is")
    replenish_from: Name = Field(description="a supplier, or another stock-holding node (multi-echelon)")
    transfer_days: Duration | None = Field(
        default=None, description="transit time of transfers when replenish_from names a node"
    )
    transfer_order_cost: float = Field(
        default=0.0, ge=0, description="fixed cost of each transfer order when replenish_from names a node"
    )
    fees: NodeFees = Field(default_factory=NodeFees, description="the node's fees")


class _StockNode(_Stocking):
    serves_customers: bool = Field(default=True, description="false for a purely upstream node")
    ships_with: str | None = Field(default=None, description="'carrier.service' for customer shipments")
    cutoff: Annotated[
        Cutoff, Field(description="orders packed by this time leave with the day's pickup (default: pickup time)")
    ]
    pick_pack: PickPack | None = Field(default=None, description="none: orders are ready instantly")

    @model_validator(mode="after")
    def _ships_if_serving(self) -> _StockNode:
        if self.serves_customers and self.ships_with is None:
            raise ValueError("a node that serves customers needs ships_with: 'carrier.service'")
        if not self.serves_customers and (self.ships_with or self.cutoff or self.pick_pack):
            raise ValueError("a node with serves_customers: false takes no ships_with, cutoff or pick_pack")
        return self


class Store(_Stocking):
    """A shop: customers of its own region buy over the counter and take the goods with them.

    No pick/pack queue and no carrier: an order it serves is delivered the moment it is served, and
    a backordered one the moment stock arrives for it. It serves only its own region's customers.
    """

    kind: Literal["store"]


class Warehouse(_StockNode):
    """An own warehouse: stock, pick/pack stations, a daily cut-off."""

    kind: Literal["warehouse"]


class ThirdPartyLogistics(_StockNode):
    """A 3PL: like a warehouse run by a provider; received stock is usable `receiving_days` later."""

    kind: Literal["3pl"]
    receiving_days: float = Field(default=0.0, ge=0, description="received goods are usable this many days later")


class Marketplace(_StockNode):
    """Marketplace fulfilment (FBA-like): a referral fee on the price, an inbound delay, a storage cap."""

    kind: Literal["marketplace"]
    referral_fee_rate: float = Field(default=0.0, ge=0, lt=1, description="share of the price the marketplace keeps")
    inbound_days: float = Field(default=0.0, ge=0, description="received goods are usable this many days later")
    storage_cap_units: int | None = Field(
        default=None, ge=1, description="purchase orders are cut so on hand + on order stays within it"
    )


SkuScope = Literal["all"] | Annotated[list[Name], Field(min_length=1)]


class Dropship(Strict):
    """A supplier ships for us. Each order is accepted with probability `availability`."""

    kind: Literal["dropship"]
    name: Name = Field(description="the node's name")
    region: Name = Field(description="where the supplier ships from")
    skus: SkuScope = Field(default="all", description="SKUs it carries: 'all' or a list")
    availability: float = Field(default=1.0, gt=0, le=1, description="probability an order is accepted")
    handling_days: Duration = Field(description="order accepted → ready for pickup")
    fee_per_order: float = Field(default=0.0, ge=0, description="fee per order")
    unit_premium: float = Field(default=0.0, ge=0, description="added to the SKU's unit cost")
    ships_with: str = Field(description="'carrier.service' for its shipments")
    cutoff: Cutoff
    stock_outs: PartnerStockOuts | None = Field(
        default=None, description="the partner's own stock-outs per SKU, in runs (docs/DEMAND.md §14)"
    )


class PrintOnDemand(Strict):
    """Make to order: a production line of `daily_capacity_units` a day, first come first served,
    then `production_days` of finishing before the order is ready to ship."""

    kind: Literal["print_on_demand"]
    name: Name = Field(description="the node's name")
    region: Name = Field(description="where it ships from")
    skus: SkuScope = Field(description="SKUs it can make: 'all' or a list")
    production_days: Duration = Field(description="finishing time after the line")
    daily_capacity_units: float = Field(gt=0, description="units the line makes per day")
    unit_cost: float | None = Field(
        default=None, gt=0, description="what one made unit costs us (default: the SKU's unit cost); plus unit_premium"
    )
    fee_per_order: float = Field(default=0.0, ge=0, description="fee per order")
    unit_premium: float = Field(default=0.0, ge=0, description="added to the SKU's unit cost")
    ships_with: str = Field(description="'carrier.service' for its shipments")
    cutoff: Cutoff


Node = Annotated[
    Warehouse | ThirdPartyLogistics | Marketplace | Store | Dropship | PrintOnDemand, Field(discriminator="kind")
]
STOCK_KINDS = tuple(kind_of(m) for m in (Warehouse, ThirdPartyLogistics, Marketplace, Store))
"""Node kinds that hold stock (read off the models)."""
VIRTUAL_KINDS = tuple(kind_of(m) for m in (Dropship, PrintOnDemand))
"""Node kinds that make or ship to order and hold no stock of ours."""
