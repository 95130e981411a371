"""Running sweeps (sim.sweeps.runner): identical results on every executor, resume, tidy schema, CRN."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

import sim
from sim.experiment.executors import ProcessExecutor, SerialExecutor
from sim.metrics.kpis import KPI_NAMES
from sim.sweeps.parts import SweepFolderError
from sim.sweeps.runner import sweep

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "scenarios" / "small_store.yaml"
SERVICE = "policies.stocked.reorder.service_level"
GRID = {"horizon_days": [40, 60], SERVICE: [0.9, 0.98]}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """A small serial sweep: 4 points × 3 policies × 2 replications."""
    out = tmp_path_factory.mktemp("ref") / "sweep"
    return sweep(SMALL, GRID, replications=2, seed=5, out=out, workers=1)


def test_kpis_are_tidy_under_the_versioned_schema(reference):
    table = pq.read_table(reference.out / "kpis.parquet")
    assert table.column_names == [
        "sweep_id",
        "scenario",
        "point",
        "param.horizon_days",
        f"param.{SERVICE}",
        "policy",
        "replication",
        "metric",
        "value",
    ]
    meta = table.schema.metadata
    assert meta[b"supplysim.schema"] == b"sweep_kpis" and meta[b"supplysim.schema_version"] == b"1"
    assert json.loads(meta[b"supplysim.parameters"])[0] == {
        "column": "param.horizon_days",
        "path": "horizon_days",
        "type": "int64",
    }
    kpis = reference.kpis
    assert len(kpis) == 4 * 3 * 2 * len(KPI_NAMES)
    assert not kpis.duplicated(["point", "policy", "replication", "metric"]).any()
    assert set(kpis.sweep_id) == {reference.sweep_id}
    first = kpis[kpis.point == 3].iloc[0]
    assert (first["param.horizon_days"], first[f"param.{SERVICE}"]) == (60, 0.98)


def test_a_process_pool_gives_byte_identical_files(reference, tmp_path):
    other = sweep(SMALL, GRID, replications=2, seed=5, out=tmp_path / "pool", executor=ProcessExecutor(2))
    for name in ("kpis.parquet", "kpis.csv", "summary.csv", "comparisons.csv", "points.csv"):
        assert (other.out / name).read_bytes() == (reference.out / name).read_bytes(), name


def test_one_point_matches_compare_run_for_run(reference):
    """A sweep point is the same experiment as `compare` on that scenario: same seeds, same numbers."""
    scenario = sim.load_scenario(SMALL, ["horizon_days=60", f"{SERVICE}=0.98"])
    compared = sim.compare(scenario, replications=2, seed=5)
    mine = reference.kpis[reference.kpis.point == 3].reset_index(drop=True)
    theirs = compared.kpis
    assert list(mine.policy) == list(theirs.policy) and list(mine.metric) == list(theirs.metric)
    np.testing.assert_array_equal(mine.value.to_numpy(), theirs.value.to_numpy())
    summary = reference.summary[reference.summary.point == 3].reset_index(drop=True)
    np.testing.assert_allclose(summary["mean"], compared.summary["mean"], rtol=1e-12)
    np.testing.assert_allclose(summary["ci_low"], compared.summary["ci_low"], rtol=1e-9)
    diffs = reference.comparisons[reference.comparisons.point == 3].reset_index(drop=True)
    np.testing.assert_allclose(diffs["mean_diff"], compared.comparisons["mean_diff"], rtol=1e-9, atol=1e-12)
    assert list(diffs.significant) == list(compared.comparisons.significant)


def test_common_random_numbers_across_points(reference):
    """Points that differ only in the stocked policy's service level see the same demand: the
    inventory-free policy's results are identical run for run."""
    k = reference.kpis
    free = k[(k.policy == "inventory_free") & (k["param.horizon_days"] == 60)]
    by_level = [g.value.to_numpy() for _, g in free.groupby(f"param.{SERVICE}")]
    np.testing.assert_array_equal(by_level[0], by_level[1])


def test_rerun_resumes_only_missing_runs_and_extends_replications(reference, tmp_path):
    out = tmp_path / "resume"
    first = sweep(SMALL, GRID, replications=2, seed=5, out=out, workers=1)
    assert first.runs_done_now == 24
    parts = sorted((out / "parts").iterdir())
    for part in parts[:5]:
        part.unlink()
    again = sweep(SMALL, GRID, replications=2, seed=5, out=out, workers=1)
    assert (again.runs_done_now, again.runs_total) == (5, 24)
    assert (out / "kpis.parquet").read_bytes() == (reference.out / "kpis.parquet").read_bytes()
    more = sweep(SMALL, GRID, replications=3, seed=5, out=out, workers=1)
    assert more.runs_done_now == 12 and set(more.kpis.replication) == {0, 1, 2}
    np.testing.assert_array_equal(
        more.kpis[more.kpis.replication < 2].value.to_numpy(), reference.kpis.value.to_numpy()
    )


def test_a_folder_holding_another_sweep_is_refused(reference, tmp_path):
    with pytest.raises(SweepFolderError, match="holds another sweep"):
        sweep(SMALL, GRID, replications=2, seed=6, out=reference.out, workers=1)
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(SweepFolderError, match="not a sweep folder"):
        sweep(SMALL, GRID, replications=2, seed=5, out=tmp_path / "busy", workers=1)


def test_serial_executor_is_the_default_for_one_worker(tmp_path):
    results = sweep(
        SMALL, {"horizon_days": [40]}, replications=1, seed=1, out=tmp_path / "one", executor=SerialExecutor()
    )
    assert results.runs_total == 3 and results.points["replications"].tolist() == [1]
    manifest = json.loads((results.out / "manifest.json").read_text())
    assert manifest["executor"] == "serial" and manifest["runs"] == 3


def test_sweep_is_public_api():
    assert {"sweep", "SweepResults"} <= set(sim.__all__)
    assert sim.sweep is sweep
