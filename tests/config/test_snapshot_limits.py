"""Warm-start snapshot limits (docs/LIMITS.md): only regular files (a FIFO must not hang), no echo of a
file that is not a snapshot, units and ETAs within bounds (no int overflow, no NaN or infinite ETA)."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from sim.config import ScenarioError, load_scenario

from ..network.test_warmstart import scenario_with


def problems_of(path: Path) -> list[str]:
    out: dict[str, Any] = {}

    def load() -> None:
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
        out["found"] = [p.format() for p in info.value.problems]

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(60)  # a hang guard (a FIFO), not a speed assertion
    assert "found" in out, f"loading {path} did not return"
    found: list[str] = out["found"]
    return found


HEADER = "record,node,sku,units,eta,region\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_snapshot_is_refused_without_opening_it(tmp_path: Path) -> None:
    path = scenario_with(tmp_path, "snap.csv", "")
    (tmp_path / "snap.csv").unlink()
    os.mkfifo(tmp_path / "snap.csv")
    [message] = problems_of(path)
    assert "initial_state.path" in message and "not a regular file" in message


def test_a_file_that_is_not_a_snapshot_is_never_echoed(tmp_path: Path) -> None:
    path = scenario_with(tmp_path, "passwd.csv", "root:x:0:0:root:/root:/bin/bash\n")
    [message] = problems_of(path)
    assert "not CSV column names" in message and "/bin/bash" not in message


@pytest.mark.parametrize("units", ["1e308", str(2**63)])
def test_huge_units_are_located(tmp_path: Path, units: str) -> None:
    path = scenario_with(tmp_path, "snap.csv", HEADER + f"on_hand,dc,A,{units},,\n")
    found = problems_of(path)
    assert any("snap.csv:2:4" in m and "over the limit" in m for m in found), found


@pytest.mark.parametrize("eta", ["inf", "nan", "1e20", "9999-12-31"])
def test_non_finite_or_far_etas_are_located(tmp_path: Path, eta: str) -> None:
    path = scenario_with(tmp_path, "snap.csv", HEADER + f"purchase_order,dc,A,5,{eta},\n")
    found = problems_of(path)
    assert any("snap.csv:2:5" in m and "after the year 2200" in m for m in found), found


def test_a_nul_byte_is_a_located_error_not_a_traceback(tmp_path: Path) -> None:
    path = scenario_with(tmp_path, "snap.csv", HEADER + "on_hand,dc,A,\x005,,\n")
    found = problems_of(path)
    assert found and all("initial_state.path" in m for m in found), found
