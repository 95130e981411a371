"""Seeded fuzz over the shipped scenarios' numbers (issue 17): every numeric value replaced by NaN,
±inf, a boolean or a huge number, plus YAML alias and tag attacks. Each case must end either in
located problems (`file:line:col  key.path  message`, a `ScenarioError`, never another exception)
or in a valid scenario whose every number is finite. Cases are drawn with a fixed seed, so a
failure reproduces; the counts are printed for the issue's closing note (`pytest -s`)."""

from __future__ import annotations

import copy
import math
import random
import re
from collections import Counter
from typing import Any

import yaml

from sim.config import ScenarioError, parse_scenario

from ..conftest import SHIPPED, TINY

BASES = [("tiny", TINY)] + [(p.stem, yaml.safe_load(p.read_text())) for p in SHIPPED]
LOCATED = re.compile(r"^\S+:\d+:\d+  .+?  .+$")
HOSTILE = [math.nan, math.inf, -math.inf, True, False, 1e20, 1e308, -1e308, 2**63, 10**400, 1e-320]
CASES = 300


def numeric_paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in numeric_paths(v, (*prefix, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in numeric_paths(v, (*prefix, i))]
    return [prefix] if isinstance(data, int | float) and not isinstance(data, bool) else []


def all_finite(value: Any) -> bool:
    if isinstance(value, dict):
        return all(all_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(all_finite(v) for v in value)
    return not isinstance(value, float) or math.isfinite(value)


def yaml_attack(rng: random.Random, text: str) -> str:
    """The valid scenario with a hostile YAML block appended under a new top-level key."""
    levels = rng.randint(5, 9)
    lines = ["zz_a: &l0 [1, 2, 3, 4, 5, 6, 7, 8, 9]"]
    lines += [f"zz_{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    attacks = ["\n".join(lines), "zz: &s [*s]", "zz: !custom 3", "zz: " + "[" * 200 + "]" * 200]
    return text + rng.choice(attacks) + "\n"


def test_hostile_numbers_and_yaml_give_located_errors_or_finite_scenarios() -> None:
    rng = random.Random(17)
    outcomes: Counter[str] = Counter()
    for case in range(CASES):
        name, base = rng.choice(BASES)
        data = copy.deepcopy(base)
        if case % 10 == 9:
            text = yaml_attack(rng, yaml.safe_dump(data, sort_keys=False))
        else:
            targets = numeric_paths(data)
            for path in rng.sample(targets, k=min(len(targets), rng.randint(1, 3))):
                node = data
                for step in path[:-1]:
                    node = node[step]
                node[path[-1]] = rng.choice(HOSTILE)
            text = yaml.safe_dump(data, sort_keys=False)
        try:
            scenario = parse_scenario(text, f"{name}.yaml")
        except ScenarioError as exc:
            lines = [p.format() for p in exc.problems]
            assert lines and all(LOCATED.match(line) for line in lines), (case, lines)
            outcomes["located error"] += 1
        else:
            assert all_finite(scenario.model_dump()), case
            outcomes["valid"] += 1
    print(f"\nfuzz numbers: {CASES} cases, {dict(outcomes)}")
    assert outcomes["located error"] > CASES // 2  # the mutations are hostile: most must be refused
