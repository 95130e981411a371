"""Streaming counters one simulation run fills in: the raw material of every KPI. No SimPy here.

Processes call the `record_*` methods as things happen; `sim.metrics` turns the totals into KPIs
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

from sim.timebase import DAY, MINUTE

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
)


@dataclass
class Tally:
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
    orders_delivered: int = 0
    orders_on_time: int = 0
    delivery_s_total: int = 0
    delivery_minutes: Counter[int] = field(default_factory=Counter)  # histogram, 1-minute bins
    units_by_channel: Counter[str] = field(default_factory=Counter)  # units sold by node kind

    # window: time integrals (unit·seconds, value·seconds)
    inventory_units_area: float = 0.0
    inventory_value_area: float = 0.0
    stocked_slot_s: float = 0.0
    zero_stock_s: float = 0.0
    cycles: int = 0
    cycles_without_shortage: int = 0
    purchase_orders: int = 0
    backorders_area: float = 0.0  # customer units waiting for stock × seconds (all orders, not only counted)

    # running levels behind the integrals
    _level_units: int = 0
    _level_value: float = 0.0
    _level_storage_rate: float = 0.0  # Σ on_hand × storage fee per unit-second
    _level_zero_slots: int = 0
    _level_slots: int = 0
    _t_last: int = 0
    _level_backorders: int = 0  # integrated apart from `advance`, only when backorders change
    _t_backorders: int = 0

    # whole run, by day of ordering (warm-up analysis, sim.warmup): every order from day 0, counted or not
    daily_units_demanded: list[int] = field(default_factory=list)
    daily_units_filled: list[int] = field(default_factory=list)

    # window: returns (sim.processes.returns), by the order's window
    refunds: float = 0.0
    units_restocked: int = 0
    units_written_off: int = 0
    write_off_value: float = 0.0

    # whole run: conservation
    all_units_return_started: int = 0  # parcels' units on their way back (decided at pickup)
    all_units_returned: int = 0  # arrived back: restocked or written off
    all_units_demanded: int = 0
    all_units_lost: int = 0
    all_units_shipped: int = 0
    all_units_committed: int = 0  # allocated to a shipment (first attempt or backorder fill)

    def __post_init__(self) -> None:
        days = -(-self.horizon_s // DAY)  # demand arrives in [0, horizon): days 0 … ceil(horizon) − 1
        self.daily_units_demanded = [0] * days
        self.daily_units_filled = [0] * days

    def in_window(self, t: int) -> bool:
        return self.warmup_s <= t < self.horizon_s

    # -- time integrals ---------------------------------------------------------------------------

    def advance(self, t: int) -> None:
        """Integrate the current levels from the last change up to `t`, clipped to the window."""
        start = self._t_last if self._t_last > self.warmup_s else self.warmup_s
        end = t if t < self.horizon_s else self.horizon_s
        if end > start:
            dt = end - start
            self.inventory_units_area += self._level_units * dt
            self.inventory_value_area += self._level_value * dt
            self.cost["storage"] += self._level_storage_rate * dt
            self.cost["holding"] += self._level_value * self.holding_rate_per_s * dt
            self.stocked_slot_s += self._level_slots * dt
            self.zero_stock_s += self._level_zero_slots * dt
        if t > self._t_last:
            self._t_last = t

    def stock_change(
        self, t: int, units: int, unit_cost: float, storage_fee_per_unit_s: float, zero_delta: int
    ) -> None:
        """On-hand stock at some slot changed by `units`; `zero_delta` is +1/-1 when it hit/left zero."""
        self.advance(t)
        self._level_units += units
        if self._level_units:
            self._level_value += units * unit_cost
            self._level_storage_rate += units * storage_fee_per_unit_s
        else:  # exactly empty: reset, so rounding in the running sums can never leave a negative value
            self._level_value = 0.0
            self._level_storage_rate = 0.0
        self._level_zero_slots += zero_delta

    def backorders_change(self, t: int, units: int) -> None:
        """Customer units waiting for stock changed by `units` at `t` (0 closes the integral at `t`).

        Kept out of `advance` so that runs without shortages pay nothing for it."""
        start = self._t_backorders if self._t_backorders > self.warmup_s else self.warmup_s
        end = t if t < self.horizon_s else self.horizon_s
        if end > start:
            self.backorders_area += self._level_backorders * (end - start)
        if t > self._t_backorders:
            self._t_backorders = t
        self._level_backorders += units

    def open_slot(self, on_hand: int, unit_cost: float, storage_fee_per_unit_s: float) -> None:
        """A stocked (node, SKU) starts at time zero with `on_hand` units."""
        self._level_slots += 1
        self._level_units += on_hand
        self._level_value += on_hand * unit_cost
        self._level_storage_rate += on_hand * storage_fee_per_unit_s
        self._level_zero_slots += on_hand == 0

    # -- orders -----------------------------------------------------------------------------------

    def record_order(self, counted: bool, units: int) -> None:
        self.all_units_demanded += units
        if counted:
            self.orders += 1
            self.units_demanded += units

    def record_first_attempt(self, t: int, counted: bool, units_demanded: int, units_filled: int) -> None:
        """An order placed at `t` got `units_filled` of its `units_demanded` at once (called once per order)."""
        day = t // DAY
        self.daily_units_demanded[day] += units_demanded
        self.daily_units_filled[day] += units_filled
        if counted:
            self.units_filled_first += units_filled
            self.orders_full_first += units_filled == units_demanded

    def record_sale(self, counted: bool, units: int, price: float, unit_cost: float, channel: str) -> None:
        """`units` committed to a shipment at `unit_cost` each (product cost) and sold at `price`."""
        self.all_units_committed += units
        if counted:
            self.units_sold += units
            self.revenue += units * price
            self.cost["product"] += units * unit_cost
            self.units_by_channel[channel] += units

    def record_lost(self, counted: bool, units: int, margin: float, lost_customer_cost: float) -> None:
        self.all_units_lost += units
        if counted:
            self.units_lost += units
            self.orders_with_loss += 1
            self.cost["stockout"] += units * margin + lost_customer_cost

    def record_cost(self, counted: bool, component: str, amount: float) -> None:
        if counted:
            self.cost[component] += amount

    def record_shipped(self, counted: bool, units: int, shipping_cost: float) -> None:
        self.all_units_shipped += units
        if counted:
            self.units_delivered += units
            self.cost["shipping"] += shipping_cost

    def record_delivered(self, counted: bool, placed_s: int, delivered_s: int, promised_s: int) -> None:
        """An order's last shipment arrives (all its units that were not lost)."""
        if counted:
            duration = delivered_s - placed_s
            self.orders_delivered += 1
            self.orders_on_time += delivered_s <= promised_s
            self.delivery_s_total += duration
            self.delivery_minutes[duration // MINUTE] += 1

    # -- returns (sim.processes.returns) ----------------------------------------------------------

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

    def record_purchase_order(self, t: int, order_cost: float) -> None:
        if self.in_window(t):
            self.purchase_orders += 1
            self.cost["ordering"] += order_cost

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
