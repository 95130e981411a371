"""Dask distributed behind the executor interface: a LocalCluster over loopback gives the serial results."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sim
from sim.experiment.executors import DaskExecutor, ExecutorUnavailable, SerialExecutor
from sim.sweeps.runner import sweep

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "scenarios" / "small_store.yaml"
GRID = {"horizon_days": [40, 60]}

pytestmark = pytest.mark.slow  # starting a cluster takes a few seconds


def test_local_cluster_sweep_and_compare_equal_serial(tmp_path):
    serial = sweep(SMALL, GRID, replications=2, seed=3, out=tmp_path / "serial", executor=SerialExecutor())
    scenario = sim.load_scenario(SMALL, ["horizon_days=40"])
    with DaskExecutor(local_workers=2) as cluster:
        assert cluster.describe() == "dask LocalCluster on loopback, 2 workers"
        distributed = sweep(SMALL, GRID, replications=2, seed=3, out=tmp_path / "dask", executor=cluster)
        # the same cluster, still open after the sweep, also runs `compare`
        compared = sim.compare(scenario, replications=2, seed=3, executor=cluster)
    for name in ("kpis.parquet", "kpis.csv", "summary.csv", "comparisons.csv"):
        assert (distributed.out / name).read_bytes() == (serial.out / name).read_bytes(), name
    assert list(compared.kpis.value.fillna(-1)) == list(serial.kpis[serial.kpis.point == 0].value.fillna(-1))


def test_an_unreachable_scheduler_fails_fast_and_clearly():
    executor = DaskExecutor("tcp://127.0.0.1:9", connect_timeout_s=2)
    with pytest.raises(ExecutorUnavailable, match=re.escape("cannot reach the Dask scheduler at tcp://127.0.0.1:9")):
        executor.__enter__()
    with pytest.raises(ExecutorUnavailable, match="tcp://host:port"):
        DaskExecutor("localhost:8786")
