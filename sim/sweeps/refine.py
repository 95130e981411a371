"""Adaptive refinement after `optimize`'s grid: bracket the best value of each numeric parameter and halve.

The grid search (sim.sweeps.optimize) finds the best *candidate*; the best *value* may lie between
two candidates or beyond the grid's edge. Refinement runs further rounds, each an ordinary
`optimize` over a small grid built around the current choice, in `OUT/refine-<k>/`:

* For each numeric swept parameter, a **bracket** [lo, hi] around the chosen value c: initially
  its neighbours in the grid. When c is the lowest (highest) value tried, the bracket extends one
  grid step beyond it, and that outside value is itself a candidate: the optimum may lie there.
* A round's candidates are lo′ = (lo + c)/2, c, hi′ = (c + hi)/2 (plus lo or hi when they were
  never tried), crossed over the numeric parameters; other parameters stay at their chosen values.
  Integer parameters take rounded midpoints; a midpoint equal to an end is dropped.
* After the round, the bracket shrinks around the new choice: c′ = lo′ gives [lo, c], c′ = hi′
  gives [c, hi], c′ = c gives [lo′, hi′]; a choice at an outside value extends again. A
  golden-section-like bisection, one halving per round, with the previous choice always among the
  candidates, so a round never ends with a worse choice.

Every round uses the same root seed, so replication r of every candidate in every round sees the
same demand, lead and transit times (common random numbers): the paired screening inside each round
is exactly optimize's, and the previous choice's numbers are reproduced bit for bit. Rounds stop
after `rounds`, when no new value is left (integers next to each other), when a value is outside
the field's valid range (reported), or when no candidate is feasible. `refined.json` in OUT records
every round and the final choice; `at_edge` lists parameters whose final value is the lowest or
highest value tried over all rounds (the optimum may lie further out).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.config import Scenario, ScenarioError
from sim.experiment.executors import Executor
from sim.experiment.results_folder import write_json
from sim.sweeps.optimize import Goal, OptimizeResults, optimize
from sim.sweeps.points import SweepPlan, plan_sweep

REFINED_FILE = "refined.json"


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass
class Bracket:
    """One numeric parameter's search interval around the chosen value; `tried` holds every value run."""

    path: str
    integer: bool
    lo: float
    chosen: float
    hi: float
    tried: set[float] = field(default_factory=set)
    inside: bool = False  # set when a value beyond the tried range was invalid

    def _fix(self, x: float) -> float:
        return float(round(x)) if self.integer else round(x, 12)

    def candidates(self) -> list[float]:
        """lo′, c, hi′ and the untried ends (values equal to c or repeated are dropped)."""
        values = {self.chosen, self._fix((self.lo + self.chosen) / 2), self._fix((self.chosen + self.hi) / 2)}
        values |= {end for end in (self.lo, self.hi) if end not in self.tried}
        return sorted(values)

    def update(self, new: float, offered: Sequence[float]) -> None:
        """The bracket around the new choice: its nearest tried values on each side; at the lowest
        (highest) value tried, one gap to the inside value further out (unless `inside` was set)."""
        self.tried |= set(offered)
        below = [v for v in sorted(self.tried) if v < new]
        above = [v for v in sorted(self.tried) if v > new]
        self.lo = below[-1] if below else new if self.inside or not above else self._fix(new - (above[0] - new))
        self.hi = above[0] if above else new if self.inside or not below else self._fix(new + (new - below[-1]))
        self.chosen = new

    def keep_inside(self) -> None:
        """Stop extending beyond the values tried (a value out there is not valid for the field)."""
        self.inside = True
        self.lo, self.hi = max(self.lo, min(self.tried)), min(self.hi, max(self.tried))

    @property
    def at_edge(self) -> str | None:
        """'lowest' / 'highest' when the choice is the extreme value tried, else None."""
        if self.chosen <= min(self.tried):
            return "lowest"
        if self.chosen >= max(self.tried):
            return "highest"
        return None

    def value(self, x: float) -> int | float:
        """`x` as the parameter's type."""
        return int(x) if self.integer else x


@dataclass
class Refinement:
    """Every round's choice and the final one (None when the grid found no feasible candidate)."""

    rounds: list[dict[str, Any]]
    final: dict[str, Any] | None
    at_edge: list[dict[str, Any]]
    notes: list[str]


def brackets(plan: SweepPlan, chosen: dict[str, Any]) -> list[Bracket]:
    """One bracket per numeric swept parameter, from the grid's values around the chosen one."""
    out = []
    for i, path in enumerate(plan.paths):
        tried = sorted({p.values[i] for p in plan.points}, key=float) if plan.points else []
        if len(tried) < 2 or not all(_number(v) for v in tried):
            continue
        values = [float(v) for v in tried]
        c = float(chosen[path])
        b = Bracket(path, all(isinstance(v, int) for v in tried), c, c, c, set(values))
        b.update(c, values)
        out.append(b)
    return out


