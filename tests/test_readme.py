"""The README opens with the two fresh-machine commands, and CI runs exactly the README's test command."""

from __future__ import annotations

import re

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
