"""Policy optimisation: the cheapest candidate that meets a fill-rate floor, found with common random numbers.

The candidates are the points of a sweep of one policy's parameters (a `sweep:` block, or
`--set path=v1,v2,…`; e.g. `policies.stocked.reorder.service_level=0.85,0.9,0.95,0.98`). The
problem is

    minimise  E[cost_per_order(x)]   subject to   E[fill_rate_units(x)] ≥ floor,   x ∈ candidates.

**Method: exhaustive evaluation of the candidate grid, then sequential screening with paired
comparisons** (a ranking-and-selection procedure in the spirit of the screening step of Nelson,
Swann, Goldsman & Song 2001, *Operations Research* 49(6), made sequential):

1. Every candidate runs n₀ replications. Replication r uses the seed keys (seed, r) at every
   candidate, so all candidates see the same demand, lead times and transit times (common random
   numbers): the difference between two candidates is measured on the same days, and its
   variance is far smaller than the sum of theirs.
2. Feasibility, per candidate, from a one-sided 95 % t bound on the mean fill rate: *feasible*
   when the lower bound is ≥ floor, *infeasible* when the upper bound is < floor, else
   *undecided*. (Requiring the lower bound — not just the mean — to clear the floor is the
   conservative reading of the constraint: the chosen policy meets it with 95 % confidence.)
3. The incumbent is the feasible candidate with the lowest mean cost. Every other candidate that
   is feasible or undecided is compared with it on the paired per-replication differences; it is
   *eliminated* when the one-sided lower confidence bound of (its cost − the incumbent's) is
   above 0, at level α/m (Bonferroni over the m comparisons, α = 5 %), i.e. it is significantly
   costlier. Infeasible candidates are out.
4. If any candidate is neither eliminated nor the incumbent (a statistical tie, or an undecided
   fill rate), the incumbent and those contenders double their replications (up to the cap) and
   we repeat 2–4. Otherwise the incumbent is the answer, *decided*.

Why it is sound: the paired differences are exact under CRN (each replication is one draw of
the same randomness for both candidates), so the t bound on their mean is valid whatever the
correlation; Bonferroni keeps the chance of eliminating the truly best candidate at one stage
below α. Re-testing at several stages inflates that chance somewhat (we do not spend α across
stages), so read "decided" as "no other candidate came within statistical reach with the
replications spent", and a tie at the cap as "these candidates are indistinguishable at this
budget" — the report lists them. The search is only as good as the grid: it finds the best
candidate, not the best value between candidates (refine the grid around the answer).

The **Pareto frontier** lists the candidates that no other candidate beats on all three of
mean cost (lower), mean fill rate (higher) and mean delivery p90 (lower): the trade-offs left
once the floor is relaxed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.base.words import plural
from sim.experiment.executors import Executor
from sim.experiment.results_folder import write_csv
from sim.metrics.kpis import KPI_NAMES
from sim.sweeps.files import SweepResults, write_report_if_available
from sim.sweeps.points import Point, SweepPlan
from sim.sweeps.runner import SweepSession, open_session

ALPHA = 0.05


@dataclass(frozen=True)
class Goal:
    """What to optimise: minimise `objective` subject to mean `floor_metric` ≥ `floor`."""

    policy: str
    floor: float
    objective: str = "cost_per_order"
    floor_metric: str = "fill_rate_units"
    speed_metric: str = "delivery_days_p90"

    def __post_init__(self) -> None:
        for metric in (self.objective, self.floor_metric, self.speed_metric):
            if metric not in KPI_NAMES:
                raise ValueError(f"unknown metric {metric!r}; use one of {', '.join(KPI_NAMES)}")


@dataclass
class OptimizeResults:
    """The sweep behind the search, every candidate's standing, the Pareto frontier, the choice."""

    sweep: SweepResults
    goal: Goal
    candidates: pd.DataFrame
    pareto: pd.DataFrame
    chosen: dict[str, Any] | None
    decided: bool
    stages: int
    history: list[str] = field(default_factory=list)


def _t_bound(values: np.ndarray, level: float, lower: bool) -> float:
    """One-sided bound at confidence `level` on the mean of `values` (the mean itself if they do not vary)."""
    n = values.size
    mean = float(values.mean())
    if n < 2:
        return -math.inf if lower else math.inf
    sd = float(values.std(ddof=1))
    if sd == 0:
        return mean
    half = float(stats.t.ppf(level, n - 1)) * sd / math.sqrt(n)
    return mean - half if lower else mean + half


def _finite(values: Sequence[float]) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    finite: np.ndarray = x[np.isfinite(x)]
    return finite


