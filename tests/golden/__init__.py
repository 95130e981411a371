"""Golden KPIs of each shipped scenario (fixed seed, few replications), committed as CSV.

Regenerate after an intended model change with `python -m tests.golden.regenerate`, and review the
diff: every changed number should be explained by the change.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sim

GOLDEN = Path(__file__).parent
SCENARIOS = GOLDEN.parents[1] / "scenarios"
SEED = 2025
REPLICATIONS = 3


def compute(scenario_path: Path) -> pd.DataFrame:
    """policy, metric, mean over the golden replications."""
    results = sim.compare(scenario_path, replications=REPLICATIONS, seed=SEED, workers=1)
    return results.summary[["policy", "metric", "mean"]].reset_index(drop=True)


def golden_path(scenario_path: Path) -> Path:
    return GOLDEN / f"{scenario_path.stem}.csv"
