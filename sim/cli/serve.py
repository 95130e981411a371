"""`supplysim serve [WORKSPACE]`: the planner's workbench in the browser (docs/WEB.md).

A thin verb: the server lives in the last stage, sim/web/, which the CLI stage may not import;
the composition root (`sim/__init__.py`) hands it over as `sim._web_workbench`, imported only
when this verb runs, so `import sim` and `supplysim --help` never load it.
"""

from __future__ import annotations

from pathlib import Path

import click

from sim.cli.common import BadInput, errors
from sim.cli.options import allow_code_option, debug_option

LOOPBACK = "127.0.0.1"


@click.command()
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option(
    "--host",
    default=LOOPBACK,
    show_default=True,
    help="Address to listen on. Anything but 127.0.0.1 lets other machines reach it (a warning says so).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@allow_code_option
@debug_option
def serve(workspace: Path, host: str, port: int, debug: bool) -> None:
    """Open a workbench over WORKSPACE (default: here): scenarios, runs, results, in the browser.

    Prints a URL with a token for this launch (open it; keep it private). Runs write the same
    results folders as `supplysim compare`. Ctrl-C stops the server and the runs it started.
    """
    from sim import _web_workbench

    # Only the flag itself trusts scenario code here: a SUPPLYSIM_ALLOW_CODE=1 left in the shell's
    # environment does not, since the server acts on requests from a browser (docs/WEB.md).
    source = click.get_current_context().get_parameter_source("allow_code")
    trusted = source == click.core.ParameterSource.COMMANDLINE
    with errors(debug):
        if not workspace.is_dir():
            raise BadInput(f"{workspace}: no such folder; give the folder of your scenarios (default: here)")
        try:
            _web_workbench()(workspace, host=host, port=port, trust_code=trusted)
        except OSError as exc:
            raise BadInput(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}); try another --port, or --port 0"
            ) from None
