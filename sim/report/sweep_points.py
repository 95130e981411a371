"""A sweep's answer: the best point under the decision, and the paired differences between neighbours.

Read from a sweep folder's tidy KPIs (point, parameter columns, policy, replication, metric, value)
and its `points.csv` (each point's seed). Nothing is simulated here.

**The best point.** Among every (point, policy) whose means meet the scenario's `decision.constraints`
(all of them when there are none), the one with the lowest mean cost per order. It is compared with
the runner-up (the next lowest) by the paired difference of cost per order over replications: every
point of a sweep with one seed uses the seed keys (seed, r) in replication r, so the same customer
demand (common random numbers), and the difference is paired. When the 95 % CI of that difference lies
wholly beyond the decision threshold (default 0.10 money per order) the best point is meaningfully
cheaper; otherwise the report says there is "no meaningful difference" and that the runner-up is an
equally good choice.

**Neighbours.** Along each swept parameter, for each policy and each setting of the other parameters,
consecutive values (in sorted order) are compared on the headline KPIs by the same paired
difference, judged against the same thresholds. A design sweep (Latin hypercube, random) has no
neighbours that differ in one parameter only: the section says so. Points with different seeds are
compared unpaired (Welch), and the row says so.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.base.confidence import mean_ci
from sim.config.decision import Decision
from sim.report.wording import VERDICT_METRICS, threshold_text

OBJECTIVE = "cost_per_order"


@dataclass(frozen=True)
class Candidate:
    """One (point, policy): its setting, means of the headline KPIs and whether it meets the constraints."""

    point: int
    policy: str
    setting: tuple[tuple[str, Any], ...]
    means: Mapping[str, float]
    feasible: bool
    failed: tuple[str, ...] = ()

    def label(self) -> str:
        """'point 2 (S=90), policy stock'."""
        values = ", ".join(f"{display(p)}={v}" for p, v in self.setting)
        return (
            f"point {self.point} ({values}), policy {self.policy}" if values else f"point {self.point}, {self.policy}"
        )


@dataclass
class SweepAnswer:
    """The best point, its comparison with the runner-up, and the neighbour table."""

    best: Candidate | None = None
    runner_up: Candidate | None = None
    sentence: str = ""
    notes: list[str] = field(default_factory=list)
    neighbours: list[dict[str, Any]] = field(default_factory=list)


def display(parameter: str) -> str:
    """A parameter column as the user wrote it (`param.` prefix dropped)."""
    return parameter.removeprefix("param.")


def paired_difference(a: np.ndarray, b: np.ndarray, paired: bool) -> tuple[float, float, float, int, bool]:
    """(mean, ci_low, ci_high, n, paired) of a − b: paired over the replications both have, else Welch."""
    if paired and a.size == b.size and a.size >= 2:
        mean, low, high, n = mean_ci(a - b)
        return mean, low, high, n, True
    mean = float(a.mean() - b.mean()) if a.size and b.size else math.nan
    if a.size < 2 or b.size < 2:
        return mean, math.nan, math.nan, min(a.size, b.size), False
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    se = math.sqrt(va + vb)
    if se == 0:
        return mean, mean, mean, min(a.size, b.size), False
    dof = (va + vb) ** 2 / (va**2 / (a.size - 1) + vb**2 / (b.size - 1))
    half = float(stats.t.ppf(0.975, dof)) * se
    return mean, mean - half, mean + half, min(a.size, b.size), False


def judge(low: float, high: float, threshold: float) -> str:
    """'meaningful' (CI wholly beyond ±threshold), 'no meaningful difference' (inside it), else 'unclear'."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return "unclear"
    if low > threshold or high < -threshold:
        return "meaningful"
    if threshold > 0 and low >= -threshold and high <= threshold:
        return "no meaningful difference"
    if threshold == 0 and low <= 0 <= high:
        return "no significant difference"
    return "unclear"


def _values(kpis: pd.DataFrame, point: int, policy: str, metric: str) -> pd.Series:
    rows = kpis[(kpis["point"] == point) & (kpis["policy"] == policy) & (kpis["metric"] == metric)]
    return rows.set_index("replication")["value"].astype(float).sort_index()


