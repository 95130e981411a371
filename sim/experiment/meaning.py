"""Warnings for runs that mean nothing: a resource offered more work than it can do.

Before a run, `before_run` estimates each pick/pack station's and print-on-demand line's offered
load from the scenario's rates and every policy's routes (sim.plan.load_check). After it,
`after_run` reads the measured pick/pack utilisation in the breakdown (mean over replications) and
names every node at 0.99 or more. Both are warnings, never errors, and change no KPI file: the
Python API issues them as `MeaninglessRunWarning` and keeps them in `Results.warnings`; the CLI
prints them as `warning: …` lines (docs/LIMITS.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sim.config import Scenario
from sim.network.build import build_network
from sim.plan.build import make_plan
from sim.plan.load_check import overloads

SATURATED = 0.99
"""A measured utilisation at or above this means the queue did not keep up (for all practical purposes)."""


class MeaninglessRunWarning(UserWarning):
    """A resource is loaded at or above its capacity: queues grow and delivery KPIs mean little."""


def before_run(scenario: Scenario, policies: Sequence[str]) -> list[str]:
    """The estimated overloads of `policies` on `scenario`, as warning texts (empty when none)."""
    network = build_network(scenario)
    return [load.message() for load in overloads(network, [make_plan(network, name) for name in policies])]


def after_run(breakdown: pd.DataFrame) -> list[str]:
    """Nodes whose mean measured pick/pack utilisation is at least `SATURATED`, as warning texts."""
    if breakdown.empty:
        return []
    rows = breakdown[(breakdown["scope"] == "node") & (breakdown["metric"] == "pick_utilisation")]
    means = rows.groupby(["policy", "name"], sort=False)["value"].mean().dropna()
    found = [(str(key[0]), str(key[1]), float(value)) for key, value in means.items()]  # type: ignore[index]
    return [
        f"policy {policy}: node {node} pick/pack utilisation was {value:.1%} (measured, mean over replications): "
        "its queue did not keep up, so delivery KPIs mean little"
        for policy, node, value in found
        if value >= SATURATED
    ]
