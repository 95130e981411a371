"""A script without a `__main__` guard runs serially with one line saying why; a guarded one keeps its pool."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sim.experiment.main_guard import SERIAL_NOTE, line_is_guarded

from ..conftest import ROOT

SOURCE = """import sim

x = 1
if __name__ == "__main__":
    y = 2

    z = 3
if "__main__" == __name__:
    w = 4
if __name__ != "__main__":
    v = 5
"""


def test_lines_inside_a_main_guard_either_way_round() -> None:
    assert [n for n in range(1, 12) if line_is_guarded(SOURCE, n)] == [5, 6, 7, 9]
    assert not line_is_guarded("def (:", 1)


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "script.py"
    script.write_text(code)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


CALL = "sim.experiment.executors.make_executor(2, 4)"


def test_guarded_script_gets_the_pool_unguarded_gets_serial_and_a_note(tmp_path: Path) -> None:
    body = f"import sim.experiment.executors\nprint(type({CALL}).__name__)\n"
    unguarded = _run(body, tmp_path)
    assert unguarded.stdout.strip() == "SerialExecutor" and unguarded.stderr.strip() == SERIAL_NOTE
    guarded = _run(
        f"import sim.experiment.executors\n\ndef main():\n    print(type({CALL}).__name__)\n\n"
        'if __name__ == "__main__":\n    main()\n',
        tmp_path,
    )
    assert guarded.stdout.strip() == "ProcessExecutor" and guarded.stderr == ""


def test_python_dash_c_is_safe() -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import sim.experiment.executors; print(type({CALL}).__name__)"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.stdout.strip() == "ProcessExecutor" and done.stderr == ""
