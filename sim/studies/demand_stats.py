"""Per-SKU demand statistics: Syntetos–Boylan patterns, ABC by revenue, XYZ by coefficient of variation.

Definitions (docs/DEMAND.md, "Analysis"), all regions of a SKU together:

* **daily series**: units per calendar day of the history's date range (days without rows are 0);
* **ADI** (average inter-demand interval) = open days ÷ open days with demand; **CV²** = (σ/μ)² of
  the positive daily totals (population σ); Syntetos, Boylan & Croston (2005), "On the
  categorization of demand patterns", JORS 56(5): smooth (ADI < 1.32, CV² < 0.49), erratic
  (ADI < 1.32, CV² ≥ 0.49), intermittent (ADI ≥ 1.32, CV² < 0.49), lumpy (both at or above);
* **XYZ** on the chosen basis — `daily` (open days), `weekly` (7-day blocks from the first date),
  `monthly` (calendar months); only *complete* periods count (a partial first or last week or month
  is dropped); CV = population σ ÷ μ of the period totals; X if CV < 0.20, Y if CV ≤ 0.50, else Z
  (the lesson's cut-offs, configurable); a SKU without demand has no CV and is Z;
* **ABC** by revenue share: A while the cumulative share (the SKU included) is at most 80 %, B up
  to 95 %, C after (the lesson's cut-offs; `sim.analytics.classify`, shared with the simulator).
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
import pandas as pd

from sim.analytics.classify import ABC_A_SHARE, ABC_B_SHARE, XYZ_X_BELOW, XYZ_Y_UP_TO, abc_classes, xyz_class
from sim.history.calendar import Calendar
from sim.history.table import DemandTable

Basis = Literal["daily", "weekly", "monthly"]
BASES: tuple[Basis, ...] = ("daily", "weekly", "monthly")

ADI_CUT = 1.32
CV2_CUT = 0.49

Matrix = np.ndarray[tuple[int, int], np.dtype[np.float64]]


def pattern(adi: float, cv2: float, adi_cut: float = ADI_CUT, cv2_cut: float = CV2_CUT) -> str:
    """Syntetos–Boylan class: smooth, erratic, intermittent or lumpy ('none' without demand)."""
    if math.isnan(adi) or math.isnan(cv2):
        return "none"
    if adi < adi_cut:
        return "smooth" if cv2 < cv2_cut else "erratic"
    return "intermittent" if cv2 < cv2_cut else "lumpy"


def daily_matrix(table: DemandTable, skus: list[str]) -> Matrix:
    """Units per (calendar day, SKU) over the table's date range, all regions together."""
    n_days = table.calendar.n_days
    col = {s: i for i, s in enumerate(skus)}
    f = table.frame
    out = np.zeros((n_days, len(skus)))
    idx = f["sku"].map(col).to_numpy()
    np.add.at(out, (f["day"].to_numpy(), idx), f["quantity"].to_numpy().astype(float))
    return out


def period_totals(daily: Matrix, calendar: Calendar, basis: Basis) -> Matrix:
    """Totals per complete period (rows) and SKU (columns). Daily: the open days."""
    if basis == "daily":
        return np.asarray(daily[calendar.open], dtype=np.float64)
    if basis == "weekly":
        whole = calendar.n_days // 7
        return np.asarray(daily[: whole * 7].reshape(whole, 7, -1).sum(axis=1), dtype=np.float64)
    months = calendar.dates().astype("datetime64[M]")
    first_month, last_month = months[0], months[-1]
    complete_first = calendar.first.day == 1
    complete_last = (calendar.dates()[-1] + 1).astype("datetime64[M]") != last_month
    keep = np.ones(len(months), dtype=bool)
    if not complete_first:
        keep &= months != first_month
    if not complete_last:
        keep &= months != last_month
    if not keep.any():
        return np.zeros((0, daily.shape[1]))
    codes, inverse = np.unique(months[keep], return_inverse=True)
    out = np.zeros((len(codes), daily.shape[1]))
    np.add.at(out, inverse, daily[keep])
    return out


