"""The `supplysim` command: a thin layer over the Python API, one module per verb, tested with a runner.

Exit codes: 0 success; 2 bad input (scenario, CLI arguments, an existing --out), printed as
`file:line:col  key.path  message` lines with no traceback; 1 an internal error (a traceback
only with --debug). The last line a command prints on stdout is the results folder.

To add a verb: write `sim/cli/<verb>.py` defining a click command, and list it in `VERBS` below.
"""

from __future__ import annotations

import click

from sim.cli.analyze import analyze
from sim.cli.backtest import backtest
from sim.cli.init import init
from sim.cli.optimize import optimize
from sim.cli.report import report
from sim.cli.serve import serve
from sim.cli.simulate import compare, run
from sim.cli.sweep import sweep
from sim.cli.validate import validate
from sim.cli.validate_model import validate_model
from sim.cli.warmup import warmup


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(package_name="supplysim")
def main() -> None:
    """supplysim: should we stock it, dropship it, or both?

    A discrete-event simulator of e-commerce fulfilment that compares inventory-free, stocked and
    hybrid policies on fill rate, cost and delivery speed, with confidence intervals.
    """


VERBS: list[click.Command] = [
    init,
    validate,
    run,
    compare,
    sweep,
    optimize,
    warmup,
    report,
    analyze,
    backtest,
    validate_model,
    serve,
]
for _verb in VERBS:
    main.add_command(_verb)
