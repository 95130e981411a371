"""Scenario schema, baskets: multi-line customer orders, how their lines are composed, how they are split.

`baskets:` adds a stream of multi-line orders on top of the per-SKU demand (which keeps its own
random streams, so a scenario without `baskets` draws exactly the numbers it always drew). A basket
has a size (`lines`, drawn per order), each line a SKU drawn by the `composition` model and a
quantity (`units_per_line`). How a basket that no single node can ship whole is fulfilled is
`routing.baskets.split` (`BasketRouting`, docs/ROUTING.md, "Baskets"). The reference checks (`sim.config.basket_checks`) locate a composition
naming an unknown SKU, a SKU in two categories, and the features baskets do not combine with.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from sim.base.distributions import Count, Fixed
from sim.config.common import Name, Strict

SPLIT_MODES = ("allow", "consolidate", "none")


class Popularity(Strict):
    """Every line is an independent draw from the catalogue, weighted by popularity: each SKU's mean
    daily units (its own `demand`), or the `weights` given here (then only the SKUs listed)."""

    kind: Literal["popularity"]
    weights: dict[Name, float] | None = Field(
        default=None, description="SKU id → relative weight (> 0); only these SKUs appear in baskets"
    )

    @field_validator("weights")
    @classmethod
    def _positive(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        if v is not None:
            if not v:
                raise ValueError("weights is empty: list at least one SKU, or leave weights out")
            bad = [k for k, w in v.items() if not w > 0 or w == float("inf")]
            if bad:
                raise ValueError(f"weights must be positive and finite; not so for {bad[:5]}")
        return v


class ByCategory(Popularity):
    """Co-purchase by category: the first line is drawn by popularity; each further line, with
    probability `same_category`, from the first line's category (by popularity within it), else
    from the whole catalogue. SKUs in no category are only ever drawn from the whole catalogue."""

    kind: Literal["category"]  # type: ignore[assignment]
    categories: dict[Name, list[Name]] = Field(
        min_length=1, description="category name → its SKU ids (each SKU in at most one category)"
    )
    same_category: float = Field(
        default=0.7, ge=0, le=1, description="probability that a further line comes from the first line's category"
    )


Composition = Annotated[Popularity | ByCategory, Field(discriminator="kind")]


class Baskets(Strict):
    """Multi-line orders (docs/DEMAND.md, "Baskets"): a Poisson stream of baskets per region (the
    regions' `demand_share`, weekday and month seasonality apply), each with `lines` lines drawn by
    `composition` (a SKU drawn twice in one basket is one line with both draws' units) of
    `units_per_line` units each. They come on top of the SKUs' own demand, which planning estimates
    include (docs/DEMAND.md)."""

    orders_per_day: float = Field(gt=0, le=10_000_000, description="baskets per day, all regions, before seasonality")
    lines: Count = Field(
        default_factory=lambda: Fixed(value=2), description="lines drawn per basket (rounded, at least 1)"
    )
    units_per_line: Count = Field(
        default_factory=lambda: Fixed(value=1), description="units per drawn line (rounded, at least 1)"
    )
    composition: Composition = Field(
        default_factory=lambda: Popularity(kind="popularity"), description="how a basket's SKUs are drawn"
    )


class BasketRouting(Strict):
    """How a basket no single node can ship whole is fulfilled (docs/ROUTING.md, "Baskets"); part of
    `routing`, so each policy can set its own. A basket is always shipped whole from one stock node,
    else one virtual source, when one can."""

    split: Literal["allow", "consolidate", "none"] = Field(
        default="allow",
        description="a basket no node can ship whole: allow (each line on its own), consolidate (hold up to "
        "max_wait_days for one node to have it all, then as allow), none (one node or one virtual source)",
    )
    max_wait_days: float = Field(
        default=2.0, ge=0, le=60, description="consolidate: longest hold before shipping what is available"
    )
    recheck_hours: float = Field(
        default=1.0, gt=0, le=24, description="consolidate: how often a held basket looks for a node with it all"
    )
