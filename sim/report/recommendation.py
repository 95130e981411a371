"""The planner's answer in one sentence: stock, dropship or both — which policy, which SKUs where, and why.

Read from the results folder only: `summary.csv` (each policy's means), `comparisons.csv` (paired
differences on common random numbers), the plan table `plan.parquet` (what each policy stocks
where, sim.experiment.plan_table) and the scenario's `decision:` block (sim.config.decision:
constraints and the smallest differences worth acting on).

The rule:

1. the candidates are the policies whose means meet every constraint (all policies, with a
   warning, when none does);
2. among them the one with the lowest mean cost per order leads; the runner-up is the next
   cheapest candidate (or, when only one meets the constraints, the cheapest one that does not,
   and the one that meets them is recommended);
3. the leader is *recommended* when its paired difference against the runner-up is meaningful
   (the 95 % CI lies wholly beyond the threshold) on cost, or, when cost is not meaningfully
   different, on another headline KPI with none meaningfully worse; the runner-up is recommended
   instead when it is the one meaningfully better on the other KPIs;
4. when every headline CI lies inside its threshold the answer is "no meaningful difference";
   otherwise (CIs straddle a threshold) the answer says which is ahead and that more
   replications would settle it.

The sentence names the policy, how many SKUs it stocks, at which nodes, their share of the
expected revenue, and the paired differences against the runner-up with their CIs (worded by
sim.report.wording). `sku_answers` gives the per-SKU table behind it (`recommendation.csv`).
No SimPy here, and nothing is rebuilt.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sim.config.decision import Decision
from sim.config.models import Scenario
from sim.report.wording import VERDICT_METRICS, Effect, join_words, pair_sentence

RECOMMENDATION_FILE = "recommendation.csv"
"""The per-SKU answer, written into the results folder by the report (sim.report.html)."""

MAX_NODES = 4
"""At most this many stocking nodes are named in the sentence; the rest are counted."""

SKU_COLUMNS = (
    "sku",
    "assignment",
    "stocked_at",
    "dropship_via",
    "reorder_points",
    "abc",
    "xyz",
    "revenue_per_day",
    "revenue_share",
    "cost_per_order_stocked",
    "cost_per_order_virtual",
    "reason",
)
"""The columns of the per-SKU answer (`recommendation.csv`), in order. The two costs are the break-even
figures of a hybrid policy with `assign: break_even` (expected cost per order of the SKU stocked and
virtual, from the plan table; empty for other policies)."""


@dataclass
class Recommendation:
    """The answer: the sentence, the policy it names (None: no meaningful difference) and the per-SKU rows."""

    sentence: str
    policy: str | None
    runner_up: str | None
    outcome: str  # "recommended", "no meaningful difference", "unclear", "only policy"
    shown: str  # the policy whose SKUs the per-SKU table lists
    skus: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _means(summary: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {
        (str(p), str(m)): float(v)
        for p, m, v in zip(summary["policy"], summary["metric"], summary["mean"], strict=True)
    }


def paired(
    comparisons: pd.DataFrame, means: dict[tuple[str, str], float], policy: str, baseline: str, decision: Decision
) -> list[Effect]:
    """The headline effects of `policy` − `baseline`, whichever way round comparisons.csv holds the pair."""
    out = []
    for w in VERDICT_METRICS:
        rows = comparisons[
            (comparisons["metric"] == w.metric)
            & (
                ((comparisons["policy"] == policy) & (comparisons["baseline"] == baseline))
                | ((comparisons["policy"] == baseline) & (comparisons["baseline"] == policy))
            )
        ]
        if rows.empty:
            continue
        rec = rows.iloc[0]
        diff, low, high = float(rec["mean_diff"]), float(rec["ci_low"]), float(rec["ci_high"])
        if str(rec["policy"]) != policy:
            diff, low, high = -diff, -high, -low
        if not math.isfinite(diff):
            continue
        n = float(rec["n"])
        out.append(
            Effect(
                policy=policy,
                baseline=baseline,
                metric=w.metric,
                diff=diff,
                low=low,
                high=high,
                n=int(n) if math.isfinite(n) else 0,
                significant=bool(n >= 2 and (low > 0 or high < 0)),
                baseline_mean=means.get((baseline, w.metric), math.nan),
                threshold=decision.threshold(w.metric),
            )
        )
    return out


def _meets(decision: Decision, means: dict[tuple[str, str], float], policy: str) -> bool:
    for metric, bound in decision.constraints.items():
        value = means.get((policy, metric), math.nan)
        if not (math.isfinite(value) and bound.holds(value)):
            return False
    return True


def _constraints_text(decision: Decision) -> str:
    return join_words([b.text(m) for m, b in decision.constraints.items()])


def _decide(effects: Sequence[Effect]) -> str:
    """'leader', 'runner_up', 'tie' or 'unclear' for the effects leader − runner-up."""
    cost = next((e for e in effects if e.metric == "cost_per_order"), None)
    if cost is not None and cost.meaningful:
        return "leader" if cost.better else "runner_up"
    others = [e for e in effects if e.metric != "cost_per_order"]
    wins = [e for e in others if e.better is True]
    losses = [e for e in others if e.better is False]
    if wins and not losses:
        return "leader"
    if losses and not wins:
        return "runner_up"
    if effects and all(e.negligible or e.identical for e in effects):
        return "tie"
    return "unclear"


def _flip(effects: Sequence[Effect], means: dict[tuple[str, str], float]) -> list[Effect]:
    return [
        Effect(
            policy=e.baseline,
            baseline=e.policy,
            metric=e.metric,
            diff=-e.diff,
            low=-e.high,
            high=-e.low,
            n=e.n,
            significant=e.significant,
            baseline_mean=means.get((e.policy, e.metric), math.nan),
            threshold=e.threshold,
        )
        for e in effects
    ]


# ---------------------------------------------------------------------------------------------
# what a policy stocks, from the plan table


def _sku_revenue(plan: pd.DataFrame) -> dict[str, float]:
    first = plan.drop_duplicates("sku")
    return {str(s): float(r) for s, r in zip(first["sku"], first["revenue_per_day"], strict=True)}


def _names(names: Sequence[str]) -> str:
    if len(names) <= MAX_NODES:
        return join_words(list(names))
    return ", ".join(names[:MAX_NODES]) + f" and {len(names) - MAX_NODES} more nodes"


def stock_phrase(plan: pd.DataFrame | None, policy: str) -> str:
    """'stock 12 of 40 SKUs (58 % of expected revenue) at wh-east and wh-west and dropship the other 28'."""
    if plan is None or plan.empty:
        return ""
    revenue = _sku_revenue(plan)
    rows = plan[plan["policy"] == policy]
    stocked_rows = rows[rows["source"] == "stocked"]
    stocked = list(dict.fromkeys(str(s) for s in stocked_rows["sku"]))
    nodes = list(dict.fromkeys(str(n) for n in stocked_rows["node"]))
    total = len(revenue)
    if not stocked:
        return f"stock nothing and dropship all {total} SKUs"
    if len(stocked) == total:
        return f"stock all {total} SKUs at {_names(nodes)}"
    all_revenue = sum(revenue.values())
    share = sum(revenue.get(s, 0.0) for s in stocked) / all_revenue if all_revenue > 0 else math.nan
    share_text = f" ({100 * share:.0f} % of expected revenue)" if math.isfinite(share) else ""
    return (
        f"stock {len(stocked)} of {total} SKUs{share_text} at {_names(nodes)} "
        f"and dropship the other {total - len(stocked)}"
    )


def _costs(first: pd.Series) -> tuple[float, float]:
    """The SKU's break-even figures from its plan rows (NaN when the plan table has none)."""
    return (
        float(first.get("cost_per_order_stocked", math.nan)),
        float(first.get("cost_per_order_virtual", math.nan)),
    )


