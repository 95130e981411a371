"""Saving scenario text from the workbench: atomically, inside the workspace, never over a file it did not write.

The rule: the editor's text is saved either as a **new file** beside the scenario (a name of letters,
digits, `- _ .`; it fails if the file exists, even when two saves race) or **over a file the
workbench itself created** (a variant or an earlier "save as") and that nobody has changed since:
the workbench records each file it writes, with the SHA-256 of what it wrote, in
`.supplysim/created.json`; a shipped or hand-written scenario is never in it, and a recorded file
edited outside the workbench no longer matches its hash. Either way the text is validated first
(the caller's job) and written to a temporary file in the same folder, flushed, then moved into
place (`os.link` for a new file: it never replaces one; `os.replace` over a recorded file), so a
reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import threading
from pathlib import Path

from sim.web.workspace import Refused, Workspace

CREATED_FILE = "created.json"
_lock = threading.Lock()  # one server's request threads: the record is read, changed and written whole


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record_path(workspace: Workspace) -> Path:
    return workspace.state() / CREATED_FILE


def _records(workspace: Workspace) -> dict[str, str]:
    try:
        data = json.loads(_record_path(workspace).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def record(workspace: Workspace, target: Path) -> None:
    """Note that the workbench wrote `target` (as it is now)."""
    with _lock:
        records = _records(workspace)
        records[workspace.relative(target)] = _digest(target.read_bytes())
        _write_atomically(_record_path(workspace), json.dumps(records, indent=2, sort_keys=True).encode(), True)


def created_by_workbench(workspace: Workspace, target: Path) -> bool:
    """True when the workbench wrote `target` and it is unchanged since (a regular file, not a symlink)."""
    if target.is_symlink() or not target.is_file():
        return False
    recorded = _records(workspace).get(workspace.relative(target))
    return recorded is not None and recorded == _digest(target.read_bytes())


def _write_atomically(target: Path, data: bytes, replace: bool) -> None:
    """`data` into `target` via a temporary file in the same folder; FileExistsError if not `replace` and it exists."""
    temporary = target.parent / f".{target.name}.tmp-{secrets.token_hex(4)}"
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)  # fails when target exists: never replaces a file
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def save_new(workspace: Workspace, target: Path, text: str) -> None:
    """Write `text` as the new file `target` (Refused when it exists) and record it."""
    try:
        _write_atomically(target, text.encode("utf-8"), replace=False)
    except FileExistsError:
        raise Refused(f"{target.name} exists; choose another name (a file is never overwritten)") from None
    record(workspace, target)


def save_over(workspace: Workspace, target: Path, text: str) -> None:
    """Write `text` over `target`, a file the workbench created and nobody changed since (else Refused)."""
    if not created_by_workbench(workspace, target):
        raise Refused(
            f"{workspace.relative(target)} was not written by the workbench (or was changed since): it is not "
            "overwritten; save the text as a new file"
        )
    _write_atomically(target, text.encode("utf-8"), replace=True)
    record(workspace, target)
