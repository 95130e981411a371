"""Golden KPIs of each shipped scenario (fixed seed, few replications), committed as CSV.

Regenerate after an intended model change with `python -m tests.golden.regenerate`, and review the
diff: every changed number should be explained by the change.

`anchors/<scenario>_warmup<days>.csv` keeps a scenario's golden from before its `warmup_days` was
changed: tests/test_golden_anchors.py recomputes the scenario with that old warm-up and matches it,
so a changed shipped setting never hides a change in the model (never regenerated: a model change
that moves an anchor is reviewed there like any golden).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sim

GOLDEN = Path(__file__).parent
SCENARIOS = GOLDEN.parents[1] / "scenarios"
SEED = 2025
REPLICATIONS = 3


def compute(scenario_path: Path, overrides: tuple[str, ...] = ()) -> pd.DataFrame:
    """policy, metric, mean over the golden replications; `overrides` are `--set` texts (the anchors'
    old warm-ups)."""
    scenario = sim.load_scenario(scenario_path, overrides) if overrides else scenario_path
    results = sim.compare(scenario, replications=REPLICATIONS, seed=SEED, workers=1)
    return results.summary[["policy", "metric", "mean"]].reset_index(drop=True)


def golden_path(scenario_path: Path) -> Path:
    return GOLDEN / f"{scenario_path.stem}.csv"
