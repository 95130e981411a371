"""Executors (sim.experiment.executors): one interface, identical records, silent workers."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import sim
from sim.config import Scenario
from sim.experiment.executors import ProcessExecutor, SerialExecutor, executor_for, make_executor
from sim.experiment.runs import RunTask

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = sim.load_scenario(ROOT / "scenarios" / "small_store.yaml", ["horizon_days=30", "warmup_days=5"])
TASKS = [RunTask(p.name, r, 9) for r in range(2) for p in SCENARIO.policies]


def noisy(scenario: Scenario, item: int) -> int:
    """A worker function that tries to print."""
    print(f"worker says {item}")
    print(f"worker complains {item}", file=sys.stderr)
    return item * item


def key(record: sim.experiment.runs.RunRecord) -> tuple[str, int]:
    return record.policy, record.replication


def test_every_executor_gives_the_serial_records_and_pool_workers_never_print(capfd):
    serial = sorted(SerialExecutor().run(SCENARIO, TASKS), key=key)
    with ProcessExecutor(2) as pool:
        pooled = sorted(pool.run(SCENARIO, TASKS), key=key)
        capfd.readouterr()
        squares = sorted(pool.map_unordered(noisy, [(SCENARIO, i) for i in range(6)]))
        assert squares == [0, 1, 4, 9, 16, 25]
    printed = capfd.readouterr()
    assert "worker" not in printed.out + printed.err
    np.testing.assert_equal([r.kpis for r in pooled], [r.kpis for r in serial])  # NaN equals NaN here
    assert [r.delivery_minutes for r in pooled] == [r.delivery_minutes for r in serial]


def test_entering_twice_nests():
    pool = ProcessExecutor(1)
    with pool:
        with pool:
            pass
        assert pool._pool is not None  # the inner exit did not close the outer pool
    assert pool._pool is None


def test_choosing_an_executor():
    assert executor_for(1).describe() == "serial"
    assert executor_for(3).describe() == "process pool, 3 workers"
    assert executor_for(dask_local=2).describe() == "dask LocalCluster on loopback, 2 workers"
    assert isinstance(make_executor(4, 1), SerialExecutor)
    with pytest.raises(ValueError):
        ProcessExecutor(0)
