"""The alerts table (DESIGN §6: stock 0 for an A item, stock below the reorder point, DIO above 60),
derived from what a results folder actually holds — and saying how.

* **DIO above 60 days** — per policy, from the `dio_days` KPI (mean and 95 % CI over
  replications). *Alert* when the mean is above 60; *watch* when only the interval reaches 60.
* **A item out of stock** — from `inventory_daily.parquet`: start-of-day on hand in replication 0,
  recorded for the few SKUs with the highest expected revenue (the simulator's choice). For each
  tracked A item at each stock node: days after the warm-up at zero on hand. *Alert* when any.
  The `stockout_time_fraction` KPI (all stocked SKU-node pairs, every replication) is quoted with
  the check so the single sample path is put in context.
* **On hand below the reorder point** — the same tracked rows against each slot's reorder point
  in the folder's plan table (`plan.parquet`, written by the run from the plan it simulated,
  sim.experiment.plan_table). The rule orders when the inventory *position* reaches that point,
  so on hand below it while an order is in transit is expected: these rows are *info*, showing
  how long each slot runs on its safety stock.

ABC classes come from the same plan table. Without it (a folder written before it existed, or a
sweep) the two stock checks are left out and their line says why. Nothing here rebuilds the
network or the plan; no SimPy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from sim.analytics.classify import DIO_ALERT_DAYS, dio_alert
from sim.report.folder import summary_value

MAX_ROWS = 40
DIO_CHECK = f"DIO above {DIO_ALERT_DAYS:.0f} days"
LEVEL_ORDER = {"alert": 0, "watch": 1, "info": 2}


@dataclass(frozen=True)
class Alert:
    """One row of the alerts table."""

    level: str  # "alert", "watch" or "info"
    check: str
    policy: str
    where: str
    finding: str
    weight: float = 0.0  # sorts rows of one level: larger first (days at zero, share of days below)


@dataclass
class Alerts:
    """Alarms (alert, watch) and information rows, most severe first, and one line per check saying what
    was checked and found."""

    rows: list[Alert] = field(default_factory=list)
    info: list[Alert] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    hidden: int = 0  # rows (of either table) left out beyond MAX_ROWS


def dio_alerts(summary: pd.DataFrame, policies: Sequence[str]) -> tuple[list[Alert], str]:
    """DIO above the alert limit (sim.analytics.classify.DIO_ALERT_DAYS) per policy, from the dio_days KPI."""
    rows = []
    measured = []
    for p in policies:
        mean, low, high = summary_value(summary, p, "dio_days")
        if not math.isfinite(mean):
            continue
        measured.append(f"{p} {mean:.1f}")
        interval = f" (95 % CI {low:.1f}–{high:.1f})" if math.isfinite(low) else ""
        if dio_alert(mean):
            rows.append(Alert("alert", DIO_CHECK, p, "all stock nodes", f"DIO {mean:.1f} days{interval}", mean))
        elif math.isfinite(high) and dio_alert(high):
            rows.append(
                Alert(
                    "watch",
                    DIO_CHECK,
                    p,
                    "all stock nodes",
                    f"DIO {mean:.1f} days{interval}: the interval reaches {DIO_ALERT_DAYS:.0f}",
                    mean,
                )
            )
    check = f"{DIO_CHECK} (the dio_days KPI, mean over replications): " + (
        f"{len(rows)} of {len(measured)} policies flagged; DIO {', '.join(measured)} days."
        if measured
        else "no policy holds stock."
    )
    return rows, check


def stock_alerts(
    inventory: pd.DataFrame,
    summary: pd.DataFrame,
    policies: Sequence[str],
    plan: pd.DataFrame | None,
    warmup_days: float,
    plan_missing: str | None = None,
) -> tuple[list[Alert], list[str]]:
    """A items at zero on hand, and on hand below the reorder point, for the tracked SKUs of replication 0.

    `plan` is the folder's plan table (ABC classes and reorder points); `plan_missing` says why it is
    None, for the check line."""
    if inventory.empty:
        return [], ["Stock checks: no inventory was recorded (no policy holds stock)."]
    rep0 = inventory[(inventory["replication"] == inventory["replication"].min()) & (inventory["sku"] != "*")]
    rep0 = rep0[rep0["day"] >= warmup_days]
    if plan is None:
        why = plan_missing or "the plan table was not read"
        return [], [f"Stock checks (A item out of stock, on hand below the reorder point) need the plan table: {why}."]
    abc = {str(sku): str(c) for sku, c in zip(plan["sku"], plan["abc"], strict=True)}
    stocked = plan[plan["source"] == "stocked"]
    reorder = {
        (str(p), str(n), str(s)): int(r)
        for p, n, s, r in zip(stocked["policy"], stocked["node"], stocked["sku"], stocked["reorder_point"], strict=True)
    }
    zero_rows: list[Alert] = []
    rop_rows: list[Alert] = []
    slots_checked = 0
    for p in policies:
        for (node, sku), rows in rep0[rep0["policy"] == p].groupby(["node", "sku"], sort=False):
            on_hand = rows.sort_values("day")
            if abc.get(str(sku)) == "A":
                slots_checked += 1
                zero_rows += _zero_alert(p, str(node), str(sku), on_hand)
            rop = reorder.get((p, str(node), str(sku)))
            if rop is not None:
                rop_rows += _below_rop_alert(p, str(node), str(sku), on_hand, rop)
    tracked = list(dict.fromkeys(rep0["sku"]))
    a_items = [s for s in tracked if abc.get(s) == "A"]
    checks = [
        f"A item out of stock: {len(a_items)} tracked A item(s) ({', '.join(a_items) or 'none'}) in replication 0 after "
        f"the warm-up ({int(rep0['day'].nunique())} days), {slots_checked} SKU-node pairs checked, "
        f"{len(zero_rows)} flagged. " + _stockout_context(summary, policies),
        f"On hand below the reorder point: the same tracked SKUs ({', '.join(tracked)}) against the reorder point "
        f"the policy's plan set; {len(rop_rows)} pair(s) spent days below it. Expected while a replenishment is in "
        f"transit (rules order on inventory position), so these are information, not alarms.",
    ]
    return zero_rows + rop_rows, checks


def _zero_alert(policy: str, node: str, sku: str, on_hand: pd.DataFrame) -> list[Alert]:
    """An alert when an A item's on hand (rows by day) is zero at the start of any day."""
    zero = on_hand[on_hand["on_hand"] == 0]
    if zero.empty:
        return []
    n_days = len(on_hand)
    finding = f"on hand 0 at the start of {len(zero)} of {n_days} days (first on day {int(zero['day'].iloc[0])})"
    return [Alert("alert", "A item out of stock", policy, f"{sku} at {node}", finding, len(zero) / n_days)]