def search(
    session: SweepSession,
    goal: Goal,
    first: int,
    cap: int,
    alpha: float = ALPHA,
) -> tuple[int | None, set[int], dict[int, str], int, list[str]]:
    """Steps 1–4 of the module docstring: (incumbent point, contenders left, status by point, stages, log)."""
    points = {p.index: p for p in session.plan.points}
    n = dict.fromkeys(points, first)
    active = set(points)  # not yet eliminated or shown infeasible
    standing: dict[int, str] = {}  # the last verdict on each candidate
    log: list[str] = []
    stage = 0
    while True:
        stage += 1
        session.run({i: n[i] for i in points})
        status: dict[int, str] = {}
        for i in active:
            fill = _finite(session.values(points[i], goal.policy, goal.floor_metric, n[i]))
            if fill.size and _t_bound(fill, 0.95, lower=True) >= goal.floor:
                status[i] = "feasible"
            elif fill.size and _t_bound(fill, 0.95, lower=False) < goal.floor:
                status[i] = "infeasible"
            else:
                status[i] = "undecided"
        feasible = [i for i in sorted(active) if status[i] == "feasible"]
        best: int | None = None
        if feasible:
            means = {
                i: float(np.nanmean(session.values(points[i], goal.policy, goal.objective, n[i]))) for i in feasible
            }
            best = min(feasible, key=lambda i: (means[i], i))
        contenders: set[int] = set()
        others = [i for i in sorted(active) if i != best and status[i] != "infeasible"]
        if best is not None:
            base = np.asarray(session.values(points[best], goal.policy, goal.objective, n[best]), dtype=float)
            level = 1 - alpha / max(len(others), 1)
            for i in others:
                mine = np.asarray(session.values(points[i], goal.policy, goal.objective, n[i]), dtype=float)
                common = min(mine.size, base.size)
                diff = _finite(mine[:common] - base[:common])
                if diff.size >= 2 and _t_bound(diff, level, lower=True) > 0:
                    status[i] = "costlier"
                else:
                    contenders.add(i)
        else:
            contenders = {i for i in others if status[i] == "undecided"}
        standing.update(status)
        active = {i for i in active if status[i] not in ("infeasible", "costlier")}
        log.append(
            f"stage {stage}: {len(feasible)} feasible, incumbent "
            f"{'point ' + str(best) if best is not None else 'none'}, {plural(len(contenders), 'contender')} left"
        )
        grow = contenders | ({best} if best is not None else set())
        if not contenders or all(n[i] >= cap for i in grow):
            return best, contenders, standing, stage, log
        for i in grow:
            n[i] = min(2 * n[i], cap)


def pareto_front(frame: pd.DataFrame, goal: Goal) -> pd.Series:
    """True for the rows no other row beats on every one of (objective ↓, floor metric ↑, speed ↓)."""
    a = frame[f"{goal.objective}_mean"].to_numpy(dtype=float)
    b = -frame[f"{goal.floor_metric}_mean"].to_numpy(dtype=float)
    c = frame[f"{goal.speed_metric}_mean"].to_numpy(dtype=float)
    keys = np.column_stack([a, b, c])
    front = []
    for i in range(len(keys)):
        others = np.delete(keys, i, axis=0)
        dominated = np.any(np.all(others <= keys[i], axis=1) & np.any(others < keys[i], axis=1))
        front.append(bool(np.all(np.isfinite(keys[i])) and not dominated))
    return pd.Series(front, index=frame.index)


def candidate_table(
    session: SweepSession, goal: Goal, best: int | None, contenders: set[int], status: dict[int, str]
) -> pd.DataFrame:
    """One row per candidate: parameters, replications, mean and 95 % CI of the three metrics, standing."""
    plan = session.plan
    rows = []
    for point in plan.points:
        row: dict[str, Any] = {"point": point.index}
        row.update(dict(zip((c for c, _, _ in plan.columns), plan.column_values(point), strict=True)))
        row["replications"] = session.targets[point.index]
        for metric in (goal.objective, goal.floor_metric, goal.speed_metric):
            values = _finite(session.values(point, goal.policy, metric))
            mean = float(values.mean()) if values.size else math.nan
            half = (
                float(stats.t.ppf(0.975, values.size - 1)) * float(values.std(ddof=1)) / math.sqrt(values.size)
                if values.size >= 2
                else math.nan
            )
            row[f"{metric}_mean"] = mean
            row[f"{metric}_ci_low"] = mean - half
            row[f"{metric}_ci_high"] = mean + half
        fill = _finite(session.values(point, goal.policy, goal.floor_metric))
        row[f"{goal.floor_metric}_lower_95"] = _t_bound(fill, 0.95, lower=True) if fill.size else math.nan
        standing = status.get(point.index, "costlier")
        if point.index == best:
            standing = "chosen"
        elif point.index in contenders:
            standing = "tied" if standing == "feasible" else standing
        row["standing"] = standing
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["pareto"] = pareto_front(frame, goal)
    return frame