def _pair(
    kpis: pd.DataFrame, a: Candidate, b: Candidate, metric: str, seeds: Mapping[int, Any]
) -> tuple[float, float, float, int, bool]:
    """The difference a − b of `metric`, paired on the replications both ran when their seeds agree."""
    va, vb = _values(kpis, a.point, a.policy, metric), _values(kpis, b.point, b.policy, metric)
    common = va.index.intersection(vb.index)
    paired = seeds.get(a.point) == seeds.get(b.point) and len(common) >= 2
    if paired:
        x, y = va.loc[common].to_numpy(), vb.loc[common].to_numpy()
        keep = np.isfinite(x) & np.isfinite(y)
        return paired_difference(x[keep], y[keep], True)
    x, y = va.to_numpy(), vb.to_numpy()
    return paired_difference(x[np.isfinite(x)], y[np.isfinite(y)], False)


def candidates(summary: pd.DataFrame, parameters: Sequence[str], decision: Decision) -> list[Candidate]:
    """Every (point, policy) of the summary with its headline means and constraint check."""
    out = []
    for (point, policy), rows in summary.groupby(["point", "policy"], sort=True):
        means = dict(zip(rows["metric"], rows["mean"].astype(float), strict=True))
        first = rows.iloc[0]
        setting = tuple((p, first[p]) for p in parameters if p in rows.columns)
        failed = tuple(
            bound.text(metric)
            for metric, bound in decision.constraints.items()
            if not (metric in means and math.isfinite(means[metric]) and bound.holds(means[metric]))
        )
        out.append(Candidate(int(str(point)), str(policy), setting, means, not failed, failed))
    return out


def sweep_answer(
    kpis: pd.DataFrame,
    summary: pd.DataFrame,
    parameters: Sequence[str],
    seeds: Mapping[int, Any],
    decision: Decision | None = None,
    design: str = "grid",
) -> SweepAnswer:
    """The best point with its runner-up comparison, and the neighbour differences (module docstring)."""
    decision = decision or Decision()
    answer = SweepAnswer()
    if kpis.empty or "point" not in kpis.columns or "point" not in summary.columns:
        return answer
    pool = candidates(summary, parameters, decision)
    feasible = [c for c in pool if c.feasible and math.isfinite(c.means.get(OBJECTIVE, math.nan))]
    if decision.constraints and not feasible:
        answer.sentence = (
            f"No point meets the constraints ({'; '.join(b.text(m) for m, b in decision.constraints.items())}); "
            "widen the sweep or relax decision.constraints."
        )
    elif feasible:
        ranked = sorted(feasible, key=lambda c: (c.means[OBJECTIVE], c.point, c.policy))
        answer.best = ranked[0]
        answer.runner_up = ranked[1] if len(ranked) > 1 else None
        answer.sentence = _best_sentence(kpis, answer.best, answer.runner_up, seeds, decision, len(pool))
    answer.neighbours = neighbours(kpis, pool, parameters, seeds, decision)
    if not answer.neighbours and design != "grid":
        answer.notes.append(
            f"A {design} design has no neighbouring points that differ in one parameter only, so no neighbour "
            "differences are shown; see the response curves."
        )
    return answer


def _best_sentence(
    kpis: pd.DataFrame,
    best: Candidate,
    runner: Candidate | None,
    seeds: Mapping[int, Any],
    decision: Decision,
    total: int,
) -> str:
    constraints = "; ".join(b.text(m) for m, b in decision.constraints.items())
    scope = (
        f"of the {total} points × policies meeting {constraints}" if constraints else f"of {total} points × policies"
    )
    head = f"Best point {scope}: {best.label()}, lowest cost per order ({best.means[OBJECTIVE]:,.2f})."
    if not constraints:
        head += " (No decision.constraints: add e.g. fill_rate_units: {min: 0.95} to require a service level.)"
    if runner is None:
        return head
    mean, low, high, n, paired = _pair(kpis, runner, best, OBJECTIVE, seeds)
    threshold = decision.threshold(OBJECTIVE)
    verdict = judge(low, high, threshold)
    how = "paired" if paired else "unpaired (different seeds)"
    interval = f"{mean:+,.2f} per order, 95 % CI {low:+,.2f} to {high:+,.2f}, {how}, n={n}"
    thr = threshold_text(OBJECTIVE, threshold)
    if verdict == "meaningful" and mean > 0:
        return f"{head} The runner-up, {runner.label()}, costs more ({interval}): a difference beyond the {thr} worth acting on."
    if verdict == "no meaningful difference":
        return (
            f"{head} No meaningful difference from the runner-up, {runner.label()} ({interval}, inside the {thr} "
            "worth acting on): either is as good on cost."
        )
    return (
        f"{head} Not meaningfully different from the runner-up, {runner.label()} ({interval}): the CI does not lie "
        f"beyond the {thr} worth acting on; more replications would tell."
    )