def refine(
    plan: SweepPlan,
    out: Path,
    goal: Goal,
    first: OptimizeResults,
    rounds: int,
    *,
    replications: int = 10,
    max_replications: int = 80,
    executor: Executor | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    command: str = "python API",
    log: Callable[[str], None] | None = None,
) -> Refinement:
    """Up to `rounds` refinement rounds after the grid search `first` (module docstring); writes
    `refine-<k>/` folders and `refined.json` in `out`."""
    say = log or (lambda _text: None)
    notes: list[str] = []
    history: list[dict[str, Any]] = []
    chosen = first.chosen
    if chosen is None:
        return _finish(out, history, None, [], ["no feasible candidate on the grid: nothing to refine"])
    fixed = dict(chosen["parameters"])
    found = brackets(plan, fixed)
    if not found:
        return _finish(out, history, chosen, [], ["no numeric parameter with two or more values: nothing to refine"])
    base = plan.base.model_copy(update={"sweep": None})
    for k in range(1, rounds + 1):
        grid = {b.path: [b.value(v) for v in b.candidates()] for b in found}
        if all(len(v) == 1 for v in grid.values()):
            notes.append(f"round {k}: no new value between the neighbours (the bracket cannot shrink further)")
            break
        planned = _round_plan(base, fixed, found, goal, plan.seed, k, notes)
        if planned is None:
            break
        round_plan, grid = planned
        say(f"refine round {k}: " + "; ".join(f"{p}: {', '.join(map(str, v))}" for p, v in grid.items()))
        result = optimize(
            round_plan,
            out / f"refine-{k}",
            goal,
            replications=replications,
            max_replications=max_replications,
            executor=executor,
            workers=workers,
            progress=progress,
            command=command,
        )
        if result.chosen is None:
            notes.append(f"round {k}: no candidate feasible; the previous choice stands")
            break
        chosen = result.chosen
        fixed = dict(chosen["parameters"])
        for b in found:
            b.update(float(fixed[b.path]), [float(v) for v in grid[b.path]])
        history.append({"round": k, "folder": f"refine-{k}", "candidates": grid, "chosen": chosen})
        say(f"refine round {k}: chosen {' '.join(chosen['set'])} ({'decided' if chosen['decided'] else 'tied'})")
    return _finish(out, history, chosen, _edges(found, len(history) + 1), notes)


def _round_plan(
    base: Scenario,
    fixed: dict[str, Any],
    found: list[Bracket],
    goal: Goal,
    seed: int | None,
    k: int,
    notes: list[str],
) -> tuple[SweepPlan, dict[str, list[Any]]] | None:
    """Round k's plan and grid; when a value beyond the range tried is invalid, the brackets stay
    inside and the plan is made again (None, with a note, when even that fails)."""
    for attempt in (1, 2):
        grid = {b.path: [b.value(v) for v in b.candidates()] for b in found}
        parameters = {**{p: [v] for p, v in fixed.items() if p not in grid}, **grid}
        try:
            return plan_sweep(base, parameters=parameters, policies=[goal.policy], seed=seed), grid
        except ScenarioError as exc:
            message = exc.problems[0].message
            if attempt == 2 or all(b.inside for b in found):
                notes.append(f"round {k}: a value is not valid ({message}); stopped")
                return None
            notes.append(
                f"round {k}: a value beyond the range tried is not valid ({message}); searching inside it only"
            )
            for b in found:
                b.keep_inside()
    return None


def _edges(found: Sequence[Bracket], rounds: int) -> list[dict[str, Any]]:
    """The parameters whose final value is the lowest or highest tried over all rounds."""
    return [
        {
            "path": b.path,
            "value": b.value(b.chosen),
            "side": b.at_edge,
            "warning": f"{b.path}={b.value(b.chosen)} is the {b.at_edge} value tried in {rounds} "
            f"round{'s' if rounds != 1 else ''}: the optimum may lie beyond it; extend the values and search again",
        }
        for b in found
        if b.at_edge is not None
    ]


def _finish(
    out: Path,
    history: list[dict[str, Any]],
    final: dict[str, Any] | None,
    edges: list[dict[str, Any]],
    notes: list[str],
) -> Refinement:
    write_json(
        out / REFINED_FILE,
        json.loads(
            json.dumps(
                {
                    "method": "bracketing with halving around the best value, CRN across rounds (sim.sweeps.refine)",
                    "rounds": history,
                    "final": final,
                    "at_edge": edges,
                    "notes": notes,
                },
                default=str,
            )
        ),
    )
    return Refinement(history, final, edges, notes)
