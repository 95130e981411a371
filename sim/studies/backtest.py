"""Backtests on a demand history: fit on the past, replay the future, compare policies — rolling origin.

A *fold* is the scenario with `start_date` moved to an *origin* and `horizon_days` set to the fold's
length. Everything before the origin is the fitting window (all of it — an expanding window — or
the last `fit_days` days — a sliding one): reorder points, EOQs, ABC classes and the break-even are
sized from it (sim.history.replay). The fold then replays the real demand from the origin with
every policy on common random numbers (`sim.compare`). Rolling origin (Tashman 2000, "Out-of-sample
tests of forecasting accuracy", IJF 16(4)): origins at start, start + step, start + 2·step, ….

Per fold the KPIs are the usual results folder; across folds, each policy's fold means are
averaged with a t-interval over folds — folds share history and seasons, so that interval is a
rough guide, not an exact one (docs/DEMAND.md).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.base.confidence import mean_ci
from sim.config.demand_history import load_history
from sim.config.models import Scenario
from sim.experiment.replications import Results, compare
from sim.experiment.results_folder import atomic_folder, write_csv, write_json
from sim.metrics.kpis import KPI_NAMES

FOLD_COLUMNS = ["origin", "end", "fit_from", "policy", "metric", "mean", "ci_low", "ci_high", "n"]
SUMMARY_COLUMNS = ["policy", "metric", "mean", "ci_low", "ci_high", "folds"]
OVERALL = "overall"
"""The pooled results folder of a backtest of several folds (`Backtest.pooled`)."""


@dataclass(frozen=True)
class FoldSpec:
    """One fold: replay [origin, origin + days), fitted on [fit_from, origin)."""

    origin: dt.date
    days: float
    fit_days: int | None

    @property
    def end(self) -> dt.date:
        """The last day replayed."""
        return self.origin + dt.timedelta(days=math.ceil(self.days) - 1)


def rolling_origins(start: dt.date, folds: int, step_days: int) -> list[dt.date]:
    """`folds` origins from `start`, `step_days` apart."""
    return [start + dt.timedelta(days=k * step_days) for k in range(folds)]


def fold_specs(
    scenario: Scenario,
    origins: Sequence[dt.date] | None = None,
    *,
    folds: int | None = None,
    days: float | None = None,
    step_days: int | None = None,
    fit_days: int | None = None,
) -> list[FoldSpec]:
    """The folds of a backtest of `scenario`: at `origins`, or else `folds` (default 1) rolling origins
    from its start, `step_days` apart (default: the fold length, rounded up); each fold `days` long
    (default: the scenario's horizon) and fitted on `fit_days` days (default: all before it)."""
    length = days if days is not None else scenario.horizon_days
    if origins is None:
        origins = rolling_origins(scenario.start_date, folds or 1, step_days or math.ceil(length))
    return [FoldSpec(o, length, fit_days) for o in origins]


def fold_scenario(scenario: Scenario, spec: FoldSpec) -> Scenario:
    """The scenario of one fold (validated again: warm-up must fit in the fold)."""
    if scenario.demand_history is None:
        raise ValueError("a backtest replays a demand history: the scenario has no demand_history block")
    data = scenario.model_dump(mode="python", by_alias=True)
    data["start_date"] = spec.origin
    data["horizon_days"] = spec.days
    data["demand_history"]["fit_days"] = spec.fit_days
    if scenario.warmup_auto:
        data["warmup_days"] = "auto"  # each fold's compare runs its own pilot
    return Scenario.model_validate(data)


def check_folds(scenario: Scenario, specs: Sequence[FoldSpec]) -> list[str]:
    """Why some folds cannot run (each message names its fold); empty when all can."""
    out = []
    for k, spec in enumerate(specs, start=1):
        where = f"fold {k} ({spec.origin} to {spec.end})"
        if scenario.warmup_days >= spec.days:
            out.append(f"{where}: warmup_days ({scenario.warmup_days:g}) must be below the fold's {spec.days:g} days")
            continue
        try:
            fold = fold_scenario(scenario, spec)
        except ValueError as exc:
            out.append(f"{where}: {exc}")
            continue
        table, in_file, at_keys = load_history(fold)
        out += [p.format() for p in in_file]
        out += [f"{where}: {message}" for _, message in at_keys]
        if table is not None and spec.origin <= table.calendar.first:
            out.append(f"{where}: no history before the origin to fit on; start later than {table.calendar.first}")
    return out


@dataclass
class Backtest:
    """The folds' results and their tables."""

    scenario: Scenario
    specs: list[FoldSpec]
    folds: list[Results]
    policies: list[str]
    table: pd.DataFrame = field(init=False)
    summary: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        rows = []
        for spec, results in zip(self.specs, self.folds, strict=True):
            fit_from = "" if spec.fit_days is None else str(spec.origin - dt.timedelta(days=spec.fit_days))
            for r in results.summary.itertuples(index=False):
                rows.append(
                    (str(spec.origin), str(spec.end), fit_from, r.policy, r.metric, r.mean, r.ci_low, r.ci_high, r.n)
                )
        self.table = pd.DataFrame(rows, columns=FOLD_COLUMNS)
        out = []
        for policy in self.policies:
            for metric in KPI_NAMES:
                values = self.table[(self.table.policy == policy) & (self.table.metric == metric)]["mean"].to_numpy()
                if not len(values):
                    continue
                mean, low, high, n = mean_ci(values)
                out.append((policy, metric, mean, low, high, n))
        self.summary = pd.DataFrame(out, columns=SUMMARY_COLUMNS)

    def write(self, out: Path, command: str = "python API", finish: Callable[[Path], None] | None = None) -> Path:
        """The backtest folder: `backtest/folds.csv`, `backtest/summary.csv`, one results folder per
        fold (`fold-<origin>/`, completed by `finish` as `Results.write` does — the CLI's HTML
        report), with several folds the pooled folder `overall/` (`pooled`, with its own report),
        and `manifest.json`. Written atomically; `out` must not exist."""
        if out.exists():
            raise FileExistsError(f"{out} already exists; choose another --out or remove it")

        def fill(tmp: Path) -> None:
            folder = tmp / "backtest"
            folder.mkdir()
            write_csv(self.table, folder / "folds.csv")
            write_csv(self.summary, folder / "summary.csv")
            for spec, results in zip(self.specs, self.folds, strict=True):
                results.write(tmp / f"fold-{spec.origin}", command, finish=finish)
            if len(self.folds) > 1:
                self.pooled().write(tmp / OVERALL, command, finish=finish)
            write_json(tmp / "manifest.json", self.manifest(command))

        return atomic_folder(out, fill)

    def pooled(self) -> Results:
        """Every fold's runs as one results folder: fold k's replication r becomes replication
        k·R + r (R: replications per fold), so `summary.csv` pools the KPIs of all fold × replication
        runs (mean and 95 % t-interval over them) and `comparisons.csv` pairs policies within each
        run (common random numbers hold inside a fold). The folds share history and seasons, so the
        interval treats them as more independent than they are: read it as a rough guide. Delivery
        histograms are summed; the inventory chart is left out (each fold has its own days); the plan
        table is the last fold's (the most recent fit)."""
        width = max(r.replications for r in self.folds)

        def shifted(frame: pd.DataFrame, k: int) -> pd.DataFrame:
            out = frame.copy()
            out["replication"] = out["replication"] + k * width
            return out

        kpis = pd.concat([shifted(r.kpis, k) for k, r in enumerate(self.folds)], ignore_index=True)
        kpis["scenario"] = self.scenario.name
        stacked = pd.concat([r.delivery_times for r in self.folds], ignore_index=True)
        delivery = stacked.groupby(["policy", "minutes"], sort=False)["orders"].sum().reset_index()
        last = self.folds[-1]
        pooled = Results(
            last.scenario,
            last.seed,
            width * len(self.folds),
            list(self.policies),
            kpis.astype(last.kpis.dtypes.to_dict()),
            delivery_times=delivery.astype(last.delivery_times.dtypes.to_dict()),
            breakdown=pd.concat([shifted(r.breakdown, k) for k, r in enumerate(self.folds)], ignore_index=True),
            alerts=pd.concat([shifted(r.alerts, k) for k, r in enumerate(self.folds)], ignore_index=True),
        )
        pooled.warnings = [f"fold {k + 1}: {w}" for k, r in enumerate(self.folds) for w in r.warnings]
        return pooled

    def manifest(self, command: str) -> dict[str, Any]:
        """What was run: folds, policies, seed and replications."""
        first = self.folds[0]
        return {
            "kind": "backtest",
            "scenario": self.scenario.name,
            "command": command,
            "policies": self.policies,
            "seed": first.seed,
            "replications": first.replications,
            "folds": [
                {"origin": str(s.origin), "end": str(s.end), "days": s.days, "fit_days": s.fit_days} for s in self.specs
            ],
            "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        }


def run_backtest(
    scenario: Scenario,
    specs: Sequence[FoldSpec],
    policies: Sequence[str] | None = None,
    *,
    replications: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Backtest:
    """Run every fold (checked first: ValueError listing every fold that cannot run)."""
    problems = check_folds(scenario, specs)
    if problems:
        raise ValueError("\n".join(problems))
    names = list(policies) if policies is not None else [p.name for p in scenario.policies]
    reps = replications if replications is not None else scenario.replications
    results = []
    for k, spec in enumerate(specs):

        def step(done: int, total: int, k: int = k) -> None:
            if progress is not None:
                progress(k * total + done, len(specs) * total)

        results.append(
            compare(fold_scenario(scenario, spec), names, replications=reps, seed=seed, workers=workers, progress=step)
        )
    return Backtest(scenario, list(specs), results, names)
