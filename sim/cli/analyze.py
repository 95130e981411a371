"""`supplysim analyze DEMAND_CSV`: per-SKU statistics, the ABC × XYZ matrix and stock-or-virtual advice.

Reads an order-lines or daily-demand CSV (bad rows are reported as `file.csv:ROW:COL  column
message`, exit 2, nothing written), prints the ABC × XYZ matrix, and writes `<out>/analysis/`
(formats in docs/DEMAND.md). The last line printed is the output folder.
"""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.table import Table

from sim.base.words import plural
from sim.cli.common import BadInput, err_console, errors, load, out_console, show_path
from sim.cli.options import allow_code_option

if TYPE_CHECKING:
    from sim.config.models import DemandHistorySource
    from sim.studies.analyze import Settings


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for text in values:
        name, sep, value = text.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise BadInput(f"{option} {text!r}: write {option} NAME=VALUE")
        out[name.strip()] = value.strip()
    return out


def _floats(text: str, option: str, count: int) -> tuple[float, ...]:
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise BadInput(f"{option} {text!r}: write {count} numbers separated by a comma, e.g. 0.8,0.95") from None
    if len(values) != count or not all(v > 0 for v in values) or list(values) != sorted(values):
        raise BadInput(f"{option} {text!r}: write {count} increasing positive numbers separated by a comma")
    return values


def _dates(text: str | None, option: str) -> list[dt.date]:
    if not text:
        return []
    try:
        return [dt.date.fromisoformat(v.strip()) for v in text.split(",") if v.strip()]
    except ValueError:
        raise BadInput(f"{option} {text!r}: write dates as YYYY-MM-DD separated by commas") from None


def matrix_table(summary: dict[str, Any], matrix: Any) -> Table:
    """The ABC × XYZ matrix as a terminal table: SKUs and revenue share per cell."""
    from sim.studies.analyze.section import matrix_rows

    table = Table(
        title=f"ABC (revenue) × XYZ ({summary['xyz_basis']} CV): SKUs (revenue share)",
        title_justify="left",
    )
    table.add_column("")
    for x in "XYZ":
        table.add_column(x, justify="right")
    for a, cells in matrix_rows(matrix):
        table.add_row(a, *cells)
    return table


@click.command()
@click.argument("demand_csv", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "daily", "order_lines"]),
    default="auto",
    show_default=True,
    help="order_lines (timestamp, sku, region, quantity[, unit_price]) or daily (date, sku, region, quantity"
    "[, order_lines][, unit_price][, store_open]); auto: order_lines when there is a timestamp column.",
)
@click.option("--column", "columns", multiple=True, metavar="FIELD=HEADER", help="Header of a field (repeatable).")
@click.option("--delimiter", default=",", show_default=True, help="Field separator.")
@click.option("--closed-weekdays", default="", metavar="sat,sun", help="Weekdays the store is closed.")
@click.option("--closed-dates", default=None, metavar="DATE,…", help="Other closed dates (YYYY-MM-DD).")
@click.option("--from", "first", default=None, metavar="DATE", help="Analyse from this date (default: the first).")
@click.option("--to", "last", default=None, metavar="DATE", help="Analyse up to this date, inclusive.")
@click.option(
    "--basis",
    type=click.Choice(["daily", "weekly", "monthly"]),
    default="monthly",
    show_default=True,
    help="Periods the XYZ coefficient of variation is measured on (complete periods only).",
)
@click.option("--abc", "abc", default="0.80,0.95", show_default=True, help="Cumulative revenue share up to A, B.")
@click.option("--xyz", "xyz", default="0.20,0.50", show_default=True, help="CV below which X, up to which Y.")
@click.option("--scenario", default=None, type=click.Path(dir_okay=False), help="Take costs and SKUs from a scenario.")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a scenario value.")
@click.option("--policy", default=None, help="The scenario's stocked or hybrid policy that sizes stock.")
@click.option(
    "--catalogue", default=None, type=click.Path(dir_okay=False), help="CSV: sku, unit_cost[, price, weight_kg]."
)
@click.option("--inventory", default=None, type=click.Path(dir_okay=False), help="CSV: sku, on_hand[, unit_cost].")
@click.option("--cost", "costs", multiple=True, metavar="NAME=VALUE", help="A default cost parameter (docs/DEMAND.md).")
@click.option("--target-dio", default=30.0, show_default=True, type=click.FloatRange(min=0), help="DIO target, days.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Output folder.")
@allow_code_option
@click.option("--no-progress", is_flag=True, help="Accepted like the other verbs (analyze shows no progress bar).")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def analyze(
    demand_csv: str,
    fmt: str,
    columns: tuple[str, ...],
    delimiter: str,
    closed_weekdays: str,
    closed_dates: str | None,
    first: str | None,
    last: str | None,
    basis: str,
    abc: str,
    xyz: str,
    scenario: str | None,
    overrides: tuple[str, ...],
    policy: str | None,
    catalogue: str | None,
    inventory: str | None,
    costs: tuple[str, ...],
    target_dio: float,
    out: Path | None,
    no_progress: bool,
    debug: bool,
) -> None:
    """Per-SKU demand statistics, the ABC × XYZ matrix and a stock-or-virtual recommendation per SKU."""
    from sim.history.table import cli_hint
    from sim.studies.analyze import analyze_inputs, read_inputs

    with errors(debug):
        source = _source(demand_csv, fmt, columns, delimiter, closed_weekdays, closed_dates)
        settings = _settings(basis, abc, xyz, costs, target_dio)
        if scenario is not None and (costs or catalogue):
            raise BadInput(
                "with --scenario the costs and the catalogue come from the scenario: drop --cost/--catalogue "
                "(or change the scenario, e.g. with --set)"
            )
        if scenario is None and (overrides or policy):
            raise BadInput("--set and --policy apply to a --scenario")
        world = load(scenario, overrides) if scenario is not None else None
        inputs = read_inputs(source, scenario=world, catalogue=catalogue, inventory=inventory, hint=cli_hint)
        window = [_dates(first, "--from"), _dates(last, "--to")]
        try:
            result = analyze_inputs(
                inputs,
                settings,
                scenario=world,
                policy=policy,
                first=window[0][0] if window[0] else None,
                last=window[1][0] if window[1] else None,
            )
        except (ValueError, KeyError) as exc:
            raise BadInput(str(exc).strip('"')) from None
        result.inputs = [p for p in (catalogue, inventory, scenario) if p]
        target = out if out is not None else _default_out(demand_csv)
        if target.exists():
            raise BadInput(f"{target} already exists; choose another --out or remove it")
        command = " ".join(shlex.quote(a) for a in ["supplysim", *sys.argv[1:]])
        written = result.write(target, command)
        _print(Path(demand_csv).name, result.summary, result.matrix, written / "analysis" / "policy_block.yaml")
        out_console.print(show_path(written), markup=False)


