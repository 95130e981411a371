"""The workspace is the only folder the workbench touches: traversal, absolute paths and symlinks out are refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sim.web.workspace import Refused, Workspace


@pytest.fixture
def space(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    (root / "sub").mkdir(parents=True)
    (root / "a.yaml").write_text("name: a\n")
    (root / "sub" / "b.yml").write_text("name: b\n")
    (root / "results" / "a" / "run-1").mkdir(parents=True)
    (root / "results" / "a" / "run-1" / "manifest.json").write_text("{}")
    (root / "results" / "a" / "run-1" / "scenario.yaml").write_text("name: a\n")
    (root / ".supplysim").mkdir()
    (root / ".supplysim" / "hidden.yaml").write_text("name: h\n")
    outside = tmp_path / "secret.yaml"
    outside.write_text("name: secret\n")
    os.symlink(outside, root / "link-out.yaml")
    os.symlink(tmp_path, root / "dir-out")
    return Workspace.open(root)


@pytest.mark.parametrize(
    "path",
    ["../secret.yaml", "sub/../../secret.yaml", "/etc/passwd", "~/x.yaml", "C:/x.yaml", "a\\..\\b", "a\x00.yaml", ""],
)
def test_paths_that_leave_or_are_not_relative_are_refused(space: Workspace, path: str) -> None:
    with pytest.raises(Refused):
        space.resolve(path)


def test_symlinks_out_of_the_workspace_are_refused(space: Workspace) -> None:
    with pytest.raises(Refused, match="outside the workspace"):
        space.resolve("link-out.yaml")
    with pytest.raises(Refused, match="outside the workspace"):
        space.resolve("dir-out/secret.yaml")


def test_paths_inside_resolve_to_real_files(space: Workspace) -> None:
    assert space.resolve("sub/b.yml") == space.root / "sub" / "b.yml"
    assert space.resolve("sub/new.yaml", must_exist=False) == space.root / "sub" / "new.yaml"
    with pytest.raises(Refused, match="no such file"):
        space.resolve("missing.yaml")


def test_listing_shows_scenarios_and_results_only_from_inside(space: Workspace) -> None:
    assert space.scenarios() == ["a.yaml", "sub/b.yml"]  # no results/, no .supplysim/, no symlink out
    assert space.results() == ["results/a/run-1"]
