"""`supplysim init [PATH]`: write a commented starter scenario that validates and runs as written.

The choices come from flags (`--regions`, `--nodes`, `--catalogue`) or, on a terminal, from a
short question set for the ones not given; with no terminal (stdin not a TTY: scripts, CI) or
`--no-input` it asks nothing and uses the defaults. The text is sim.config.starter's; it is
checked with the scenario loader before it is written, then written atomically (a temporary
sibling, linked into place) and never over an existing file (exit 2). A bad catalogue CSV is
`file:line:col  column  message` lines and exit 2, and nothing is written.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from sim.cli.common import BadInput, errors, out_console, show_path
from sim.cli.options import debug_option

DEFAULT_PATH = "scenario.yaml"


def interactive() -> bool:
    """Whether to ask questions: only when stdin is a terminal."""
    return sys.stdin.isatty()


@click.command()
@click.argument("path", required=False, default=DEFAULT_PATH, type=click.Path(path_type=Path))
@click.option("--regions", type=click.IntRange(1, 20), default=None, help="Customer regions [2].")
@click.option(
    "--nodes",
    type=click.Choice(["both", "warehouse", "dropship"]),
    default=None,
    help="Fulfilment: an own warehouse and a dropship partner (both), or one of them [both].",
)
@click.option(
    "--catalogue",
    type=click.Path(dir_okay=False),
    default=None,
    help="A CSV with columns sku, price, unit_cost, demand_per_day[, weight_kg] (default: a 5-SKU example).",
)
@click.option("--no-input", is_flag=True, help="Ask nothing; use the defaults for what no flag gives.")
@debug_option
def init(
    path: Path, regions: int | None, nodes: str | None, catalogue: str | None, no_input: bool, debug: bool
) -> None:
    """Write a commented starter scenario to PATH (default scenario.yaml); it validates and runs as written."""
    from sim.config.starter import EXAMPLE_CATALOGUE, StarterChoices, read_catalogue, render

    with errors(debug):
        _check_target(path)
        if not no_input and interactive():
            regions, nodes, catalogue = _ask(regions, nodes, catalogue)
        skus = read_catalogue(catalogue) if catalogue else EXAMPLE_CATALOGUE
        choices = StarterChoices(
            name=_name(path), regions=regions or 2, nodes=nodes or "both", skus=skus, catalogue=catalogue
        )
        _write(path, render(choices))
        out_console.print(
            f"wrote a starter scenario; check it with `supplysim validate {path}`, run it with `supplysim compare {path}`",
            markup=False,
        )
        out_console.print(show_path(path), markup=False)


def _ask(regions: int | None, nodes: str | None, catalogue: str | None) -> tuple[int, str, str | None]:
    """The question set, for the choices no flag gave."""
    if regions is None:
        regions = click.prompt("How many customer regions?", type=click.IntRange(1, 20), default=2)
    if nodes is None:
        nodes = click.prompt(
            "Fulfil from a warehouse, a dropship partner, or both?",
            type=click.Choice(["both", "warehouse", "dropship"]),
            default="both",
        )
    if catalogue is None:
        answer = click.prompt(
            "Catalogue CSV (sku, price, unit_cost, demand_per_day[, weight_kg]); empty for an example",
            default="",
            show_default=False,
        )
        catalogue = answer.strip() or None
    return int(regions), str(nodes), catalogue


def _name(path: Path) -> str:
    """The scenario's name (it names the results folder): the file name's stem in plain characters."""
    name = re.sub(r"[^A-Za-z0-9_\-]+", "_", path.stem).strip("_-") or "starter"
    return name if name[0].isalnum() else f"s{name}"


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise BadInput(f"{path} is a folder; give a file name, e.g. {path / DEFAULT_PATH}")
    if path.exists() or path.is_symlink():
        raise BadInput(f"{path} already exists; choose another name or remove it (init never overwrites)")


def _write(path: Path, text: str) -> None:
    """Check the text with the scenario loader, then put it at `path` atomically, never over a file."""
    from sim.base.limits import SCENARIO_MAX_BYTES
    from sim.config import load_scenario

    if len(text.encode()) > SCENARIO_MAX_BYTES:
        raise BadInput(
            f"the starter would be {len(text.encode()) / 2**20:.1f} MiB, over the scenario limit of "
            f"{SCENARIO_MAX_BYTES // 2**20} MiB (docs/LIMITS.md); use a smaller catalogue"
        )
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"cannot create the folder {parent}: {exc.strerror}") from exc
    tmp = parent / f".{path.name}.tmp-{os.getpid()}"
    try:
        tmp.write_text(text, encoding="utf-8")
        load_scenario(tmp)  # a starter that does not validate is a bug: fail before it is in place
        try:
            os.link(tmp, path)  # fails if `path` appeared meanwhile: never overwrite
        except FileExistsError as exc:
            raise BadInput(f"{path} already exists; choose another name or remove it (init never overwrites)") from exc
    except PermissionError as exc:
        raise BadInput(f"cannot write {path}: {exc.strerror}; check the folder's permissions") from exc
    finally:
        tmp.unlink(missing_ok=True)
