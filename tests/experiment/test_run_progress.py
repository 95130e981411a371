"""Progress inside a run: a serial run reports simulated days through the progress callback (so a long
single run's bar moves), and the KPIs are exactly those of a run without progress."""

from __future__ import annotations

from typing import Any

import sim
from sim.config import Scenario
from sim.experiment.runs import DAY_TICKS
from tests.conftest import tiny


class Recorder:
    """A progress callback with the optional `detail` channel the CLI's bar has."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, int]] = []
        self.details: list[str] = []

    def __call__(self, done: float, total: int) -> None:
        self.calls.append((done, total))

    def detail(self, text: str) -> None:
        self.details.append(text)


def test_a_single_run_reports_days_and_changes_no_number() -> None:
    scenario = Scenario.model_validate(tiny(horizon_days=200))
    progress = Recorder()
    with_progress = sim.run(scenario, replications=1, workers=1, progress=progress, warn=False)
    without = sim.run(scenario, replications=1, workers=1, warn=False)
    assert with_progress.kpis.equals(without.kpis)
    inside = [done for done, _ in progress.calls if 0 < done < 1]
    assert {total for _, total in progress.calls} == {1}
    assert len(inside) >= DAY_TICKS // 2  # the bar moves during the only run
    assert inside == sorted(inside) and progress.calls[-1] == (1, 1)
    assert progress.details[0] == "run 1 of 1 · day 2 of 200" and progress.details[-1].endswith("of 200")


def test_several_runs_count_whole_runs_between_the_days() -> None:
    scenario = Scenario.model_validate(tiny(horizon_days=20))
    calls: list[Any] = []
    sim.compare(scenario, replications=2, workers=1, progress=lambda d, t: calls.append((d, t)), warn=False)
    whole = [d for d, _ in calls if float(d).is_integer()]
    assert whole == [1, 2, 3, 4] and all(t == 4 for _, t in calls)  # a plain callback works unchanged
    assert any(1 < d < 2 for d, _ in calls)
