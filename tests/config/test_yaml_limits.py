"""The positioned YAML loader's limits (docs/LIMITS.md): alias bombs, self-reference, nesting depth,
file size and unknown tags are located errors, found before anything is expanded."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sim.base.limits import SCENARIO_MAX_BYTES, YAML_MAX_ALIASES
from sim.cli import main
from sim.config.yamlpos import load_yaml

from ..conftest import TINY


def bomb(levels: int) -> str:
    """The classic 'billion laughs': each level lists the previous one nine times."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnop"
    for prev, name in itertools.pairwise(names[: levels + 1]):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def messages(text: str) -> list[str]:
    data, _, problems = load_yaml(text, "s.yaml")
    assert data is None
    return [p.format() for p in problems]


def test_a_small_alias_bomb_fails_fast_with_a_located_error_in_bounded_memory(tmp_path: Path) -> None:
    """Seven levels (≈350 bytes) took 10.9 s and 1.7 GB; nine run for minutes. In a subprocess held
    to 600 MB of address space (and a hang guard), the loader must answer with the error."""
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb(9))
    assert len(path.read_bytes()) < 500
    code = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (600 * 2**20, 600 * 2**20))
        from sim.config.yamlpos import load_yaml
        data, _, problems = load_yaml(open({str(path)!r}).read(), "bomb.yaml")
        print(data is None, [p.format() for p in problems])
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("True")
    assert "bomb.yaml:10:" in out.stdout and "aliases would expand this file" in out.stdout


def test_alias_bomb_through_the_cli_exits_2_located(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb(7))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}:8:" in result.output and "aliases would expand" in result.output
    assert "Traceback" not in result.output


def test_self_referencing_alias_is_located_not_a_recursion_error() -> None:
    [message] = messages("name: x\na: &a [*a]\n")
    assert message.startswith("s.yaml:2:8") and "inside the block &a" in message


def test_self_reference_through_a_mapping_is_located() -> None:
    [message] = messages("name: x\na: &a\n  b: 1\n  c: *a\n")
    assert message.startswith("s.yaml:4:6") and "*a" in message


def test_deep_nesting_is_located_not_a_recursion_error() -> None:
    [message] = messages("name: x\na: " + "[" * 5000 + "]" * 5000 + "\n")
    assert message.startswith("s.yaml:2:") and "nested more than" in message


def test_too_many_alias_uses_are_located() -> None:
    text = "x: &x 1\nl: [" + ", ".join(["*x"] * (YAML_MAX_ALIASES + 1)) + "]\n"
    [message] = messages(text)
    assert message.startswith("s.yaml:2:") and "alias uses" in message


def test_ordinary_anchors_and_merge_keys_still_load() -> None:
    data, _, problems = load_yaml("base: &b {x: 1, y: [1, 2]}\nc: {<<: *b, z: 2}\nd: *b\n", "s.yaml")
    assert problems == []
    assert data == {"base": {"x": 1, "y": [1, 2]}, "c": {"x": 1, "y": [1, 2], "z": 2}, "d": {"x": 1, "y": [1, 2]}}


def test_an_oversized_scenario_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(TINY) + "# " + "x" * SCENARIO_MAX_BYTES + "\n")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}:1:1" in result.output and "over the limit" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_scenario_is_refused_without_opening_it(tmp_path: Path) -> None:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    result = CliRunner().invoke(main, ["validate", str(path)])  # opening it would block forever
    assert result.exit_code == 2, result.output
    assert "not a regular file" in result.output


@pytest.mark.parametrize(
    ("text", "where", "tag"),
    [
        ("name: !custom x\n", "s.yaml:1:7", "!custom"),
        ("name: x\nskus: !!set {a, b}\n", "s.yaml:2:7", "set"),
        ("name: x\nb: !!python/object:os.system ls\n", "s.yaml:2:4", "python/object"),
        ("name: x\nb: !!binary aGVsbG8=\n", "s.yaml:2:4", "binary"),
    ],
)
def test_unknown_tags_are_errors(text: str, where: str, tag: str) -> None:
    _, _, problems = load_yaml(text, "s.yaml")
    found = [p.format() for p in problems]
    assert any(m.startswith(where) and tag in m and "not allowed" in m for m in found), found
