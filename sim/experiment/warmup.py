"""Warm-up guidance: daily series from day 0, their running means, and the MSER-5 truncation point.

Runs start from an artificial state (every stocked slot at its order-up-to level, nothing on
order, empty queues), so early days are biased; `warmup_days` drops them from the statistics.
To choose it we run a few replications of each policy recording two whole-run daily series —
units on hand at the start of each day, and the daily fill rate (units filled at first attempt ÷
units demanded, by day of ordering) — average them over the replications, and apply MSER-5.

**MSER-5** (White 1997, "An effective truncation heuristic for bias reduction in simulation
output", *Simulation* 69(6):323–334; White, Cobb & Spratt 2000, *Proc. Winter Simulation
Conference*; Franklin & White 2008, *Proc. WSC*, on its use): cut the series into k = ⌊n/5⌋
non-overlapping batches of 5 days with means Z₁…Z_k (a trailing partial batch is dropped), and
for each candidate truncation d (in batches) compute

    MSER(d) = 1/(k − d)² · Σ_{j=d+1..k} (Z_j − Z̄_d)²,    Z̄_d = mean of Z_{d+1…k},

an estimate of the squared standard error of the mean that remains after deleting the first d
batches: deleting biased early data lowers it, deleting too much raises it again (fewer data).
The suggested warm-up is 5·d* days for d* = argmin MSER(d) over 0 ≤ d ≤ k/2. A minimum in the
second half of the series (d* at the k/2 bound) means the series has not settled within the
run: lengthen the horizon rather than trust the suggestion. For the fill rate a batch's value is
its ratio of sums (filled ÷ demanded over the 5 days and the replications), so quiet days do not
distort it.

MSER assumes the series eventually fluctuates around a constant mean. With seasonal demand the
"steady state" moves through the year, and MSER can read a seasonal trend as transient; read its
suggestion as a first guess and look at the running-mean plot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config import Scenario
from sim.config.catalogue import all_skus
from sim.experiment.executors import Executor, SerialExecutor
from sim.experiment.runs import RunRecord, RunTask

BATCH_DAYS = 5
SERIES = ("on_hand_units", "fill_rate")


@dataclass(frozen=True)
class Mser:
    """The MSER statistic of a batch-mean series and its minimiser."""

    statistic: np.ndarray  # MSER(d) for d = 0 … k−1 (NaN where fewer than 2 batches remain)
    d_star: int  # batches to delete
    bound: int  # the largest d searched (k // 2)
    batch: int

    @property
    def truncation(self) -> int:
        """Observations (days) to delete: batch × d*."""
        return self.batch * self.d_star

    @property
    def at_bound(self) -> bool:
        """The minimum sits at the end of the searched half: the series has not settled."""
        return self.d_star == self.bound and self.bound > 0


def mser(batch_means: Sequence[float] | np.ndarray, batch: int = BATCH_DAYS) -> Mser:
    """MSER over batch means Z₁…Z_k (see the module docstring); d* searched in 0 … ⌊k/2⌋."""
    z = np.asarray(batch_means, dtype=float)
    k = z.size
    if k < 2 or not np.isfinite(z).all():
        raise ValueError("MSER needs at least two finite batch means")
    statistic = np.full(k, np.nan)
    # suffix sums give every MSER(d) in O(k)
    suffix_sum = np.cumsum(z[::-1])[::-1]
    suffix_sq = np.cumsum((z * z)[::-1])[::-1]
    for d in range(k - 1):
        m = k - d
        mean = suffix_sum[d] / m
        ss = max(suffix_sq[d] - m * mean * mean, 0.0)
        statistic[d] = ss / (m * m)
    bound = k // 2
    d_star = int(np.nanargmin(statistic[: bound + 1]))
    return Mser(statistic, d_star, bound, batch)


def batch_means(values: Sequence[float] | np.ndarray, batch: int = BATCH_DAYS) -> np.ndarray:
    """Means of consecutive batches of `batch` values (a trailing partial batch is dropped)."""
    x = np.asarray(values, dtype=float)
    k = x.size // batch
    means: np.ndarray = x[: k * batch].reshape(k, batch).mean(axis=1)
    return means


def batch_ratios(numerator: Sequence[float], denominator: Sequence[float], batch: int = BATCH_DAYS) -> np.ndarray:
    """Ratio of sums per batch, e.g. units filled ÷ units demanded over each 5 days."""
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    k = num.size // batch
    with np.errstate(invalid="ignore", divide="ignore"):
        ratios: np.ndarray = num[: k * batch].reshape(k, batch).sum(axis=1) / den[: k * batch].reshape(k, batch).sum(
            axis=1
        )
    return ratios


@dataclass
class WarmupResults:
    """Daily series (averaged over replications), their running means, MSER-5 and the suggestion."""

    scenario: Scenario
    seed: int
    replications: int
    daily: pd.DataFrame  # policy, series, day, value, running_mean
    suggestions: pd.DataFrame  # policy, series, warmup_days, at_bound, batches
    mser: pd.DataFrame  # policy, series, batch, batch_mean, mser

    @property
    def suggested_days(self) -> int:
        """The largest suggestion over policies and series (a stocked policy's inventory settles slowest)."""
        return int(self.suggestions["warmup_days"].max()) if not self.suggestions.empty else 0


def warmup(
    scenario: Scenario,
    policies: Sequence[str] | None = None,
    *,
    replications: int = 5,
    seed: int | None = None,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> WarmupResults:
    """Simulate `replications` of each policy with daily series and analyse them (see module docstring)."""
    names = list(policies) if policies is not None else [p.name for p in scenario.policies]
    for name in names:
        scenario.policy(name)
    root = seed if seed is not None else scenario.seed
    tasks = [RunTask(policy, r, root, daily=True) for policy in names for r in range(replications)]
    runner = executor if executor is not None else SerialExecutor()
    records: list[RunRecord] = []
    for record in runner.run(scenario, tasks):
        records.append(record)
        if progress is not None:
            progress(len(records), len(tasks))
    return analyse(scenario, root, replications, names, records)


def analyse(
    scenario: Scenario, seed: int, replications: int, policies: Sequence[str], records: Sequence[RunRecord]
) -> WarmupResults:
    """Average the records' daily series over replications and run MSER-5 on each."""
    daily_rows: list[pd.DataFrame] = []
    suggestion_rows = []
    mser_rows: list[pd.DataFrame] = []
    for policy in policies:
        mine = [r.daily for r in records if r.policy == policy and r.daily is not None]
        if not mine:
            continue
        demanded = np.sum([d["units_demanded"] for d in mine], axis=0, dtype=float)
        filled = np.sum([d["units_filled"] for d in mine], axis=0, dtype=float)
        on_hand = np.mean([d["on_hand_units"] for d in mine], axis=0, dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            fill = filled / demanded
        series = {
            "on_hand_units": (on_hand, batch_means(on_hand)),
            "fill_rate": (fill, batch_ratios(filled, demanded)),
        }
        days = np.arange(demanded.size)
        for name, (values, batches) in series.items():
            finite = np.where(np.isfinite(values), values, 0.0)
            counted = np.cumsum(np.isfinite(values))
            with np.errstate(invalid="ignore", divide="ignore"):
                running = np.cumsum(finite) / counted
            if name == "fill_rate":  # the running fill rate is a ratio of running sums
                with np.errstate(invalid="ignore", divide="ignore"):
                    running = np.cumsum(filled) / np.cumsum(demanded)
            daily_rows.append(
                pd.DataFrame({"policy": policy, "series": name, "day": days, "value": values, "running_mean": running})
            )
            usable = batches[np.isfinite(batches)]
            if name == "on_hand_units" and not np.any(usable):
                continue  # nothing stocked: no inventory transient
            if usable.size < 4:
                continue
            result = mser(usable)
            suggestion_rows.append((policy, name, result.truncation, result.at_bound, usable.size))
            mser_rows.append(
                pd.DataFrame(
                    {
                        "policy": policy,
                        "series": name,
                        "batch": np.arange(usable.size),
                        "batch_mean": usable,
                        "mser": result.statistic,
                    }
                )
            )
    return WarmupResults(
        scenario,
        seed,
        replications,
        pd.concat(daily_rows, ignore_index=True) if daily_rows else pd.DataFrame(),
        pd.DataFrame(suggestion_rows, columns=["policy", "series", "warmup_days", "at_bound", "batches"]),
        pd.concat(mser_rows, ignore_index=True) if mser_rows else pd.DataFrame(),
    )


def plot(results: WarmupResults, path: Path) -> None:
    """Daily values (thin) and running means (thick) per series and policy, with the suggestions."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(SERIES), 1, figsize=(10, 3.2 * len(SERIES)), sharex=True)
    for ax, name in zip(np.atleast_1d(axes), SERIES, strict=True):
        rows = results.daily[results.daily.series == name]
        for i, (policy, frame) in enumerate(rows.groupby("policy", sort=False)):
            color = f"C{i}"
            ax.plot(frame.day, frame.value, color=color, alpha=0.3, linewidth=0.8)
            ax.plot(frame.day, frame.running_mean, color=color, linewidth=2, label=f"{policy} (running mean)")
            hit = results.suggestions[(results.suggestions.policy == policy) & (results.suggestions.series == name)]
            if not hit.empty:
                ax.axvline(float(hit.warmup_days.iloc[0]), color=color, linestyle="--", linewidth=1)
        ax.axvline(results.scenario.warmup_days, color="black", linestyle=":", linewidth=1, label="warmup_days now")
        ax.set_ylabel(name.replace("_", " "))
        ax.legend(fontsize=8, loc="best")
    np.atleast_1d(axes)[-1].set_xlabel("day (dashed: MSER-5 suggestion per policy)")
    fig.suptitle(f"{results.scenario.name}: warm-up, {results.replications} replications averaged")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def checkpoints(horizon_days: int) -> list[int]:
    """Days at which to print the running mean: 1, 7, 14, 28, 56, … and the last day."""
    days = [1, 7, 14]
    while days[-1] * 2 < horizon_days:
        days.append(days[-1] * 2)
    return [d for d in days if d < horizon_days] + [horizon_days]


def seasonal(scenario: Scenario) -> bool:
    """Does demand vary by month (so no single steady state exists within a year)?"""
    return len(set(scenario.seasonality.month)) > 1


AUTO_REPLICATIONS = 5
"""Pilot replications per policy for `warmup_days: auto`, and the replications whose daily series
the short-warm-up check reads after a run (the first ones, so no extra simulation)."""


class ShortWarmupWarning(UserWarning):
    """The scenario's warmup_days is below the MSER-5 suggestion: KPIs carry start-up bias."""


def resolve_auto(
    scenario: Scenario, policies: Sequence[str], seed: int | None = None, executor: Executor | None = None
) -> tuple[Scenario, dict[str, object] | None]:
    """`scenario` with `warmup_days: auto` replaced by the MSER-5 suggestion of a pilot run, and the
    record of that choice for the manifest (None when the scenario gave a number).

    The pilot is `AUTO_REPLICATIONS` replications of each of `policies` with warmup 0 and the run's
    seed (the same sample paths as the run's first replications); the chosen value is the largest
    suggestion over policies and series (`WarmupResults.suggested_days`), never more than half the
    horizon (MSER's search bound), so the run always keeps its second half.
    """
    if not scenario.warmup_auto:
        return scenario, None
    pilot = warmup(scenario, policies, replications=AUTO_REPLICATIONS, seed=seed, executor=executor)
    days = float(pilot.suggested_days)
    resolved = scenario.model_copy(update={"warmup_days": days})
    resolved._warmup_auto = False
    unsettled = sorted({f"{r.policy} {r.series}" for r in pilot.suggestions.itertuples() if r.at_bound})
    record: dict[str, object] = {
        "mode": "auto",
        "warmup_days": days,
        "method": "MSER-5 on replication-averaged daily on-hand units and fill rate (sim.experiment.warmup)",
        "pilot_replications": AUTO_REPLICATIONS,
        "pilot_seed": pilot.seed,
        "policies": list(policies),
        "not_settled": unsettled,
    }
    return resolved, record


def auto_message(record: dict[str, object]) -> str:
    """One line for the terminal: what `warmup_days: auto` chose and how."""
    text = (
        f"warmup_days: auto → {float(str(record['warmup_days'])):g} days "
        f"(MSER-5 on a {record['pilot_replications']}-replication pilot of each policy)"
    )
    unsettled = record.get("not_settled")
    if isinstance(unsettled, list) and unsettled:
        text += f"; not settled within half the horizon for {', '.join(map(str, unsettled))}: lengthen the horizon"
    return text


def replays_history(scenario: Scenario) -> bool:
    """Is every SKU's demand a replay of the scenario's dated history (`demand: {kind: history}`)?

    Such a run is a backtest of a calendar period from a stated start (stock at its order-up-to
    level on `start_date`): its days are the period to be judged, not a sample of a steady state,
    and a warm-up would drop real orders, so the short-warm-up check does not apply to it."""
    skus = all_skus(scenario)
    return bool(skus) and all(s.demand.kind == "history" for s in skus)


def short_warmup(scenario: Scenario, records: Sequence[RunRecord], seed: int) -> str | None:
    """A warning text when `scenario.warmup_days` is below the MSER-5 suggestion read from the daily
    series the records carry (the run's first `AUTO_REPLICATIONS` replications), else None; never
    for a replay of history (`replays_history`)."""
    with_daily = [r for r in records if r.daily is not None]
    if not with_daily or scenario.warmup_auto or replays_history(scenario):
        return None
    policies = list(dict.fromkeys(r.policy for r in with_daily))
    reps = len({r.replication for r in with_daily})
    found = analyse(scenario, seed, reps, policies, with_daily)
    if found.suggestions.empty or scenario.warmup_days >= found.suggested_days:
        return None
    top = found.suggestions.sort_values("warmup_days", ascending=False, kind="stable").iloc[0]
    return (
        f"warmup_days is {scenario.warmup_days:g} but MSER-5 on this run's daily series (first {reps} "
        f"replication{'s' if reps != 1 else ''}) suggests {found.suggested_days} (policy {top.policy}, "
        f"{str(top.series).replace('_', ' ')}): the KPIs include start-up bias; set warmup_days: "
        f"{found.suggested_days} or auto (docs/EXPERIMENTS.md, Warm-up)"
        + ("" if reps >= AUTO_REPLICATIONS else "; few replications make this a rough estimate: `supplysim warmup`")
    )
