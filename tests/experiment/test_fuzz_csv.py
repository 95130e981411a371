"""Seeded fuzz of the input CSVs (issue 17): a demand history and a warm-start snapshot with one cell,
row or header broken at random. Loading the scenario must either succeed or fail with located problems
only (`ScenarioError`, each line `file:line:col  key  message`), never another exception; a cell that
cannot be valid (text or NaN for a quantity, an impossible or far date, a negative count) must be
refused *at its CSV row*. A case that loads is run (30 days, one replication) to finite KPIs that
conserve units. Each case runs in a forked child under a wall timeout and an address-space limit
(tests/experiment/fuzz_guard.py): a hang or a memory blow-up is a counted failure. `pytest -s` prints
the counts."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import math
import random
import re
import shutil
from pathlib import Path

import pytest
import yaml

import sim
from sim.config import ScenarioError, load_scenario

from ..conftest import ROOT, tiny
from .fuzz_guard import MIB, Outcome, failures, guarded, summary
from .test_fuzz_runs import check_kpis

LOCATED = re.compile(r"^\S+:\d+:\d+  .+?  .+$")
JUNK = ["", "abc", "-5", "1e308", "nan", "inf", "9999-12-31", "2025-13-45", "=cmd()", "x" * 300, "ZZZ", "\x00", "1.5"]
INVALID = {  # column → values never valid there (a NUL byte is refused for the whole file: "binary file")
    "quantity": {"abc", "nan", "inf", "1e308", "-5", "=cmd()", "x" * 300},
    "date": {"abc", "9999-12-31", "2025-13-45", "=cmd()", "nan", "x" * 300, "-5", "1e308", "inf", "1.5", "ZZZ"},
    "units": {"abc", "nan", "inf", "1e308", "-5", "=cmd()", "x" * 300, "1.5"},
}
CASES = 150
TIMEOUT_S = 30.0  # a case loads and runs 30 days in about a second; only a hang gets near this
EXTRA = 1024 * MIB  # address space a case may add to the (forked) test process


def history_world(folder: Path) -> tuple[Path, Path]:
    """A scenario whose SKU A replays a 40-day daily history in two regions; (scenario, csv)."""
    start = dt.date(2025, 1, 6)
    rows = [["date", "sku", "region", "quantity", "order_lines"]]
    for d in range(40):
        day = (start - dt.timedelta(days=20) + dt.timedelta(days=d)).isoformat()
        quantities = [(d * 7 + i) % 9 for i in range(2)]
        rows += [
            [day, "A", region, str(q), str(min(q, 1))] for q, region in zip(quantities, ("north", "south"), strict=True)
        ]
    history = folder / "history.csv"
    _write(history, rows)
    data = tiny(regions=[{"name": "north", "demand_share": 0.5}, {"name": "south", "demand_share": 0.5}])
    data["zones"] = [{"between": ["north", "south"], "zone": 1}]
    data["skus"][0]["demand"] = {"kind": "history"}
    data["demand_history"] = {"path": history.name}
    scenario = folder / "scenario.yaml"
    scenario.write_text(yaml.safe_dump(data, sort_keys=False))
    return scenario, history


def snapshot_world(folder: Path) -> tuple[Path, Path]:
    """The shipped warm-start example (scenario and snapshot.csv), copied."""
    for name in ("scenario.yaml", "snapshot.csv"):
        shutil.copy(ROOT / "examples" / "warm_start" / name, folder / name)
    text = (folder / "scenario.yaml").read_text()
    (folder / "scenario.yaml").write_text(text.replace("../../scenarios/", str(ROOT / "scenarios") + "/"))
    return folder / "scenario.yaml", folder / "snapshot.csv"


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def _read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def mutate(rows: list[list[str]], rng: random.Random) -> tuple[str, int, str, str]:
    """One random breakage: (kind, the CSV line it is on, the column, the new value)."""
    kind = rng.choice(["cell", "cell", "cell", "cell", "short row", "extra cell", "header", "drop column"])
    r = rng.randrange(1, len(rows))
    if kind == "cell":
        c = rng.randrange(len(rows[0]))
        value = rng.choice(JUNK)
        rows[r][c] = value
        return kind, r + 1, rows[0][c], value
    if kind == "short row":
        rows[r] = rows[r][: rng.randrange(len(rows[r]))]
        return kind, r + 1, "", ""
    if kind == "extra cell":
        rows[r].append("7")
        return kind, r + 1, "", ""
    c = rng.randrange(len(rows[0]))
    if kind == "header":
        column, rows[0][c] = rows[0][c], rng.choice(["", "Quantity ", "qty", "date"])
        return kind, 1, column, rows[0][c]
    column = rows[0][c]
    for row in rows:
        del row[c : c + 1]
    return kind, 1, column, ""


def load_case(scenario: Path, target: Path, kind: str, line: int, column: str, value: str) -> Outcome:
    """One case, in the guarded child: refused at its row (or located elsewhere), or loaded and, when it
    loads, run (30 days after the warm-up, one replication) to finite KPIs that conserve units."""
    try:
        loaded = load_scenario(scenario)
    except ScenarioError as exc:
        lines = str(exc).splitlines()
        if not (lines and all(LOCATED.match(x) for x in lines)):
            return ("not located", repr(lines))
        at_row = any(x.startswith(f"{target}:{line}:") or x.startswith(f"{target.name}:{line}:") for x in lines)
        if kind == "cell" and value in INVALID.get(column, set()) and not at_row:
            return ("refused off its row", repr(lines))
        return ("refused at the row" if at_row else "refused elsewhere (located)", "")
    if kind == "cell" and value in INVALID.get(column, set()):
        return ("accepted an invalid cell", "")
    horizon = min(loaded.horizon_days, math.ceil(loaded.warmup_days) + 30)  # 30 days after the warm-up
    short = loaded.model_copy(update={"horizon_days": horizon, "replications": 1})
    outcome = check_kpis(sim.compare(short, replications=1, workers=1, warn=False))
    return ("loaded, ran, units conserved", "") if outcome[0] == "ran, units conserved" else outcome


@pytest.mark.slow
def test_broken_input_csvs_are_refused_at_their_rows_or_load_and_run(tmp_path: Path) -> None:
    rng = random.Random(17)
    scenario, _ = history_world(tmp_path)  # warm up here: lazy imports belong to every child's baseline
    assert check_kpis(sim.compare(load_scenario(scenario), replications=1, workers=1, warn=False))[0].startswith("ran")
    outcomes, wheres = [], []
    for case in range(CASES):
        folder = tmp_path / f"c{case}"
        folder.mkdir()
        world = rng.choice([history_world, snapshot_world])
        scenario, target = world(folder)
        rows = _read(target)
        kind, line, column, value = mutate(rows, rng)
        _write(target, rows)
        wheres.append(f"case {case} ({world.__name__}: {kind} at line {line}, {column!r} = {value!r})")
        args = (scenario, target, kind, line, column, value)
        outcomes.append(guarded(functools.partial(load_case, *args), timeout_s=TIMEOUT_S, extra_bytes=EXTRA))
    print(summary("CSV fuzz", outcomes))
    assert failures(outcomes, wheres) == []
    kinds = {outcome for outcome, _ in outcomes}
    assert {"refused at the row", "loaded, ran, units conserved"} <= kinds
