"""Planning a sweep: from a scenario, its `sweep:` block and `--set path=v1,v2` to validated points.

Where the factors come from, and how they combine:

* the scenario's `sweep:` block (or the `parameters=` of `sim.sweep`) is the *design*: a grid,
  a Latin hypercube or random sample (sim.sweeps.design);
* every `--set path=v1,v2,…` with several values adds a *grid* dimension, crossed with the
  design (each design point runs with each combination of the --set values). A path given both
  ways takes the --set values; a single-valued `--set` on a path the design sweeps pins it.

Each point is the base scenario (after `extends` and single-valued `--set`) with the point's
values set at their paths exactly as `--set` would set them, then validated in full. A value
that makes an invalid scenario is reported where the value was written — the sweep block's
line, or the `--set` option — naming the point; nothing runs until every point is valid.

The sweep id (12 hex digits) is a hash of the base scenario, the factor paths, every point's
values, the policies and the seed: the same sweep always gets the same id (and the same default
folder, so rerunning a command resumes it), and any change gets a new one. Replication counts
are not part of it: rerunning with more replications extends the same sweep.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

import yaml
from pydantic import ValidationError

from sim.base.problems import Problem, dotted
from sim.config import Scenario, ScenarioError
from sim.config.loader import load_located, set_value, validate_data
from sim.config.models import Sweep, SweepRange
from sim.config.names import suggest
from sim.config.yamlpos import Positions
from sim.sweeps.design import Factor, design
from sim.sweeps.parts import PARAM_PREFIX, SCHEMA_NAME, SCHEMA_VERSION, column_value, param_type
from sim.sweeps.settings import CliSetting, parse_settings

Where = tuple[str, int, int]
"""(file, line, column) where a sweep value was written."""

MAX_PROBLEMS = 20


class SweepError(ValueError):
    """A sweep's options contradict each other (not a scenario problem); a user error."""


@dataclass(frozen=True)
class SweepFactor:
    """A factor and where it was written: the whole factor, and each listed value."""

    factor: Factor
    where: Where
    value_where: tuple[Where, ...] = ()

    def where_of(self, value: Any) -> Where:
        """Where `value` was written (the list item when it is one, else the factor)."""
        if self.factor.values is not None and self.value_where:
            for candidate, where in zip(self.factor.values, self.value_where, strict=True):
                if candidate == value and type(candidate) is type(value):
                    return where
        return self.where


@dataclass(frozen=True)
class Point:
    """One design point: its index, its values (in factor order) and its validated scenario."""

    index: int
    values: tuple[Any, ...]
    scenario: Scenario


@dataclass
class SweepPlan:
    """Everything a sweep runs, validated: the points, the policies, the seed, the KPI schema."""

    sweep_id: str
    base: Scenario
    paths: list[str]
    points: list[Point]
    policies: list[str]
    seed: int | None  # None: each point's own scenario seed
    columns: list[tuple[str, str, str]]  # (column, path, Arrow type) per factor
    design_method: str
    description: list[str]  # one line per factor, for messages and the manifest

    def seed_of(self, point: Point) -> int:
        """The root seed of a point's runs."""
        return self.seed if self.seed is not None else point.scenario.seed

    def column_values(self, point: Point) -> tuple[Any, ...]:
        """A point's values as stored in its parameter columns."""
        return tuple(column_value(v, kind) for v, (_, _, kind) in zip(point.values, self.columns, strict=True))

    def schema_fields(self) -> tuple[tuple[str, str, str], ...]:
        """(column, path, Arrow type) of each parameter column, as the part writers take them."""
        return tuple(self.columns)

    def plan_json(self) -> dict[str, Any]:
        """The plan as written to `sweep.json` (identity first)."""
        from sim.experiment.replications import scenario_hash

        return {
            "sweep_id": self.sweep_id,
            "scenario": self.base.name,
            "scenario_sha256": scenario_hash(self.base.model_copy(update={"sweep": None})),
            "seed": self.seed,
            "policies": self.policies,
            "design": self.design_method,
            "parameters": [{"column": c, "path": p, "type": k} for c, p, k in self.columns],
            "points": [{"point": p.index, "values": list(self.column_values(p))} for p in self.points],
            "kpi_schema": {"name": SCHEMA_NAME, "version": SCHEMA_VERSION},
        }


def _block_factors(block: Sweep, positions: Positions | None) -> list[SweepFactor]:
    out = []
    for path, spec in block.parameters.items():
        here = ("sweep", "parameters", path)
        where = positions.locate(here, key=True) if positions else ("<sweep>", 1, 1)
        if isinstance(spec, SweepRange):
            factor = Factor(path, low=spec.low, high=spec.high, steps=spec.steps, integer=spec.integer)
            out.append(SweepFactor(factor, where))
        else:
            value_where = tuple(positions.locate((*here, i)) if positions else where for i in range(len(spec)))
            out.append(SweepFactor(Factor(path, values=tuple(spec)), where, value_where))
    return out


