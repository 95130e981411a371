"""The terminal progress bar shows the day inside a run (the `detail` channel sim.experiment.progress uses)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from sim.cli import common


def test_the_bar_shows_fractional_runs_and_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    monkeypatch.setattr(common, "err_console", Console(file=screen, force_terminal=True, width=160))
    with common.progress_bar(enabled=True) as update:
        assert update is not None
        update(0.25, 1)  # the first report resets the bar: the detail field must survive it
        update.detail("run 1 of 1 · day 50 of 200")  # type: ignore[attr-defined]
        update(0.5, 1)
    assert "day 50 of 200" in screen.getvalue()
