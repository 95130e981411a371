"""What the workbench shows of results folders: one run's answer, and two runs side by side.

Everything is read from the folder (sim.report.folder), as the report reads it: the recommendation
(sim.report.recommendation, the same sentence as report.html), the KPI table with 95 % CIs
(sim.report.context / columns), the report's charts (`plots/`), the per-SKU answer
(`recommendation.csv`). Two runs side by side: for each KPI, B − A with a 95 % CI — *paired*
(the mean of per-replication differences) when both ran with the same seed and the same
replications, so they share their random numbers as policies in one comparison do; otherwise
*unpaired* (Welch's interval), and marked so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.base.confidence import mean_ci
from sim.experiment.results_folder import csv_unsafe
from sim.report.columns import KPI_TABLE, column_for
from sim.report.context import summary_rows
from sim.report.folder import ResultsFolder, read_results_folder
from sim.report.recommendation import RECOMMENDATION_FILE, SKU_COLUMNS, recommend

CHART_SUFFIXES = (".png", ".svg")
MAX_SKU_ROWS = 5000


@dataclass
class ResultsView:
    """One results folder as the results page shows it."""

    path: str
    folder: ResultsFolder
    sentence: str | None
    notes: list[str]
    headers: list[str]
    rows: list[dict[str, Any]]
    charts: list[str]
    sku_columns: list[str] = field(default_factory=list)
    sku_rows: list[list[str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.folder.manifest.get("scenario", Path(self.path).parent.name))


def _cell(metric: str, values: tuple[float, float, float, int] | None) -> str:
    return "–" if values is None else column_for(metric).plus_minus(*values[:3])


def results_view(folder_path: Path, relative: str) -> ResultsView:
    """The view of the results folder at `folder_path` (NotAResultsFolder when it is not one)."""
    folder = read_results_folder(folder_path)
    sentence, notes = None, []
    if not folder.is_sweep:
        scenario = folder.scenario
        answer = recommend(
            folder.summary,
            folder.comparisons,
            folder.policies,
            folder.plan,
            scenario.decision if scenario is not None else None,
            scenario,
        )
        if answer is not None:
            sentence, notes = answer.sentence, answer.notes
    rows = [
        {
            "policy": r["policy"],
            "setting": ", ".join(f"{k}={v}" for k, v in r["setting"].items()),
            "cells": [_cell(c.metric, r["values"].get(c.metric)) for c in KPI_TABLE],
        }
        for r in summary_rows(folder)
    ]
    plots = folder_path / "plots"
    charts = sorted(p.name for p in plots.iterdir() if p.suffix in CHART_SUFFIXES) if plots.is_dir() else []
    view = ResultsView(relative, folder, sentence, notes, [c.header for c in KPI_TABLE], rows, charts)
    skus = folder_path / RECOMMENDATION_FILE
    if skus.is_file():
        frame = csv_unsafe(pd.read_csv(skus, dtype=str, keep_default_na=False, nrows=MAX_SKU_ROWS))
        view.sku_columns = [c for c in frame.columns if c in SKU_COLUMNS] or list(frame.columns)
        view.sku_rows = [[str(v) for v in row] for row in frame[view.sku_columns].itertuples(index=False)]
    return view


# ---------------------------------------------------------------------------------------------
# two runs side by side


def _values(folder: ResultsFolder, policy: str, metric: str) -> pd.Series:
    kpis = folder.kpis
    rows = kpis[(kpis["policy"] == policy) & (kpis["metric"] == metric)]
    return rows.set_index("replication")["value"].astype(float)


def pairing(a: ResultsFolder, b: ResultsFolder, policy_a: str, policy_b: str) -> tuple[bool, str]:
    """Whether A and B can be compared replication by replication, and why (shown on the page)."""
    seed_a, seed_b = a.manifest.get("seed"), b.manifest.get("seed")
    reps_a = sorted(set(_values(a, policy_a, "cost_per_order").index))
    reps_b = sorted(set(_values(b, policy_b, "cost_per_order").index))
    if seed_a is None or seed_a != seed_b:
        return (
            False,
            f"unpaired: the runs used different seeds ({seed_a} and {seed_b}), so they share no random numbers",
        )
    if reps_a != reps_b:
        return False, f"unpaired: the runs have different replications ({len(reps_a)} and {len(reps_b)})"
    return True, f"paired: same seed ({seed_a}) and the same {len(reps_a)} replications (common random numbers)"


def _welch(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """(mean difference y − x, low, high): Welch's 95 % interval for independent samples."""
    mean = float(y.mean() - x.mean())
    if len(x) < 2 or len(y) < 2:
        return mean, math.nan, math.nan
    va, vb = float(x.var(ddof=1)) / len(x), float(y.var(ddof=1)) / len(y)
    if va + vb == 0:
        return mean, mean, mean
    df = (va + vb) ** 2 / (va**2 / (len(x) - 1) + vb**2 / (len(y) - 1))
    half = float(stats.t.ppf(0.975, df)) * math.sqrt(va + vb)
    return mean, mean - half, mean + half


def side_by_side(a: ResultsFolder, b: ResultsFolder, policy_a: str, policy_b: str) -> dict[str, Any]:
    """Each KPI of the table for A and B (mean ± CI half-width) and B − A with its CI, paired or not."""
    paired, reason = pairing(a, b, policy_a, policy_b)
    rows = []
    for column in KPI_TABLE:
        x, y = _values(a, policy_a, column.metric), _values(b, policy_b, column.metric)
        if x.empty or y.empty:
            continue
        if paired:
            mean, low, high, _ = mean_ci((y - x.reindex(y.index)).to_numpy())
        else:
            mean, low, high = _welch(x.to_numpy(), y.to_numpy())
        a_ci, b_ci = mean_ci(x.to_numpy()), mean_ci(y.to_numpy())
        rows.append(
            {
                "metric": column.header,
                "a": column.plus_minus(*a_ci[:3]),
                "b": column.plus_minus(*b_ci[:3]),
                "difference": column.plus_minus(mean, low, high),
                "clear": bool(math.isfinite(low) and (low > 0 or high < 0)),
            }
        )
    return {"paired": paired, "reason": reason, "rows": rows}
