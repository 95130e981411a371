"""Seeded end-to-end fuzz (issue 17): small scenarios mutated at random — numbers scaled, zeroed or made
negative, names swapped, keys dropped, list items duplicated — are each either refused with located
problems only (a `ScenarioError`, every line `file:line:col  key.path  message`) or simulated to the
end: no other exception (the model's own unit-conservation check raises `ConservationError` when a
unit leaks: demand = shipped + lost + backordered + in process + walked away, every slot balances),
no infinite KPI, and the KPIs' unit accounts add up. Each case runs in a forked child under a wall
timeout and an address-space limit (tests/experiment/fuzz_guard.py), so a hang or a memory blow-up
is a counted failure, not a stuck suite. Cases come from a fixed seed, so a failure reproduces;
`pytest -s` prints the counts for the issue's closing note."""

from __future__ import annotations

import copy
import functools
import math
import random
import re
import time
from typing import Any

import pytest
import yaml

import sim
from sim.config import ScenarioError, parse_scenario

from ..conftest import TINY
from .fuzz_guard import MIB, Outcome, failures, guarded, summary

LOCATED = re.compile(r"^\S+:\d+:\d+  .+?  .+$")
CASES = 120
FACTORS = [0, 0.1, 0.5, 2, 5, -1]
TIMEOUT_S = 30.0  # a 30-day case runs in well under a second; only a hang gets near this
EXTRA = 1024 * MIB  # address space a case may add to the (forked) test process: a blow-up hits it


def hybrid() -> dict[str, Any]:
    data = copy.deepcopy(TINY)
    data["policies"].append(
        {"name": "hyb", "kind": "hybrid", "assign": "break_even", "reorder": {"kind": "sS", "s": 20, "S": 60}}
    )
    data["service"] = {"unmet_demand": "backorder"}
    data["returns"] = {"rate": 0.1, "delay_days": {"kind": "fixed", "value": 3}}
    return data


BASES = [("tiny", TINY), ("hybrid", hybrid())]


def leaves(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    if isinstance(data, dict):
        return [x for k, v in data.items() for x in leaves(v, (*prefix, k))]
    if isinstance(data, list):
        return [x for i, v in enumerate(data) for x in leaves(v, (*prefix, i))]
    return [(prefix, data)]


def containers(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if isinstance(data, dict | list) and data else []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    return out + [p for k, v in items for p in containers(v, (*prefix, k))]


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def mutate(data: dict[str, Any], rng: random.Random) -> str:
    """Apply one random mutation in place; return what it did."""
    kind = rng.choice(["number", "number", "number", "name", "drop", "duplicate"])
    found = leaves(data)
    if kind == "number":
        numbers = [(p, v) for p, v in found if isinstance(v, int | float) and not isinstance(v, bool)]
        path, value = rng.choice(numbers)
        new = value * rng.choice(FACTORS)
        at(data, path[:-1])[path[-1]] = int(new) if isinstance(value, int) else new
        return f"{'.'.join(map(str, path))}: {value} -> {new}"
    if kind == "name":
        texts = [(p, v) for p, v in found if isinstance(v, str)]
        path, value = rng.choice(texts)
        new = rng.choice([v for _, v in texts])
        at(data, path[:-1])[path[-1]] = new
        return f"{'.'.join(map(str, path))}: {value!r} -> {new!r}"
    path = rng.choice([p for p in containers(data) if p])
    parent, key = at(data, path[:-1]), path[-1]
    if kind == "drop":
        del parent[key]
        return f"drop {'.'.join(map(str, path))}"
    target = parent[key]
    if isinstance(target, list):
        target.append(copy.deepcopy(rng.choice(target)))
        return f"duplicate an item of {'.'.join(map(str, path))}"
    return "none"


def check_kpis(results: sim.Results) -> Outcome:
    """`ran, units conserved`, or what is wrong with the KPIs: an infinite value, or units leaking."""
    for (policy, rep), frame in results.kpis.groupby(["policy", "replication"]):
        values = dict(zip(frame.metric, frame.value, strict=True))
        infinite = [k for k, v in values.items() if math.isinf(v)]
        if infinite:
            return ("non-finite", f"{policy} rep {rep}: {infinite}")
        demanded = values["units_demanded"]
        accounted = values["units_delivered"] + values["units_lost"] + values["units_walked_away"]
        # backorders open at the end are counted whatever day they were placed: an upper bound only
        if not (demanded >= 0 and accounted <= demanded + values["units_backordered_end"] + 1e-9):
            return (
                "units not conserved",
                f"{policy} rep {rep}: delivered + lost + walked away {accounted} > {demanded}",
            )
    return ("ran, units conserved", "")


def run_case(text: str) -> Outcome:
    """One case, in the guarded child: refused with located problems only, or run to the end and checked."""
    try:
        scenario = parse_scenario(text, "fuzz.yaml")
    except ScenarioError as exc:
        lines = str(exc).splitlines()
        if lines and all(LOCATED.match(line) for line in lines):
            return ("refused, located", "")
        return ("not located", repr(lines))
    return check_kpis(sim.compare(scenario, replications=1, workers=1, warn=False))


@pytest.mark.slow
def test_mutated_scenarios_are_refused_with_located_problems_or_run_and_conserve_units() -> None:
    rng = random.Random(20261208)
    # warm up in this process: lazy imports and allocator arenas (pyarrow reserves much address space on
    # first use) then belong to the baseline every child's limit is measured from, not to a case
    assert run_case(yaml.safe_dump(hybrid() | {"horizon_days": 5}, sort_keys=False)) == ("ran, units conserved", "")
    outcomes, wheres = [], []
    for case in range(CASES):
        name, base = rng.choice(BASES)
        data = copy.deepcopy(base)
        did = [mutate(data, rng) for _ in range(rng.choice([1, 1, 2]))]
        if isinstance(data, dict):
            data["horizon_days"], data["replications"] = 30, 1  # keep every case small
            data.pop("warmup_days", None)
        text = yaml.safe_dump(data, sort_keys=False)
        wheres.append(f"case {case} ({name}: {'; '.join(did)})")
        outcomes.append(guarded(functools.partial(run_case, text), timeout_s=TIMEOUT_S, extra_bytes=EXTRA))
    print(summary("scenario fuzz", outcomes))
    assert failures(outcomes, wheres) == []
    kinds = {outcome for outcome, _ in outcomes}
    assert {"refused, located", "ran, units conserved"} <= kinds


def test_the_guard_reports_a_hang_a_memory_blow_up_and_an_internal_error() -> None:
    def sleeps() -> Outcome:
        time.sleep(30)
        return ("ok", "")

    assert guarded(sleeps, timeout_s=0.5)[0] == "hang"
    assert guarded(lambda: ("ok", str(len(bytearray(1 << 30)))), extra_bytes=256 * MIB)[0] == "memory blow-up"
    assert guarded(lambda: ("ok", str(1 / 0)))[0] == "internal error"
    assert guarded(lambda: ("ran, units conserved", "")) == ("ran, units conserved", "")


def test_the_bases_are_valid() -> None:
    for name, base in BASES:
        assert parse_scenario(yaml.safe_dump(base, sort_keys=False), f"{name}.yaml").name == base["name"]
