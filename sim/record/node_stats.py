"""Per-node statistics one run records as it goes: the counters the model's processes fill. No SimPy.

One `NodeStats` per node used by the policy. The stock node counts pick/pack busy time and
purchase orders itself (sim.model.stock); the monitor (sim.model.monitor) adds each pickup's
parcels, units, carrier charges, on-time orders and referral fees, and samples the daily backlog.
sim.metrics.breakdown turns them into the per-node and per-channel KPIs (its docstring defines them).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.record.levels import NodeLevels


@dataclass
class NodeStats:
    """Counters of one node in one run (filled by sim.model; the KPIs are in sim.metrics.breakdown)."""

    parcels: int = 0
    orders_completed: int = 0  # counted orders whose last shipment left from this node
    units: int = 0
    shipping: float = 0.0
    fees: float = 0.0
    on_time: int = 0
    pick_busy_s: float = 0.0
    backlog_sum: int = 0
    backlog_days: int = 0
    purchase_orders: int = 0
    purchase_orders_on_time: int = 0
    levels: NodeLevels | None = None  # the node's pipeline, backorder and WIP figures (sim.model.pipeline)


__all__ = ["NodeStats"]
