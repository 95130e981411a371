"""The `--set` options of a command, split: plain overrides, and sweep dimensions (several values).

`parse_settings` splits every `--set path=v1,v2` (sim.sweeps.design.split_values), locating a
problem at the option. `load_single` is the scenario that `compare`, `run` and `warmup` simulate:
one scenario, so a `--set` with several values or a `sweep:` block is refused with a message that
points at `supplysim sweep`. The sweep itself is planned in sim.sweeps.points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sim.base.problems import Problem
from sim.config import Scenario, ScenarioError
from sim.config.loader import load_located
from sim.sweeps.design import split_values


@dataclass(frozen=True)
class CliSetting:
    """One `--set` option, split: its number (1-based), path, and raw values (one or several)."""

    number: int
    text: str
    path: str
    values: tuple[str, ...]

    @property
    def is_sweep(self) -> bool:
        """Several values: a sweep dimension (one value is a plain override)."""
        return len(self.values) > 1


def parse_settings(overrides: Sequence[str]) -> tuple[list[CliSetting], list[Problem]]:
    """Split every `--set path=v1,v2` (see sim.sweeps.design.split_values); problems located at the option."""
    settings: list[CliSetting] = []
    problems: list[Problem] = []
    for n, text in enumerate(overrides, start=1):
        path, sep, raw = text.partition("=")
        if not sep or not path.strip():
            settings.append(CliSetting(n, text, path.strip(), (raw,)))  # the loader reports it
            continue
        try:
            values = split_values(raw)
        except ValueError as exc:
            problems.append(Problem((), f"--set {text!r}: {exc}", "--set", n, 1))
            continue
        settings.append(CliSetting(n, text, path.strip(), tuple(values)))
    return settings, problems


def sweep_settings_problems(overrides: Sequence[str], verb: str) -> list[Problem]:
    """Problems for `compare`/`run`: a `--set` with several values is a sweep."""
    settings, problems = parse_settings(overrides)
    for s in settings:
        if s.is_sweep:
            problems.append(
                Problem(
                    (s.path,),
                    f"--set {s.text!r}: several values make a sweep; run `supplysim sweep` "
                    f"({verb} simulates one scenario; quote text that contains commas: --set 'key=\"a, b\"')",
                    "--set",
                    s.number,
                    1,
                )
            )
    return problems


def load_single(path: str, overrides: Sequence[str], verb: str) -> Scenario:
    """The scenario `compare` or `run` simulates: one scenario, so no sweep (ScenarioError otherwise).

    A `sweep:` block is refused rather than ignored (a scenario runs what it says, or says why
    not): the message points at the block and says to run `supplysim sweep`.
    """
    problems = sweep_settings_problems(overrides, verb)
    if problems:
        raise ScenarioError(problems)
    scenario, positions = load_located(path, list(overrides))
    if scenario.sweep is not None:
        raise ScenarioError(
            [
                positions.problem(
                    ("sweep",),
                    f"this scenario has a sweep: block; run it with `supplysim sweep {path}` "
                    f"({verb} simulates one scenario; `--set sweep=null` {verb}s the base scenario)",
                    key=True,
                )
            ]
        )
    return scenario
