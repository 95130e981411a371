"""The report's response curves for sweeps: each headline KPI's mean and 95 % CI band against each swept
parameter, one line per policy (replications are the unit of the interval; other parameters are
averaged per replication).

A pure function of the tidy KPI frame with one column per parameter, tested on hand-built frames.
No SimPy here.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from sim.base.confidence import mean_ci
from sim.report.charts import Chart, colour, mpl_text, new_figure
from sim.report.plots import MONEY


def response_curves(
    kpis: pd.DataFrame,
    parameters: Sequence[str],
    policies: Sequence[str],
    metrics: Sequence[tuple[str, str]] = (
        ("fill_rate_units", "fill rate, units (%)"),
        ("cost_per_order", f"cost per order ({MONEY})"),
        ("delivery_days_p90", "delivery p90 (days)"),
    ),
) -> list[Chart]:
    """KPI mean and 95 % CI band against each sweep parameter, one line per policy.

    `kpis` is the tidy frame (policy, replication, metric, value) with one extra column per
    parameter. With no parameter columns there is no chart (an empty list). With several
    parameters, each chart's lines average over the other parameters' values and the caption
    says so.
    """
    charts = []
    for param in parameters:
        if param not in kpis.columns or kpis[param].nunique(dropna=True) < 2:
            continue
        others = [p for p in parameters if p != param and p in kpis.columns and kpis[p].nunique() > 1]
        numeric = pd.api.types.is_numeric_dtype(kpis[param])
        fig = new_figure((10.0, 3.8))
        axes = fig.subplots(1, len(metrics), squeeze=False)[0]
        described = []
        for ax, (metric, label) in zip(axes, metrics, strict=True):
            block = kpis[kpis["metric"] == metric]
            scale = 100.0 if "(%)" in label else 1.0
            for policy in policies:
                rows = block[block["policy"] == policy]
                if not rows.empty:
                    described.append(_draw_curve(ax, rows, param, numeric, scale, policies, policy, metric))
            readable_x(ax, param, numeric)
            ax.set_ylabel(label)
        handles, labels = axes[0].get_legend_handles_labels()
        if handles:
            fig.legend(handles, labels, loc="outside lower center", ncols=len(labels))
        title = f"Headline KPIs against {param.removeprefix('param.')} (mean, 95 % CI band)"
        fig.suptitle(mpl_text(title), x=0.01, ha="left", fontweight="bold", fontsize=12)
        averaged = f" Lines average over the other swept parameters ({', '.join(others)})." if others else ""
        charts.append(
            Chart(
                name=f"response_{_slug(param)}",
                title=title,
                alt=f"Line charts of fill rate, cost per order and delivery p90 against {param}. "
                + "; ".join(described)
                + ".",
                caption="Mean over replications at each parameter value; the band is the 95 % confidence interval. "
                f"The axis unit of {param} is the one its name carries in the scenario." + averaged,
                figure=fig,
            )
        )
    return charts


def _draw_curve(
    ax: Axes,
    rows: pd.DataFrame,
    param: str,
    numeric: bool,
    scale: float,
    policies: Sequence[str],
    policy: str,
    metric: str,
) -> str:
    """One policy's mean line and CI band of one metric against `param`; returns its alt-text sentence."""
    stats: list[tuple[Any, float, float, float]] = []
    for value, group in rows.groupby(param, sort=True):
        # replications are the unit of the interval; other parameters are averaged per replication
        per_rep = group.groupby("replication")["value"].mean().to_numpy()
        mean, low, high, _ = mean_ci(per_rep)
        stats.append((value, mean * scale, low * scale, high * scale))
    xs = [s[0] for s in stats] if numeric else [str(s[0]) for s in stats]
    ys = np.array([s[1] for s in stats])
    ax.plot(xs, ys, marker="o", color=colour(policies, policy), label=mpl_text(policy), linewidth=1.6)
    low_band = np.array([s[2] for s in stats])
    high_band = np.array([s[3] for s in stats])
    if np.isfinite(low_band).all():
        ax.fill_between(xs, low_band, high_band, color=colour(policies, policy), alpha=0.18, linewidth=0)
    return f"{policy}, {metric}: from {ys[0]:.2f} at {param}={stats[0][0]} to {ys[-1]:.2f} at {param}={stats[-1][0]}"


MAX_TICKS = 8
"""At most this many labelled ticks on a response curve's x axis (the others are thinned out)."""
MAX_LABEL = 16
"""Longer category labels are cut with an ellipsis (the alt text and summary.csv keep them whole)."""


def readable_x(ax: Axes, param: str, numeric: bool) -> None:
    """An x axis whose labels neither overlap nor clip: the parameter as the user wrote it (wrapped),
    at most `MAX_TICKS` numeric ticks, and category labels cut, thinned and turned when long or many."""
    name = param.removeprefix("param.")
    ax.set_xlabel(mpl_text(textwrap.fill(name, 28)))
    if numeric:
        ax.xaxis.set_major_locator(MaxNLocator(nbins=MAX_TICKS - 2))
        return
    ticks = ax.get_xticks()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    step = max(1, math.ceil(len(ticks) / MAX_TICKS))
    shown = [
        (t, lab if len(lab) <= MAX_LABEL else lab[: MAX_LABEL - 1] + "…") for t, lab in zip(ticks, labels, strict=False)
    ][::step]
    ax.set_xticks([t for t, _ in shown], [mpl_text(lab) for _, lab in shown])
    if len(shown) > 3 or any(len(lab) > 6 for _, lab in shown):
        for tick in ax.get_xticklabels():
            tick.set_rotation(30)
            tick.set_horizontalalignment("right")


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)[:60] or "parameter"
