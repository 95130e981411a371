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
  from the policy's plan (`sim.plan.build.make_plan`, the number the simulation used). The rule orders
  when the inventory *position* reaches that point, so on hand below it while an order is in
  transit is expected: these rows are *info*, showing how long each slot runs on its safety stock.

No SimPy here: plans are pure (`sim.plan.build` imports no SimPy).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from sim.analytics.classify import DIO_ALERT_DAYS
from sim.network.build import Network

MAX_ROWS = 40
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


def _summary(summary: pd.DataFrame, policy: str, metric: str) -> tuple[float, float, float]:
    rows = summary[(summary["policy"] == policy) & (summary["metric"] == metric)]
    if rows.empty:
        return math.nan, math.nan, math.nan
    r = rows.iloc[0]
    return float(r["mean"]), float(r["ci_low"]), float(r["ci_high"])


def dio_alerts(summary: pd.DataFrame, policies: Sequence[str]) -> tuple[list[Alert], str]:
    """DIO above 60 days per policy, from the dio_days KPI."""
    rows = []
    measured = []
    for p in policies:
        mean, low, high = _summary(summary, p, "dio_days")
        if not math.isfinite(mean):
            continue
        measured.append(f"{p} {mean:.1f}")
        interval = f" (95 % CI {low:.1f}–{high:.1f})" if math.isfinite(low) else ""
        if mean > DIO_ALERT_DAYS:
            rows.append(
                Alert("alert", "DIO above 60 days", p, "all stock nodes", f"DIO {mean:.1f} days{interval}", mean)
            )
        elif math.isfinite(high) and high > DIO_ALERT_DAYS:
            rows.append(
                Alert(
                    "watch",
                    "DIO above 60 days",
                    p,
                    "all stock nodes",
                    f"DIO {mean:.1f} days{interval}: the interval reaches 60",
                    mean,
                )
            )
    check = f"DIO above {DIO_ALERT_DAYS:.0f} days (the dio_days KPI, mean over replications): " + (
        f"{len(rows)} of {len(measured)} policies flagged; DIO {', '.join(measured)} days."
        if measured
        else "no policy holds stock."
    )
    return rows, check


def stock_alerts(
    inventory: pd.DataFrame,
    summary: pd.DataFrame,
    policies: Sequence[str],
    network: Network | None,
    warmup_days: float,
) -> tuple[list[Alert], list[str]]:
    """A items at zero on hand, and on hand below the reorder point, for the tracked SKUs of replication 0."""
    checks: list[str] = []
    if inventory.empty:
        return [], ["Stock checks: no inventory was recorded (no policy holds stock)."]
    rep0 = inventory[(inventory["replication"] == inventory["replication"].min()) & (inventory["sku"] != "*")]
    rep0 = rep0[rep0["day"] >= warmup_days]
    if network is None:
        return [], ["Stock checks need the scenario (for ABC classes and reorder points), which could not be loaded."]
    abc = {s.id: s.abc for s in network.skus}
    sku_index = {s.id: s.index for s in network.skus}
    node_index = {n.name: n.index for n in network.nodes}
    tracked = list(dict.fromkeys(rep0["sku"]))
    a_items = [s for s in tracked if abc.get(s) == "A"]
    days_total = int(rep0["day"].nunique())

    zero_rows: list[Alert] = []
    rop_rows: list[Alert] = []
    slots_checked = 0
    from sim.plan.build import make_plan

    for p in policies:
        block = rep0[rep0["policy"] == p]
        if block.empty:
            continue
        plan = make_plan(network, p)
        for (node, sku), rows in block.groupby(["node", "sku"], sort=False):
            on_hand = rows.sort_values("day")
            n_days = len(on_hand)
            if abc.get(str(sku)) == "A":
                slots_checked += 1
                zero = on_hand[on_hand["on_hand"] == 0]
                if not zero.empty:
                    zero_rows.append(
                        Alert(
                            "alert",
                            "A item out of stock",
                            p,
                            f"{sku} at {node}",
                            f"on hand 0 at the start of {len(zero)} of {n_days} days (first on day {int(zero['day'].iloc[0])})",
                            len(zero) / n_days,
                        )
                    )
            slot = plan.slots.get((node_index.get(str(node), -1), sku_index.get(str(sku), -1)))
            if slot is not None:
                rop = slot.rule.reorder_point
                below = int((on_hand["on_hand"] < rop).sum())
                if below:
                    rop_rows.append(
                        Alert(
                            "info",
                            "on hand below reorder point",
                            p,
                            f"{sku} at {node}",
                            f"below {rop} units at the start of {below} of {n_days} days ({100 * below / n_days:.0f} %)",
                            below / n_days,
                        )
                    )
    stockout = [
        f"{p} {100 * _summary(summary, p, 'stockout_time_fraction')[0]:.2f} %"
        for p in policies
        if math.isfinite(_summary(summary, p, "stockout_time_fraction")[0])
    ]
    checks.append(
        f"A item out of stock: {len(a_items)} tracked A item(s) ({', '.join(a_items) or 'none'}) in replication 0 after "
        f"the warm-up ({days_total} days), {slots_checked} SKU-node pairs checked, {len(zero_rows)} flagged. "
        + (
            f"Across every stocked SKU-node pair and replication, the share of time at zero on hand "
            f"(stockout_time_fraction) is {', '.join(stockout)}."
            if stockout
            else ""
        )
    )
    checks.append(
        f"On hand below the reorder point: the same tracked SKUs ({', '.join(tracked)}) against the reorder point "
        f"the policy's plan set; {len(rop_rows)} pair(s) spent days below it. Expected while a replenishment is in "
        f"transit (rules order on inventory position), so these are information, not alarms."
    )
    return zero_rows + rop_rows, checks


def build_alerts(
    summary: pd.DataFrame,
    inventory: pd.DataFrame | None,
    policies: Sequence[str],
    network: Network | None,
    warmup_days: float,
) -> Alerts:
    """Every check, most severe rows first."""
    result = Alerts()
    rows, check = dio_alerts(summary, policies)
    result.checks.append(check)
    if inventory is None:
        result.checks.append("Stock checks: inventory_daily.parquet is not in the results folder.")
    else:
        stock_rows, stock_checks = stock_alerts(inventory, summary, policies, network, warmup_days)
        rows += stock_rows
        result.checks += stock_checks
    rows.sort(key=lambda a: (LEVEL_ORDER[a.level], -a.weight))
    alarms = [a for a in rows if a.level != "info"]
    info = [a for a in rows if a.level == "info"]
    result.hidden = max(0, len(alarms) - MAX_ROWS) + max(0, len(info) - MAX_ROWS)
    result.rows, result.info = alarms[:MAX_ROWS], info[:MAX_ROWS]
    return result
