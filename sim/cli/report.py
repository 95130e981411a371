"""`supplysim report RESULTS_DIR`: write report.html and plots/ into a results folder, print the verdict.

`--format table` (default) prints the KPI table and the verdict, then the one-line recommendation
(the report's first sentence, sim.report.recommendation; as `compare` prints it), then the
report's path as the last line. `--format json` prints one JSON object (the recommendation, the
verdict, its effects, the KPI table, the paths) and nothing else on stdout; `--format csv` prints the verdict's effects as CSV (one row
per policy pair and headline KPI). Either machine format sends "wrote PATH" to stderr, so stdout
stays parseable.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from sim.base.words import plural
from sim.cli.common import BadInput, err_console, errors, out_console, show_path
from sim.cli.options import debug_option

CSV_SENTENCE = (
    "stdout holds the verdict's paired differences as CSV: one row per policy pair and headline KPI "
    "(difference, 95 % CI, n, threshold, meaningful); the per-policy KPIs are in summary.csv"
)
"""What `report --format csv` writes, in one sentence (on stderr, after the path)."""


@click.command()
@click.argument("results_dir", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Terminal output. table: the KPI table and the verdict. json: one object (recommendation, verdict, "
    "KPIs, paths). csv: the verdict's paired differences on stdout, one row per policy pair and headline KPI "
    "(per-policy KPIs are in the folder's summary.csv). The machine formats keep stdout parseable.",
)
@debug_option
def report(results_dir: Path, fmt: str, debug: bool) -> None:
    """Write report.html (one self-contained file) and plots/ into RESULTS_DIR, a folder `compare` wrote."""
    from sim.report.folder import NotAResultsFolder, read_results_folder
    from sim.report.html import build_report, save_report

    with errors(debug):
        try:
            folder = read_results_folder(results_dir)
        except NotAResultsFolder as exc:
            raise BadInput(str(exc)) from exc
        built = build_report(folder)
        try:
            path = save_report(built)
        except PermissionError as exc:  # a read-only folder is the user's to fix, not a bug
            raise BadInput(
                f"cannot write the report into {results_dir}: {exc.strerror}; check its permissions"
            ) from exc
        if fmt == "json":
            click.echo(json.dumps(_json_payload(built, path), indent=2, default=_jsonable, allow_nan=False))
            err_console.print(f"wrote {show_path(path)}", markup=False)
        elif fmt == "csv":
            click.echo(_csv_effects(built), nl=False)
            err_console.print(f"wrote {show_path(path)}; {CSV_SENTENCE}", markup=False)
        else:
            _print_table(built)
            out_console.print(show_path(path), markup=False)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _jsonable(value: Any) -> Any:
    """numpy scalars and other leftovers, as plain JSON values."""
    if hasattr(value, "item"):
        return _clean(value.item())
    return str(value)


def _json_payload(built: Any, path: Path) -> dict[str, Any]:
    verdict = built.verdict
    rec = verdict.recommendation
    payload = {
        "recommendation": rec.sentence if rec is not None else None,
        "recommended_policy": rec.policy if rec is not None else None,
        "results_dir": str(built.folder.path.resolve()),
        "report": str(path.resolve()),
        "plots": [str((built.folder.path / "plots" / f"{c.name}.png").resolve()) for c in built.charts],
        "policies": built.folder.policies,
        "replications": built.folder.replications,
        "verdict": {
            "leaders": verdict.leaders,
            "sentences": verdict.sentences,
            "notes": verdict.notes,
            "effects": [e.as_record() for e in verdict.effects],
        },
        "kpis": built.kpi_records(),
        "alerts": [vars(a) for a in built.alerts.rows],
    }
    return dict(_clean(payload))


def _csv_effects(built: Any) -> str:
    records = [e.as_record() for e in built.verdict.effects]
    buffer = io.StringIO()
    if not records:
        buffer.write("policy,baseline,metric,difference,ci_low,ci_high,n,significant\n")
        return buffer.getvalue()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: ("" if isinstance(v, float) and not math.isfinite(v) else v) for k, v in rec.items()})
    return buffer.getvalue()


def _print_table(built: Any) -> None:
    from sim.report.columns import KPI_TABLE

    folder = built.folder
    table = Table(
        title=f"{folder.manifest.get('scenario', '')}: mean ± 95 % CI half-width over {plural(folder.replications, 'replication')}",
        title_justify="left",
    )
    kpi = built.context["kpi_table"]
    table.add_column("policy", style="bold")
    for p in kpi["parameters"]:
        table.add_column(str(p), justify="right")
    for column in KPI_TABLE:
        table.add_column(column.header, justify="right")
    for row in kpi["rows"]:
        table.add_row(row["policy"], *(str(v) for v in row["setting"]), *row["cells"])
    out_console.print(table)
    verdict = built.verdict
    for line in [*verdict.notes, *verdict.leaders, *verdict.sentences]:
        out_console.print("• " + line, markup=False)
    if verdict.headline is not None:  # the answer, last before the path, as `compare` ends
        out_console.print(verdict.headline, markup=False)
