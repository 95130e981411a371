"""The verdict: paired differences between policies, said in plain language with their confidence intervals.

Input is what the results folder already holds: `comparisons.csv` (policy − baseline per
replication on common random numbers, mean and 95 % t interval) and `summary.csv` (per-policy
means). Nothing is re-estimated here; this module reads the paired differences as `Effect`s,
names the leader of each headline KPI and puts one sentence per policy pair (and sweep setting)
together. How each difference is worded (units, direction words, intervals, rounding) is
sim.report.wording; every difference is judged against the scenario's thresholds worth acting on
(`decision:`, sim.config.decision), so "significantly faster" means the paired CI lies beyond the
threshold, not merely beyond zero. The verdict opens with the recommendation
(sim.report.recommendation): one sentence answering "stock, dropship or both".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sim.config.decision import Decision
from sim.config.models import Scenario
from sim.report.columns import column_for
from sim.report.recommendation import Recommendation, recommend
from sim.report.wording import (
    VERDICT_METRICS,
    Effect,
    decimals_for,
    join_words,
    pair_sentence,
    signed,
    threshold_text,
)

MAX_SETTINGS = 24
"""At most this many parameter settings of a sweep get sentences; the rest are counted."""


@dataclass
class Verdict:
    """The verdict section: who leads each headline KPI, one sentence per policy pair, and notes."""

    leaders: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    recommendation: Recommendation | None = None

    @property
    def headline(self) -> str | None:
        """The one-sentence answer (None for sweeps and empty folders)."""
        return self.recommendation.sentence if self.recommendation is not None else None


def effects_from(
    comparisons: pd.DataFrame,
    summary: pd.DataFrame,
    parameters: Sequence[str] = (),
    metrics: Sequence[str] | None = None,
    thresholds: Mapping[str, float] | None = None,
) -> list[Effect]:
    """Effects of the verdict metrics from a comparisons frame (and the summary, for baseline means),
    each with its threshold worth acting on (0, plain significance, when `thresholds` is None)."""
    thresholds = thresholds or {}
    wanted = list(metrics) if metrics is not None else [w.metric for w in VERDICT_METRICS]
    rows = comparisons[comparisons["metric"].isin(wanted)]
    means: dict[tuple[Any, ...], float] = {}
    summary_params = [p for p in parameters if p in summary.columns]
    for rec in summary.to_dict("records"):
        means[(*(rec[p] for p in summary_params), rec["policy"], rec["metric"])] = float(rec["mean"])
    out = []
    for rec in rows.to_dict("records"):
        setting = tuple((p, rec[p]) for p in parameters if p in rows.columns)
        diff, rel = float(rec["mean_diff"]), float(rec["relative_diff"])
        # relative_diff = diff / baseline mean over the replications both policies define: use it when it
        # pins the baseline mean down; else fall back to the baseline's summary mean.
        if math.isfinite(rel) and rel != 0 and math.isfinite(diff) and diff != 0:
            base = diff / rel
        else:
            key = (*(rec[p] for p in summary_params), rec["baseline"], rec["metric"])
            base = means.get(key, math.nan)
        out.append(
            Effect(
                policy=str(rec["policy"]),
                baseline=str(rec["baseline"]),
                metric=str(rec["metric"]),
                diff=diff,
                low=float(rec["ci_low"]),
                high=float(rec["ci_high"]),
                n=int(rec["n"]) if math.isfinite(float(rec["n"])) else 0,
                significant=_as_bool(rec["significant"]),
                baseline_mean=base,
                setting=setting,
                threshold=float(thresholds.get(str(rec["metric"]), 0.0)),
            )
        )
    return [e for e in out if math.isfinite(e.diff)]


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value) if value is not None and not (isinstance(value, float) and math.isnan(value)) else False


def _format_level(metric: str, mean: float, low: float, high: float) -> str:
    column = column_for(metric)
    suffix = {"%": " %", "days": " days", "money": ""}.get(column.unit, f" {column.unit}")
    if column.unit == "%":
        d = decimals_for(50 * (high - low)) if math.isfinite(low) else 2
        val = (100 * mean, 100 * low, 100 * high)
    else:
        d = decimals_for((high - low) / 2) if math.isfinite(low) else 2
        val = (mean, low, high)
    if not math.isfinite(low):
        return f"{signed(val[0], d)}{suffix}"
    return f"{signed(val[0], d)}{suffix} (95 % CI {signed(val[1], d)}–{signed(val[2], d)})"


def leader_sentences(summary: pd.DataFrame, effects: Sequence[Effect], policies: Sequence[str]) -> list[str]:
    """'Lowest cost per order: stocked, 21.30 (95 % CI …); significantly lower than inventory_free and hybrid.'"""
    out = []
    for w in VERDICT_METRICS:
        rows = summary[(summary["metric"] == w.metric) & summary["policy"].isin(policies)].dropna(subset=["mean"])
        if rows.empty:
            continue
        pick = rows.sort_values("mean", ascending=w.better == "lower", kind="stable").iloc[0]
        best = str(pick["policy"])
        level = _format_level(w.metric, float(pick["mean"]), float(pick["ci_low"]), float(pick["ci_high"]))
        if len(rows) == 1:
            out.append(f"{w.best}: {best}, {level} (the only policy).")
            continue
        clearly: list[str] = []
        tied: list[str] = []
        thr = ""
        for other in (str(p) for p in rows["policy"] if str(p) != best):
            e = next(
                (
                    x
                    for x in effects
                    if x.metric == w.metric and {x.policy, x.baseline} == {best, other} and not x.setting
                ),
                None,
            )
            ahead = e is not None and e.meaningful
            if ahead and e is not None:
                # the paired difference must point the same way as the means do
                sign = e.diff if e.policy == best else -e.diff
                ahead = (sign < 0) == (w.better == "lower")
            if e is not None and e.threshold > 0:
                thr = threshold_text(w.metric, e.threshold)
            (clearly if ahead else tied).append(other)
        word = w.lower if w.better == "lower" else w.higher
        if w.metric.startswith("delivery"):
            word = "faster"
        parts = []
        if clearly:
            parts.append(f"significantly {word} than {join_words(clearly)}")
        if tied and thr:
            parts.append(
                f"not meaningfully different from {join_words(tied)} (the paired 95 % CI does not lie beyond the "
                f"{thr} worth acting on)"
            )
        elif tied:
            parts.append(f"not significantly different from {join_words(tied)} (paired 95 % CI includes zero)")
        out.append(f"{w.best}: {best}, {level}; {'; '.join(parts)}.")
    return out


def build_verdict(
    comparisons: pd.DataFrame,
    summary: pd.DataFrame,
    policies: Sequence[str],
    parameters: Sequence[str] = (),
    decision: Decision | None = None,
    plan: pd.DataFrame | None = None,
    scenario: Scenario | None = None,
) -> Verdict:
    """The verdict of a results folder's comparisons and summary, judged by `decision`'s thresholds
    (the defaults of sim.config.decision when None); the recommendation needs the plan table for
    what the policy stocks."""
    verdict = Verdict()
    decision = decision or Decision()
    params = [p for p in parameters if p in comparisons.columns]
    thresholds = {w.metric: decision.threshold(w.metric) for w in VERDICT_METRICS}
    effects = effects_from(comparisons, summary, params, thresholds=thresholds)
    summary_params = [p for p in parameters if p in summary.columns]
    if not summary_params and not params:
        verdict.recommendation = recommend(summary, comparisons, policies, plan, decision, scenario)
        if verdict.recommendation is not None:
            verdict.notes += verdict.recommendation.notes
    verdict.effects = effects
    if len(policies) < 2 or comparisons.empty:
        name = policies[0] if policies else "?"
        summary_params = [p for p in parameters if p in summary.columns]
        verdict.notes.append(_one_policy_note(name, summary, summary_params))
        if not summary_params:
            for w in VERDICT_METRICS:
                rows = summary[(summary["metric"] == w.metric) & (summary["policy"] == name)]
                if not rows.empty:
                    r = rows.iloc[0]
                    level = _format_level(w.metric, float(r["mean"]), float(r["ci_low"]), float(r["ci_high"]))
                    verdict.leaders.append(f"{w.noun[0].upper() + w.noun[1:]}: {level}.")
        return verdict
    if not params:
        verdict.leaders = leader_sentences(summary, effects, policies)
    else:
        verdict.notes.append(
            "This is a sweep: each sentence is for one parameter setting; no single leader is named "
            "(see the response curves)."
        )
    groups: dict[tuple[Any, ...], list[Effect]] = {}
    for e in effects:
        groups.setdefault((e.setting, e.policy, e.baseline), []).append(e)
    keys = list(groups)
    settings = list(dict.fromkeys(k[0] for k in keys))
    shown = set(settings[:MAX_SETTINGS])
    for key in keys:
        if key[0] in shown:
            verdict.sentences.append(pair_sentence(groups[key]))
    if len(settings) > MAX_SETTINGS:
        verdict.notes.append(
            f"{len(settings) - MAX_SETTINGS} more parameter settings are not spelled out; see comparisons.csv."
        )
    return verdict


def _one_policy_note(name: str, summary: pd.DataFrame, summary_params: Sequence[str]) -> str:
    """What a folder of one policy compares: nothing, or (a sweep) its points."""
    points = len(summary.drop_duplicates(list(summary_params))) if summary_params else 1
    if points > 1:
        return (
            f"One policy ({name}) at {points} points: see the best point and the differences between "
            "neighbouring points below, and the response curves."
        )
    return f"One policy only ({name}): there is nothing to compare it with."