def _plain(value: Any) -> Any:
    """Python values from what a notebook passes: tuples, ranges and NumPy arrays become lists,
    NumPy scalars become numbers (so values hash, print and store the same as YAML ones)."""
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return value.tolist()
    if isinstance(value, tuple | range | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _api_block(
    base: Sweep | None,
    parameters: Mapping[str, Any] | None,
    method: str | None,
    samples: int | None,
    design_seed: int | None,
) -> tuple[Sweep | None, list[Problem]]:
    """The design block: the scenario's, with `sim.sweep(parameters=…, method=…)` laid over it."""
    if parameters is None and method is None and samples is None and design_seed is None:
        return base, []
    data: dict[str, Any] = base.model_dump(mode="json") if base is not None else {"parameters": {}}
    if parameters is not None:
        data["parameters"] = {
            **data.get("parameters", {}),
            **{k: _plain(v) for k, v in parameters.items()},
        }
    if method is not None:
        data["method"] = method
        if method == "grid":
            data.pop("samples", None)
    if samples is not None:
        data["samples"] = samples
    if design_seed is not None:
        data["seed"] = design_seed
    if data.get("samples") is None:
        data.pop("samples", None)
    try:
        return Sweep.model_validate(data), []
    except ValidationError as exc:
        problems = [
            Problem(("sweep", *(s for s in err["loc"] if "[" not in str(s))), err["msg"], "<sim.sweep>", 1, 1)
            for err in exc.errors()
        ]
        return None, problems


def plan_sweep(
    base: Scenario,
    positions: Positions | None = None,
    settings: Sequence[CliSetting] = (),
    *,
    parameters: Mapping[str, Any] | None = None,
    method: str | None = None,
    samples: int | None = None,
    design_seed: int | None = None,
    policies: Sequence[str] | None = None,
    seed: int | None = None,
) -> SweepPlan:
    """Validate every point of the sweep of `base`; raises `ScenarioError` with every problem, located.

    `base` is the loaded scenario (single-valued `--set` already applied; `positions` from
    `sim.config.loader.load_located`); `settings` are all the `--set` options (the sweeping ones
    add grid dimensions; the single ones pin design factors of the same path).
    """
    block, problems = _api_block(base.sweep, parameters, method, samples, design_seed)
    if base.warmup_auto:  # each point would need its own pilot; one number keeps the points comparable
        message = (
            "warmup_days: auto is chosen by run and compare; a sweep needs one number for every point: "
            "run `supplysim warmup` on the base scenario and write its suggestion here"
        )
        where = ("warmup_days",)
        problems.append(positions.problem(where, message) if positions else Problem(where, message, "<scenario>", 1, 1))
    if problems:
        raise ScenarioError(problems)
    design_factors, cli_factors = _factors(block, positions, settings, seed)
    design_method = block.method if block is not None and design_factors else "grid"
    inner = (
        design(
            [f.factor for f in design_factors],
            design_method,
            block.samples if block is not None else None,
            block.seed if block is not None else 0,
        )
        if design_factors
        else [()]
    )
    outer = design([f.factor for f in cli_factors], "grid") if cli_factors else [()]
    combos = [d + c for d in inner for c in outer]
    factors = design_factors + cli_factors

    names = list(policies) if policies is not None else [p.name for p in base.policies]
    points = _points(base, positions if positions is not None else Positions(file="<scenario>"), factors, combos, names)
    paths = [f.factor.path for f in factors]
    columns = [(PARAM_PREFIX + path, path, param_type([p.values[i] for p in points])) for i, path in enumerate(paths)]
    sweep_id = _sweep_id(base, paths, points, names, seed)
    description = [_describe(f) for f in factors]
    return SweepPlan(sweep_id, base, paths, points, names, seed, columns, design_method, description)


def _factors(
    block: Sweep | None, positions: Positions | None, settings: Sequence[CliSetting], seed: int | None
) -> tuple[list[SweepFactor], list[SweepFactor]]:
    """The design's factors and the --set grid's, each path in one of them (ScenarioError when invalid)."""
    problems: list[Problem] = []
    design_factors = _block_factors(block, positions) if block is not None else []
    cli_factors: list[SweepFactor] = []
    for s in settings:
        if not s.is_sweep:
            design_factors = [f for f in design_factors if f.factor.path != s.path]
            continue
        values = []
        for raw in s.values:
            try:
                values.append(yaml.safe_load(raw) if raw.strip() else None)
            except yaml.YAMLError as exc:
                problems.append(
                    Problem(
                        (),
                        f"--set {s.text!r}: {raw!r} is not valid YAML ({getattr(exc, 'problem', exc)})",
                        "--set",
                        s.number,
                        1,
                    )
                )
        where: Where = ("--set", s.number, 1)
        design_factors = [f for f in design_factors if f.factor.path != s.path]
        cli_factors = [f for f in cli_factors if f.factor.path != s.path]
        cli_factors.append(SweepFactor(Factor(s.path, values=tuple(values)), where, (where,) * len(values)))
    if seed is not None:  # a swept seed that --seed overrides would be accepted and ignored
        problems += [
            Problem(
                ("sweep", "parameters", f.factor.path), "the seed is swept here and fixed by --seed: drop one", *f.where
            )
            for f in (*design_factors, *cli_factors)
            if f.factor.path == "seed"
        ]
    if problems:
        raise ScenarioError(problems)
    return design_factors, cli_factors


def _points(
    base: Scenario,
    positions: Positions,
    factors: Sequence[SweepFactor],
    combos: Sequence[tuple[Any, ...]],
    names: Sequence[str],
) -> list[Point]:
    """Every combination as a validated point; ScenarioError with the first MAX_PROBLEMS distinct problems."""
    template = base.model_copy(update={"sweep": None}).model_dump(mode="json", by_alias=True, exclude_none=True)
    points: list[Point] = []
    found: dict[tuple[Any, ...], Problem] = {}
    for index, combo in enumerate(combos):
        try:
            points.append(_point(index, combo, template, positions, factors, names))
        except ScenarioError as exc:
            for p in exc.problems:
                key = (p.file, p.line, p.column, dotted(p.path), p.message.split(" (at sweep point")[0])
                if "(at sweep point" not in p.message:  # e.g. a rule across fields: still say which point
                    p = Problem(p.path, f"{p.message} ({_note(index, factors, combo)})", p.file, p.line, p.column)
                found.setdefault(key, p)
    if found:
        shown = list(found.values())[:MAX_PROBLEMS]
        if len(found) > MAX_PROBLEMS:
            shown.append(Problem(("sweep",), f"… and {len(found) - MAX_PROBLEMS} more problems", positions.file, 1, 1))
        raise ScenarioError(shown)
    return points


def _note(index: int, factors: Sequence[SweepFactor], combo: tuple[Any, ...]) -> str:
    values = ", ".join(f"{f.factor.path}={_show(v)}" for f, v in zip(factors, combo, strict=True))
    return f"at sweep point {index}" + (f": {values}" if values else "")


def _point(
    index: int,
    combo: tuple[Any, ...],
    template: dict[str, Any],
    positions: Positions,
    factors: Sequence[SweepFactor],
    names: Sequence[str],
) -> Point:
    """The base scenario with the point's values set at their paths, validated (ScenarioError, located)."""
    data = copy.deepcopy(template)
    origins: dict[Any, tuple[str, int, int, str]] = {}
    note = _note(index, factors, combo)
    point_problems = []
    for factor, value in zip(factors, combo, strict=True):
        path, error = set_value(data, factor.factor.path.split("."), value)
        where = factor.where_of(value)
        if error is not None:
            point_problems.append(Problem(("sweep", "parameters", factor.factor.path), error, *where))
        else:
            origins[path] = (*where, note)
    if point_problems:
        raise ScenarioError(point_problems)
    scenario = validate_data(data, dataclasses.replace(positions, origins=origins))
    missing = [p for p in names if p not in {q.name for q in scenario.policies}]
    if missing:
        known = [q.name for q in scenario.policies]
        message = f"unknown policy {', '.join(map(repr, missing))}{suggest(missing[0], known)}"
        message += f" ({note})"
        raise ScenarioError([Problem(("policies",), message, positions.file, 1, 1)])
    return Point(index, tuple(combo), scenario)


def _show(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str) if not isinstance(value, str) else value


def _describe(f: SweepFactor) -> str:
    factor = f.factor
    if factor.values is not None:
        return f"{factor.path}: {', '.join(_show(v) for v in factor.values)}"
    kind = "integers" if factor.integer else "range"
    return f"{factor.path}: {kind} [{factor.low:g}, {factor.high:g}]" + (
        f", {factor.steps} steps" if factor.steps else ""
    )


def _sweep_id(base: Scenario, paths: list[str], points: list[Point], policies: list[str], seed: int | None) -> str:
    from sim.experiment.replications import scenario_hash

    identity = {
        "scenario": scenario_hash(base.model_copy(update={"sweep": None})),
        "paths": paths,
        "points": [[json.dumps(v, sort_keys=True, default=str) for v in p.values] for p in points],
        "policies": policies,
        "seed": seed,
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:12]


def default_folder(plan: SweepPlan, verb: str = "sweep") -> FsPath:
    """`results/<scenario>/<verb>-<sweep id>`: the same sweep always lands in (and resumes) the same folder."""
    return FsPath("results") / plan.base.name / f"{verb}-{plan.sweep_id}"


def cli_plan(
    scenario_path: str,
    overrides: Sequence[str],
    policies: Sequence[str] | None,
    seed: int | None,
) -> tuple[SweepPlan, FsPath]:
    """The plan of `supplysim sweep SCENARIO --set …` and its default folder (ScenarioError when invalid)."""
    settings, problems = parse_settings(overrides)
    singles = [s for s in settings if not s.is_sweep]
    numbers = [s.number for s in singles]
    try:
        base, positions = load_located(scenario_path, [s.text for s in singles], numbers=numbers)
    except ScenarioError as exc:
        raise ScenarioError(problems + exc.problems) from None
    if problems:
        raise ScenarioError(problems)
    plan = plan_sweep(base, positions, settings, policies=policies, seed=seed)
    return plan, default_folder(plan)