def optimize(
    plan: SweepPlan,
    out: Path,
    goal: Goal,
    *,
    replications: int = 10,
    max_replications: int = 80,
    executor: Executor | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    command: str = "python API",
    report: bool = False,
) -> OptimizeResults:
    """Search the candidates of `plan` (a sweep of `goal.policy` only) into the folder `out` (resumable)."""
    if plan.policies != [goal.policy]:
        raise ValueError(f"the plan must run the tuned policy {goal.policy!r} only")
    if not 2 <= replications <= max_replications:
        raise ValueError("need 2 ≤ replications ≤ max_replications")
    with open_session(plan, out, executor, workers=workers, progress=progress) as session:
        best, contenders, status, stages, log = search(session, goal, replications, max_replications)
        candidates = candidate_table(session, goal, best, contenders, status)
        pareto = candidates[candidates.pareto].drop(columns=["pareto"]).reset_index(drop=True)
        decided = best is not None and not contenders
        chosen = _chosen(plan, goal, candidates, best, contenders, decided, stages) if best is not None else None
        summary = {
            "policy": goal.policy,
            "objective": goal.objective,
            "constraint": f"{goal.floor_metric} >= {goal.floor:g} (95 % lower bound)",
            "method": "grid with CRN; sequential Bonferroni-paired screening (sim.sweeps.optimize)",
            "stages": stages,
            "log": log,
            "decided": decided,
            "chosen": chosen,
        }
        text = json.dumps(summary, indent=2, default=str) + "\n"
        results = session.finish(
            command,
            extra_files={
                "candidates.csv": lambda tmp: write_csv(candidates, tmp),
                "pareto.csv": lambda tmp: write_csv(pareto, tmp),
                "chosen.json": lambda tmp: _write_text(tmp, text),
            },
            manifest_extra={"kind": "optimize", "optimize": {k: v for k, v in summary.items() if k != "chosen"}},
        )
    if report:
        results.report, results.report_error = write_report_if_available(out)
    return OptimizeResults(results, goal, candidates, pareto, chosen, decided, stages, log)


def _chosen(
    plan: SweepPlan,
    goal: Goal,
    candidates: pd.DataFrame,
    best: int,
    contenders: set[int],
    decided: bool,
    stages: int,
) -> dict[str, Any]:
    point: Point = next(p for p in plan.points if p.index == best)
    row = candidates[candidates.point == best].iloc[0]
    parameters = dict(zip(plan.paths, point.values, strict=True))
    return {
        "point": best,
        "parameters": parameters,
        "set": [f"--set {path}={json.dumps(v) if not isinstance(v, str) else v}" for path, v in parameters.items()],
        "replications": int(row["replications"]),
        **{
            metric: {
                "mean": float(row[f"{metric}_mean"]),
                "ci_low": float(row[f"{metric}_ci_low"]),
                "ci_high": float(row[f"{metric}_ci_high"]),
            }
            for metric in (goal.objective, goal.floor_metric, goal.speed_metric)
        },
        "decided": decided,
        "tied_with": sorted(contenders),
        "stages": stages,
        "grid_edges": grid_edges(plan, parameters),
    }


def grid_edges(plan: SweepPlan, parameters: dict[str, Any]) -> list[dict[str, Any]]:
    """The numeric parameters whose chosen value is the lowest or highest value tried: the optimum may
    lie beyond the grid. One entry per such path: path, value, side ("lowest" / "highest"), warning."""
    edges = []
    for i, path in enumerate(plan.paths):
        tried = {p.values[i] for p in plan.points}
        if len(tried) < 2 or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in tried):
            continue
        value = parameters[path]
        side = "lowest" if value == min(tried) else "highest" if value == max(tried) else None
        if side is not None:
            edges.append(
                {
                    "path": path,
                    "value": value,
                    "side": side,
                    "warning": f"{path}={value} is the {side} value tried: the optimum may lie beyond the grid; "
                    f"extend the values {'below' if side == 'lowest' else 'above'} {value} and search again",
                }
            )
    return edges


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def tuned_policy(plan_paths: Sequence[str], policy_names: Sequence[str]) -> str | None:
    """The one policy the swept paths belong to (`policies.<name or index>.…`), if exactly one."""
    found = set()
    for path in plan_paths:
        steps = path.split(".")
        if len(steps) > 1 and steps[0] == "policies":
            step = steps[1]
            if step.isdigit() and int(step) < len(policy_names):
                found.add(policy_names[int(step)])
            elif step in policy_names:
                found.add(step)
    return found.pop() if len(found) == 1 else None
