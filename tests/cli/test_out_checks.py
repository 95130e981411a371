"""Results folders that never lie (issue 17): --out is checked before simulating, leftovers of killed
runs are cleaned by a rule that only touches stale ones, a killed `--events` run cannot leak its logs
into the next run's folder, and --workers is capped at the cores."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from sim.cli import main

from ..conftest import TINY


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def scenario(write_yaml) -> Path:  # type: ignore[no-untyped-def]
    return write_yaml(TINY)


@pytest.fixture
def no_simulation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any simulation fails the test: the checks under test must come first."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("simulated before checking --out")

    monkeypatch.setattr("sim.experiment.replications.compare", refuse)
    monkeypatch.setattr("sim.sweeps.runner.SweepSession.run", refuse)


@pytest.mark.parametrize("verb", ["run", "compare", "sweep"])
def test_an_unusable_out_fails_before_simulating(verb: str, scenario: Path, no_simulation: None) -> None:
    extra = ["--set", "horizon_days=20,25"] if verb == "sweep" else []
    result = CliRunner().invoke(main, [verb, str(scenario), *extra, "--out", "/dev/null/x", "--workers", "1"])
    assert result.exit_code == 2, result.output
    assert "/dev/null is not a folder" in result.output and "Traceback" not in result.output


def test_a_dangling_symlink_out_is_refused(scenario: Path, tmp_path: Path, no_simulation: None) -> None:
    link = tmp_path / "res"
    link.symlink_to(tmp_path / "elsewhere" / "missing")
    result = CliRunner().invoke(main, ["run", str(scenario), "--out", str(link)])
    assert result.exit_code == 2 and "symlink to a missing" in result.output, result.output
    assert not (tmp_path / "elsewhere").exists()
    result = CliRunner().invoke(main, ["run", str(scenario), "--out", str(link / "below")])
    assert result.exit_code == 2 and "symlink to a missing" in result.output, result.output


def test_a_file_on_the_way_is_refused(scenario: Path, tmp_path: Path, no_simulation: None) -> None:
    (tmp_path / "afile").write_text("x")
    result = CliRunner().invoke(main, ["run", str(scenario), "--out", str(tmp_path / "afile" / "deeper" / "res")])
    assert result.exit_code == 2 and f"{tmp_path / 'afile'} is not a folder" in result.output, result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_parent_is_refused(scenario: Path, tmp_path: Path, no_simulation: None) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = CliRunner().invoke(main, ["run", str(scenario), "--out", str(locked / "res")])
    assert result.exit_code == 2 and "is not writable" in result.output, result.output


def test_a_killed_events_run_does_not_contaminate_the_next(scenario: Path, tmp_path: Path) -> None:
    """The killed run's staging folder (old name, and this machine's dead process) is not moved in."""
    host = socket.gethostname()
    for name in (".res.events-staging", f".res.events-staging-{dead_pid()}@{host}"):
        old = tmp_path / name / "ghost_policy"
        old.mkdir(parents=True)
        (old / "rep0.parquet").write_bytes(b"from a killed run")
    out = tmp_path / "res"
    result = CliRunner().invoke(main, ["compare", str(scenario), "--out", str(out), "--events", "--workers", "1"])
    assert result.exit_code == 0, result.output
    logs = sorted(p.relative_to(out / "events").parts[0] for p in (out / "events").rglob("*.parquet"))
    assert logs and "ghost_policy" not in logs
    assert set(logs) == set(pd.read_csv(out / "summary.csv").policy)
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert leftovers == [".res.events-staging"], "the dead process's staging is removed; the old name waits a day"


def test_stale_temporary_folders_are_cleaned_and_live_ones_kept(scenario: Path, tmp_path: Path) -> None:
    host = socket.gethostname()
    dead = tmp_path / f".run-20260101-000000.tmp-{dead_pid()}@{host}@abc"  # its process is gone
    remote_old = tmp_path / ".run-20250101-000000.tmp-1@some-other-host@xyz"  # another host's, two days untouched
    staging_old = tmp_path / ".run-20250102-000000.events-staging"  # the older unowned name, two days untouched
    live = tmp_path / f".run-x.tmp-{os.getpid()}@{host}@def"  # a write in progress (this process)
    remote = tmp_path / f".run-y.tmp-{dead_pid()}@some-other-host@ghi"  # maybe alive over there
    foreign = tmp_path / ".editor.tmp-k2j3h4"  # not named by supplysim: never touched, however old
    not_ours = tmp_path / ".config"
    for folder in (dead, remote_old, staging_old, live, remote, foreign, not_ours):
        folder.mkdir()
    for folder in (remote_old, staging_old, foreign):
        os.utime(folder, (0, os.path.getmtime(folder) - 2 * 24 * 3600))
    result = CliRunner().invoke(main, ["run", str(scenario), "--out", str(tmp_path / "res"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert not dead.exists() and not remote_old.exists() and not staging_old.exists()
    assert live.exists() and remote.exists() and foreign.exists() and not_ours.exists()


def test_workers_above_the_cores_are_capped_with_a_note(
    scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int | None] = []
    import sim.experiment.replications as replications

    real = replications.compare

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(kwargs.get("workers"))
        return real(*args, **{**kwargs, "workers": 1})

    monkeypatch.setattr("sim.experiment.executors.default_workers", lambda: 2)
    monkeypatch.setattr(replications, "compare", spy)
    result = CliRunner().invoke(main, ["run", str(scenario), "--out", str(tmp_path / "res"), "--workers", "999"])
    assert result.exit_code == 0, result.output
    assert "note: --workers 999 is more than the 2 core(s) here; using 2." in result.output
    assert seen == [2]
