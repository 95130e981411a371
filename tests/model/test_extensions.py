"""User extensions (sim.model.extensions) and the bounded drain (sim.model.model): a process that
runs forever never hangs a run; extensions load only with the trust switch; the worked example
(examples/dock_doors) reports its own resource with the queue KPIs, which match Erlang C."""

from __future__ import annotations

import copy
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
import simpy
from click.testing import CliRunner

from sim import compare, load_scenario
from sim.analytics.queues import erlang_c
from sim.base.timebase import DAY, MINUTE
from sim.cli import main
from sim.config.custom import ALLOW_CODE_ENV
from sim.config.models import Scenario
from sim.model import model as model_module

from .. import helpers
from ..conftest import TINY

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "dock_doors" / "scenario.yaml"
TICKS: list[int] = []


def forever(hooks: Any) -> None:
    """An extension whose process never ends: a tick every minute."""
    env = hooks.env

    def tick() -> Generator[simpy.Event, Any, None]:
        while True:
            yield env.timeout(MINUTE)
            TICKS.append(int(env.now))

    env.process(tick())


def _with(extensions: list[str]) -> dict[str, Any]:
    data = copy.deepcopy(TINY)
    data["horizon_days"] = 10
    data["extensions"] = extensions
    return data


def test_a_process_that_runs_forever_does_not_hang_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_CODE_ENV, "1")
    TICKS.clear()
    m = helpers.model(_with(["tests.model.test_extensions:forever"]), "stock")
    out = m.run()
    horizon = m.network.horizon_s
    assert TICKS and max(TICKS) >= horizon  # the extension ran into the drain…
    # …which ended at the first midnight after the model's own work was done, long before the limit
    assert out.end_s < horizon + 30 * DAY
    assert max(TICKS) < (out.end_s // DAY + 1) * DAY
    assert m.tally.all_units_demanded > 0


def test_the_drain_stops_at_its_limit_even_if_the_model_never_idles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_CODE_ENV, "1")
    monkeypatch.setattr(model_module.Model, "idle", lambda self: False)
    monkeypatch.setattr(model_module, "DRAIN_LIMIT_DAYS", 3)
    TICKS.clear()
    m = helpers.model(_with(["tests.model.test_extensions:forever"]), "free")
    out = m.run()
    assert m.network.horizon_s <= out.end_s <= m.network.horizon_s + 3 * DAY
    assert max(TICKS) <= m.network.horizon_s + 3 * DAY


def test_extensions_are_imported_only_with_the_trust_switch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ALLOW_CODE_ENV, raising=False)
    monkeypatch.syspath_prepend(str(ROOT))
    result = CliRunner().invoke(main, ["validate", str(EXAMPLE)])
    assert result.exit_code == 2, result.output
    assert "extensions" in result.output and "--allow-code" in result.output
    result = CliRunner().invoke(main, ["validate", "--allow-code", str(EXAMPLE)])
    assert result.exit_code == 0, result.output


def test_an_extension_that_is_not_a_function_of_the_model_is_a_located_error(
    monkeypatch: pytest.MonkeyPatch, write_yaml: Any
) -> None:
    monkeypatch.setenv(ALLOW_CODE_ENV, "1")
    data = _with(["tests.model.test_extensions:TICKS", "tests.model.test_extensions:_with_two"])
    result = CliRunner().invoke(main, ["validate", str(write_yaml(data))])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "extensions[0]" in result.output and "not a function" in result.output
    assert "extensions[1]" in result.output and "has no '_with_two'" in result.output


@pytest.mark.slow
def test_the_dock_doors_example_reports_its_resource_and_matches_erlang_c(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_CODE_ENV, "1")
    monkeypatch.syspath_prepend(str(ROOT))
    scenario: Scenario = load_scenario(EXAMPLE)
    results = compare(scenario, replications=10, seed=3, warn=False)
    b = results.breakdown
    values = b[(b["scope"] == "resource") & (b["name"] == "warehouse/dock_doors")]
    waits = values[values["metric"] == "wait_probability"]["value"].to_numpy()
    mean, half = waits.mean(), 1.96 * waits.std(ddof=1) / len(waits) ** 0.5
    offered = 30 * 45 / (24 * 60)
    assert mean - half <= erlang_c(2, offered) <= mean + half, (mean, half, erlang_c(2, offered))
    used = values[values["metric"] == "utilisation"]["value"].to_numpy()
    assert abs(used.mean() - offered / 2) < 3 * used.std(ddof=1) / len(used) ** 0.5 + 1e-9
