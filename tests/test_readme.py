"""The README opens with the two fresh-machine commands, CI runs exactly the README's test command, and
each README Python block runs unchanged when saved as a script."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sim.experiment.main_guard import SERIAL_NOTE

from .conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"```bash\n(.+?)\n```", text, flags=re.S)


def test_readme_starts_with_the_main_job_then_the_tests() -> None:
    main_job, tests = readme_commands()[:2]
    assert "supplysim compare scenarios/multichannel.yaml" in main_job and main_job.startswith("python3 -m venv")
    assert "pytest" in tests and tests.startswith("python3 -m venv")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert readme_commands()[1] in ci.splitlines()


def readme_python_blocks() -> list[str]:
    return re.findall(r"```python\n(.+?)\n```", (ROOT / "README.md").read_text(), flags=re.S)


def run_as_script(code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """`code` saved as a script in `folder` (which sees the shipped scenarios) and run there."""
    (folder / "scenarios").symlink_to(ROOT / "scenarios")
    (folder / "data").symlink_to(ROOT / "data")
    script = folder / "example.py"
    script.write_text(code + "\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, str(script)], cwd=folder, capture_output=True, text=True, env=env, timeout=600
    )


@pytest.mark.slow
@pytest.mark.parametrize("number", range(len(readme_python_blocks())))
def test_each_readme_python_block_runs_as_a_script(number: int, tmp_path: Path) -> None:
    """Saved as a file and run unchanged (no `__main__` guard): the sweep used to start a spawned pool
    whose workers re-ran the script (FileExistsError on results/my-run, then BrokenProcessPool)."""
    done = run_as_script(readme_python_blocks()[number], tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    if "sim.sweep(" in readme_python_blocks()[number]:
        assert SERIAL_NOTE in done.stderr  # one line saying why it ran serially and how to use all cores
        assert done.stderr.count("\n") <= 2
