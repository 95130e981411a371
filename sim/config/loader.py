"""Load a scenario file: YAML with positions → `extends` → `--set` overrides → schema → cross-references.

Every problem found at any stage is reported at once, located as `file:line:col  key.path`.
Nothing here writes files; a `ScenarioError` leaves the caller with nothing half-done.
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path as FsPath
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from sim.base.problems import Path, Problem, ScenarioError
from sim.base.words import plural
from sim.config.catalogue_file import expand_catalogue_files
from sim.config.extends import load_file, resolve_extends
from sim.config.references import reference_problems
from sim.config.scenario import Scenario
from sim.config.yamlpos import Positions, load_yaml


def load_scenario(path: str | FsPath, overrides: list[str] | tuple[str, ...] = ()) -> Scenario:
    """Read, override and validate the scenario at `path`. Raises `ScenarioError` listing every problem."""
    return load_located(path, overrides)[0]


def load_located(
    path: str | FsPath, overrides: list[str] | tuple[str, ...] = (), numbers: list[int] | None = None
) -> tuple[Scenario, Positions]:
    """`load_scenario`, also returning where every value came from (file, line, column; `--set`).

    `numbers` are the options' positions on the command line, when `overrides` are some of them.
    """
    data, positions, problems = load_file(path)
    if data is None:
        raise ScenarioError(problems)
    problems += apply_overrides(data, positions, overrides, numbers)
    return validate_data(data, positions, problems), positions


def parse_scenario(text: str, file: str = "<scenario>", overrides: list[str] | tuple[str, ...] = ()) -> Scenario:
    """Validate scenario YAML `text` (named `file` in messages; `extends` is relative to its folder)."""
    data, positions, problems = load_yaml(text, file)
    if data is None:
        raise ScenarioError(problems)
    data, positions, problems = resolve_extends(data, positions, problems, file)
    if data is None:
        raise ScenarioError(problems)
    # Duplicate keys and bad --set options do not stop the checks: every problem is reported at once.
    problems += apply_overrides(data, positions, overrides)
    return validate_data(data, positions, problems)


def validate_data(data: dict[str, Any], positions: Positions, problems: list[Problem] | None = None) -> Scenario:
    """Schema, then cross-reference checks, on already-parsed data; raises with `problems` and any new ones."""
    problems = list(problems or [])
    problems += expand_catalogue_files(data, positions)  # skus: {path: items.csv} (docs/DEMAND.md)
    # Paths in the scenario (demand_history.path) are relative to the scenario file.
    folder = FsPath(positions.file).parent if FsPath(positions.file).is_file() else None
    try:
        scenario = Scenario.model_validate(data, context={"scenario_dir": folder})
    except ValidationError as exc:
        raise ScenarioError(problems + [_from_pydantic(err, data, positions) for err in exc.errors()]) from None
    problems += [positions.problem(p.path, p.message) for p in reference_problems(scenario)]
    if not problems and scenario.demand_history is not None:
        from sim.config.demand_history import load_history  # the file is read only for a valid scenario

        _, in_file, at_keys = load_history(scenario)
        problems += in_file + [positions.problem(path, message) for path, message in at_keys]
    if not problems and scenario.initial_state is not None:
        from sim.config.snapshot import SnapshotError, read_snapshot  # warm start (docs/NETWORK.md)

        try:
            read_snapshot(scenario.initial_state.path, scenario)
        except SnapshotError as exc:
            problems += [p if p.file else positions.problem(p.path, p.message) for p in exc.problems]
    if not problems and scenario.profiles:
        from sim.config.demand_checks import curve_problems  # profiles' daily curves (docs/DEMAND.md)

        problems += curve_problems(scenario)
    if problems:
        raise ScenarioError(problems)
    return scenario


# --------------------------------------------------------------------------------------------------
# --set dotted.path=value


def apply_overrides(
    data: dict[str, Any],
    positions: Positions,
    overrides: list[str] | tuple[str, ...],
    numbers: list[int] | None = None,
) -> list[Problem]:
    """Apply each `dotted.path=value` to `data` in place.

    A path step may be a key, a list index (`nodes.0`) or, in a list of named items, the item's
    `name` or `id` (`policies.stocked.reorder.service_level`). The value is read as YAML
    (`7`, `0.95`, `true`, `[a, b]`, `{kind: fixed, value: 2}`). Overridden values are located as
    `--set:N:1` (the N-th --set, or `numbers[i]` when given) in later messages.
    """
    problems: list[Problem] = []
    for n, text in zip(numbers or range(1, len(overrides) + 1), overrides, strict=True):

        def fail(message: str, path: Path = (), n: int = n, text: str = text) -> None:
            problems.append(Problem(path, f"--set {text!r}: {message}", "--set", n, 1))

        dotted_path, sep, raw = text.partition("=")
        if not sep or not dotted_path.strip():
            fail("write --set dotted.path=value, e.g. --set horizon_days=90")
            continue
        try:
            value = yaml.safe_load(raw) if raw.strip() else None
        except yaml.YAMLError as exc:
            fail(f"the value is not valid YAML ({getattr(exc, 'problem', exc)})")
            continue
        steps = [s for s in dotted_path.strip().split(".")]
        if any(not s for s in steps):
            fail("empty step in the path (two dots in a row?)")
            continue
        path, error = set_value(data, steps, value)
        if error is not None:
            fail(error, path)
        else:
            positions.overridden[path] = n
    return problems


def set_value(data: dict[str, Any], steps: list[str], value: Any) -> tuple[Path, str | None]:
    """Set the value at the dotted path `steps` in `data`, in place, as `--set` does.

    Returns (the key path set, None), or (the path reached, what is wrong) leaving `data` as it was
    except for empty mappings created on the way.
    """
    node: Any = data
    path: Path = ()
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        if isinstance(node, list):
            index = _list_index(node, step)
            if index is None:
                names = [str(x.get("name", x.get("id"))) for x in node if isinstance(x, dict)]
                return path, f"no item {step!r} in {'.'.join(steps[:i]) or 'the list'}" + _close(step, names)
            path = (*path, index)
            if last:
                node[index] = value
            else:
                node = node[index]
        elif isinstance(node, dict):
            path = (*path, step)
            if last:
                node[step] = value
            elif step not in node:
                node[step] = {}
                node = node[step]
            else:
                node = node[step]
        else:
            return path, f"{'.'.join(steps[:i])} is a single value, not a mapping or list"
    return path, None


def _list_index(items: list[Any], step: str) -> int | None:
    if step.lstrip("-").isdigit():
        index = int(step)
        return index if -len(items) <= index < len(items) and index >= 0 else None
    for i, item in enumerate(items):
        if isinstance(item, dict) and step in (item.get("name"), item.get("id")):
            return i
    return None


def _close(step: str, names: list[str]) -> str:
    close = difflib.get_close_matches(step, names, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


# --------------------------------------------------------------------------------------------------
# pydantic errors → located problems


def _data_path(loc: tuple[int | str, ...], data: Any) -> Path:
    """Map a pydantic error location onto the YAML data, dropping union tags pydantic inserts."""
    out: list[str | int] = []
    node = data
    for i, step in enumerate(loc):
        if isinstance(node, dict):
            if step == node.get("kind") and i + 1 < len(loc):
                continue  # the union tag comes first, even when a field has the kind's name (service_level)
            if step in node:
                out.append(step)
                node = node[step]
                continue
            if step == node.get("kind") or (
                isinstance(step, str) and ("[" in step or step.startswith(("literal", "list", "function")))
            ):
                continue  # a union tag, e.g. ('nodes', 0, 'warehouse', ...) or "list[str]"
            out.append(step)  # a missing or unknown key
            node = None
        elif isinstance(node, list):
            if isinstance(step, int) and 0 <= step < len(node):
                out.append(step)
                node = node[step]
            # else: a union tag under a list value (e.g. 'list[str]'): skip
        elif node is None and isinstance(step, str) and ("[" in step or step.startswith(("literal", "function"))):
            continue
        else:
            if isinstance(step, int | str) and not (
                isinstance(step, str) and ("[" in step or step.startswith("literal"))
            ):
                out.append(step)
            node = None
    return tuple(out)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation can hold (through Optional, unions, lists, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if origin in (typing.Union, types.UnionType, list, tuple, dict):
        found: list[type[BaseModel]] = []
        for arg in typing.get_args(annotation):
            found += _models_in(arg)
        return found
    return []


def _model_at(path: Path, data: Any) -> type[BaseModel] | None:
    """The model class describing the mapping at `path` in `data`."""
    model: type[BaseModel] | None = Scenario
    node = data
    candidates: list[type[BaseModel]] = [Scenario]
    for step in path:
        if isinstance(step, int):
            node = node[step] if isinstance(node, list) and step < len(node) else None
            continue
        model = _pick(candidates, node)
        if model is None or step not in model.model_fields:
            return None
        candidates = _models_in(model.model_fields[step].annotation)
        node = node.get(step) if isinstance(node, dict) else None
    return _pick(candidates, node)


def _pick(candidates: list[type[BaseModel]], node: Any) -> type[BaseModel] | None:
    if len(candidates) == 1:
        return candidates[0]
    kind = node.get("kind") if isinstance(node, dict) else None
    for model in candidates:
        field = model.model_fields.get("kind")
        if field is not None and typing.get_args(field.annotation) == (kind,):
            return model
    return None


def _length_message(err: Any, model: type[BaseModel] | None, key: str | int) -> str:
    """A list of the wrong length, in plain words: how many items it has and how many it needs."""
    ctx = err.get("ctx", {})
    actual = ctx.get("actual_length")
    field = model.model_fields.get(str(key)) if model is not None else None
    bounds = {type(m).__name__: m for m in field.metadata} if field is not None else {}
    low = getattr(bounds.get("MinLen"), "min_length", ctx.get("min_length"))
    high = getattr(bounds.get("MaxLen"), "max_length", ctx.get("max_length"))
    if low is not None and low == high:
        need = f"exactly {plural(low, 'item')}"
    elif err["type"] == "too_short":
        need = f"at least {plural(low, 'item')}"
    else:
        need = f"at most {plural(high, 'item')}"
    has = f"has {plural(actual, 'item')}" if actual is not None else "has the wrong length"
    add = "add the missing ones" if err["type"] == "too_short" else "remove the extra ones"
    return f"this list {has}; it needs {need}: {add}"


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _from_pydantic(err: Any, data: dict[str, Any], positions: Positions) -> Problem:
    path = _data_path(tuple(err["loc"]), data)
    kind = err["type"]
    message = err["msg"]
    as_key = False
    if kind == "extra_forbidden":
        model = _model_at(path[:-1], data)
        key = str(path[-1])
        allowed = _field_names(model) if model else []
        message = f"unknown key {key!r}" + _close(key, allowed)
        if allowed:
            message += f" (allowed here: {', '.join(allowed)})"
        as_key = True
    elif kind == "missing":
        message = f"missing required key {str(path[-1])!r}: add it"
        model = _model_at(path[:-1], data)
        field = model.model_fields.get(str(path[-1])) if model else None
        if field is not None and field.description:
            message += f" ({field.description})"
        path_for_position = path[:-1]
        return positions.problem(path, message, where=path_for_position)
    elif kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        message = f"unknown kind {ctx.get('tag')!r}; use one of {ctx.get('expected_tags')}"
        path = (*path, "kind") if isinstance(data, dict) else path
    elif kind == "union_tag_not_found":
        message = f"missing 'kind'; use one of {err.get('ctx', {}).get('expected_tags', '')}".rstrip()
    elif kind in ("too_short", "too_long"):
        message = _length_message(err, _model_at(path[:-1], data), path[-1] if path else "")
    elif kind == "finite_number":
        message = f"{err.get('input')!r} is not a finite number; NaN and infinity are not allowed here, write a number"
    elif kind == "bool_number":
        pass  # already says what it got
    else:
        got = err.get("input")
        if kind.startswith("value_error"):
            message = message.removeprefix("Value error, ")
        if not isinstance(got, dict | list) and got is not None and "got" not in message:
            message += f" (got {got!r})"
    return positions.problem(path, message, key=as_key)
