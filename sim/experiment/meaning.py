"""Warnings for runs that mean nothing: a resource offered more work than it can do.

Before a run, `before_run` estimates each pick/pack station's and print-on-demand line's offered
load from the scenario's rates and every policy's routes (sim.plan.load_check). After it,
`after_run` reads the measured utilisation in the breakdown (mean over replications) — a node's
`pick_utilisation`, and every capacity resource's `utilisation` (scope `resource`: shifts, pickups,
partners, suppliers, production lines) — and names every one at 0.99 or more. Both are warnings, never errors, and change no KPI file: the
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
    """Nodes whose mean measured pick/pack utilisation, and capacity resources whose mean measured
    utilisation, is at least `SATURATED`, as warning texts."""
    if breakdown.empty:
        return []
    out = []
    named: set[tuple[str, str]] = set()  # (policy, "node/pick_pack") already named by its node's row
    for scope, metric, what in (
        ("node", "pick_utilisation", "pick/pack utilisation"),
        ("resource", "utilisation", "utilisation"),
    ):
        rows = breakdown[(breakdown["scope"] == scope) & (breakdown["metric"] == metric)]
        means = rows.groupby(["policy", "name"], sort=False)["value"].mean().dropna()
        for key, value in means.items():
            policy, name = str(key[0]), str(key[1])  # type: ignore[index]
            if float(value) < SATURATED or (policy, name) in named:
                continue
            named.add((policy, f"{name}/pick_pack"))
            out.append(
                f"policy {policy}: {scope} {name} {what} was {float(value):.1%} (measured, mean over replications): "
                "its queue did not keep up, so delivery KPIs mean little"
            )
    return out
