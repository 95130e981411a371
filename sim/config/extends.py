"""Scenario inheritance: `extends: base.yaml` at the top of a scenario file.

The file's own keys are laid over the base's: mappings merge key by key, recursively; anything
else — lists, scalars, a mapping replacing a scalar — replaces the base value whole. So a child
that changes one SKU's price restates the whole `skus` list (lists have no stable keys to merge
on), while `costs: {holding_rate_per_year: 0.3}` changes one rate and keeps the others.

The base path is relative to the file that names it; a base may itself extend another (a cycle
is an error). Every value remembers which file and line it came from, so a problem in a value
the child inherited is reported in the base file, at the base's line. `extends` is consumed here
and never reaches the schema.
"""

from __future__ import annotations

import os
from pathlib import Path as FsPath
from typing import Any

from sim.base.limits import SCENARIO_MAX_BYTES, InputFileError, read_bytes_limited
from sim.base.problems import Path, Problem
from sim.config.yamlpos import Positions, load_yaml

Tree = tuple[dict[str, Any] | None, Positions, list[Problem]]


def read_problem(file: str, exc: Exception) -> Problem:
    """The problem of a scenario file that cannot be read, at its first line."""
    if isinstance(exc, FileNotFoundError):
        message = "file not found; check the path"
    elif isinstance(exc, IsADirectoryError):
        message = "this is a folder; give a scenario .yaml file"
    elif isinstance(exc, UnicodeDecodeError):
        message = f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8"
    elif isinstance(exc, InputFileError):  # not a regular file, or over the size limit
        message = str(exc)
    else:
        message = f"cannot read the file: {getattr(exc, 'strerror', None) or exc}"
    return Problem((), message, file, 1, 1)


def load_file(path: str | FsPath) -> Tree:
    """Parse the scenario file at `path` and everything it extends: (merged data, positions, problems)."""
    return _load(str(path), ())


def _load(file: str, chain: tuple[str, ...]) -> Tree:
    try:
        text = read_bytes_limited(file, SCENARIO_MAX_BYTES, "scenario .yaml file").decode("utf-8")
    except (OSError, UnicodeDecodeError, InputFileError) as exc:
        return None, Positions(file=file), [read_problem(file, exc)]
    data, positions, problems = load_yaml(text, file)
    if data is None:
        return None, positions, problems
    return resolve_extends(data, positions, problems, file, chain)


def resolve_extends(
    data: dict[str, Any], positions: Positions, problems: list[Problem], file: str, chain: tuple[str, ...] = ()
) -> Tree:
    """Merge `data` (parsed from `file`) over the scenario its `extends` key names, if any.

    The data is None when the base cannot be used (not found, a cycle, does not parse): the
    problems say why, and checking the incomplete child would only add noise.
    """
    if "extends" not in data:
        return data, positions, problems
    target = data.pop("extends")
    where = ("extends",)
    if not isinstance(target, str) or not target.strip():
        problems.append(positions.problem(where, "extends takes the path of a base scenario file, e.g. base.yaml"))
        return None, positions, problems
    here = os.path.dirname(file) if file and not file.startswith("<") else ""
    base_file = os.path.normpath(os.path.join(here, target))
    identity = os.path.realpath(base_file)
    me = os.path.realpath(file) if not file.startswith("<") else file
    if identity in (*chain, me):
        cycle = " → ".join([*(os.path.basename(c) for c in (*chain, me)), os.path.basename(identity)])
        problems.append(positions.problem(where, f"extends makes a cycle ({cycle}); remove one of the links"))
        return None, positions, problems
    if not os.path.isfile(base_file):
        problems.append(
            positions.problem(where, f"base scenario not found at {base_file!r} (the path is relative to this file)")
        )
        return None, positions, problems
    base, base_positions, base_problems = _load(base_file, (*chain, me))
    if base is None:  # the base does not parse: its own problems say where
        return None, positions, base_problems + problems
    merged, merged_positions = merge(base, base_positions, data, positions)
    return merged, merged_positions, base_problems + problems


def merge(
    base: dict[str, Any], base_positions: Positions, child: dict[str, Any], child_positions: Positions
) -> tuple[dict[str, Any], Positions]:
    """`child` laid over `base` (mappings merge, everything else replaces), with both files' positions."""
    out = Positions(file=child_positions.file)
    for path, pos in base_positions.values.items():
        out.values[path] = pos
        out.value_files[path] = base_positions.value_files.get(path, base_positions.file)
    for path, pos in base_positions.keys.items():
        out.keys[path] = pos
        out.key_files[path] = base_positions.key_files.get(path, base_positions.file)
    replaced: list[Path] = []
    data = _merge(base, child, (), replaced)
    for prefix in replaced:  # the base's positions inside a replaced value no longer describe anything
        n = len(prefix)
        for table, files in ((out.values, out.value_files), (out.keys, out.key_files)):
            for path in [p for p in table if p[:n] == prefix and len(p) > n]:
                del table[path]
                files.pop(path, None)
    for path, pos in child_positions.values.items():
        out.values[path] = pos
        out.value_files[path] = child_positions.value_files.get(path, child_positions.file)
    for path, pos in child_positions.keys.items():
        out.keys[path] = pos
        out.key_files[path] = child_positions.key_files.get(path, child_positions.file)
    return data, out


def _merge(base: dict[str, Any], child: dict[str, Any], path: Path, replaced: list[Path]) -> dict[str, Any]:
    out = dict(base)
    for key, value in child.items():
        here = (*path, key)
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value, here, replaced)
        else:
            if key in out:
                replaced.append(here)
            out[key] = value
    return out
