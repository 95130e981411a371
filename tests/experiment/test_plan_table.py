"""The plan table (sim.experiment.plan_table): written with every results folder, it is the plan the
simulation used, so the report can read it instead of rebuilding the network."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.analytics.classify import xyz_class
from sim.experiment.plan_table import plan_table
from sim.experiment.results_folder import PLAN_COLUMNS
from sim.network.build import build_network
from sim.plan.build import make_plan

from ..conftest import SCENARIOS


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scenario = sim.load_scenario(SCENARIOS / "multichannel.yaml", ["horizon_days=20", "warmup_days=2"])
    out = tmp_path_factory.mktemp("plan") / "results"
    return sim.compare(scenario, replications=1, seed=5).write(out)


def test_the_folder_holds_the_plan_table_as_parquet_and_csv(folder: Path) -> None:
    parquet = pd.read_parquet(folder / "plan.parquet")
    csv = pd.read_csv(folder / "plan.csv", keep_default_na=False, na_values=[""])
    assert list(parquet.columns) == list(csv.columns) == PLAN_COLUMNS
    assert len(parquet) == len(csv) > 0
    assert parquet["sku"].astype(str).tolist() == csv["sku"].astype(str).tolist()


def test_the_table_is_the_plan_the_simulation_used(folder: Path) -> None:
    scenario = sim.load_scenario(folder / "scenario.yaml")
    network = build_network(scenario)
    table = pd.read_parquet(folder / "plan.parquet")
    names = [p.name for p in scenario.policies]
    assert list(dict.fromkeys(table["policy"])) == names
    for policy in names:
        plan = make_plan(network, policy)
        rows = table[table["policy"] == policy]
        stocked = rows[rows["source"] == "stocked"]
        assert len(stocked) == len(plan.slots)
        for row in stocked.itertuples():
            slot = plan.slots[(network.node(str(row.node)).index, [s.id for s in network.skus].index(str(row.sku)))]
            assert (row.reorder_point, row.initial_level) == (slot.rule.reorder_point, slot.rule.initial_level)
        virtual = rows[rows["source"] == "virtual"]
        assert virtual["reorder_point"].isna().all() and virtual["rule"].isna().all()
        assert set(virtual["node"]) <= {n.name for n in network.nodes if not n.holds_stock}
    assert set(table["source"]) == {"stocked", "virtual"}


def test_every_row_repeats_its_skus_catalogue_facts(folder: Path) -> None:
    network = build_network(sim.load_scenario(folder / "scenario.yaml"))
    table = pd.read_parquet(folder / "plan.parquet")
    first = table.drop_duplicates("sku").set_index("sku")
    assert list(first.index) == [s.id for s in network.skus]  # catalogue order
    for s in network.skus:
        row = first.loc[s.id]
        cv = math.sqrt(s.daily_units_var) / s.daily_units_mean
        assert (row.abc, row.xyz) == (s.abc, xyz_class(cv))
        assert row.daily_units_cv == pytest.approx(cv) and row.revenue_per_day == pytest.approx(
            s.price * s.daily_units_mean
        )
    assert (table.groupby("sku")["abc"].nunique() == 1).all()


def test_an_inventory_free_policy_has_only_virtual_rows() -> None:
    scenario = sim.load_scenario(SCENARIOS / "small_store.yaml")
    table = plan_table(scenario, ["inventory_free"])
    assert set(table["source"]) == {"virtual"} and set(table["sku"]) == {s.id for s in build_network(scenario).skus}
