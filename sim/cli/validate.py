"""`supplysim validate FILE…`: check scenarios, print every problem with its position."""

from __future__ import annotations

import click

from sim.base.words import plural
from sim.cli.common import errors, fail, load, out_console
from sim.cli.options import allow_code_option, debug_option, set_option
from sim.config import ScenarioError


@click.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(dir_okay=False))
@set_option
@allow_code_option
@debug_option
def validate(scenarios: tuple[str, ...], overrides: tuple[str, ...], debug: bool) -> None:
    """Check scenario files; print every problem as file:line:col  key.path  message."""
    from sim.config.catalogue import all_skus

    problems: list[str] = []
    with errors(debug):
        for path in scenarios:
            try:
                scenario = load(path, overrides)
            except ScenarioError as exc:
                problems += [p.format() for p in exc.problems]
                continue
            out_console.print(
                f"ok  {path}  ({scenario.name}: {plural(len(scenario.regions), 'region')}, {plural(len(all_skus(scenario)), 'SKU')}, "
                f"{plural(len(scenario.nodes), 'node')}, policies {', '.join(p.name for p in scenario.policies)})",
                markup=False,
            )
    if problems:
        fail([*problems, f"{plural(len(problems), 'problem')}."])
