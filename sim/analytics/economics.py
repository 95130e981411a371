"""Inventory economics: safety stock, reorder point, EOQ, stockout cost, DIO, and the break-even
between stocking a SKU and keeping it virtual. Pure functions of plain numbers.

Sources (docs/DEMAND.md gives each formula with its derivation):

* safety stock = z·σ_L with σ_L = √(L·σ_d² + d²·σ_Lt²) (= z·σ·√L for a fixed lead time), reorder
  point = d·L + safety stock (EOQ = √(2DS/H) is `sim.analytics.lot_sizing.eoq`, shared with the simulator) — the
  lesson (shared/seeds/003) and DESIGN.md §3;
* expected units short per replenishment cycle = σ_L·G(z), G the standard normal loss function
  G(z) = φ(z) − z·(1 − Φ(z)) (Silver, Pyke & Thomas, *Inventory and Production Management in
  Supply Chains*, 4th ed., 2017, §6.7);
* stockout cost = lost units × margin + lost customers × lost-customer rate × CLV — the lesson,
  with one lost customer per lost order (the simulator's convention; equal to the lesson's
  formula when every order is one unit);
* DIO = inventory value ÷ daily cost of goods sold, turnover = 365 ÷ DIO, capital released =
  (DIO now − DIO target) × daily COGS — the lesson;
* break-even: the article (shared/seeds/000): group the total cost per order of both models —
  product, shipping distance, fees, storage, working capital, returns — and stock when being
  virtual costs more. `break_even` makes that comparison per SKU, per order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from scipy import stats

DAYS_PER_YEAR = 365.0


def z_value(service_level: float) -> float:
    """The standard normal quantile for a cycle-service-level target (0.95 → 1.645)."""
    return float(stats.norm.ppf(service_level))


def lead_time_sd(daily_sd: float, daily_mean: float, lead_days: float, lead_sd_days: float = 0.0) -> float:
    """σ_L = √(L·σ_d² + d²·σ_Lt²): the sd of demand over a lead time of mean L and sd σ_Lt."""
    return math.sqrt(max(lead_days, 0.0) * daily_sd**2 + daily_mean**2 * lead_sd_days**2)


def safety_stock(z: float, daily_sd: float, daily_mean: float, lead_days: float, lead_sd_days: float = 0.0) -> float:
    """z·σ_L; with a fixed lead time the lesson's z·σ·√L."""
    return z * lead_time_sd(daily_sd, daily_mean, lead_days, lead_sd_days)


def normal_loss(z: float) -> float:
    """G(z) = φ(z) − z·(1 − Φ(z)): expected shortfall of a standard normal beyond z."""
    return float(stats.norm.pdf(z) - z * stats.norm.sf(z))


def expected_short_per_cycle(reorder_point: float, daily_mean: float, sigma_lead: float, lead_days: float) -> float:
    """Expected units short per replenishment cycle, σ_L·G(z) with z = (ROP − d·L)/σ_L
    (deterministic demand: the plain shortfall max(0, d·L − ROP))."""
    cover = reorder_point - daily_mean * lead_days
    if sigma_lead <= 0:
        return max(0.0, -cover)
    return sigma_lead * normal_loss(cover / sigma_lead)


def stockout_cost(
    units_lost: float, margin_per_unit: float, orders_lost: float, lost_customer_rate: float, clv: float
) -> float:
    """Lost units × margin + lost customers (one per lost order) × lost-customer rate × CLV.

    The lesson's example: 15 units/day for 5 days, margin 25, rate 0.37, CLV 200, one unit per
    order: 75 × 25 + 75 × 0.37 × 200 = 1,875 + 5,550 = 7,425."""
    return units_lost * margin_per_unit + orders_lost * lost_customer_rate * clv


def holding_per_unit_year(unit_cost: float, holding_rate_per_year: float, storage_per_unit_day: float) -> float:
    """The cost of holding one unit for a year: capital (the holding rate on the unit cost) plus storage."""
    return unit_cost * holding_rate_per_year + storage_per_unit_day * DAYS_PER_YEAR


def lost_order_cost(units: float, margin: float, lost_customer_rate: float, customer_lifetime_value: float) -> float:
    """What one lost order costs: its units' margin plus the lost-customer rate × CLV (the lesson)."""
    return units * margin + lost_customer_rate * customer_lifetime_value


def safety_from_reorder_point(reorder_point: float, daily_mean: float, lead_days: float) -> float:
    """Safety stock implied by a reorder point: max(0, ROP − d·L)."""
    return max(0.0, reorder_point - daily_mean * lead_days)


def units_short_per_year(
    daily_mean: float,
    daily_sd: float,
    lead_days: float,
    lead_sd_days: float,
    order_quantity: float,
    reorder_point: float,
) -> float:
    """Expected units short a year: (D/Q) cycles × σ_L·G(z) units short per cycle."""
    sigma = lead_time_sd(daily_sd, daily_mean, lead_days, lead_sd_days)
    cycles = daily_mean * DAYS_PER_YEAR / order_quantity
    return cycles * expected_short_per_cycle(reorder_point, daily_mean, sigma, lead_days)


def dio_days(inventory_value: float, daily_cogs: float) -> float:
    """Days of inventory outstanding: inventory value ÷ daily cost of goods sold (NaN without sales)."""
    return inventory_value / daily_cogs if daily_cogs > 0 else math.nan


