"""Policies: fulfilment policies (what is stocked) and reorder rules (how much to order). No SimPy, no config."""

from sim.base.kinds import CUSTOM_REORDER, REORDER_KINDS, check_kinds
from sim.policies.forecast import ExponentialSmoothing, ForecastRule, MovingAverage, SeasonalIndex
from sim.policies.fulfilment import (
    FULFILMENT_POLICIES,
    FulfilmentPolicy,
    Hybrid,
    InventoryFree,
    SkuFacts,
    Stocked,
)
from sim.policies.one_time_buy import OneTimeBuy, newsvendor_units
from sim.policies.reorder import (
    RQ,
    SS,
    BaseStock,
    FillRateRule,
    ObservingRule,
    ReorderRule,
    ServiceLevelRule,
    SlotFacts,
    Snapshot,
    build_rule,
)

REORDER_RULES: dict[str, type] = {
    "sS": SS,
    "rQ": RQ,
    "base_stock": BaseStock,
    "service_level": ServiceLevelRule,
    "fill_rate": FillRateRule,
    "forecast": ForecastRule,
    "one_time_buy": OneTimeBuy,
}
"""Rule classes by their scenario `kind`; each builds itself with `from_facts(facts, **params)`.
`custom` is not listed: its class is named in the scenario (`class: package.module:Class`)."""
check_kinds("REORDER_RULES", REORDER_RULES, (k for k in REORDER_KINDS if k != CUSTOM_REORDER))

__all__ = [
    "FULFILMENT_POLICIES",
    "REORDER_RULES",
    "RQ",
    "SS",
    "BaseStock",
    "ExponentialSmoothing",
    "FillRateRule",
    "ForecastRule",
    "FulfilmentPolicy",
    "Hybrid",
    "InventoryFree",
    "MovingAverage",
    "ObservingRule",
    "OneTimeBuy",
    "ReorderRule",
    "SeasonalIndex",
    "ServiceLevelRule",
    "SkuFacts",
    "SlotFacts",
    "Snapshot",
    "Stocked",
    "build_rule",
    "newsvendor_units",
]