def _figures(stocked_cost: float, virtual_cost: float) -> str:
    """': 12.30 per order stocked vs 14.10 virtual' (empty when the figures are missing)."""
    if math.isnan(stocked_cost) or math.isnan(virtual_cost):
        return ""
    virtual = "no virtual source (every order lost)" if math.isinf(virtual_cost) else f"{virtual_cost:,.2f} virtual"
    return f" ({stocked_cost:,.2f} per order stocked vs {virtual})"


def _reason(scenario: Scenario | None, policy: str, abc: str, stocked: bool) -> str:
    config = None
    if scenario is not None:
        config = next((p for p in scenario.policies if p.name == policy), None)
    if config is None:
        return "stocked in the plan" if stocked else "not stocked in the plan"
    if config.kind == "stocked":
        return "the stocked policy holds every SKU"
    if config.kind == "inventory_free":
        return "the policy holds no stock: every order is dropshipped"
    if config.stock_skus is not None:
        return "listed in stock_skus" if stocked else "not in stock_skus"
    if config.stock_classes is not None:
        classes = ", ".join(config.stock_classes)
        return f"ABC class {abc}; the policy stocks class{'es' if len(config.stock_classes) > 1 else ''} {classes}"
    if config.assign == "break_even":
        return (
            "break-even rule: the expected cost per order is lower stocked than virtual"
            if stocked
            else "break-even rule: the expected cost per order is lower virtual than stocked"
        )
    return "stocked in the plan" if stocked else "not stocked in the plan"