def _source(
    demand_csv: str, fmt: str, columns: tuple[str, ...], delimiter: str, closed_weekdays: str, closed_dates: str | None
) -> DemandHistorySource:
    """The demand CSV as the options describe it; BadInput for an option that does not parse."""
    from sim.config.models import HistoryColumns
    from sim.studies.analyze import history_source

    mapping = _pairs(columns, "--column")
    unknown = sorted(set(mapping) - set(HistoryColumns.model_fields))
    if unknown:
        raise BadInput(
            f"--column: unknown field {unknown[0]!r}; the fields are {', '.join(HistoryColumns.model_fields)}"
        )
    try:
        return history_source(
            demand_csv,
            fmt=fmt,  # type: ignore[arg-type]
            columns=mapping,
            delimiter=delimiter,
            closed_weekdays=closed_weekdays.split(","),
            closed_dates=_dates(closed_dates, "--closed-dates"),
        )
    except ValueError as exc:
        raise BadInput(str(exc)) from None


def _settings(basis: str, abc: str, xyz: str, costs: tuple[str, ...], target_dio: float) -> Settings:
    """The analysis settings from the options; BadInput for one that does not parse."""
    from sim.studies.analyze import Settings, SimpleCosts

    try:
        return Settings(
            basis=basis,  # type: ignore[arg-type]
            abc_cuts=_floats(abc, "--abc", 2),  # type: ignore[arg-type]
            xyz_cuts=_floats(xyz, "--xyz", 2),  # type: ignore[arg-type]
            target_dio_days=target_dio,
            costs=SimpleCosts().with_overrides({k: _number(v, k) for k, v in _pairs(costs, "--cost").items()}),
        )
    except ValueError as exc:
        raise BadInput(f"--cost: {exc}") from None


def _print(name: str, s: dict[str, Any], matrix: Any, block: Path) -> None:
    """The analysis in a few lines: the file, the matrix, the patterns, the recommendation, the stock,
    and the warnings of a too-short history (on stderr)."""
    out_console.print(
        f"{name}: {s['first_date']} to {s['last_date']}, {plural(s['skus'], 'SKU')}, {s['units']:,} units; "
        f"costs: {s['costs']['source']}",
        markup=False,
    )
    out_console.print(matrix_table(s, matrix))
    out_console.print(
        "Demand patterns (Syntetos–Boylan, daily): " + ", ".join(f"{k} {v}" for k, v in s["patterns"].items()),
        markup=False,
    )
    rec = s["recommendation"]
    out_console.print(
        f"Recommendation: {plural(rec['stocked'], 'SKU')} stocked ({rec['stocked_revenue_share']:.1%} of revenue), "
        f"{rec['inventory_free']} inventory-free; expected saving {rec['saving_per_year_vs_all_virtual']:,.0f} "
        f"a year against all-virtual{' (see the warnings)' if s['warnings'] else ''}. "
        f"Policy block: {show_path(block)}",
        markup=False,
    )
    for warning in s["warnings"]:
        err_console.print(f"warning: {warning}", markup=False)
    if "inventory" in s:
        inv = s["inventory"]
        out_console.print(
            f"Inventory: DIO {inv['dio_days']:.1f} days, turnover {inv['turnover']:.1f}/year, capital released at "
            f"{inv['target_dio_days']:g} days {inv['capital_released']:,.2f}, {plural(inv['alerts'], 'SKU')} with alerts",
            markup=False,
        )


def _number(text: str, name: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{name}={text!r} is not a number") from None


def _default_out(demand_csv: str) -> Path:
    import time

    base = Path("results") / Path(demand_csv).stem
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = base / f"analyze-{stamp}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = base / f"analyze-{stamp}-{n}"
    return candidate
