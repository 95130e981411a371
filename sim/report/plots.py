"""The report's per-policy KPI charts, each a pure function from tidy frames to a `Chart` (or None when
there is nothing to draw): the cost / fill-rate / speed trade-off, the delivery-time distribution
and the cost breakdown. Inventory over time is in sim.report.inventory_plots, the sweeps' response
curves in sim.report.response_plots.

Every chart has a title, axis labels with units and alt text; captions say how each number was
derived. Functions take plain DataFrames (as stored in the results folder), so they are tested on
hand-built frames. No SimPy here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Colormap, Normalize
from matplotlib.ticker import PercentFormatter

from sim.report.charts import Chart, colour, mpl_text, new_figure
from sim.report.folder import summary_value

MONEY = "currency units"
MAX_LINES = 10
"""Charts with one line or bar per policy (and sweep setting) draw at most this many."""


def _half(low: float, high: float) -> float:
    return (high - low) / 2 if math.isfinite(low) and math.isfinite(high) else 0.0


# ---------------------------------------------------------------------------------------------
# trade-off


def tradeoff_chart(summary: pd.DataFrame, policies: Sequence[str]) -> Chart | None:
    """Cost per order against fill rate, one point per policy with 95 % CI bars; colour = delivery p90."""
    points: list[_Point] = []
    for p in policies:
        fill = summary_value(summary, p, "fill_rate_units")
        cost = summary_value(summary, p, "cost_per_order")
        speed = summary_value(summary, p, "delivery_days_p90")
        if math.isfinite(fill[0]) and math.isfinite(cost[0]):
            points.append((p, fill, cost, speed[0]))
    if not points:
        return None
    from matplotlib import colormaps

    cmap = colormaps["viridis_r"]
    speeds = [s for *_, s in points if math.isfinite(s)]
    lo, hi = (min(speeds), max(speeds)) if speeds else (0.0, 1.0)
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    norm = Normalize(lo, hi)
    fig = new_figure((10.0, 5.2))
    ax = fig.add_subplot()
    for point in points:
        p90 = point[3]
        _draw_tradeoff_point(
            ax, point, cmap(norm(p90)) if math.isfinite(p90) else "#999999", colour(policies, point[0])
        )
    ax.margins(x=0.25, y=0.25)
    left, right = ax.get_xlim()
    ax.set_xlim(left, min(right, 100.5))  # a fill rate cannot pass 100 %: keep the axis from suggesting it
    bar = fig.colorbar(_mappable(norm, cmap), ax=ax, pad=0.02)
    bar.set_label("delivery p90 (days; lighter is faster)")
    ax.set_xlabel("fill rate, units (%)")
    ax.set_ylabel(f"cost per order ({MONEY})")
    title = "Cost per order vs fill rate, coloured by 90th-percentile delivery time"
    ax.set_title(title, loc="left")
    described = "; ".join(
        f"{p}: fill rate {100 * f[0]:.2f} %, cost per order {c[0]:.2f}, delivery p90 {s:.2f} days"
        for p, f, c, s in points
    )
    return Chart(
        name="tradeoff",
        title=title,
        alt=f"Scatter plot of cost per order against fill rate, one point per policy. {described}.",
        caption=(
            "One point per policy: mean over replications; bars are 95 % confidence intervals (t, over "
            "replications) and may be smaller than the marker. Fill colour is the mean 90th-percentile "
            "delivery time (lighter = faster); the ring is the policy's colour in the other charts. "
            "Down and to the right is better."
        ),
        figure=fig,
    )


_Point = tuple[str, tuple[float, float, float], tuple[float, float, float], float]
"""A policy on the trade-off chart: name, fill rate and cost per order (mean, low, high), delivery p90."""


def _draw_tradeoff_point(ax: Axes, point: _Point, face: Any, ring: str) -> None:
    """One policy's point with its CI bars and its label (name and delivery p90)."""
    p, fill, cost, p90 = point
    ax.errorbar(
        100 * fill[0],
        cost[0],
        xerr=100 * _half(fill[1], fill[2]),
        yerr=_half(cost[1], cost[2]),
        fmt="o",
        markersize=11,
        markerfacecolor=face,
        markeredgecolor=ring,
        markeredgewidth=2.2,
        ecolor="#333333",
        elinewidth=1.2,
        capsize=5,
        zorder=3,
    )
    speed_text = f"p90 {p90:.1f} days" if math.isfinite(p90) else "p90 n/a"
    ax.annotate(
        f"{mpl_text(p)}\n{speed_text}",
        (100 * fill[0], cost[0]),
        xytext=(12, 10),
        textcoords="offset points",
        fontsize=10,
        color=ring,
        fontweight="bold",
    )


