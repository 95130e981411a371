"""`supplysim run` and `supplysim compare`: replications with common random numbers, results folder."""

from __future__ import annotations

from typing import Any

import click

from sim.cli.common import common_options, simulate_verb
from sim.cli.scale import executor_options


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--policy", default=None, help="Policy to run (default: the scenario's first).")
@executor_options
@common_options
def run(scenario: str, policy: str | None, **options: Any) -> None:
    """Replications of one policy; writes the results folder."""
    simulate_verb("run", scenario, [policy] if policy else None, True, **options)


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--policies", default=None, metavar="A,B,…", help="Policies to compare (default: all in the scenario).")
@executor_options
@common_options
def compare(scenario: str, policies: str | None, **options: Any) -> None:
    """Compare policies on the same demand (common random numbers); writes the results folder."""
    names = [p.strip() for p in policies.split(",") if p.strip()] if policies else None
    simulate_verb("compare", scenario, names, False, **options)
