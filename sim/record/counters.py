"""Streaming counters one simulation run fills in: the raw material of every KPI. No SimPy here.

Processes call the `record_*` methods as things happen; `sim.metrics.kpis` turns the totals into KPIs
afterwards. Memory does not grow with the number of orders: delivery times go into a 1-minute
histogram, inventory into running time integrals, and the two daily series (units demanded and
units filled at first attempt, by day of ordering, for warm-up analysis) hold one number a day.

Two scopes, kept apart on purpose:

* the **window** `[warmup, horizon)`: orders placed in it are *counted* (their demand, fills,
  deliveries and order-related costs, even when a shipment completes after the horizon); time
  integrals (inventory, storage, holding, stock-outs) cover exactly that interval; purchase-order
  costs count when the order is placed in it;
* the **whole run**, for the conservation check: every unit of demand since time zero is
  delivered, lost, still backordered, or in process.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from sim.base.timebase import DAY, MINUTE
from sim.record.baskets import BasketCounters
from sim.record.levels import NodeLevels, PipelineRecorder

COST_COMPONENTS = (
    "product",
    "shipping",
    "fulfillment",
    "storage",
    "holding",
    "ordering",
    "returns",
    "stockout",
    "fees",
    "walkaway",
    "salvage",
    "backorder",
)

CHANNELS = ("warehouse", "3pl", "marketplace", "store", "dropship", "print_on_demand")
"""Node kinds that serve customers: the channels of the by-channel delivery KPIs."""
NO_CHANNEL = len(CHANNELS)  # an order no node served (its channel index until one does)
assert NO_CHANNEL < 8  # the combined histogram keeps the channel in three bits


class OrderLike(Protocol):
    """What the counters read of a customer order (sim.model.entities.Order)."""

    counted: bool
    t: int
    channel: int
    open_parts: int
    delivered_s: int
    promised_s: int


@dataclass(slots=True)
class Tally(PipelineRecorder):
    """Totals for one run of one policy."""

    warmup_s: int
    horizon_s: int
    holding_rate_per_s: float  # capital cost per unit of inventory value per second

    # window: orders
    orders: int = 0
    units_demanded: int = 0
    units_filled_first: int = 0  # served from stock or accepted by a virtual source when routed
    orders_full_first: int = 0
    units_lost: int = 0
    orders_with_loss: int = 0
    units_sold: int = 0  # committed to a shipment (now or from a backorder)
    units_delivered: int = 0
    units_returned: int = 0
    revenue: float = 0.0
    cost: dict[str, float] = field(default_factory=lambda: dict.fromkeys(COST_COMPONENTS, 0.0))
    # delivered orders, by channel (the kind of node that first served the order, CHANNELS index;
    # NO_CHANNEL when none did): counts, on time, delivery seconds, and one histogram of
    # minute × 8 + channel. close() sums them into the totals below.
    delivered_by_channel: list[int] = field(default_factory=lambda: [0] * (NO_CHANNEL + 1))
    on_time_by_channel: list[int] = field(default_factory=lambda: [0] * (NO_CHANNEL + 1))
    delivery_s_by_channel: list[int] = field(default_factory=lambda: [0] * (NO_CHANNEL + 1))
    delivery_minute_channel: Counter[int] = field(default_factory=Counter)
    promise_s_total: int = 0  # Σ (promised − placed) over delivered orders
    orders_delivered: int = 0
    orders_on_time: int = 0
    delivery_s_total: int = 0
    delivery_minutes: Counter[int] = field(default_factory=Counter)  # histogram, 1-minute bins
    units_walked_away: int = 0  # customers who left at checkout: the promise exceeded their tolerance

    # window: time integrals (unit·seconds, value·seconds)
    inventory_units_area: int = 0  # set by close()
    inventory_value_area: float = 0.0
    storage_fee_area: float = 0.0  # Σ on hand × storage fee per unit-second, integrated (→ cost "storage")
    stocked_slot_s: int = 0
    zero_stock_s: int = 0
    cycles: int = 0
    cycles_without_shortage: int = 0
    purchase_orders: int = 0
    backorders_area: float = 0.0  # customer units waiting for stock × seconds (all orders, not only counted)

    _area_by_unit_cost: dict[float, int] = field(default_factory=dict)
    _area_by_storage_fee: dict[float, int] = field(default_factory=dict)
    _level_units: int = 0  # units on hand now, all slots
    _level_backorders: int = 0  # integrated apart from the stock integrals, only when backorders change
    _t_backorders: int = 0

    # whole run, by day of ordering (warm-up analysis, sim.experiment.warmup): every order from day 0, counted or not
    daily_units_demanded: list[int] = field(default_factory=list)
    daily_units_filled: list[int] = field(default_factory=list)

    # window: returns (sim.model.returns), by the order's window
    refunds: float = 0.0
    units_restocked: int = 0
    units_written_off: int = 0
    write_off_value: float = 0.0

    # one-time buys (sim.model.one_time_buy): stock left at the end of the horizon, sold at salvage value
    units_salvaged: int = 0
    salvage_credit: float = 0.0  # Σ units × salvage value (cost "salvage" = their unit cost − this credit)

    # backorder cost (scenario `costs`): per unit of counted orders backordered (units_backordered, below),
    # per unit-second waiting in the window
    backorder_cost_per_unit: float = 0.0
    backorder_cost_per_unit_s: float = 0.0

    # whole run: conservation
    all_units_return_started: int = 0  # parcels' units on their way back (decided at pickup)
    all_units_returned: int = 0  # arrived back: restocked or written off
    all_units_demanded: int = 0
    all_units_lost: int = 0
    all_units_shipped: int = 0
    all_units_committed: int = 0  # allocated to a shipment (first attempt or backorder fill)
    all_units_walked_away: int = 0

    # window: pipeline, backorders, work in process, end of day (sim.record.levels; KPIs in sim.metrics.kpis)
    on_order_area: int = 0
    inbound_area: int = 0
    outbound_area: int = 0
    wip_area: int = 0
    purchase_order_units: int = 0
    units_backordered: int = 0  # units of counted orders that went to backorder
    backorder_wait_s: int = 0  # Σ units × (allocation − order placed), counted orders allocated
    backorder_units_allocated: int = 0
    eod_days: int = 0
    eod_on_hand_sum: int = 0
    eod_backorders_sum: int = 0
    eod_backorder_days: int = 0  # days ending with at least one customer unit backordered
    nodes: dict[int, NodeLevels] = field(default_factory=dict)  # by node index
    # multi-line orders (sim.record.baskets): None when the scenario has no `baskets`
    baskets: BasketCounters | None = None

    def __post_init__(self) -> None:
        days = -(-self.horizon_s // DAY)  # demand arrives in [0, horizon): days 0 … ceil(horizon) − 1
        self.daily_units_demanded = [0] * days
        self.daily_units_filled = [0] * days

    def in_window(self, t: int) -> bool:
        return self.warmup_s <= t < self.horizon_s

    # -- time integrals ---------------------------------------------------------------------------
    #
    # The integral of a step function over the window is its level at the window's start times the
    # window, plus each later change times the time from the change to the window's end. So a change
    # at `t` adds `change × rest(t)` at once and the integrals are complete at every moment: no
    # running "last change" time, no work at the next change, and whole-number integrals stay exact.

    # rest_s(t): seconds of the window from `t` on (sim.record.levels.PipelineRecorder)

    def stock_change(
        self, t: int, units: int, unit_cost: float, storage_fee_per_unit_s: float, zero_delta: int
    ) -> None:
        """On-hand stock at some slot changed by `units`; `zero_delta` is +1/-1 when it hit/left zero."""
        self._level_units += units
        rest = self.horizon_s - (t if t > self.warmup_s else self.warmup_s) if t < self.horizon_s else 0
        if rest > 0:
            area = units * rest
            if zero_delta:
                self.zero_stock_s += zero_delta * rest
            # unit-seconds by unit cost and by storage fee: whole numbers, so exact (never a rounding
            # residue below zero); summed and priced once in close()
            by_cost = self._area_by_unit_cost
            by_cost[unit_cost] = by_cost.get(unit_cost, 0) + area
            if storage_fee_per_unit_s:
                by_fee = self._area_by_storage_fee
                by_fee[storage_fee_per_unit_s] = by_fee.get(storage_fee_per_unit_s, 0) + area

    def close(self) -> None:
        """The run is over: total the deliveries over channels; price the integrals (inventory
        value, storage and holding costs)."""
        self.orders_delivered = sum(self.delivered_by_channel)
        self.orders_on_time = sum(self.on_time_by_channel)
        self.delivery_s_total = sum(self.delivery_s_by_channel)
        minutes: Counter[int] = Counter()
        for key, n in sorted(self.delivery_minute_channel.items()):
            minutes[key >> 3] += n
        self.delivery_minutes = minutes
        self.inventory_units_area = sum(self._area_by_unit_cost.values())
        self.inventory_value_area = sum(cost * area for cost, area in sorted(self._area_by_unit_cost.items()))
        self.storage_fee_area = sum(fee * area for fee, area in sorted(self._area_by_storage_fee.items()))
        self.cost["storage"] += self.storage_fee_area
        self.cost["holding"] += self.inventory_value_area * self.holding_rate_per_s
        self.cost["backorder"] += (
            self.backorder_cost_per_unit * self.units_backordered
            + self.backorder_cost_per_unit_s * self.backorders_area
        )

    def backorders_change(self, t: int, units: int, node: int = -1, order: OrderLike | None = None) -> None:
        """Customer units waiting for stock changed by `units` at `t` (0 closes the integral at `t`):
        `node` is where they wait, `order` whose they are (a wait starts with units > 0 and ends
        with units < 0, when they are allocated).

        Kept out of `advance` so that runs without shortages pay nothing for it."""
        start = self._t_backorders if self._t_backorders > self.warmup_s else self.warmup_s
        end = t if t < self.horizon_s else self.horizon_s
        if end > start:
            self.backorders_area += self._level_backorders * (end - start)
        if t > self._t_backorders:
            self._t_backorders = t
        self._level_backorders += units
        if node < 0:
            return
        levels = self.node(node)
        levels.backorders_area += units * self.rest_s(t)
        levels.backorders_level += units
        if order is not None and order.counted:
            if units > 0:
                self.units_backordered += units
                levels.backordered_units += units
            else:
                wait = (t - order.t) * -units
                self.backorder_wait_s += wait
                self.backorder_units_allocated -= units
                levels.backorder_wait_s += wait
                levels.backorder_units_allocated -= units

    def open_slot(self, on_hand: int, unit_cost: float, storage_fee_per_unit_s: float) -> None:
        """A stocked (node, SKU) starts at time zero with `on_hand` units."""
        window = self.rest_s(0)
        self.stocked_slot_s += window
        self.stock_change(0, on_hand, unit_cost, storage_fee_per_unit_s, int(on_hand == 0))

    # -- orders -----------------------------------------------------------------------------------

    def record_order(self, t: int, counted: bool, units_demanded: int, units_filled: int) -> None:
        """An order placed at `t` for `units_demanded` got `units_filled` at once (once per order, once routed)."""
        self.all_units_demanded += units_demanded
        day = t // DAY
        self.daily_units_demanded[day] += units_demanded
        self.daily_units_filled[day] += units_filled
        if counted:
            self.orders += 1
            self.units_demanded += units_demanded
            self.units_filled_first += units_filled
            self.orders_full_first += units_filled == units_demanded

    def record_order_before_start(self, units: int) -> None:
        """A warm start's open backorder: demand from before time zero (conservation only, never counted)."""
        self.all_units_demanded += units

    def record_sale(
        self,
        counted: bool,
        units: int,
        price: float,
        unit_cost: float,
        fulfillment_fee: float = 0.0,
        referral_fee: float = 0.0,
    ) -> None:
        """`units` committed to a shipment at `unit_cost` each (product cost) and sold at `price`,
        with the node's fulfilment fee and the marketplace's referral fee for them."""
        self.all_units_committed += units
        if counted:
            self.units_sold += units
            self.revenue += units * price
            cost = self.cost
            cost["product"] += units * unit_cost
            cost["fulfillment"] += fulfillment_fee
            cost["fees"] += referral_fee

    def record_lost(self, counted: bool, units: int, margin: float, lost_customer_cost: float) -> None:
        self.all_units_lost += units
        if counted:
            self.units_lost += units
            self.orders_with_loss += 1
            self.cost["stockout"] += units * margin + lost_customer_cost

    def record_cost(self, counted: bool, component: str, amount: float) -> None:
        if counted:
            self.cost[component] += amount

    def channel_histogram(self, channel: int) -> Counter[int]:
        """The 1-minute delivery-time histogram of one channel."""
        out: Counter[int] = Counter()
        for key, n in self.delivery_minute_channel.items():
            if key & 7 == channel:
                out[key >> 3] += n
        return out

    def record_walked_away(self, counted: bool, units: int, margin: float) -> None:
        """A customer left at checkout (the promise exceeded their tolerance): no sale, lost margin."""
        self.all_units_walked_away += units
        if counted:
            self.units_walked_away += units
            self.cost["walkaway"] += units * margin

    def record_shipment(self, order: OrderLike, units: int, shipping_cost: float) -> None:
        """`units` of `order` shipped (its `open_parts` and `delivered_s` already updated); when
        nothing of the order is open any more, the order counts as delivered. One call per parcel."""
        self.all_units_shipped += units
        if order.counted:
            self.units_delivered += units
            self.cost["shipping"] += shipping_cost
            if order.open_parts == 0:  # the order's last parcel: it is delivered
                duration = order.delivered_s - order.t
                channel = order.channel
                self.delivered_by_channel[channel] += 1
                self.on_time_by_channel[channel] += order.delivered_s <= order.promised_s
                self.delivery_s_by_channel[channel] += duration
                self.promise_s_total += order.promised_s - order.t
                self.delivery_minute_channel[(duration // MINUTE) << 3 | channel] += 1

    def record_salvage(self, units: int, unit_cost: float, salvage_value: float) -> None:
        """A one-time buy's `units` left at the end of the horizon are sold off at `salvage_value`
        each: the cost "salvage" is what they cost less what they fetch (docs/policies/one_time_buy.md)."""
        if units > 0 and self.horizon_s > self.warmup_s:
            self.units_salvaged += units
            self.salvage_credit += units * salvage_value
            self.cost["salvage"] += units * unit_cost - units * salvage_value

    # -- returns (sim.model.returns) ----------------------------------------------------------

    def record_return_started(self, units: int) -> None:
        self.all_units_return_started += units

    def record_return(
        self, counted: bool, units: int, refund: float, shipping: float, value: float, restocked: bool
    ) -> None:
        """A returned parcel arrived: refunded, return shipping paid, restocked (its value credited,
        since it is inventory again) or written off (its value lost, already in cost_product)."""
        self.all_units_returned += units
        if counted:
            self.units_returned += units
            self.refunds += refund
            self.cost["returns"] += refund + shipping - (value if restocked else 0.0)
            if restocked:
                self.units_restocked += units
            else:
                self.units_written_off += units
                self.write_off_value += value

    # -- replenishment ----------------------------------------------------------------------------

    def record_purchase_order(self, t: int, order_cost: float, node: int = -1, sku: int = -1, units: int = 0) -> None:
        """A replenishment order (to a supplier or an upstream node) of `units` of SKU `sku` for `node`."""
        if self.in_window(t):
            self.purchase_orders += 1
            self.cost["ordering"] += order_cost
            self.purchase_order_units += units
            if node >= 0:
                levels = self.node(node)
                levels.purchase_orders += 1
                levels.purchase_order_units += units
                levels.orders_by_sku[sku] = levels.orders_by_sku.get(sku, 0) + 1

    def record_cycle(self, t: int, had_shortage: bool) -> None:
        if self.in_window(t):
            self.cycles += 1
            self.cycles_without_shortage += not had_shortage

    @property
    def on_hand_units(self) -> int:
        """Units on hand now, over every stocked (node, SKU)."""
        return self._level_units

    @property
    def window_days(self) -> float:
        return (self.horizon_s - self.warmup_s) / DAY
