"""`skus: {path: items.csv}`: SKUs from an item-master file (CSV or Parquet), mixed with YAML SKUs,
every bad cell located by file, row and column; the CLI exits 2 and writes nothing."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from sim.cli import main
from sim.config import ScenarioError, load_scenario
from sim.config.models import DailyUnits, PoissonOrders

from ..conftest import TINY

ITEMS = """id,name,category,tags,unit_cost,price,weight_kg,orders_per_day,order_size,units_per_day,units_per_day_sd
MUG,Classic mug,kitchen,xmas;gift,4.5,14,0.45,18,2,,
TEE,Logo tee,apparel,,6,22,,12,,,
POSTER,A2 poster,decor,gift,3,16,0.3,,,5,2
"""


def write(tmp_path: Path, skus: Any, items: str = ITEMS, **extra: Any) -> Path:
    (tmp_path / "items.csv").write_text(items)
    data = copy.deepcopy(TINY)
    data["skus"] = skus
    data.update(extra)
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def located(path: Path) -> set[tuple[str, int, int, str]]:
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    return {
        (Path(p.file or "").name, p.line or 0, p.column or 0, ".".join(map(str, p.path))) for p in exc.value.problems
    }


def test_rows_become_skus(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, {"path": "items.csv"}))
    assert [k.id for k in s.skus] == ["MUG", "TEE", "POSTER"]
    mug, tee, poster = s.skus
    assert (mug.name, mug.category, mug.tags, mug.unit_cost, mug.weight_kg) == (
        "Classic mug",
        "kitchen",
        ["xmas", "gift"],
        4.5,
        0.45,
    )
    assert isinstance(mug.demand, PoissonOrders) and mug.demand.orders_per_day == 18 and mug.demand.order_size.mean == 2
    assert tee.weight_kg == 0.5 and isinstance(tee.demand, PoissonOrders) and tee.demand.order_size.mean == 1
    assert isinstance(poster.demand, DailyUnits) and poster.demand.units_per_day.mu == 5  # type: ignore[union-attr]


def test_mixes_with_yaml_skus_and_keeps_their_positions(tmp_path: Path) -> None:
    yaml_a, yaml_b = copy.deepcopy(TINY["skus"])
    s = load_scenario(write(tmp_path, [yaml_a, {"path": "items.csv"}, yaml_b]))
    assert [k.id for k in s.skus] == ["A", "MUG", "TEE", "POSTER", "B"]
    yaml_b["price"] = -1  # a YAML SKU after the file is still located in the YAML
    found = located(write(tmp_path, [yaml_a, {"path": "items.csv"}, yaml_b]))
    assert len(found) == 1
    ((file, line, _, key),) = found
    assert file == "s.yaml" and key == "skus.4.price" and line > 1


def test_bad_cells_are_located_by_row_and_column(tmp_path: Path) -> None:
    items = ITEMS.replace("6,22,,12", "6,0,,12").replace("3,16,0.3", "3,cheap,0.3") + "MUG,again,kitchen,,1,2,,1,,,\n"
    found = located(write(tmp_path, {"path": "items.csv"}, items))
    assert ("items.csv", 3, 6, "skus.1.price") in found  # price 0: the schema's check, at the cell
    assert ("items.csv", 4, 6, "price") in found  # not a number
    assert ("items.csv", 5, 1, "id") in found  # MUG twice


def test_duplicate_with_yaml_sku_is_an_error(tmp_path: Path) -> None:
    a = copy.deepcopy(TINY["skus"][0])
    a["id"] = "TEE"
    found = located(write(tmp_path, [a, {"path": "items.csv"}]))
    assert any(f == "items.csv" and line == 3 and key == "skus.2" for f, line, _, key in found), found


def test_unknown_and_missing_columns(tmp_path: Path) -> None:
    found = located(write(tmp_path, {"path": "items.csv"}, "id,unit_cost,colour\nA,1,red\n"))
    assert ("items.csv", 1, 3, "colour") in found
    assert any(key == "price" for *_, key in found)
    s = load_scenario(
        write(
            tmp_path,
            {"path": "items.csv", "ignore_columns": ["colour"]},
            "id,unit_cost,price,colour,orders_per_day\nA,1,2,red,3\n",
        )
    )
    assert s.skus[0].id == "A"


def test_demand_kinds_and_return_rate(tmp_path: Path) -> None:
    items = "sku,unit_cost,price,demand_per_day,demand_kind,return_rate\nA,1,2,3,,0.3\nB,1,2,,history,\n"
    found = located(write(tmp_path, {"path": "items.csv"}, items))
    assert any(key == "return_rate" and line == 2 for _, line, _, key in found)  # no returns block
    returns = {"rate": 0.05, "delay_days": {"kind": "fixed", "value": 5}}
    data_path = write(tmp_path, {"path": "items.csv"}, items.replace(",history,", ",daily_units,"), returns=returns)
    found = located(data_path)
    assert any(key == "demand_kind" and line == 3 for _, line, _, key in found)  # daily_units without units


def test_parquet(tmp_path: Path) -> None:
    frame = pd.read_csv(pd.io.common.StringIO(ITEMS))
    frame.to_parquet(tmp_path / "items.parquet")
    path = write(tmp_path, {"path": "items.parquet"})
    s = load_scenario(path)
    assert [k.id for k in s.skus] == ["MUG", "TEE", "POSTER"] and s.skus[0].tags == ["xmas", "gift"]
    assert isinstance(s.skus[2].demand, DailyUnits)


def test_cli_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, {"path": "items.csv"}, ITEMS.replace("4.5,14", "4.5,x"))
    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["compare", str(path), "--out", str(out), "--reps", "1"])
    assert result.exit_code == 2, result.output
    assert "items.csv:2:6" in result.output and "Traceback" not in result.output
    assert not out.exists()
