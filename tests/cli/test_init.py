"""`supplysim init`: a commented starter scenario that validates and runs as written (issue 16)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sim.cli import main

init_module = importlib.import_module("sim.cli.init")  # the attribute sim.cli.init is the command

ROOT = Path(__file__).resolve().parents[2]
SHORT = ["--set", "horizon_days=40", "--set", "warmup_days=5", "--reps", "2", "--no-progress"]


def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=input)


def test_init_validates_and_runs_as_written(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    result = invoke("init", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].endswith("mine.yaml")
    assert invoke("validate", str(target)).exit_code == 0
    run = invoke("run", str(target), *SHORT, "--out", str(tmp_path / "out"))
    assert run.exit_code == 0, run.output
    assert (tmp_path / "out" / "report.html").is_file()


def test_every_block_has_a_comment(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    assert invoke("init", str(target)).exit_code == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    blocks = [i for i, line in enumerate(lines) if line and line[0].isalpha() and line.endswith(":")]
    assert blocks
    for i in blocks:
        assert lines[i - 1].startswith("#"), f"block {lines[i]!r} has no comment above it"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["name"] == "mine"
    assert [p["name"] for p in data["policies"]] == ["inventory_free", "stocked", "hybrid"]


@pytest.mark.parametrize(
    ("regions", "nodes", "policies", "node_kinds"),
    [
        ("1", "warehouse", ["stocked", "stocked_high"], ["warehouse"]),
        ("4", "dropship", ["inventory_free"], ["dropship"]),
        ("7", "both", ["inventory_free", "stocked", "hybrid"], ["warehouse", "dropship"]),
    ],
)
def test_flags_choose_regions_and_nodes(
    tmp_path: Path, regions: str, nodes: str, policies: list[str], node_kinds: list[str]
) -> None:
    target = tmp_path / "s.yaml"
    result = invoke("init", str(target), "--regions", regions, "--nodes", nodes)
    assert result.exit_code == 0, result.output
    import sim

    scenario = sim.load_scenario(target)
    assert len(scenario.regions) == int(regions)
    assert [p.name for p in scenario.policies] == policies
    assert [n.kind for n in scenario.nodes] == node_kinds
    run = invoke("compare", str(target), *SHORT, "--out", str(tmp_path / "out"))
    assert run.exit_code == 0, run.output


def test_catalogue_csv_becomes_the_skus(tmp_path: Path) -> None:
    csv = tmp_path / "cat.csv"
    csv.write_text("sku,price,unit_cost,demand_per_day,weight_kg\nA-1,20,8,6,0.3\nB 2,9.5,3,0.5,\n", encoding="utf-8")
    target = tmp_path / "s.yaml"
    result = invoke("init", str(target), "--catalogue", str(csv))
    assert result.exit_code == 0, result.output
    import sim

    scenario = sim.load_scenario(target)
    assert [(s.id, s.price, s.unit_cost, s.weight_kg) for s in scenario.skus] == [
        ("A-1", 20.0, 8.0, 0.3),
        ("B 2", 9.5, 3.0, 0.5),
    ]
    assert [s.demand.orders_per_day for s in scenario.skus] == [6.0, 0.5]  # type: ignore[union-attr]
    assert invoke("compare", str(target), *SHORT, "--out", str(tmp_path / "out")).exit_code == 0


def test_bad_catalogue_rows_are_located_and_nothing_is_written(tmp_path: Path) -> None:
    csv = tmp_path / "cat.csv"
    csv.write_text("sku,price,unit_cost,demand_per_day\nA,20,8,6\nB,ten,3,1\nA,5,2,1\nC,5,-1,0\n", encoding="utf-8")
    target = tmp_path / "s.yaml"
    result = invoke("init", str(target), "--catalogue", str(csv))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    err = result.stderr
    assert "cat.csv:3:2  price  'ten' is not a number" in err
    assert "cat.csv:4:1  sku" in err and "again" in err
    assert "cat.csv:5:3  unit_cost" in err
    assert "cat.csv:5:4  demand_per_day" in err
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [csv]


def test_missing_catalogue_column_is_named(tmp_path: Path) -> None:
    csv = tmp_path / "cat.csv"
    csv.write_text("sku,price,unit_cost\nA,20,8\n", encoding="utf-8")
    result = invoke("init", str(tmp_path / "s.yaml"), "--catalogue", str(csv))
    assert result.exit_code == 2
    assert "missing column 'demand_per_day'" in result.stderr


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "s.yaml"
    target.write_text("mine\n", encoding="utf-8")
    result = invoke("init", str(target))
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert invoke("init", str(tmp_path)).exit_code == 2  # a folder is not a file name


def test_no_terminal_asks_nothing(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "init"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr
    assert "?" not in proc.stdout  # no question was printed
    assert (tmp_path / "scenario.yaml").is_file()


def test_a_terminal_gets_the_questions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(init_module, "interactive", lambda: True)
    csv = tmp_path / "cat.csv"
    csv.write_text("sku,price,unit_cost,demand_per_day\nA,20,8,6\n", encoding="utf-8")
    target = tmp_path / "s.yaml"
    result = invoke("init", str(target), input=f"3\nwarehouse\n{csv}\n")
    assert result.exit_code == 0, result.output
    assert "How many customer regions?" in result.output
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert len(data["regions"]) == 3
    assert [n["kind"] for n in data["nodes"]] == ["warehouse"]
    assert [s["id"] for s in data["skus"]] == ["A"]
    quiet = invoke("init", str(tmp_path / "t.yaml"), "--no-input")
    assert quiet.exit_code == 0 and "?" not in quiet.output