def sku_statistics(
    table: DemandTable,
    basis: Basis = "monthly",
    abc_cuts: tuple[float, float] = (ABC_A_SHARE, ABC_B_SHARE),
    xyz_cuts: tuple[float, float] = (XYZ_X_BELOW, XYZ_Y_UP_TO),
    adi_cut: float = ADI_CUT,
    cv2_cut: float = CV2_CUT,
    prices: dict[str, float] | None = None,
) -> pd.DataFrame:
    """One row per SKU of `table` (see the module docstring for every definition).

    Revenue is Σ quantity × unit_price from the file; SKUs in `prices` (price per unit) use that
    instead when the file has no prices. Columns: sku, units, lines, revenue, revenue_share,
    cumulative_share, abc, days, open_days, demand_days, units_per_day, units_per_day_sd,
    units_per_order, adi, cv2, pattern, basis, periods, period_mean, period_sd, cv, xyz, abc_xyz."""
    skus = sorted(table.skus)
    daily = daily_matrix(table, skus)
    cal = table.calendar
    units = daily.sum(axis=0)
    lines = table.frame.groupby("sku")["lines"].sum().reindex(skus).to_numpy(dtype=float)
    revenue = _revenue(table, skus, units, prices)
    demand_days, adi, cv2 = _intermittency(daily[cal.open], cal.open_days)

    periods = period_totals(daily, cal, basis)
    p_mean = periods.mean(axis=0) if len(periods) else np.full(len(skus), math.nan)
    p_sd = periods.std(axis=0) if len(periods) else np.full(len(skus), math.nan)
    cv = np.where(p_mean > 0, p_sd / np.where(p_mean > 0, p_mean, 1.0), math.nan)

    total_revenue = float(np.nansum(revenue))
    abc = abc_classes([0.0 if math.isnan(r) else float(r) for r in revenue], *abc_cuts)
    xyz = [xyz_class(float(c), *xyz_cuts) for c in cv]
    out = pd.DataFrame(
        {
            "sku": skus,
            "units": units.astype(np.int64),
            "lines": lines.astype(np.int64),
            "revenue": revenue,
            "revenue_share": revenue / total_revenue if total_revenue > 0 else math.nan,
            "cumulative_share": _cumulative_share(revenue, total_revenue),
            "abc": abc,
            "days": cal.n_days,
            "open_days": cal.open_days,
            "demand_days": demand_days.astype(np.int64),
            "units_per_day": daily.mean(axis=0),
            "units_per_day_sd": daily.std(axis=0, ddof=1) if cal.n_days > 1 else 0.0,
            "units_per_order": np.where(lines > 0, units / np.maximum(lines, 1), math.nan),
            "adi": adi,
            "cv2": cv2,
            "pattern": [pattern(float(a), float(c), adi_cut, cv2_cut) for a, c in zip(adi, cv2, strict=True)],
            "basis": basis,
            "periods": len(periods),
            "period_mean": p_mean,
            "period_sd": p_sd,
            "cv": cv,
            "xyz": xyz,
            "abc_xyz": [a + x for a, x in zip(abc, xyz, strict=True)],
        }
    )
    return out.sort_values(["cumulative_share", "sku"], kind="stable").reset_index(drop=True)


def _revenue(
    table: DemandTable, skus: list[str], units: np.ndarray[Any, np.dtype[np.float64]], prices: dict[str, float] | None
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Revenue per SKU: Σ quantity × unit_price of the file, else units × `prices` (NaN without one)."""
    f = table.frame
    if table.has_price:
        priced = f[f["quantity"] > 0]
        return (
            (priced["quantity"] * priced["unit_price"]).groupby(priced["sku"]).sum().reindex(skus, fill_value=0.0)
        ).to_numpy(dtype=float)
    return np.asarray([units[i] * (prices or {}).get(s, math.nan) for i, s in enumerate(skus)], dtype=float)


def _intermittency(
    open_daily: Matrix, open_days: int
) -> tuple[
    np.ndarray[Any, np.dtype[np.int64]], np.ndarray[Any, np.dtype[np.float64]], np.ndarray[Any, np.dtype[np.float64]]
]:
    """Per SKU: open days with demand, ADI and CV² of the positive daily totals (NaN without demand)."""
    demand_days = (open_daily > 0).sum(axis=0)
    adi = np.where(demand_days > 0, open_days / np.maximum(demand_days, 1), math.nan)
    cv2 = np.full(open_daily.shape[1], math.nan)
    for j in range(open_daily.shape[1]):
        sizes = open_daily[open_daily[:, j] > 0, j]
        if len(sizes):
            cv2[j] = float(sizes.var() / sizes.mean() ** 2)
    return demand_days, adi, cv2


def _cumulative_share(
    revenue: np.ndarray[Any, np.dtype[np.float64]], total_revenue: float
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Each SKU's cumulative revenue share in ABC order (by revenue, then position), itself included."""
    order = sorted(range(len(revenue)), key=lambda i: (-(0.0 if math.isnan(revenue[i]) else revenue[i]), i))
    cumulative = np.zeros(len(revenue))
    running = 0.0
    for i in order:
        running += 0.0 if math.isnan(revenue[i]) else revenue[i]
        cumulative[i] = running / total_revenue if total_revenue > 0 else math.nan
    return cumulative


ABC_XYZ_NOTES = {
    "AX": "automatic reorder, minimal stock",
    "AY": "moderate safety stock",
    "AZ": "high stock, frequent monitoring",
    "BX": "standard management",
    "BY": "fortnightly review",
    "BZ": "evaluate keeping it",
    "CX": "minimum viable stock",
    "CY": "low demand",
    "CZ": "consider dropping it",
}
"""The lesson's action per ABC-XYZ cell (shared/seeds/003, translated)."""


def abc_xyz_matrix(table: pd.DataFrame) -> pd.DataFrame:
    """Counts, units and revenue share per ABC × XYZ cell (all nine cells, in order)."""
    rows = []
    for a in "ABC":
        for x in "XYZ":
            cell = table[(table.abc == a) & (table.xyz == x)]
            rows.append(
                (
                    a,
                    x,
                    a + x,
                    len(cell),
                    int(cell.units.sum()),
                    float(cell.revenue_share.sum()) if len(cell) else 0.0,
                    ABC_XYZ_NOTES[a + x],
                )
            )
    return pd.DataFrame(rows, columns=["abc", "xyz", "cell", "skus", "units", "revenue_share", "note"])