def _mappable(norm: Normalize, cmap: Colormap) -> ScalarMappable:
    return ScalarMappable(norm=norm, cmap=cmap)


# ---------------------------------------------------------------------------------------------
# delivery times


def pooled_quantile(days: np.ndarray, counts: np.ndarray, q: float) -> float:
    """The q-quantile (smallest v with F(v) ≥ q) of a histogram given as sorted values and counts."""
    total = counts.sum()
    if total == 0:
        return math.nan
    cumulative = np.cumsum(counts)
    index = int(np.searchsorted(cumulative, q * total - 1e-9))
    return float(days[min(index, len(days) - 1)])


def delivery_chart(
    delivery_times: pd.DataFrame, summary: pd.DataFrame, policies: Sequence[str], promise_quantile: float | None
) -> Chart | None:
    """ECDF of order delivery times per policy (all replications pooled), the pooled p90 marked."""
    shown = [p for p in policies if (delivery_times["policy"] == p).any()][:MAX_LINES]
    if not shown:
        return None
    fig = new_figure()
    ax = fig.add_subplot()
    right = 0.0
    longest = 0.0
    described = []
    for p in shown:
        rows = delivery_times[delivery_times["policy"] == p].groupby("minutes", sort=True)["orders"].sum()
        days = (rows.index.to_numpy(dtype=float) + 0.5) / 1440.0  # bin middle, as the KPIs use
        counts = rows.to_numpy(dtype=float)
        right = max(right, pooled_quantile(days, counts, 0.995))
        longest = max(longest, float(days[-1]))
        described.append(_draw_delivery_line(ax, days, counts, summary, policies, p))
    ax.axhline(0.9, color="#555555", linestyle=":", linewidth=1)
    ax.text(0.0, 0.9, " 90 % of orders", va="bottom", ha="left", fontsize=9, color="#555555")
    ax.set_xlim(0, max(right * 1.05, 1.0))
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("days from order placed to delivered")
    ax.set_ylabel("orders delivered within x days (%)")
    title = "Delivery time distribution per policy (ECDF, all replications pooled)"
    ax.set_title(title, loc="left")
    ax.legend(loc="lower right")
    return Chart(
        name="delivery_ecdf",
        title=title,
        alt="Cumulative distribution of delivery times. " + "; ".join(described) + ".",
        caption=(
            "Share of orders (placed after the warm-up, every replication pooled) delivered within x days. "
            f"The x axis stops at the largest 99.5th percentile; the longest delivery took {longest:.1f} days."
            + _promise_caption(promise_quantile)
            + " The pooled p90 can differ slightly from the KPI table's p90, which is the mean of each "
            "replication's p90."
        ),
        figure=fig,
    )


def _draw_delivery_line(
    ax: Axes, days: np.ndarray, counts: np.ndarray, summary: pd.DataFrame, policies: Sequence[str], p: str
) -> str:
    """One policy's ECDF, its pooled p90 dot and mean-promise line; returns its alt-text sentence."""
    share = np.cumsum(counts) / counts.sum()
    p90 = pooled_quantile(days, counts, 0.9)
    on_time = summary_value(summary, p, "on_time_rate")[0]
    promised = summary_value(summary, p, "promise_days_mean")[0]
    label = (
        f"{mpl_text(p)}: p90 {p90:.1f} days"
        + (f", on time {100 * on_time:.1f} %" if math.isfinite(on_time) else "")
        + (f", mean promise {promised:.1f} d" if math.isfinite(promised) else "")
    )
    if math.isfinite(promised):  # the promise marked: a dashed line at the policy's mean promised time
        ax.axvline(promised, color=colour(policies, p), linestyle="--", linewidth=1.2, alpha=0.8)
    ax.step(
        np.concatenate([[0.0], days]),
        np.concatenate([[0.0], share]),
        where="post",
        label=label,
        color=colour(policies, p),
        linewidth=2,
    )
    ax.plot([p90], [0.9], "o", color=colour(policies, p), markersize=7, zorder=3)
    return f"{p}: 90 % of orders delivered within {p90:.1f} days" + (
        f", promised on average {promised:.1f} days" if math.isfinite(promised) else ""
    )


