"""The report's inventory charts: units on hand at the start of each day in replication 0, one panel per
stock node (all SKUs) and one per tracked SKU (all nodes), one line per policy, the warm-up shaded.

Pure functions of the `inventory_daily.parquet` frame (policy, replication, day, node, sku, on_hand;
sku "*" is a node's total), tested on hand-built frames. No SimPy here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.report.charts import Chart, colour, mpl_text, new_figure


def _shade_warmup(ax: Axes, warmup_days: float | None) -> None:
    if warmup_days:
        ax.axvspan(0, warmup_days, color="#000000", alpha=0.06, linewidth=0)


def inventory_charts(
    inventory: pd.DataFrame, policies: Sequence[str], warmup_days: float | None, max_skus: int = 6
) -> list[Chart]:
    """Start-of-day on hand in replication 0: per stock node (all SKUs), and per tracked SKU (all nodes)."""
    rep0 = inventory[inventory["replication"] == inventory["replication"].min()] if not inventory.empty else inventory
    if rep0.empty:
        return []
    drawn = [p for p in policies if (rep0["policy"] == p).any()]
    absent = [p for p in policies if p not in drawn]
    absent_note = (
        f" {', '.join(absent)} {'holds' if len(absent) == 1 else 'hold'} no stock, so {'it has' if len(absent) == 1 else 'they have'} no line."
        if absent
        else ""
    )
    notes = (" The shaded band is the warm-up, excluded from every KPI." if warmup_days else "") + absent_note
    charts = []
    totals = rep0[rep0["sku"] == "*"]
    nodes = list(dict.fromkeys(totals["node"]))
    if nodes:
        fig, described = _panels(totals, "node", nodes, drawn, policies, warmup_days, _node_sentence)
        title = "Inventory on hand per stock node (all SKUs, replication 0)"
        fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=12)
        charts.append(
            Chart(
                name="inventory_nodes",
                title=title,
                alt="Line charts of units on hand over time, one panel per stock node. " + "; ".join(described) + ".",
                caption="Units on hand at the start of each day, summed over SKUs, in the first replication only "
                "(one sample path, not an average)." + notes,
                figure=fig,
            )
        )
    per_sku = rep0[rep0["sku"] != "*"]
    skus = list(dict.fromkeys(per_sku["sku"]))[:max_skus]
    if skus:
        summed = per_sku.groupby(["policy", "sku", "day"], sort=False)["on_hand"].sum().reset_index()
        fig, described = _panels(summed, "sku", skus, drawn, policies, warmup_days, _sku_sentence)
        title = "Inventory on hand of the top SKUs by expected revenue (all nodes, replication 0)"
        fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=12)
        charts.append(
            Chart(
                name="inventory_skus",
                title=title,
                alt="Line charts of units on hand over time, one panel per SKU. " + "; ".join(described) + ".",
                caption="Units on hand at the start of each day, summed over the nodes that stock the SKU, in the "
                "first replication only. The simulator records the SKUs with the highest expected revenue; a "
                "policy that does not stock a SKU has no line in its panel." + notes,
                figure=fig,
            )
        )
    return charts


def _node_sentence(policy: str, node: str, on_hand: pd.Series) -> str:
    return f"{policy} at {node}: mean {on_hand.mean():,.0f} units, peak {on_hand.max():,.0f}"


def _sku_sentence(policy: str, sku: str, on_hand: pd.Series) -> str:
    return f"{policy}, {sku}: mean {on_hand.mean():,.0f} units, {int((on_hand == 0).sum())} days at zero"


def _panels(
    frame: pd.DataFrame,
    key: str,
    panels: Sequence[str],
    drawn: Sequence[str],
    policies: Sequence[str],
    warmup_days: float | None,
    sentence: Callable[[str, str, pd.Series], str],
) -> tuple[Figure, list[str]]:
    """A grid with one panel per value of `key` (a node or a SKU), one on-hand line per policy;
    returns the figure and one alt-text sentence per line drawn."""
    fig, axes = _grid(len(panels))
    described = []
    for ax, panel in zip(axes, panels, strict=False):
        for p in drawn:
            rows = frame[(frame[key] == panel) & (frame["policy"] == p)].sort_values("day")
            if not rows.empty:
                ax.plot(rows["day"], rows["on_hand"], color=colour(policies, p), label=mpl_text(p), linewidth=1.4)
                described.append(sentence(p, str(panel), rows["on_hand"]))
        _shade_warmup(ax, warmup_days)
        ax.set_title(mpl_text(str(panel)), loc="left", fontsize=11)
        ax.set_xlabel("day of the run")
        ax.set_ylabel("units on hand")
    _finish_grid(fig, axes, len(panels))
    return fig, described


def _grid(n: int) -> tuple[Figure, list[Axes]]:
    cols = min(3, n)
    rows = math.ceil(n / cols)
    fig = new_figure((10.0, 3.0 * rows + 0.6))
    axes = list(fig.subplots(rows, cols, squeeze=False).ravel())
    return fig, axes


def _finish_grid(fig: Figure, axes: list[Axes], used: int) -> None:
    for ax in axes[used:]:
        ax.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=len(labels))
