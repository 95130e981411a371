"""Counters of multi-line orders (baskets, sim.model.baskets), kept apart from the line-level `Tally`.

Each line of a basket is counted by the `Tally` as the one-SKU orders always were (so fill rates,
units and costs keep their meaning); these counters add the customer's view of the whole basket and
what the tally counted of its lines, so the basket KPIs (sim.metrics.basket_kpis) can replace a
basket's lines by the basket itself. Window counters cover baskets placed in [warmup, horizon);
the `all_…` ones every basket since time zero, for the conservation check (sim.model.baskets).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sim.base.timebase import MINUTE


@dataclass(slots=True)
class BasketCounters:
    """Totals of one run's baskets (see the module docstring)."""

    # window: baskets placed in [warmup, horizon)
    baskets: int = 0  # routed (a held basket counts once it is routed)
    lines: int = 0  # their lines (each counted by the tally as an order)
    lines_full_first: int = 0  # lines the tally counted as fully filled at first attempt
    complete: int = 0  # baskets whose every line was filled at the first routing attempt
    delivered: int = 0  # baskets whose every line has shipped (lost lines aside)
    delivery_s: int = 0  # Σ placed → last parcel delivered
    minutes: Counter[int] = field(default_factory=Counter)  # histogram of that, 1-minute bins
    line_delivered: int = 0  # what the tally counted of their lines as delivered orders
    line_delivery_s: int = 0
    line_minutes: Counter[int] = field(default_factory=Counter)
    parcels: int = 0  # parcels of delivered baskets: distinct (node, pickup) per basket
    split: int = 0  # delivered baskets that left in more than one parcel
    split_cost: float = 0.0  # per-shipment charges beyond the dearest one parcel, over split baskets
    shared_parcel_refund: float = 0.0  # per-shipment charges not paid twice: lines sharing a parcel

    # whole run: conservation
    all_placed: int = 0
    all_routed: int = 0
    all_lines_placed: int = 0
    all_lines_routed: int = 0
    all_done: int = 0  # every line shipped or lost
    all_parcels: int = 0  # distinct (basket, node, pickup)
    all_line_parts_shipped: int = 0  # parcel entries of basket lines (a parcel may hold several)

    def line_delivered_as_order(self, duration_s: int) -> None:
        """The tally counted one of a counted basket's lines as a delivered order of `duration_s`."""
        self.line_delivered += 1
        self.line_delivery_s += duration_s
        self.line_minutes[duration_s // MINUTE] += 1

    def basket_delivered(self, duration_s: int, fees: list[float]) -> None:
        """A counted basket's last parcel left: `fees` are its parcels' per-shipment charges."""
        self.delivered += 1
        self.delivery_s += duration_s
        self.minutes[duration_s // MINUTE] += 1
        self.parcels += len(fees)
        if len(fees) > 1:
            self.split += 1
            self.split_cost += sum(fees) - max(fees)
