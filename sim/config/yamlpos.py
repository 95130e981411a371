"""Safe YAML loading that remembers where every key and value came from, and rejects duplicate keys.

PyYAML's safe loader silently keeps the last of two equal keys; a planner who pasted a block twice
deserves to hear about it. We compose the node tree (which carries line/column marks), then build
plain Python data ourselves, recording the position of every value and every mapping key by its
key path. Scalars are resolved exactly as `yaml.safe_load` would (ints, floats, booleans, dates).

Hostile files are stopped before any expansion (docs/LIMITS.md): the composer counts alias uses,
refuses an alias inside the block it names (`a: &a [*a]`) and nesting deeper than
`YAML_MAX_DEPTH`; the composed graph's expanded size is then counted without expanding it (each
shared node once), so an alias bomb fails in milliseconds. Tags other than YAML's plain ones
(`!custom`, `!!python/…`, `!!binary`, `!!set`) are errors, not silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from sim.base.limits import SCENARIO_MAX_BYTES, YAML_MAX_ALIAS_EXPANSION, YAML_MAX_ALIASES, YAML_MAX_DEPTH
from sim.base.problems import Path, Problem

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
)


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


class _Limit(Exception):
    """A YAML limit broken at `mark` (docs/LIMITS.md)."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message, self.mark = message, mark


class _LimitedLoader(yaml.SafeLoader):
    """The safe loader's composer, with alias uses, self-reference and nesting depth checked as it goes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_uses: list[tuple[yaml.Node, Any]] = []
        self.open_anchors: set[str] = set()
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            if event.anchor in self.open_anchors:
                raise _Limit(
                    f"the alias *{event.anchor} is inside the block &{event.anchor} it names (it would never "
                    "end); copy the values instead",
                    event.start_mark,
                )
            node = super().compose_node(parent, index)
            if node is not None:
                self.alias_uses.append((node, event.start_mark))
            if len(self.alias_uses) > YAML_MAX_ALIASES:
                raise _Limit(
                    f"more than {YAML_MAX_ALIASES:,} alias uses (*name) in one file (docs/LIMITS.md); "
                    "write the values out",
                    event.start_mark,
                )
            return node
        event = self.peek_event()  # type: ignore[no-untyped-call]
        self.depth += 1
        if self.depth > YAML_MAX_DEPTH:
            raise _Limit(
                f"nested more than {YAML_MAX_DEPTH} levels deep (docs/LIMITS.md); a scenario needs under 10",
                event.start_mark,
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.open_anchors.add(anchor)
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
            if anchor is not None:
                self.open_anchors.discard(anchor)
        return node


def _expanded_sizes(root: yaml.Node) -> dict[int, tuple[int, int]]:
    """(values, nesting depth) of each node once its aliases are expanded, by `id(node)`; each
    shared node is counted once, so the cost is that of the file as written (no recursion)."""
    sizes: dict[int, tuple[int, int]] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not done:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        parts = [sizes[id(c)] for c in children]
        sizes[id(node)] = (1 + sum(p[0] for p in parts), 1 + max((p[1] for p in parts), default=0))
    return sizes


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root: yaml.Node, alias_uses: list[tuple[yaml.Node, Any]]) -> None:
    """Raise `_Limit` when expanding the aliases would add too many values or nest too deep."""
    if not alias_uses:
        return
    sizes = _expanded_sizes(root)
    written = len(sizes)
    total, depth = sizes[id(root)]
    if total - written > YAML_MAX_ALIAS_EXPANSION:
        node, mark = max(alias_uses, key=lambda use: sizes[id(use[0])][0])
        raise _Limit(
            f"aliases would expand this file from {written:,} to {total:,} values, more than "
            f"{YAML_MAX_ALIAS_EXPANSION:,} added (docs/LIMITS.md); this alias alone is "
            f"{sizes[id(node)][0]:,} values: write the blocks out or nest fewer aliases",
            mark,
        )
    if depth > YAML_MAX_DEPTH:
        raise _Limit(
            f"aliases would nest values more than {YAML_MAX_DEPTH} levels deep (docs/LIMITS.md); nest fewer aliases",
            alias_uses[0][1],
        )


class _Builder(yaml.constructor.SafeConstructor):
    def __init__(self, positions: Positions, problems: list[Problem]) -> None:
        super().__init__()
        self.positions = positions
        self.problems = problems

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.positions.values[path] = _mark(node)
        if node.tag not in _PLAIN_TAGS:
            self.problems.append(
                Problem(
                    path,
                    f"the YAML tag {node.tag!r} is not allowed in a scenario; remove it (plain values only)",
                    self.positions.file,
                    *_mark(node),
                )
            )
            if isinstance(node, yaml.ScalarNode):
                return node.value  # the schema still checks the text, so nothing else is hidden
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


def _compose_all(text: str) -> list[yaml.Node]:
    """The documents' node graphs, every YAML limit checked before anything is expanded."""
    loader = _LimitedLoader(text)
    try:
        docs: list[yaml.Node] = []
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            docs.append(node)
            _check_expansion(node, loader.alias_uses)
            loader.alias_uses = []
        return docs
    finally:
        loader.dispose()


def load_yaml(text: str, file: str) -> tuple[Any, Positions, list[Problem]]:
    """Parse `text`; returns (data, positions, problems). On a syntax error data is None."""
    positions = Positions(file=file)
    problems: list[Problem] = []
    if len(text) > SCENARIO_MAX_BYTES:
        message = f"the scenario is over the limit of {SCENARIO_MAX_BYTES // 2**20} MiB (docs/LIMITS.md)"
        return None, positions, [Problem((), message, file, 1, 1)]
    try:
        docs = _compose_all(text)
    except _Limit as exc:
        problems.append(Problem((), exc.message, file, exc.mark.line + 1, exc.mark.column + 1))
        return None, positions, problems
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
