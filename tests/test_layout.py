"""The house layout (docs/DEVELOPING.md): stage folders, imports flowing one way, rooms of a readable size.

Every import counts, lazy ones inside functions and `TYPE_CHECKING` ones included: a circle hidden
behind a lazy import is still a circle in the design. A module may import its own stage and any
earlier stage in `STAGES`, never a later one.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parents[1] / "sim"

STAGES = (
    "base",  # time, random streams, distributions, confidence intervals, located problems (no domain)
    "analytics",  # formulas, and the one ABC / XYZ / DIO classification rule
    "history",  # demand-history inputs: table reading, calendar, replay
    "config",  # the scenario schema, loader, references, snapshot and history file checks
    "network",  # pure build of the network, disruption windows, conversion
    "routing",  # strategies and the one pickup / cut-off rule
    "policies",  # decisions: reorder, forecast, fulfilment (no SimPy, no config)
    "plan",  # a policy applied to a network: slots, routes, placement plans
    "record",  # what a run records: counters, node statistics, alerts log, event log
    "model",  # the SimPy model of one run
    "metrics",  # KPIs and the breakdown from what a run recorded
    "experiment",  # replications, executors, results folder, precision, warm-up
    "sweeps",  # sweep plans, part files, statistics, designs, optimisation
    "studies",  # analyze, backtest, validation: applications over the stages above
    "report",  # reads results folders only
    "cli",  # thin verbs over the Python API
    "web",  # the planner's workbench in the browser (supplysim serve); nothing imports it
)
TOP_LEVEL = {"__init__", "__main__"}
"""Modules allowed directly in sim/ beside the stage folders."""

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
REASON = "Size:"
"""A longer file or function says why at its top: a paragraph starting `Size:` in its docstring."""


def _modules() -> dict[str, Path]:
    out = {}
    for path in SIM.rglob("*.py"):
        parts = path.relative_to(SIM.parent).with_suffix("").parts
        out[".".join(parts).removesuffix(".__init__")] = path
    return out


MODULES = _modules()


def _resolve(name: str) -> str | None:
    parts = name.split(".")
    while parts:
        if ".".join(parts) in MODULES:
            return ".".join(parts)
        parts.pop()
    return None


def _imports(module: str, path: Path) -> set[str]:
    """Every sim module `module` imports, wherever the import statement stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            names = [
                f"{source}.{a.name}" if _resolve(f"{source}.{a.name}") == f"{source}.{a.name}" else source
                for a in node.names
            ]
        else:
            continue
        for name in names:
            target = _resolve(name) if name.startswith("sim") else None
            # a package importing its own submodules is its face, not a tie back
            if target and target != module and not (path.name == "__init__.py" and target.startswith(module + ".")):
                found.add(target)
    return found


GRAPH = {m: _imports(m, p) for m, p in MODULES.items()}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES) else None


def test_every_folder_is_a_stage_and_few_modules_sit_at_the_top() -> None:
    folders = {p.name for p in SIM.iterdir() if p.is_dir() and p.name not in ("__pycache__", "templates")}
    assert folders == set(STAGES), (
        f"folders not in STAGES: {folders - set(STAGES)}; stages without folder: {set(STAGES) - folders}"
    )
    top = {p.stem for p in SIM.glob("*.py")}
    assert top <= TOP_LEVEL, f"modules flat in sim/: {sorted(top - TOP_LEVEL)}"


def test_imports_flow_one_way_through_the_stages() -> None:
    rank = {s: i for i, s in enumerate(STAGES)}
    upward = []
    for module, targets in GRAPH.items():
        here = _stage(module)
        for target in targets:
            there = _stage(target)
            if here and there and rank[there] > rank[here]:
                upward.append(f"{module} -> {target}")
    assert not upward, "imports against the stage order (docs/DEVELOPING.md):\n" + "\n".join(sorted(upward))


def test_no_import_circles() -> None:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in GRAPH.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert not circles, f"import circles: {circles}"


def _long_functions(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES and REASON not in (ast.get_docstring(node) or ""):
                out.append(f"{path.relative_to(SIM.parent)}:{node.lineno} {node.name} ({length} lines)")
    return out


def test_rooms_stay_readable() -> None:
    """No file over ~400 lines and no function over ~60 without a written reason at its top."""
    too_long = []
    for path in sorted(MODULES.values()):
        lines = len(path.read_text().splitlines())
        doc = ast.get_docstring(ast.parse(path.read_text())) or ""
        if lines > MAX_FILE_LINES and REASON not in doc:
            too_long.append(f"{path.relative_to(SIM.parent)} ({lines} lines)")
        too_long += _long_functions(path)
    assert not too_long, "write a `Size:` reason at the top or split:\n" + "\n".join(too_long)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_says_its_role(module: str) -> None:
    assert ast.get_docstring(ast.parse(MODULES[module].read_text())), f"{module} has no docstring"


def test_simpy_only_in_the_model() -> None:
    users = defaultdict(list)
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if any(n == "simpy" or n.startswith("simpy.") for n in names):
                    users[_stage(module)].append(module)
    assert set(users) <= {"model"}, dict(users)
