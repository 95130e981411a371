"""A custom reorder class that does not meet the contract is reported by `validate --allow-code` at `class:`.

Before: only a missing `decide` was caught; a `decide` with the wrong parameters passed `validate` and
failed inside `run` (a TypeError deep in the review process).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sim.cli import main
from sim.config.custom import ALLOW_CODE_ENV

from .test_custom_trust import scenario_with

GOOD_INIT = """
class Rule:
    reorder_point = 5
    initial_level = 10
    def __init__(self, level: int = 10) -> None:
        self.initial_level = level
"""

CASES = {
    "no_snapshot": GOOD_INIT + "    def decide(self):\n        return 0\n",
    "two_args": GOOD_INIT + "    def decide(self, snapshot, extra):\n        return 0\n",
    "not_callable": GOOD_INIT + "    decide = 3\n",
}
FINE = {
    "plain": GOOD_INIT + "    def decide(self, snapshot):\n        return 0\n",
    "static": GOOD_INIT + "    @staticmethod\n    def decide(snapshot):\n        return 0\n",
    "defaults": GOOD_INIT + "    def decide(self, snapshot, extra=1, *rest, **kw):\n        return 0\n",
}


def _scenario(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, tag: str) -> tuple[Path, str]:
    name = f"contract_rule_{tag}_{abs(hash(str(tmp_path))) % 10**8}"
    code_dir = tmp_path / "code"
    code_dir.mkdir(exist_ok=True)
    (code_dir / f"{name}.py").write_text(body, encoding="utf-8")
    monkeypatch.syspath_prepend(str(code_dir))
    monkeypatch.delenv(ALLOW_CODE_ENV, raising=False)
    path = tmp_path / f"{tag}.yaml"
    path.write_text(yaml.safe_dump(scenario_with(name), sort_keys=False), encoding="utf-8")
    return path, name


@pytest.mark.parametrize("tag", sorted(CASES))
def test_a_decide_with_the_wrong_signature_is_located_at_the_class_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str
) -> None:
    path, name = _scenario(tmp_path, monkeypatch, CASES[tag], tag)
    try:
        result = CliRunner().invoke(main, ["validate", "--allow-code", str(path)])
    finally:
        sys.modules.pop(name, None)
    assert result.exit_code == 2, result.output
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "class:" in t)
    assert f"{path}:{line}:" in result.output and "policies[0].reorder.class" in result.output, result.output
    assert "decide(snapshot)" in result.output, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("tag", sorted(FINE))
def test_a_decide_that_takes_one_snapshot_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str) -> None:
    path, name = _scenario(tmp_path, monkeypatch, FINE[tag], tag)
    try:
        result = CliRunner().invoke(main, ["validate", "--allow-code", str(path)])
    finally:
        sys.modules.pop(name, None)
    assert result.exit_code == 0, result.output
