"""An optimisation as `supplysim optimize` sets it up and runs it: one home for the CLI and the workbench.

`prepare` loads the scenario and its candidates (`cli_plan`), picks the policy to tune, checks the
goal and the replications, and returns an `OptimizeSetup`; every problem is a `SweepError` (bad
input; the CLI prints it as `error: …` and exits 2, the workbench shows it on the scenario page) or
a `ScenarioError` with its located problems. `run` searches the grid (sim.sweeps.optimize) and,
when asked, refines around the answer (sim.sweeps.refine) into one folder, which resumes like a
sweep's. The CLI (sim/cli/optimize.py) and the workbench's run process (sim/web/job.py) both call
these two functions, so the same options give the same folder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sim.base.words import unknown_policy
from sim.experiment.executors import Executor
from sim.sweeps.optimize import Goal, OptimizeResults, optimize, tuned_policy
from sim.sweeps.points import SweepError, SweepPlan, cli_plan, default_folder
from sim.sweeps.refine import Refinement, refine


@dataclass(frozen=True)
class OptimizeSetup:
    """A checked optimisation: the plan of the tuned policy only, the goal, the replications."""

    plan: SweepPlan
    goal: Goal
    first: int  # replications every candidate starts with
    max_replications: int

    @property
    def default_folder(self) -> Path:
        return default_folder(self.plan, "optimize")


def tuned(plan: SweepPlan, policy: str | None) -> str:
    """The policy to tune: `policy`, else the one the swept paths belong to, else the only one (SweepError)."""
    names = [p.name for p in plan.base.policies]
    if not plan.paths:
        raise SweepError(
            "nothing to search: give candidate values with a sweep: block or --set path=v1,v2,…, e.g. "
            f"--set policies.{policy or 'stocked'}.reorder.service_level=0.85,0.9,0.95,0.98"
        )
    name = policy or tuned_policy(plan.paths, names) or (names[0] if len(names) == 1 else None)
    if name is None:
        raise SweepError(f"say which policy to tune with --policy (the scenario has {', '.join(names)})")
    if name not in names:
        raise SweepError(unknown_policy([name], names))
    return name


def prepare(
    scenario: str,
    overrides: Sequence[str],
    *,
    floor: float,
    policy: str | None = None,
    objective: str = "cost_per_order",
    floor_metric: str = "fill_rate_units",
    reps: int | None = None,
    max_replications: int = 80,
    seed: int | None = None,
) -> OptimizeSetup:
    """Load and check an optimisation as `supplysim optimize SCENARIO --set … --fill-rate-floor F` does."""
    name = tuned(cli_plan(scenario, overrides, None, seed)[0], policy)
    try:
        goal = Goal(name, floor, objective, floor_metric)
    except ValueError as exc:
        raise SweepError(str(exc)) from None
    plan, _ = cli_plan(scenario, overrides, [name], seed)
    first = reps if reps is not None else min(plan.base.replications, max_replications)
    if first < 2:
        raise SweepError("optimize needs at least 2 replications per candidate (--reps)")
    if first > max_replications:
        raise SweepError(f"--reps {first} is more than --max-reps {max_replications}; raise --max-reps")
    return OptimizeSetup(plan, goal, first, max_replications)


def run(
    setup: OptimizeSetup,
    out: Path,
    *,
    executor: Executor,
    progress: Callable[[int, int], None] | None,
    command: str,
    refine_rounds: int = 0,
    log: Callable[[str], None] | None = None,
) -> tuple[OptimizeResults, Refinement | None]:
    """The grid search into `out` (with its report), then `refine_rounds` rounds of refinement (or None)."""
    results = optimize(
        setup.plan,
        out,
        setup.goal,
        replications=setup.first,
        max_replications=setup.max_replications,
        executor=executor,
        progress=progress,
        command=command,
        report=True,
    )
    if not refine_rounds:
        return results, None
    refined = refine(
        setup.plan,
        results.sweep.out,
        setup.goal,
        results,
        refine_rounds,
        replications=setup.first,
        max_replications=setup.max_replications,
        executor=executor,
        progress=progress,
        command=command,
        log=log,
    )
    return results, refined
