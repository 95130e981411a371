"""Reference checks of the `baskets` block: a composition naming an unknown SKU or listing one twice,
and the features baskets do not combine with yet. Called by `sim.config.references`."""

from __future__ import annotations

from sim.base.problems import Path
from sim.config.baskets import Baskets, ByCategory
from sim.config.names import Bad, suggest


def basket_problems(
    baskets: Baskets | None,
    sku_ids: list[str],
    has_conversion: bool,
    has_placement: bool,
    bad: Bad,
) -> None:
    """A composition naming an unknown SKU or listing one twice, and what baskets do not combine with."""
    if baskets is None:
        return
    known = set(sku_ids)
    comp = baskets.composition
    where = ("baskets", "composition")

    def unknown(path: Path, sku: str) -> None:
        bad(path, f"unknown SKU {sku!r}{suggest(sku, sku_ids)}; baskets can only name SKUs of the catalogue")

    for sku in comp.weights or {}:
        if sku not in known:
            unknown((*where, "weights", sku), sku)
    if isinstance(comp, ByCategory):
        seen: dict[str, str] = {}
        for cat, members in comp.categories.items():
            if not members:
                bad((*where, "categories", cat), f"category {cat!r} lists no SKU; list its SKU ids or remove it")
            for i, sku in enumerate(members):
                if sku not in known:
                    unknown((*where, "categories", cat, i), sku)
                elif sku in seen:
                    bad(
                        (*where, "categories", cat, i),
                        f"SKU {sku!r} is already in category {seen[sku]!r}; a SKU belongs to at most one category",
                    )
                else:
                    seen[sku] = cat
                if comp.weights is not None and sku in known and sku not in comp.weights:
                    bad(
                        (*where, "categories", cat, i),
                        f"SKU {sku!r} has no weight in composition.weights; add it there or drop it here",
                    )
    if has_conversion:
        bad(("baskets",), "baskets do not combine with `conversion` yet; remove one of the two")
    if has_placement:
        bad(("baskets",), "baskets do not combine with predictive placement yet; remove one of the two")
