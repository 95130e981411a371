"""The catalogue's ABC-XYZ matrix: revenue class × demand variability, read from the plan table.

The run writes each SKU's classes and the numbers behind them into the results folder's plan table
(`plan.parquet`, sim.experiment.plan_table); this module only reads and draws them:

* **ABC** is the network's class by expected revenue (price × mean daily units): A up to 80 % of
  cumulative revenue, B up to 95 %, C the rest (`sim.analytics.classify`, DESIGN §6).
* **XYZ** is by the coefficient of variation of one day's demand (all regions, before
  seasonality), from each SKU's analytic daily mean and variance: X below 20 %, Y from 20 % to
  50 %, Z above 50 %. Seasonality and trend are left out on purpose: they are predictable swings,
  and XYZ is meant to measure the unpredictable part. A SKU with no demand is Z.

No simulation output is used, so the matrix is the same for every policy. No SimPy here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.analytics.classify import XYZ_X_BELOW, XYZ_Y_UP_TO
from sim.report.charts import Chart, new_figure

ABC = ("A", "B", "C")
XYZ = ("X", "Y", "Z")


@dataclass(frozen=True)
class SkuClass:
    """One SKU's classes and the numbers behind them."""

    id: str
    abc: str
    xyz: str
    cv: float  # coefficient of variation of daily units
    revenue_per_day: float  # expected, before seasonality


def classify(plan: pd.DataFrame) -> list[SkuClass]:
    """Every SKU of the plan table with its ABC and XYZ class, in the order the table first lists them
    (catalogue order: every policy's rows run through the catalogue)."""
    skus = plan.drop_duplicates("sku")
    return [
        SkuClass(str(r["sku"]), str(r["abc"]), str(r["xyz"]), float(r["daily_units_cv"]), float(r["revenue_per_day"]))
        for r in skus.to_dict("records")
    ]


@dataclass(frozen=True)
class Cell:
    """One cell of the matrix."""

    abc: str
    xyz: str
    skus: tuple[str, ...]
    revenue_share: float  # of the catalogue's expected revenue


def matrix(classes: Sequence[SkuClass]) -> list[list[Cell]]:
    """3 × 3 cells, rows A/B/C, columns X/Y/Z; SKUs in each cell by expected revenue, highest first."""
    total = sum(c.revenue_per_day for c in classes) or 1.0
    rows = []
    for a in ABC:
        row = []
        for x in XYZ:
            members = sorted((c for c in classes if c.abc == a and c.xyz == x), key=lambda c: -c.revenue_per_day)
            row.append(Cell(a, x, tuple(c.id for c in members), sum(c.revenue_per_day for c in members) / total))
        rows.append(row)
    return rows


def abc_xyz_chart(classes: Sequence[SkuClass]) -> Chart | None:
    """A heat map of the matrix: colour = share of expected revenue, text = SKUs and revenue share."""
    if not classes:
        return None
    cells = matrix(classes)
    shares = np.array([[c.revenue_share for c in row] for row in cells])
    fig = new_figure((7.0, 4.4))
    ax = fig.add_subplot()
    image = ax.imshow(100 * shares, cmap="Blues", vmin=0, vmax=100, aspect="auto")
    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            dark = cell.revenue_share > 0.55
            ax.text(
                j,
                i,
                f"{len(cell.skus)} SKU{'s' if len(cell.skus) != 1 else ''}\n{100 * cell.revenue_share:.1f} % of revenue",
                ha="center",
                va="center",
                fontsize=10.5,
                color="white" if dark else "#1a1a1a",
            )
    ax.set_xticks(
        range(3),
        [f"X (CV < {XYZ_X_BELOW:.0%})", f"Y ({XYZ_X_BELOW:.0%}–{XYZ_Y_UP_TO:.0%})", f"Z (CV > {XYZ_Y_UP_TO:.0%})"],
    )
    ax.set_yticks(range(3), ["A (top 80 %)", "B (next 15 %)", "C (last 5 %)"])
    ax.grid(False)
    ax.set_xlabel("demand variability: CV of daily units (%)")
    ax.set_ylabel("revenue class (share of expected revenue)")
    bar = fig.colorbar(image, ax=ax, pad=0.02)
    bar.set_label("share of expected revenue (%)")
    title = f"ABC-XYZ matrix of the catalogue ({len(classes)} SKUs)"
    ax.set_title(title, loc="left")
    described = "; ".join(
        f"{c.abc}{c.xyz}: {len(c.skus)} SKUs, {100 * c.revenue_share:.1f} % of revenue" for row in cells for c in row
    )
    return Chart(
        name="abc_xyz",
        title=title,
        alt=f"Three by three matrix of SKU counts by revenue class and demand variability. {described}.",
        caption=(
            "ABC: classes by expected revenue (price × mean daily units), cumulative share up to 80 % is A, "
            "up to 95 % B, the rest C. XYZ: coefficient of variation of one day's demand, all regions, from the "
            "demand model's mean and variance (seasonality left out). The table below lists the SKUs in each cell."
        ),
        figure=fig,
    )
