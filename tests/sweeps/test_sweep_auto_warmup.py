"""A sweep refuses `warmup_days: auto` with a located error (each point would need its own pilot)."""

from __future__ import annotations

from click.testing import CliRunner

from sim.cli import main
from tests.conftest import tiny


def test_a_sweep_with_an_auto_warmup_is_refused_at_the_key(write_yaml, tmp_path) -> None:
    path = write_yaml(tiny(warmup_days="auto"))
    args = ["sweep", str(path), "--set", "horizon_days=20,30", "--no-progress", "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "warmup_days" in result.output and "supplysim warmup" in result.output
    assert f"{path}:3:" in result.output  # the line of warmup_days in the file
    assert not (tmp_path / "o").exists()
