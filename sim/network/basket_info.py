"""The `baskets` block indexed by SKU: what the demand process draws baskets from (built by
sim.network.baskets, kept on the network as `Network.baskets`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.base.distributions import Count

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]


@dataclass(frozen=True)
class BasketInfo:
    """The `baskets` block, indexed by SKU index (the draws: sim.network.baskets)."""

    orders_per_day: float
    lines: Count
    units_per_line: Count
    cum_weights: FloatArray  # cumulative popularity over SKU indices, last = 1
    category_of: IntArray  # category index per SKU, −1 for none
    category_members: tuple[IntArray, ...]  # SKU indices of each category
    category_cum: tuple[FloatArray, ...]  # cumulative popularity within each category, last = 1
    same_category: float