def _promise_caption(promise_quantile: float | None) -> str:
    if promise_quantile is None:
        return " The dots mark each policy's pooled 90th percentile."
    return (
        f" Promises are made per order at checkout (the route's {promise_quantile:g}-quantile of handling and "
        "transit time from the expected ship date, to the end of that day), so each order has its own: the "
        "dashed line marks each policy's mean promised time (promise_days_mean), the dots each policy's pooled "
        "90th percentile, and the legend gives the share delivered by its own promise (on-time rate, mean over "
        "replications)."
    )


# ---------------------------------------------------------------------------------------------
# cost breakdown


def cost_per_order_parts(kpis: pd.DataFrame, policies: Sequence[str]) -> pd.DataFrame:
    """Mean cost per order of every `cost_<component>` per policy (rows) — each replication's component
    ÷ its orders, averaged — so the parts add up to the mean `cost_per_order`."""
    components = [
        m for m in dict.fromkeys(kpis["metric"]) if m.startswith("cost_") and m not in ("cost_total", "cost_per_order")
    ]
    wanted = kpis[kpis["metric"].isin([*components, "orders"])]
    wide = wanted.pivot_table(index=["policy", "replication"], columns="metric", values="value", aggfunc="first")
    if "orders" not in wide.columns or not components:
        return pd.DataFrame()
    per_order = wide[components].div(wide["orders"].where(wide["orders"] > 0), axis=0)
    means = per_order.groupby(level="policy").mean()
    means.columns = [c.removeprefix("cost_") for c in means.columns]
    return means.reindex([p for p in policies if p in means.index])


def cost_breakdown_chart(kpis: pd.DataFrame, summary: pd.DataFrame, policies: Sequence[str]) -> Chart | None:
    """Stacked bars: cost per order by component, one bar per policy."""
    parts = cost_per_order_parts(kpis, policies)
    if parts.empty:
        return None
    nonzero = [c for c in parts.columns if (parts[c].abs() > 1e-12).any()]
    zero = [c for c in parts.columns if c not in nonzero]
    fig = new_figure((10.0, 4.8))
    ax = fig.add_subplot()
    x = np.arange(len(parts.index))
    bottom = np.zeros(len(x))
    from matplotlib import colormaps

    cmap = colormaps["tab20"]
    for i, component in enumerate(nonzero):
        values = parts[component].fillna(0.0).to_numpy()
        ax.bar(x, values, bottom=bottom, width=0.55, label=component, color=cmap(i % 20), edgecolor="white")
        bottom += values
    for xi, p in zip(x, parts.index, strict=True):
        mean, low, high = summary_value(summary, str(p), "cost_per_order")
        text = f"{mean:.2f} ± {_half(low, high):.2f}" if math.isfinite(low) else f"{mean:.2f}"
        ax.annotate(text, (xi, bottom[xi]), xytext=(0, 4), textcoords="offset points", ha="center", fontsize=10)
    ax.set_xticks(x, [mpl_text(p) for p in parts.index])
    ax.set_xlabel("policy")
    ax.set_ylabel(f"cost per order ({MONEY})")
    ax.set_ylim(0, max(float(bottom.max()), 1e-9) * 1.15)
    handles, labels = ax.get_legend_handles_labels()
    # legend top-down in the order the stack reads top-down
    ax.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0), title="component")
    title = "Cost per order by component"
    ax.set_title(title, loc="left")
    described = "; ".join(f"{p}: " + ", ".join(f"{c} {parts.loc[p, c]:.2f}" for c in nonzero) for p in parts.index)
    return Chart(
        name="cost_breakdown",
        title=title,
        alt=f"Stacked bar chart of cost per order by component. {described}.",
        caption=(
            "Each component is the replication's cost_<component> divided by its orders, averaged over "
            "replications, so a bar adds up to the mean cost per order written above it (± 95 % CI half-width). "
            + (f"Components that are zero for every policy are left out: {', '.join(zero)}." if zero else "")
        ),
        figure=fig,
    )
