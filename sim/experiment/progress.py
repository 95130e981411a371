"""Running an experiment's tasks with progress: whole runs, and simulated days inside serial runs.

`run_all` reports `progress(done, total)` as runs finish. Runs done here, in this process (the serial
executor), also report simulated days as they go (sim.experiment.runs.execute's `on_day`): `done` grows
by fractions of a run, and the callback's optional `detail(text)` attribute gets "run 1 of 2 · day 120
of 365", so a long single run's bar moves. The KPIs are the same as without progress.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sim.config import Scenario
from sim.experiment.executors import Executor, SerialExecutor
from sim.experiment.runs import RunRecord, RunTask, execute
from sim.network.build import build_network


def run_all(
    runner: Executor, scenario: Scenario, tasks: Sequence[RunTask], progress: Callable[[int, int], None] | None
) -> list[RunRecord]:
    """Every task's record, reporting `progress(done, total)` as runs finish. Serially (here, in this
    process), a run also reports simulated days as it goes: `done` grows by fractions of a run and
    the callback's optional `detail(text)` attribute gets "run 1 of 2 · day 120 of 365" (so a long
    single run's bar moves); the KPIs are the same as without progress."""
    records: list[RunRecord] = []
    total = len(tasks)
    if progress is None or not isinstance(runner, SerialExecutor):
        for record in runner.run(scenario, tasks):
            records.append(record)
            if progress is not None:
                progress(len(records), total)
        return records
    network = build_network(scenario)
    detail = getattr(progress, "detail", None)

    def on_day(day: int, days: int) -> None:
        progress(len(records) + day / days, total)  # type: ignore[arg-type]
        if detail is not None:
            detail(f"run {len(records) + 1} of {total} · day {day} of {days}")

    for task in tasks:
        records.append(execute(network, task, on_day))
        progress(len(records), total)
    return records