def turnover(inventory_value: float, daily_cogs: float) -> float:
    """Annual COGS ÷ inventory value (= 365 ÷ DIO); NaN without inventory."""
    return daily_cogs * DAYS_PER_YEAR / inventory_value if inventory_value > 0 else math.nan


def capital_released(dio_now: float, dio_target: float, daily_cogs: float) -> float:
    """(DIO now − DIO target) × daily COGS, at least 0 (a SKU below target releases nothing)."""
    if math.isnan(dio_now):
        return 0.0
    return max(0.0, dio_now - dio_target) * daily_cogs


# --------------------------------------------------------------------------------------------------
# Break-even between stocked and virtual, per order


@dataclass(frozen=True)
class StockSlot:
    """One stocking point of a SKU: its demand, protection interval and reorder levels."""

    daily_units_mean: float
    daily_units_sd: float
    lead_days: float  # protection interval: lead time (+ review period)
    lead_sd_days: float
    order_quantity: float  # Q (S − s for an (s,S) rule)
    reorder_point: float  # s or r
    holding_per_unit_year: float  # H = unit cost × holding rate + storage fee × 365
    order_cost: float  # S, per purchase or transfer order


@dataclass(frozen=True)
class BreakEvenInputs:
    """What the stock-or-virtual comparison needs for one SKU. Direct costs are per order served and
    already weighted over regions (each region's route: its primary stock node, its virtual source)."""

    sku: str
    units_per_day: float  # all regions, per calendar day
    units_per_order: float  # q̄
    stocked_direct: float  # q̄·unit cost + node fees + referral fee + shipping (+ returns)
    virtual_direct: float  # q̄·(unit cost + premium) + source fee + shipping (+ returns)
    virtual_accept: float  # probability a virtual source takes an order
    lost_order_cost: float  # q̄·margin + lost-customer rate × CLV
    slots: tuple[StockSlot, ...]
    shortage: Literal["fallback", "lost", "backorder"]  # what a stock-out does to an order


@dataclass(frozen=True)
class BreakEven:
    """Expected cost per customer order of one SKU, stocked and virtual, and the verdict."""

    sku: str
    orders_per_year: float
    stocked_direct: float
    holding: float  # per order: average inventory (Q/2 + safety stock) × H ÷ orders
    ordering: float  # per order: purchase orders per year × S ÷ orders
    shortage: float  # per order: expected short units × extra cost of a short unit ÷ orders
    virtual_direct: float
    virtual_lost: float  # per order: P(no virtual source accepts) × (lost cost − direct cost)

    @property
    def stocked_per_order(self) -> float:
        """Total expected cost per order when stocked."""
        return self.stocked_direct + self.holding + self.ordering + self.shortage

    @property
    def virtual_per_order(self) -> float:
        """Total expected cost per order when virtual."""
        return self.virtual_direct + self.virtual_lost

    @property
    def saving_per_order(self) -> float:
        """Virtual minus stocked: positive when stocking is cheaper."""
        return self.virtual_per_order - self.stocked_per_order

    @property
    def stock(self) -> bool:
        """Stock the SKU: it has demand and stocking costs strictly less per order."""
        return self.orders_per_year > 0 and self.saving_per_order > 0


def break_even(x: BreakEvenInputs) -> BreakEven:
    """Expected cost per order of `x.sku` stocked and virtual (docs/DEMAND.md, "Break-even").

    Stocked: direct cost + (Σ over slots of (Q/2 + SS)·H + (D/Q)·S + (D/Q)·σ_L·G(z)·c_short) ÷ N,
    with N = 365·d/q̄ orders a year, SS = max(0, ROP − d·L), and c_short the extra cost of a short
    unit: [a·virtual + (1 − a)·lost − stocked direct]/q̄ with a virtual fallback, [lost − stocked
    direct]/q̄ when the sale is lost, 0 when it is backordered.
    Virtual: a·virtual direct + (1 − a)·lost cost, a the acceptance probability."""
    a = x.virtual_accept
    virtual_served = a * x.virtual_direct + (1 - a) * x.lost_order_cost
    orders = DAYS_PER_YEAR * x.units_per_day / x.units_per_order if x.units_per_order > 0 else 0.0
    if orders <= 0:
        nan = math.nan
        return BreakEven(
            x.sku, 0.0, x.stocked_direct, nan, nan, nan, x.virtual_direct, virtual_served - x.virtual_direct
        )
    if x.shortage == "fallback":
        short_unit = (virtual_served - x.stocked_direct) / x.units_per_order
    elif x.shortage == "lost":
        short_unit = (x.lost_order_cost - x.stocked_direct) / x.units_per_order
    else:
        short_unit = 0.0
    holding = ordering = short = 0.0
    for s in x.slots:
        annual = DAYS_PER_YEAR * s.daily_units_mean
        q = max(s.order_quantity, 1.0)
        safety = safety_from_reorder_point(s.reorder_point, s.daily_units_mean, s.lead_days)
        holding += (q / 2 + safety) * s.holding_per_unit_year
        ordering += annual / q * s.order_cost
        short += units_short_per_year(
            s.daily_units_mean, s.daily_units_sd, s.lead_days, s.lead_sd_days, q, s.reorder_point
        )
    return BreakEven(
        x.sku,
        orders,
        x.stocked_direct,
        holding / orders,
        ordering / orders,
        short * short_unit / orders,
        x.virtual_direct,
        virtual_served - x.virtual_direct,
    )
