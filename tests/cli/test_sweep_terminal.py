"""`supplysim sweep` in the terminal: the real seed in the table title and the best-point sentence."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from sim.cli import main
from tests.conftest import tiny


def test_the_sweep_prints_its_seed_and_best_point(write_yaml, tmp_path: Path) -> None:
    data = tiny(horizon_days=20)
    data["policies"] = [{"name": "stock", "kind": "stocked", "reorder": {"kind": "sS", "s": 20, "S": 60}}]
    out = tmp_path / "sw"
    args = ["sweep", str(write_yaml(data)), "--set", "policies.stock.reorder.S=30,60,90", "--reps", "2",
            "--workers", "1", "--no-progress", "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "per point (seed 3)" in result.output and "seed per point" not in result.output
    assert "Best point of 3 points × policies: point" in result.output
    assert result.output.strip().splitlines()[-1].endswith("sw")