def _below_rop_alert(policy: str, node: str, sku: str, on_hand: pd.DataFrame, rop: int) -> list[Alert]:
    """An information row when on hand (rows by day) starts any day below the slot's reorder point."""
    below = int((on_hand["on_hand"] < rop).sum())
    if not below:
        return []
    n_days = len(on_hand)
    finding = f"below {rop} units at the start of {below} of {n_days} days ({100 * below / n_days:.0f} %)"
    return [Alert("info", "on hand below reorder point", policy, f"{sku} at {node}", finding, below / n_days)]


def _stockout_context(summary: pd.DataFrame, policies: Sequence[str]) -> str:
    """The stockout_time_fraction KPI per policy, to put one sample path in context."""
    stockout = [
        f"{p} {100 * summary_value(summary, p, 'stockout_time_fraction')[0]:.2f} %"
        for p in policies
        if math.isfinite(summary_value(summary, p, "stockout_time_fraction")[0])
    ]
    if not stockout:
        return ""
    return (
        f"Across every stocked SKU-node pair and replication, the share of time at zero on hand "
        f"(stockout_time_fraction) is {', '.join(stockout)}."
    )


def build_alerts(
    summary: pd.DataFrame,
    inventory: pd.DataFrame | None,
    policies: Sequence[str],
    plan: pd.DataFrame | None,
    warmup_days: float,
    plan_missing: str | None = None,
) -> Alerts:
    """Every check, most severe rows first (`plan`: the folder's plan table, else why it is missing)."""
    result = Alerts()
    rows, check = dio_alerts(summary, policies)
    result.checks.append(check)
    if inventory is None:
        result.checks.append("Stock checks: inventory_daily.parquet is not in the results folder.")
    else:
        stock_rows, stock_checks = stock_alerts(inventory, summary, policies, plan, warmup_days, plan_missing)
        rows += stock_rows
        result.checks += stock_checks
    rows.sort(key=lambda a: (LEVEL_ORDER[a.level], -a.weight))
    alarms = [a for a in rows if a.level != "info"]
    info = [a for a in rows if a.level == "info"]
    result.hidden = max(0, len(alarms) - MAX_ROWS) + max(0, len(info) - MAX_ROWS)
    result.rows, result.info = alarms[:MAX_ROWS], info[:MAX_ROWS]
    return result
