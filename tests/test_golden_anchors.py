"""Regression anchors: a shipped scenario's golden KPIs from before its `warmup_days` changed.

When a shipped scenario's settings change on purpose (issue 16: warm-ups raised to the MSER-5
suggestion), its golden file changes with them; the previous golden moves to
`tests/golden/anchors/<scenario>_warmup<old days>.csv`, and this test recomputes that scenario with
`--set warmup_days=<old days>` and matches the anchor exactly as test_golden does (relative 1e-6). So
the model's numbers stay pinned to the history of goldens, not only to the latest settings.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.golden import GOLDEN, SCENARIOS, compute

ANCHORS = sorted((GOLDEN / "anchors").glob("*.csv"))
NAME = re.compile(r"(?P<scenario>.+)_warmup(?P<days>\d+(?:\.\d+)?)")


def anchor_setting(anchor: Path) -> tuple[Path, str]:
    """The scenario file and the `--set` text an anchor's file name stands for."""
    found = NAME.fullmatch(anchor.stem)
    assert found, f"{anchor.name}: name it <scenario>_warmup<days>.csv"
    return SCENARIOS / f"{found['scenario']}.yaml", f"warmup_days={found['days']}"


def test_anchor_names_are_read_as_scenario_and_old_warmup() -> None:
    assert anchor_setting(GOLDEN / "anchors" / "smart_routing_warmup21.csv") == (
        SCENARIOS / "smart_routing.yaml",
        "warmup_days=21",
    )
    assert anchor_setting(GOLDEN / "anchors" / "peak_season_warmup14.csv")[1] == "warmup_days=14"


@pytest.mark.filterwarnings("ignore::sim.experiment.warmup.ShortWarmupWarning")  # the old warm-ups are short
@pytest.mark.parametrize("anchor", ANCHORS, ids=[p.stem for p in ANCHORS])
def test_scenario_with_its_old_warmup_matches_its_anchor(anchor: Path) -> None:
    path, setting = anchor_setting(anchor)
    assert path.exists(), f"{anchor.name}: no scenario {path.name}"
    expected = pd.read_csv(anchor)
    actual = compute(path, (setting,))
    assert list(actual.policy) == list(expected.policy) and list(actual.metric) == list(expected.metric)
    mismatches = [
        f"{p}/{m}: anchor {e!r}, now {a!r}"
        for p, m, e, a in zip(actual.policy, actual.metric, expected["mean"], actual["mean"], strict=True)
        if not (np.isclose(a, e, rtol=1e-6, atol=1e-9) or (np.isnan(a) and np.isnan(e)))
    ]
    assert not mismatches, "\n".join(mismatches)
