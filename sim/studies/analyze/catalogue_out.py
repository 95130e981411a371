"""`analysis/catalogue.csv`: the analysed history as an item-master file a scenario loads with
`skus: {path: catalogue.csv}` (sim.config.catalogue_file), so history → catalogue → scenario.

One row per SKU with demand as Poisson orders fitted to the history: `order_size` is the mean units
per order line rounded to a whole number (at least 1) and `orders_per_day` the mean units per
calendar day divided by it, so the mean daily units are the history's. The ABC, XYZ and demand
pattern classes become tags (`abc-A`, `xyz-Y`, `pattern-erratic`) that promotions and profiles can
name. SKUs without a price in the history keep an empty `price` cell: fill it in before use (the
loader says which rows). See docs/DEMAND.md §12.
"""

from __future__ import annotations

import math

import pandas as pd

CATALOGUE_FILE_COLUMNS = ("id", "unit_cost", "price", "weight_kg", "tags", "orders_per_day", "order_size")


def catalogue_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The per-SKU analysis table as catalogue rows (sorted by SKU)."""
    rows = []
    for r in table.sort_values("sku").to_dict("records"):
        units, per_order, price = float(r["units_per_day"]), float(r["units_per_order"]), float(r["unit_price"])
        size = max(1, round(per_order)) if math.isfinite(per_order) else 1
        tags = [f"abc-{r['abc']}", f"xyz-{r['xyz']}", f"pattern-{r['pattern']}"]
        rows.append(
            {
                "id": str(r["sku"]),
                "unit_cost": round(float(r["unit_cost"]), 4),
                "price": round(price, 4) if math.isfinite(price) else None,
                "weight_kg": float(r["weight_kg"]),
                "tags": ";".join(t for t in tags if not t.endswith("-nan")),
                "orders_per_day": round(units / size, 6) if units > 0 else None,
                "order_size": size,
            }
        )
    return pd.DataFrame(rows, columns=list(CATALOGUE_FILE_COLUMNS))
