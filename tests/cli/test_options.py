"""The pieces every verb shares: one declaration per option, one progress bar."""

from __future__ import annotations

import io
from collections import defaultdict

import click
import pytest
from rich.console import Console

from sim.cli import VERBS, common

OWN_HELP = {"--policies", "--reps", "--seed"}
"""Flags whose help names the verb's own use (policies to run / compare / analyse; replications per
case or per fold, at least 2 per case; a seed for every case); their kind of value must still agree."""
OWN = {"--policy", "--max-reps"}
"""Flags that mean a different thing per verb (the policy to run / to tune; the cap of --precision /
of the search), with their own defaults."""
ELSEWHERE = {"analyze"}
"""Verbs whose options another part of the code base declares (sim/cli/analyze.py)."""


def test_an_option_several_verbs_take_says_the_same_everywhere() -> None:
    seen: dict[str, dict[tuple[str, str, str], list[str]]] = defaultdict(lambda: defaultdict(list))
    for verb in VERBS:
        if verb.name in ELSEWHERE:
            continue
        for param in verb.params:
            flag = param.opts[0]
            if isinstance(param, click.Option) and flag not in OWN:
                spec = ("" if flag in OWN_HELP else param.help or "", type(param.type).__name__, repr(param.default))
                seen[flag][spec].append(str(verb.name))
    differing = {flag: dict(specs) for flag, specs in seen.items() if len(specs) > 1}
    assert not differing, differing


def test_no_progress_bar_when_disabled_or_not_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    with common.progress_bar(enabled=False) as update:
        assert update is None
    monkeypatch.setattr(common, "err_console", Console(file=io.StringIO(), force_terminal=False))
    with common.progress_bar(enabled=True) as update:
        assert update is None


def test_runs_done_before_the_first_report_do_not_count_towards_the_speed(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    monkeypatch.setattr(common, "err_console", Console(file=screen, force_terminal=True, width=120))
    clock = iter([100.0, 104.0])
    monkeypatch.setattr(common.time, "perf_counter", lambda: next(clock))
    with common.progress_bar(enabled=True) as update:
        assert update is not None
        update(50, 60)  # 50 runs finished by an earlier, interrupted command
        update(52, 60)  # 2 runs in 4 s by this one
    assert "0.50 runs/s" in screen.getvalue() and "52/60" in screen.getvalue()
