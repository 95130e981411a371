"""Golden test per shipped scenario: fixed seed, committed KPIs, tight tolerances.

The simulation is deterministic, so the tolerance only absorbs floating-point differences between
platforms (relative 1e-6). A failure means the model's numbers changed: if that was intended,
regenerate with `python -m tests.golden.regenerate` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.golden import compute, golden_path

from .conftest import SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_scenario_matches_its_golden_kpis(path: Path) -> None:
    expected = pd.read_csv(golden_path(path))
    actual = compute(path)
    assert list(actual.policy) == list(expected.policy) and list(actual.metric) == list(expected.metric)
    mismatches = [
        f"{p}/{m}: golden {e!r}, now {a!r}"
        for p, m, e, a in zip(actual.policy, actual.metric, expected["mean"], actual["mean"], strict=True)
        if not (np.isclose(a, e, rtol=1e-6, atol=1e-9) or (np.isnan(a) and np.isnan(e)))
    ]
    assert not mismatches, "\n".join(mismatches)
