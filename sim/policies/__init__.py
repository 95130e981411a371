"""Policies: fulfilment policies (what is stocked) and reorder rules (how much to order). No SimPy, no config."""

from sim.policies.fulfilment import (
    FULFILMENT_POLICIES,
    FulfilmentPolicy,
    Hybrid,
    InventoryFree,
    SkuFacts,
    Stocked,
)
from sim.policies.reorder import REORDER_RULES, RQ, SS, ReorderRule, Snapshot

__all__ = [
    "FULFILMENT_POLICIES",
    "REORDER_RULES",
    "RQ",
    "SS",
    "FulfilmentPolicy",
    "Hybrid",
    "InventoryFree",
    "ReorderRule",
    "SkuFacts",
    "Snapshot",
    "Stocked",
]
