"""Safe YAML loading that remembers where every key and value came from, and rejects duplicate keys.

PyYAML's safe loader silently keeps the last of two equal keys; a planner who pasted a block twice
deserves to hear about it. We compose the node tree (which carries line/column marks), then build
plain Python data ourselves, recording the position of every value and every mapping key by its
key path. Scalars are resolved exactly as `yaml.safe_load` would (ints, floats, booleans, dates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from sim.base.problems import Path, Problem


@dataclass
class Positions:
    """1-based (line, column) of each value and each mapping key, by key path.

    A scenario that `extends` another holds values from several files: `value_files` and
    `key_files` name the file of each entry that does not come from `file` (sim.config.extends).
    """

    file: str
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    overridden: dict[Path, int] = field(default_factory=dict)
    """Paths replaced by the N-th `--set` option: problems under them point at that option."""
    value_files: dict[Path, str] = field(default_factory=dict)
    key_files: dict[Path, str] = field(default_factory=dict)
    origins: dict[Path, tuple[str, int, int, str]] = field(default_factory=dict)
    """Paths replaced from elsewhere (a sweep's value): (file, line, column, note); problems under
    them point there, with the note (e.g. which sweep point) added to the message."""

    def locate(self, path: Path, *, key: bool = False) -> tuple[str, int, int]:
        """(file, line, column) of the value at `path` (or of its key), else of its nearest ancestor."""
        table, files = (self.keys, self.key_files) if key else (self.values, self.value_files)
        probe = path
        while probe:
            if probe in table:
                return (files.get(probe, self.file), *table[probe])
            if probe in self.values:
                return (self.value_files.get(probe, self.file), *self.values[probe])
            probe = probe[:-1]
        return (self.value_files.get((), self.file), *self.values.get((), (1, 1)))

    def of(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Position of the value at `path` (or of its key), falling back to the nearest ancestor."""
        _, line, col = self.locate(path, key=key)
        return line, col

    def problem(self, path: Path, message: str, *, key: bool = False, where: Path | None = None) -> Problem:
        """A problem about `path`, located at `where` (default: `path`) in the file or its --set option."""
        where = path if where is None else where
        for prefix, (file, line, col, note) in self.origins.items():
            if where[: len(prefix)] == prefix:
                return Problem(path, f"{message} ({note})" if note else message, file, line, col)
        for prefix, n in self.overridden.items():
            if where[: len(prefix)] == prefix:
                return Problem(path, message, "--set", n, 1)
        file, line, col = self.locate(where, key=key)
        return Problem(path=path, message=message, file=file, line=line, column=col)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder(yaml.constructor.SafeConstructor):
    def __init__(self, positions: Positions, problems: list[Problem]) -> None:
        super().__init__()
        self.positions = positions
        self.problems = problems

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.positions.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)  # honours YAML merge keys (<<)
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, str | int | float | bool) or key is None:
                    self.problems.append(
                        Problem(
                            path,
                            f"mapping keys must be plain names, got {key!r}",
                            self.positions.file,
                            *_mark(key_node),
                        )
                    )
                    continue
                key = str(key) if not isinstance(key, str) else key
                child = (*path, key)
                if key in out:
                    first = self.positions.keys[child]
                    self.problems.append(
                        Problem(
                            child,
                            f"duplicate key {key!r} (first given at line {first[0]}); keep one of them",
                            self.positions.file,
                            *_mark(key_node),
                        )
                    )
                    continue
                self.positions.keys[child] = _mark(key_node)
                out[key] = self.build(value_node, child)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self.construct_object(node, deep=True)
        except (ValueError, TypeError, OverflowError, yaml.YAMLError):
            # e.g. `2025-02-30` looks like a date but is none: keep the text, and let the schema
            # say what the key needs, at this position.
            return node.value


def plain_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    """What the parser found, in words a user can act on (the common cases), else its own words."""
    problem = str(exc.problem or "")
    if "'\\t'" in problem or "'\t'" in problem:
        return "a tab character here; YAML indents and separates with spaces only: replace the tab with spaces"
    if "mapping values are not allowed" in problem:
        return (
            "a second `key:` on one line (or a value with `: ` in it): put each key on its own line, or quote the value"
        )
    return " ".join(str(x) for x in (exc.context, exc.problem) if x)


def load_yaml(text: str, file: str) -> tuple[Any, Positions, list[Problem]]:
    """Parse `text`; returns (data, positions, problems). On a syntax error data is None."""
    positions = Positions(file=file)
    problems: list[Problem] = []
    try:
        docs = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.append(Problem((), f"not valid YAML: {plain_yaml_error(exc)}", file, line, col))
        return None, positions, problems
    except yaml.reader.ReaderError as exc:  # a control character such as NUL
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        problems.append(
            Problem((), f"not valid YAML: character {exc.character!r} is not allowed; remove it", file, line, col)
        )
        return None, positions, problems
    except yaml.YAMLError as exc:
        problems.append(Problem((), f"not valid YAML: {exc}", file, 1, 1))
        return None, positions, problems
    docs = [d for d in docs if d is not None]
    if not docs:
        problems.append(Problem((), "the file is empty; a scenario is a YAML mapping (name:, regions:, …)", file, 1, 1))
        return None, positions, problems
    if len(docs) > 1:
        line, col = _mark(docs[1])
        problems.append(
            Problem((), "the file holds several YAML documents (---); keep one scenario per file", file, line, col)
        )
        return None, positions, problems
    builder = _Builder(positions, problems)
    try:
        data = builder.build(docs[0], ())
    except yaml.YAMLError as exc:  # e.g. a merge key (<<) whose value is not a mapping
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.append(Problem((), f"not valid YAML: {getattr(exc, 'problem', exc)}", file, line, col))
        return None, positions, problems
    if not isinstance(data, dict):
        problems.append(
            Problem(
                (),
                f"a scenario is a YAML mapping of keys (name:, regions:, …), not a {type(data).__name__}",
                file,
                1,
                1,
            )
        )
        return None, positions, problems
    return data, positions, problems
