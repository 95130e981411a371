"""Fulfilment policies: which SKUs are stocked, and whether a stocked SKU may fall back to a virtual source.

Each policy is a small object with one question to answer per SKU (`stocks`) and one flag
(`fallback_to_virtual`); routing and replenishment act on the answers. They see plain facts
about a SKU (`SkuFacts`), never the scenario's configuration objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SkuFacts:
    """What a fulfilment policy may know about a SKU."""

    id: str
    abc: str  # "A", "B" or "C" by expected revenue
    unit_cost: float
    price: float
    daily_units_mean: float


class FulfilmentPolicy(Protocol):
    kind: str
    fallback_to_virtual: bool

    def stocks(self, sku: SkuFacts) -> bool: ...


class InventoryFree:
    """Nothing is stocked; every order goes to a virtual source."""

    kind = "inventory_free"
    fallback_to_virtual = False

    def stocks(self, sku: SkuFacts) -> bool:
        return False


class Stocked:
    """Everything is stocked; unmet demand is backordered or lost."""

    kind = "stocked"
    fallback_to_virtual = False

    def stocks(self, sku: SkuFacts) -> bool:
        return True


class Hybrid:
    """Stock an explicit SKU list or whole ABC classes; the rest is virtual."""

    kind = "hybrid"

    def __init__(
        self,
        skus: frozenset[str] | None = None,
        classes: frozenset[str] | None = None,
        fallback_to_virtual: bool = True,
    ) -> None:
        if (skus is None) == (classes is None):
            raise ValueError("give exactly one of skus or classes")
        self.skus = skus
        self.classes = classes
        self.fallback_to_virtual = fallback_to_virtual

    def stocks(self, sku: SkuFacts) -> bool:
        if self.skus is not None:
            return sku.id in self.skus
        assert self.classes is not None
        return sku.abc in self.classes


FULFILMENT_POLICIES: dict[str, type] = {"inventory_free": InventoryFree, "stocked": Stocked, "hybrid": Hybrid}
