"""Fuzz: broken scenario documents never produce a traceback, only located problems and exit 2.

Hypothesis mutates valid scenarios (the tiny one and every shipped one) in the ways users break
files: wrong types, missing and unknown keys, duplicate keys, negative or zero durations,
impossible (s,S), dangling references, and text that is not YAML at all. Each document goes
through `supplysim validate` exactly as a user would run it.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sim.cli import main

from ..conftest import SHIPPED, TINY

BASES = [TINY] + [yaml.safe_load(p.read_text()) for p in SHIPPED]
LOCATED = re.compile(r"^\S+:\d+:\d+  .+?  .+$")  # file:line:col, two spaces, key path, two spaces, message
ODD_VALUES = st.sampled_from([None, True, "text", -1, 0, 10**30, -0.5, [], [1, "x"], {}, {"kind": "nope"}, 1e308])


def paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path in `data` (mappings and lists)."""
    out = []
    if isinstance(data, dict):
        for k, v in data.items():
            out.append((*prefix, k))
            out += paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.append((*prefix, i))
            out += paths(v, (*prefix, i))
    return out


def parent_and_key(data: Any, path: tuple) -> tuple[Any, Any]:
    node = data
    for step in path[:-1]:
        node = node[step]
    return node, path[-1]


@st.composite
def broken_documents(draw: st.DrawFn) -> tuple[str, str]:
    """(kind of breakage, YAML text)."""
    data = copy.deepcopy(draw(st.sampled_from(BASES)))
    kind = draw(st.sampled_from(["type", "missing", "unknown", "duplicate", "duration", "sS", "dangling", "garbage"]))
    all_paths = paths(data)
    if kind == "type":
        parent, key = parent_and_key(data, draw(st.sampled_from(all_paths)))
        parent[key] = draw(ODD_VALUES)
    elif kind == "missing":
        candidates = [p for p in all_paths if isinstance(parent_and_key(data, p)[0], dict)]
        parent, key = parent_and_key(data, draw(st.sampled_from(candidates)))
        del parent[key]
    elif kind == "unknown":
        mappings = [()] + [p for p in all_paths if isinstance(parent_and_key(data, p)[0][p[-1]], dict)]
        where = draw(st.sampled_from(mappings))
        node = data
        for step in where:
            node = node[step]
        node[draw(st.sampled_from(["colour", "lead_time", "Horizon_days", "kindd", "x"])) + "_unknown"] = 1
    elif kind == "duration":
        targets = [
            p
            for p in all_paths
            if p[-1]
            in (
                "horizon_days",
                "period_days",
                "value",
                "low",
                "high",
                "mean",
                "orders_per_day",
                "stations",
                "daily_capacity_units",
            )
        ]
        parent, key = parent_and_key(data, draw(st.sampled_from(targets)))
        parent[key] = draw(st.sampled_from([0, -1, -0.001, -365]))
    elif kind == "sS":
        for policy in data["policies"]:
            if policy.get("kind") in ("stocked", "hybrid"):
                s = draw(st.integers(0, 100))
                policy["reorder"] = {"kind": "sS", "s": s, "S": s - draw(st.integers(0, 5))}
                break
        else:
            data["policies"].append({"name": "bad_sS", "kind": "stocked", "reorder": {"kind": "sS", "s": 9, "S": 3}})
    elif kind == "dangling":
        target = draw(st.sampled_from(["replenish_from", "ships_with", "region", "stock_at"]))
        node = data["nodes"][0] if target != "stock_at" else None
        if node is not None and target in node:
            node[target] = "missing_" + target
        else:
            data["policies"].append(
                {
                    "name": "dangling",
                    "kind": "stocked",
                    "stock_at": ["no_such_node"],
                    "reorder": {"kind": "sS", "s": 1, "S": 2},
                }
            )
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    if kind == "duplicate":
        lines = text.splitlines()
        top = [i for i, line in enumerate(lines) if re.match(r"^[a-z_]+: \S", line)]
        i = draw(st.sampled_from(top))
        lines.insert(i + 1, lines[i])
        text = "\n".join(lines) + "\n"
    if kind == "garbage":
        cut = draw(st.integers(0, len(text)))
        noise = draw(st.sampled_from(["{", "[", ": :", "\t- x", "&a *b", "\x00", "key: 'open", "- - -: ]"]))
        text = text[:cut] + noise + text[cut:]
    return kind, text


MUST_FAIL = {"unknown", "duplicate", "sS", "dangling"}


@settings(
    max_examples=240, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(case=broken_documents())
def test_broken_documents_never_escape_as_tracebacks(case: tuple[str, str], tmp_path: Path) -> None:
    kind, text = case
    event(kind)
    path = tmp_path / "broken.yaml"
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    result = CliRunner().invoke(main, ["validate", str(path)])
    output = result.output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2), output
    if kind in MUST_FAIL:
        assert result.exit_code == 2, f"{kind} should be rejected:\n{text}"
    if result.exit_code == 2:
        problems = [line for line in output.splitlines() if not line.endswith(("problem.", "problems."))]
        assert problems and all(LOCATED.match(line) for line in problems), output
