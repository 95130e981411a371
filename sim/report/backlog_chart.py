"""The report's "where the queues build" chart: backlog by queueing resource over time.

One panel per resource (`dc/pick_pack`, `dc/pickup`, `knit_dropship/dropship`, …), one line per
policy: the jobs still in the system at each midnight of the window (orders at pick/pack and at a
partner's line, parcels at a capped pickup, purchase orders at a supplier), averaged over
replications. Drawn from the breakdown's `resource_day` rows (sim.metrics.capacity); the report
(sim.report.html) draws it only for a scenario with a `capacity:` block or `extensions` (24/7
pick/pack stations have rows too, but a scenario without capacity gets no chart).
Pure functions of the breakdown frame, tested on hand-built frames and on peak_season. No SimPy.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sim.metrics.capacity import DAY_METRIC
from sim.report.charts import Chart, colour, mpl_text
from sim.report.inventory_plots import _finish_grid, _grid

SCOPE = "resource_day"


def backlog_frame(breakdown: pd.DataFrame | None) -> pd.DataFrame:
    """policy, resource, day, backlog (mean over replications) from the `resource_day` rows; empty if none."""
    columns = ["policy", "resource", "day", "backlog"]
    if breakdown is None or breakdown.empty:
        return pd.DataFrame(columns=columns)
    rows = breakdown[breakdown["scope"] == SCOPE]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    day = rows["metric"].astype(str).str.removeprefix(DAY_METRIC).astype(int)
    frame = pd.DataFrame({"policy": rows["policy"], "resource": rows["name"], "day": day, "backlog": rows["value"]})
    return frame.groupby(["policy", "resource", "day"], sort=False)["backlog"].mean().reset_index()


def backlog_chart(breakdown: pd.DataFrame | None, policies: Sequence[str]) -> Chart | None:
    """Backlog at each midnight by resource, one line per policy (module docstring); None without resources."""
    frame = backlog_frame(breakdown)
    if frame.empty:
        return None
    resources = list(dict.fromkeys(frame["resource"]))
    fig, axes = _grid(len(resources))
    described = []
    for ax, resource in zip(axes, resources, strict=False):
        for p in policies:
            rows = frame[(frame["resource"] == resource) & (frame["policy"] == p)].sort_values("day")
            if rows.empty:
                continue
            ax.plot(rows["day"], rows["backlog"], color=colour(policies, p), label=mpl_text(p), linewidth=1.4)
            peak = rows.loc[rows["backlog"].idxmax()]
            described.append(
                f"{p} at {resource}: mean {rows['backlog'].mean():,.1f}, peak {peak['backlog']:,.1f} on day {int(peak['day'])}"
            )
        ax.set_title(mpl_text(resource), loc="left", fontsize=11)
        ax.set_xlabel("day of the run")
        ax.set_ylabel("jobs waiting at midnight")
    _finish_grid(fig, axes, len(resources))
    title = "Where the queues build: backlog by resource (mean over replications)"
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=12)
    return Chart(
        name="backlog_resources",
        title=title,
        alt="Line charts of jobs in the system at midnight over the run, one panel per queueing resource. "
        + "; ".join(described)
        + ".",
        caption="Jobs still waiting or in service at each midnight after the warm-up (orders at pick/pack and at a "
        "partner's line, parcels at a capped carrier pickup, purchase orders at a supplier), averaged over "
        "replications; a day's value is carried over to the next day. Its mean over the days is the resource's "
        "carried_over_mean in the queue table and breakdown.csv (scope resource_day holds the daily values).",
        figure=fig,
    )
