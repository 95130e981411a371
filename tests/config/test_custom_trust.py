"""The trust boundary of scenario-named code (docs/TRUST.md): a `class:` is imported only when allowed.

Each test names a module that leaves a mark when imported, so "not imported" is observed, not assumed.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from sim.cli import main
from sim.config.custom import ALLOW_CODE_ENV
from sim.report.folder import read_results_folder

from ..conftest import TINY

RULE = """
from pathlib import Path
Path({mark!r}).write_text("imported")

class Rule:
    initial_level = 10
    reorder_point = 5
    def __init__(self, level: int = 10) -> None:
        self.initial_level = level
    def decide(self, snapshot):
        return 0
"""


def scenario_with(module: str) -> dict[str, Any]:
    data = copy.deepcopy(TINY)
    data["policies"] = [{"name": "mine", "kind": "stocked", "reorder": {"kind": "custom", "class": f"{module}:Rule"}}]
    return data


@pytest.fixture
def marked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """(module name, mark file, scenario file): a module on sys.path that writes `mark` when imported."""
    name = f"trust_rule_{abs(hash(str(tmp_path))) % 10**8}"
    code_dir = tmp_path / "code"
    code_dir.mkdir()
    mark = tmp_path / "imported.txt"
    (code_dir / f"{name}.py").write_text(RULE.format(mark=str(mark)), encoding="utf-8")
    monkeypatch.syspath_prepend(str(code_dir))
    monkeypatch.delenv(ALLOW_CODE_ENV, raising=False)  # restored after the test, whatever --allow-code set
    text = yaml.safe_dump(scenario_with(name), sort_keys=False)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    yield name, mark, path
    sys.modules.pop(name, None)


def test_validate_refuses_code_without_the_switch_at_the_class_key(marked) -> None:  # type: ignore[no-untyped-def]
    _name, mark, path = marked
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "class:" in t)
    assert f"{path}:{line}:" in result.output and "policies[0].reorder.class" in result.output, result.output
    assert "--allow-code" in result.output and ALLOW_CODE_ENV in result.output
    assert "Traceback" not in result.output
    assert not mark.exists()


def test_run_refuses_code_without_the_switch_and_writes_nothing(marked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _name, mark, path = marked
    out = tmp_path / "res"
    result = CliRunner().invoke(main, ["run", str(path), "--out", str(out), "--reps", "2", "--workers", "1"])
    assert result.exit_code == 2 and "--allow-code" in result.output, result.output
    assert not mark.exists() and not out.exists()


def test_allow_code_flag_and_environment_import_it(marked, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    name, mark, path = marked
    result = CliRunner().invoke(main, ["validate", "--allow-code", str(path)])
    assert result.exit_code == 0, result.output
    assert mark.exists()
    mark.unlink()
    sys.modules.pop(name, None)
    monkeypatch.setenv(ALLOW_CODE_ENV, "1")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0 and mark.exists(), result.output


def test_report_never_imports_a_results_folders_code(marked, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name, mark, path = marked
    monkeypatch.setenv(ALLOW_CODE_ENV, "1")  # even when the user allows code for their own scenarios
    out = tmp_path / "res"
    result = CliRunner().invoke(main, ["run", str(path), "--out", str(out), "--reps", "2", "--workers", "1"])
    assert result.exit_code == 0, result.output
    mark.unlink()
    sys.modules.pop(name, None)
    folder = read_results_folder(out)
    assert folder.scenario is not None and "scenario.yaml" not in folder.missing
    result = CliRunner().invoke(main, ["report", str(out)])
    assert result.exit_code == 0, result.output
    assert not mark.exists()


def test_the_current_directory_is_not_searched(marked, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name, mark, path = marked
    here = tmp_path / "here"
    here.mkdir()
    (tmp_path / "code" / f"{name}.py").rename(here / f"{name}.py")
    monkeypatch.chdir(here)
    result = CliRunner().invoke(main, ["validate", "--allow-code", str(path)])
    assert result.exit_code == 2 and "cannot import module" in result.output and "PYTHONPATH" in result.output
    assert not mark.exists()


def test_the_switch_reaches_spawned_pool_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--allow-code travels in the environment, so the pool's spawned processes may build the plan too."""
    monkeypatch.delenv(ALLOW_CODE_ENV, raising=False)
    example = Path(__file__).resolve().parents[2] / "examples" / "custom_policy" / "scenario.yaml"
    out = tmp_path / "res"
    args = ["compare", "--allow-code", str(example), "--reps", "2", "--workers", "2", "--set", "horizon_days=45"]
    result = CliRunner().invoke(main, [*args, "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "pallets" in (out / "summary.csv").read_text()
