"""The stale-leftover rule of results folders (sim.experiment.results_folder.is_stale), through the
Python API's writer: a leftover is removed only when provably stale."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from sim.experiment.results_folder import STALE_AFTER_S, atomic_folder, is_stale


def test_atomic_folder_removes_only_provably_stale_leftovers(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    host = socket.gethostname()
    dead = tmp_path / f".other-run.tmp-{child.pid}@{host}@x1"
    fresh_unowned = tmp_path / ".other-run.events-staging"  # an older name: only age can tell
    mine = tmp_path / f".mine.tmp-{os.getpid()}@{host}@x2"
    for folder in (dead, fresh_unowned, mine):
        folder.mkdir()
    assert is_stale(dead) and not is_stale(fresh_unowned) and not is_stale(mine)
    assert is_stale(fresh_unowned, now=os.path.getmtime(fresh_unowned) + STALE_AFTER_S + 1)
    assert not is_stale(tmp_path / "visible.tmp-1@x@y")  # not hidden: not a leftover of ours
    foreign = tmp_path / ".editor.tmp-abc"  # hidden, but not named by supplysim
    assert not is_stale(foreign, now=1e12)

    out = atomic_folder(tmp_path / "res", lambda tmp: (tmp / "f.txt").write_text("ok"))
    assert (out / "f.txt").read_text() == "ok"
    assert not dead.exists() and fresh_unowned.exists() and mine.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh_unowned.name, mine.name, "res"])


def test_atomic_folder_never_writes_through_a_symlink(tmp_path: Path) -> None:
    link = tmp_path / "res"
    link.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(FileExistsError, match="is a symlink"):
        atomic_folder(link, lambda tmp: (tmp / "f.txt").write_text("ok"))
    assert not (tmp_path / "elsewhere").exists()
