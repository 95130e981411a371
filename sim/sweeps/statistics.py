"""Statistics of a sweep's tidy KPIs, per design point: means with 95 % CIs and paired differences.

The same definitions as `sim.experiment.replications.summarise` and `compare_pairs` (Student-t intervals over
the finite values; paired differences over the replications where both policies' values are
finite), computed for every point at once with grouped, vectorised operations instead of a
loop over points. No SimPy here.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from sim.base.confidence import CONFIDENCE
from sim.experiment.replications import COMPARISON_COLUMNS
from sim.metrics.kpis import KPI_NAMES


def _intervals(mean: pd.Series, sd: pd.Series, n: pd.Series) -> tuple[pd.Series, pd.Series]:
    counts = n.to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(counts >= 2, stats.t.ppf(0.5 + CONFIDENCE / 2, np.maximum(counts - 1, 1)), np.nan)
        half = t * sd.to_numpy(dtype=float) / np.sqrt(counts)
    half = np.where(counts >= 2, half, np.nan)
    return mean - half, mean + half


def _order(frame: pd.DataFrame, policies: Sequence[str], by: list[str]) -> pd.DataFrame:
    rank_policy = {p: i for i, p in enumerate(policies)}
    rank_metric = {m: i for i, m in enumerate(KPI_NAMES)}
    keys = frame.assign(
        _policy=frame["policy"].map(rank_policy),
        _metric=frame["metric"].map(rank_metric),
        _baseline=frame["baseline"].map(rank_policy) if "baseline" in frame else 0,
    )
    order = [c if c not in ("policy", "metric", "baseline") else f"_{c}" for c in by]
    return frame.loc[keys.sort_values(order, kind="stable").index].reset_index(drop=True)


def summarise_points(kpis: pd.DataFrame, points: pd.DataFrame, policies: Sequence[str]) -> pd.DataFrame:
    """point, parameters…, policy, metric, mean, ci_low, ci_high, n: one row per (point, policy, metric)."""
    values = kpis["value"].to_numpy(dtype=float)
    frame = kpis[["point", "policy", "metric"]].assign(value=np.where(np.isfinite(values), values, np.nan))
    grouped = frame.groupby(["point", "policy", "metric"], sort=False, observed=True)["value"]
    agg = grouped.agg(["mean", "std", "count"]).reset_index()
    low, high = _intervals(agg["mean"], agg["std"], agg["count"])
    out = pd.DataFrame(
        {
            "point": agg["point"].astype("int64"),
            "policy": agg["policy"],
            "metric": agg["metric"],
            "mean": agg["mean"].astype(float),
            "ci_low": low.astype(float),
            "ci_high": high.astype(float),
            "n": agg["count"].astype("int64"),
        }
    )
    out = _order(out, policies, ["point", "policy", "metric"])
    return _with_parameters(out, points)


def compare_points(kpis: pd.DataFrame, points: pd.DataFrame, policies: Sequence[str]) -> pd.DataFrame:
    """Paired differences (policy − baseline) per point and metric, for every pair in policy order."""
    columns = ["point", *COMPARISON_COLUMNS]
    if len(policies) < 2:
        return _with_parameters(pd.DataFrame(columns=columns), points)
    wide = kpis.pivot_table(
        index=["point", "metric", "replication"], columns="policy", values="value", dropna=False, aggfunc="first"
    )
    frames = []
    for base_i, pol_i in itertools.combinations(range(len(policies)), 2):
        baseline, policy = policies[base_i], policies[pol_i]
        a = wide[policy].to_numpy(dtype=float)
        b = wide[baseline].to_numpy(dtype=float)
        both = np.isfinite(a) & np.isfinite(b)
        pairs = pd.DataFrame(
            {"diff": np.where(both, a - b, np.nan), "base": np.where(both, b, np.nan)}, index=wide.index
        ).droplevel("replication")
        grouped = pairs.groupby(level=["point", "metric"], sort=False)
        agg = grouped["diff"].agg(["mean", "std", "count"])
        base_mean = grouped["base"].mean()
        low, high = _intervals(agg["mean"], agg["std"], agg["count"])
        with np.errstate(invalid="ignore", divide="ignore"):
            relative = np.where(base_mean.to_numpy() != 0, agg["mean"].to_numpy() / base_mean.to_numpy(), np.nan)
        n = agg["count"].to_numpy()
        frames.append(
            pd.DataFrame(
                {
                    "point": agg.index.get_level_values("point").astype("int64"),
                    "policy": policy,
                    "baseline": baseline,
                    "metric": agg.index.get_level_values("metric"),
                    "mean_diff": agg["mean"].to_numpy(dtype=float),
                    "ci_low": low.to_numpy(dtype=float),
                    "ci_high": high.to_numpy(dtype=float),
                    "n": n.astype("int64"),
                    "relative_diff": relative.astype(float),
                    "significant": (n >= 2) & ((low.to_numpy() > 0) | (high.to_numpy() < 0)),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)[columns]
    out = _order(out, policies, ["point", "baseline", "policy", "metric"])
    return _with_parameters(out, points)


def _with_parameters(frame: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """Insert the point's parameter columns right after `point`."""
    params = [c for c in points.columns if c.startswith("param.")]
    if not params:
        return frame
    merged = frame.merge(points[["point", *params]], on="point", how="left", sort=False)
    rest = [c for c in frame.columns if c != "point"]
    return merged[["point", *params, *rest]]
