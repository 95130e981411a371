"""`supplysim analyze` as a user meets it: outputs, exit codes, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from sim.cli import main
from sim.config import load_scenario
from sim.network.build import build_network
from sim.plan.build import make_plan

from ..conftest import SCENARIOS
from ..history.conftest import DATA

RUNNER = CliRunner()
BACKTEST = SCENARIOS / "online_retail_backtest.yaml"


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return RUNNER.invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("analyze") / "out"
    result = invoke("analyze", DATA / "daily_demand.csv", "--out", out)
    assert result.exit_code == 0, result.output
    return result.output, out


def test_analyze_prints_the_matrix_and_ends_with_the_folder(analysed: tuple[str, Path]) -> None:
    output, out = analysed
    lines = output.strip().splitlines()
    assert lines[-1] == str(out.resolve())
    assert "ABC (revenue) × XYZ (monthly CV)" in output
    assert any(line.split("│")[1].strip() == "A" for line in lines if line.count("│") == 5)
    assert "lumpy 34" in output and "erratic 3" in output and "intermittent 3" in output


def test_analyze_writes_every_file(analysed: tuple[str, Path]) -> None:
    _, out = analysed
    folder = out / "analysis"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "abc_xyz.csv",
        "catalogue.csv",
        "policy_block.yaml",
        "section.html",
        "section.md",
        "sku_analysis.csv",
        "skus_block.yaml",
        "summary.json",
    ]
    table = pd.read_csv(folder / "sku_analysis.csv", dtype={"sku": str})
    assert len(table) == 40 and set(table.policy) <= {"stocked", "inventory_free"}
    assert {"adi", "cv2", "pattern", "cv", "abc", "xyz", "safety_stock", "reorder_point", "order_quantity"} <= set(
        table.columns
    )
    summary = json.loads((folder / "summary.json").read_text())
    assert sum(summary["matrix"].values()) == 40 and summary["xyz_basis"] == "monthly"
    matrix = pd.read_csv(folder / "abc_xyz.csv")
    assert matrix.skus.sum() == 40 and len(matrix) == 9
    assert "<script" not in (folder / "section.html").read_text()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kind"] == "analysis" and len(next(iter(manifest["inputs"].values()))) == 64


def test_the_policy_block_pastes_into_a_scenario(analysed: tuple[str, Path], tmp_path: Path) -> None:
    _, out = analysed
    block = yaml.safe_load((out / "analysis" / "policy_block.yaml").read_text())
    data = yaml.safe_load(BACKTEST.read_text())
    data["demand_history"]["path"] = str(DATA / "order_lines.csv")
    data["policies"] = block
    path = tmp_path / "pasted.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    result = invoke("validate", path)
    assert result.exit_code == 0, result.output


def test_analyze_with_the_scenario_matches_its_break_even_hybrid(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("analyze", DATA / "daily_demand.csv", "--scenario", BACKTEST, "--to", "2011-05-31", "--out", out)
    assert result.exit_code == 0, result.output
    block = yaml.safe_load((out / "analysis" / "policy_block.yaml").read_text())[0]
    network = build_network(load_scenario(BACKTEST))
    plan = make_plan(network, "auto_hybrid")
    assert sorted(block["stock_skus"]) == sorted(network.skus[i].id for i in plan.stocked_skus)


def test_analyze_with_an_inventory_snapshot(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.csv"
    inventory.write_text("sku,on_hand\n85099B,0\n22084,5000\n")
    out = tmp_path / "out"
    result = invoke("analyze", DATA / "daily_demand.csv", "--inventory", inventory, "--out", out)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "analysis" / "sku_analysis.csv", dtype={"sku": str}).set_index("sku")
    assert table.loc["85099B", "alert"].startswith("CRITICAL: A item out of stock")
    assert "ATTENTION: DIO above 60 days" in table.loc["22084", "alert"]
    row = table.loc["22084"]
    assert row.dio_days == pytest.approx(5000 / row.units_per_day, rel=1e-3)
    assert row.capital_released == pytest.approx((row.dio_days - 30) * row.daily_cogs, rel=1e-3)


@pytest.mark.parametrize(
    ("content", "extra", "needle"),
    [
        ("date,sku,region,quantity\n2011-13-01,A,UK,1\n", [], "demand.csv:2:1  date  '2011-13-01' is not a"),
        ("date,sku,region,quantity\n2011-01-03,A,UK,-4\n", [], "demand.csv:2:4  quantity  negative quantity"),
        ("day,sku,region,quantity\n2011-01-03,A,UK,1\n", [], "cannot tell the format"),
        ("date,item,region,quantity\n2011-01-03,A,UK,1\n", [], "missing column 'sku'"),
        ("date,sku,region,quantity\n2011-01-03,A,Mars,1\n", ["--scenario", str(BACKTEST)], "unknown region 'Mars'"),
        ("date,sku,region,quantity\n2011-01-03,NOPE,UK,1\n", ["--scenario", str(BACKTEST)], "unknown SKU 'NOPE'"),
        ("date,sku,region,quantity\n2011-01-03,A,UK,1\n", ["--cost", "lead_time=3"], "unknown cost parameter"),
        ("date,sku,region,quantity\n2011-01-03,A,UK,1\n", ["--xyz", "0.5,0.2"], "increasing"),
        ("date,sku,region,quantity\n2011-01-03,A,UK,1\n", [], "no price"),
    ],
)
def test_analyze_rejects_bad_input_with_exit_2_and_writes_nothing(
    tmp_path: Path, content: str, extra: list[str], needle: str
) -> None:
    path = tmp_path / "demand.csv"
    path.write_text(content)
    out = tmp_path / "out"
    result = invoke("analyze", path, "--out", out, *extra)
    assert result.exit_code == 2, result.output
    assert needle in result.output and "Traceback" not in result.output
    assert not out.exists() and not list(tmp_path.glob(".out*"))


def test_analyze_rejects_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "sales.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    result = invoke("analyze", path, "--out", tmp_path / "out")
    assert result.exit_code == 2 and "save it as 'CSV UTF-8'" in result.output
    assert "nothing was written" in result.output and not (tmp_path / "out").exists()


def test_a_one_day_history_warns_that_xyz_and_the_saving_are_not_reliable(tmp_path: Path) -> None:
    """One day used to class every SKU Z (periods=0) and print a large saving a year without a caveat."""
    rows = (DATA / "daily_demand.csv").read_text().splitlines()
    first_day = [rows[0], *(r for r in rows[1:] if r.startswith(rows[1][:10]))]
    path = tmp_path / "one_day.csv"
    path.write_text("\n".join(first_day) + "\n")
    out = tmp_path / "out"
    result = invoke("analyze", path, "--out", out, "--no-progress")
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "analysis" / "summary.json").read_text())
    assert summary["xyz_periods"] == 0 and len(summary["warnings"]) == 2
    assert "warning: the XYZ classes rest on 0 complete months (6 needed)" in result.stderr
    assert "every SKU is classed Z" in result.stderr
    assert "warning: the history has 1 open day (28 needed)" in result.stderr
    assert "(see the warnings)" in result.stdout
    assert "**Warning:**" in (out / "analysis" / "section.md").read_text()


def test_analyze_prints_where_the_policy_block_really_is(analysed: tuple[str, Path]) -> None:
    output, out = analysed
    assert f"Policy block: {out.resolve() / 'analysis' / 'policy_block.yaml'}" in output
    assert "warning" not in output  # seven months of history: no caveat


def test_hostile_sku_codes_are_escaped_in_section_md_and_quoted_in_the_csv(tmp_path: Path) -> None:
    """A raw `<script>` SKU code used to reach analysis/section.md as HTML; `=` cells reached the CSV raw."""
    rows = (DATA / "daily_demand.csv").read_text().splitlines()
    hostile = [rows[0]] + [",".join([p[0], f"=<script>{p[1]}|&", *p[2:]]) for p in (r.split(",") for r in rows[1:])]
    path = tmp_path / "hostile.csv"
    path.write_text("\n".join(hostile) + "\n")
    out = tmp_path / "out"
    result = invoke("analyze", path, "--out", out, "--no-progress")
    assert result.exit_code == 0, result.output
    section = (out / "analysis" / "section.md").read_text()
    assert "<script" not in section and "&lt;script&gt;" in section and "\\|&amp;" in section
    table_rows = [line for line in section.splitlines() if "&lt;script&gt;" in line]
    assert table_rows and all(line.count(" | ") == 7 for line in table_rows)  # the `|` does not split a cell
    csv_text = (out / "analysis" / "sku_analysis.csv").read_text()
    assert "\n'=<script>" in csv_text and "\n=<script>" not in csv_text
