"""The workspace: the one folder the workbench reads and writes, and the only way a request names a file.

Every path a request carries is relative to the workspace and goes through `Workspace.resolve`,
which refuses absolute paths, `..` steps, NUL bytes and anything whose real path (symlinks
followed) lies outside the workspace, with a `Refused` naming why. Scenarios are the `.yaml` files
of the workspace (results folders and the workbench's own `.supplysim/` excluded); results
folders are `results/<scenario>/<run>/` holding a `manifest.json`, as the CLI writes them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

RESULTS_DIR = "results"
STATE_DIR = ".supplysim"
"""The workbench's own state inside the workspace: one folder per run (`jobs/<id>/`)."""
MAX_SCENARIOS = 500


class Refused(ValueError):
    """A path the workbench will not touch; the message says why (shown to the user, HTTP 403)."""


@dataclass(frozen=True)
class Workspace:
    """The folder served; `root` is its real path (symlinks resolved)."""

    root: Path

    @classmethod
    def open(cls, folder: str | Path) -> Workspace:
        root = Path(folder).resolve()
        if not root.is_dir():
            raise Refused(f"{folder}: not a folder; give the workspace folder of your scenarios")
        return cls(root)

    def resolve(self, relative: str, must_exist: bool = True) -> Path:
        """The real path of `relative` (a workspace-relative path with `/` steps), or `Refused`."""
        if not relative or "\x00" in relative or "\\" in relative:
            raise Refused(f"{relative!r}: not a workspace path")
        pure = PurePosixPath(relative)
        if pure.is_absolute() or relative.startswith("~") or (len(relative) > 1 and relative[1] == ":"):
            raise Refused(f"{relative!r}: absolute paths are refused; name a file inside the workspace")
        if any(part == ".." for part in pure.parts):
            raise Refused(f"{relative!r}: '..' is refused; name a file inside the workspace")
        target = (self.root / pure).resolve()
        if not target.is_relative_to(self.root):
            raise Refused(f"{relative!r}: leads outside the workspace (a symlink?); refused")
        if must_exist and not target.exists():
            raise Refused(f"{relative!r}: no such file in the workspace")
        return target

    def relative(self, path: Path) -> str:
        """`path` (inside the workspace) as the workspace-relative text requests use."""
        return path.resolve().relative_to(self.root).as_posix()

    def scenarios(self) -> list[str]:
        """The workspace's scenario files (`*.yaml`, `*.yml`), relative, sorted; results and state skipped."""
        found: list[str] = []
        for folder, dirs, files in os.walk(self.root):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here == self.root and d == RESULTS_DIR))
            for name in sorted(files):
                if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                    path = here / name
                    if path.resolve().is_relative_to(self.root):  # a symlink out of the workspace is not listed
                        found.append(self.relative(path))
            if len(found) >= MAX_SCENARIOS:
                break
        return found[:MAX_SCENARIOS]

    def results(self) -> list[str]:
        """Results folders (`results/<scenario>/<run>/` with a manifest.json), newest first."""
        base = self.root / RESULTS_DIR
        if not base.is_dir():
            return []
        folders = [m.parent for m in base.glob("*/*/manifest.json") if m.resolve().is_relative_to(self.root)]
        folders.sort(key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
        return [self.relative(p) for p in folders]

    def state(self, *parts: str) -> Path:
        """A folder of the workbench's own state (created)."""
        path = self.root.joinpath(STATE_DIR, *parts)
        path.mkdir(parents=True, exist_ok=True)
        return path