def neighbours(
    kpis: pd.DataFrame,
    pool: Sequence[Candidate],
    parameters: Sequence[str],
    seeds: Mapping[int, Any],
    decision: Decision,
) -> list[dict[str, Any]]:
    """Paired differences of the headline KPIs between consecutive values of each parameter."""
    rows: list[dict[str, Any]] = []
    for param in parameters:
        others = [p for p in parameters if p != param]
        groups: dict[tuple[Any, ...], list[Candidate]] = {}
        for c in pool:
            values = dict(c.setting)
            groups.setdefault((c.policy, *(values.get(o) for o in others)), []).append(c)
        for members in groups.values():
            ordered = sorted(members, key=lambda c: _order(dict(c.setting).get(param)))
            for a, b in itertools.pairwise(ordered):
                rows += [_neighbour_row(kpis, a, b, param, w.metric, seeds, decision) for w in VERDICT_METRICS]
    return rows


def _order(value: Any) -> tuple[int, Any]:
    return (0, float(value)) if isinstance(value, int | float) and not isinstance(value, bool) else (1, str(value))


def _neighbour_row(
    kpis: pd.DataFrame,
    a: Candidate,
    b: Candidate,
    param: str,
    metric: str,
    seeds: Mapping[int, Any],
    decision: Decision,
) -> dict[str, Any]:
    mean, low, high, n, paired = _pair(kpis, b, a, metric, seeds)
    threshold = decision.threshold(metric)
    return {
        "policy": a.policy,
        "parameter": display(param),
        "from": dict(a.setting).get(param),
        "to": dict(b.setting).get(param),
        "others": ", ".join(f"{display(p)}={v}" for p, v in a.setting if p != param),
        "metric": metric,
        "diff": mean,
        "ci_low": low,
        "ci_high": high,
        "n": n,
        "paired": paired,
        "threshold": threshold,
        "verdict": judge(low, high, threshold),
    }


def _amount(metric: str, value: float) -> str:
    if not math.isfinite(value):
        return "–"
    if metric.startswith("fill_rate"):
        return f"{100 * value:+.2f} pts"
    if metric.startswith("delivery"):
        return f"{value:+.2f} days"
    return f"{value:+,.2f}"


def folder_seeds(path: Any) -> dict[int, Any]:
    """Each point's seed from a sweep folder's `points.csv` (empty when it is missing or unreadable)."""
    try:
        points = pd.read_csv(path / "points.csv")
    except (OSError, ValueError):
        return {}
    if not {"point", "seed"} <= set(points.columns):
        return {}
    return {int(p): s for p, s in zip(points["point"], points["seed"], strict=True)}


def sweep_context(answer: SweepAnswer) -> dict[str, Any]:
    """The report's sweep section: the best-point sentence, notes and the neighbour table as strings."""
    rows = [
        [
            r["policy"],
            f"{r['parameter']}: {r['from']} → {r['to']}" + (f" ({r['others']})" if r["others"] else ""),
            next((w.noun for w in VERDICT_METRICS if w.metric == r["metric"]), r["metric"]),
            _amount(r["metric"], r["diff"]),
            f"{_amount(r['metric'], r['ci_low'])} to {_amount(r['metric'], r['ci_high'])}",
            ("paired" if r["paired"] else "unpaired") + f", n={r['n']}",
            r["verdict"] + f" (threshold {threshold_text(r['metric'], r['threshold'])})",
        ]
        for r in answer.neighbours
    ]
    headers = ("policy", "step", "KPI", "difference (to − from)", "95 % CI", "pairing", "verdict")
    return {"sentence": answer.sentence, "notes": answer.notes, "headers": headers, "rows": rows}