def sku_answers(plan: pd.DataFrame | None, policy: str, scenario: Scenario | None = None) -> list[dict[str, Any]]:
    """One row per SKU (catalogue order) of `policy`'s plan: where it is stocked or dropshipped from, and why."""
    if plan is None or plan.empty:
        return []
    revenue = _sku_revenue(plan)
    total = sum(revenue.values())
    rows = plan[plan["policy"] == policy]
    out = []
    for sku, group in rows.groupby("sku", sort=False):
        stocked = group[group["source"] == "stocked"]
        virtual = group[group["source"] == "virtual"]
        first = group.iloc[0]
        costs = _costs(first)
        points = ", ".join(f"{n}: {float(r):g}" for n, r in zip(stocked["node"], stocked["reorder_point"], strict=True))
        assignment = "stocked" if not stocked.empty else "dropship"
        if not stocked.empty and not virtual.empty:
            assignment = "stocked (dropship fallback)"
        out.append(
            {
                "sku": str(sku),
                "assignment": assignment,
                "stocked_at": ", ".join(str(n) for n in stocked["node"]),
                "dropship_via": ", ".join(str(n) for n in virtual["node"]),
                "reorder_points": points,
                "abc": str(first["abc"]),
                "xyz": str(first["xyz"]),
                "revenue_per_day": float(first["revenue_per_day"]),
                "revenue_share": revenue.get(str(sku), 0.0) / total if total > 0 else math.nan,
                "cost_per_order_stocked": costs[0],
                "cost_per_order_virtual": costs[1],
                "reason": _reason(scenario, policy, str(first["abc"]), not stocked.empty) + _figures(*costs),
            }
        )
    return out


def sku_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The per-SKU answer as a frame with SKU_COLUMNS (empty with those columns when there are no rows)."""
    return pd.DataFrame(list(rows), columns=list(SKU_COLUMNS))


# ---------------------------------------------------------------------------------------------
# the sentence


def recommend(
    summary: pd.DataFrame,
    comparisons: pd.DataFrame,
    policies: Sequence[str],
    plan: pd.DataFrame | None = None,
    decision: Decision | None = None,
    scenario: Scenario | None = None,
) -> Recommendation | None:
    """The recommendation of a comparison (None for an empty summary); see the module docstring."""
    decision = decision or Decision()
    means = _means(summary)
    cost = {p: means.get((p, "cost_per_order"), math.nan) for p in policies}
    known = [p for p in policies if math.isfinite(cost[p])]
    if not known:
        return None
    notes: list[str] = []
    feasible = [p for p in known if _meets(decision, means, p)]
    if decision.constraints and not feasible:
        notes.append(f"No policy meets the constraints ({_constraints_text(decision)}); all are compared on cost.")
    pool = sorted(feasible or known, key=lambda p: cost[p])
    leader = pool[0]
    if len(known) == 1:
        stock = stock_phrase(plan, leader)
        text = f"Only one policy was run: {leader}" + (f", which would {stock}" if stock else "") + "."
        return Recommendation(text, leader, None, "only policy", leader, sku_answers(plan, leader, scenario), notes)
    rest = [p for p in sorted(known, key=lambda p: cost[p]) if p != leader]
    runner = pool[1] if len(pool) > 1 else rest[0]
    if len(pool) == 1 and decision.constraints:
        notes.append(f"{runner} does not meet the constraints ({_constraints_text(decision)}).")
    effects = paired(comparisons, means, leader, runner, decision)
    outcome = _decide(effects)
    if decision.constraints and len(feasible) == 1:
        outcome = "leader"  # the only policy that meets the constraints, whatever the others gain
    if outcome == "runner_up" and len(pool) > 1:
        leader, runner, effects = runner, leader, _flip(effects, means)
        outcome = "leader"
    elif outcome == "runner_up":
        outcome = "unclear"  # the runner-up is better on something but fails the constraints
    stock = stock_phrase(plan, leader)
    meets = f" it meets {_constraints_text(decision)} and" if decision.constraints and feasible else ""
    text, outcome = _sentence(outcome, leader, runner, effects, stock, meets)
    chosen = leader if outcome == "recommended" else None
    return Recommendation(text, chosen, runner, outcome, leader, sku_answers(plan, leader, scenario), notes)


def _sentence(
    outcome: str, leader: str, runner: str, effects: Sequence[Effect], stock: str, meets: str
) -> tuple[str, str]:
    """The sentence for a decided outcome ('leader', 'tie', 'unclear'), and the outcome as reported."""
    against = pair_sentence(effects).rstrip(".") if effects else f"{leader} against {runner}: no paired differences"
    what = f" \u2014 {stock} \u2014" if stock else ""
    if outcome == "leader":
        return f"Recommended: {leader}{what} because{meets} {against}.", "recommended"
    if outcome == "tie":
        would = f" and would {stock}" if stock else ""
        text = (
            f"No meaningful difference between {leader} and {runner}: every paired 95 % CI lies inside the "
            f"thresholds worth acting on, so either will do ({leader} is nominally cheaper{would}); "
            f"{against}."
        )
        return text, "no meaningful difference"
    if not any(e.has_interval for e in effects):
        text = (
            f"No answer from a single replication: {leader}{what} is nominally cheapest, but there is no "
            f"confidence interval to judge it by (run 2 or more replications); {against}."
        )
        return text, "unclear"
    text = (
        f"No clear answer yet: {leader}{what} is nominally cheapest, but against {runner} the paired 95 % CIs "
        f"straddle the thresholds worth acting on (more replications would settle it); {against}."
    )
    return text, "unclear"
