"""The validation table as plain text: fixed-width, stable, easy to paste into docs/VALIDATION.md."""

from __future__ import annotations

import math

import pandas as pd

from sim.studies.validation.runner import FAMILY_ALPHA, Report, Row

QUANTITY_WIDTH = 62
RESULT = {True: "pass", False: "FAIL"}
KIND_MARK = {"exact": "", "approx": "≈", "calc": ""}
COLUMNS = (
    "case",
    "policy",
    "quantity",
    "source",
    "kind",
    "analytic",
    "simulated_mean",
    "ci_low",
    "ci_high",
    "replications",
    "simultaneous_half_width",
    "tolerance",
    "reference",
    "result",
)
"""The columns of validation.csv, one row per check."""


def _number(value: float, digits: int) -> str:
    if math.isnan(value):
        return "—"
    return f"{value:,.{digits}f}"


def _criterion(row: Row) -> str:
    check = row.check
    if check.kind == "calc":
        assert check.reference is not None
        ref = f"{check.reference:g}"
        return f"= {ref}" if check.tolerance == 0 else f"{ref} ± {check.tolerance:g}"
    simultaneous = _number(row.simultaneous, check.digits)
    if check.kind == "approx":
        return f"±{simultaneous} + {check.tolerance:g}"
    return f"±{simultaneous}"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render(report: Report) -> list[str]:
    """The table, then notes and the summary, as lines."""
    header = (
        f"{'quantity':<{QUANTITY_WIDTH}} {'analytic':>11} {'simulated':>11} {'95 % CI':>25} {'criterion':>19}  result"
    )
    lines = [header, "─" * len(header)]
    notes: list[str] = []
    runs = {run.case.name: run for run in report.runs}
    current_case = current_policy = None
    for row in report.rows:
        case, check = row.case, row.check
        if case.name != current_case:
            run = runs[case.name]
            if current_case is not None:
                lines.append("")
            lines.append(
                f"{case.name} — {case.title}  [{run.replications} reps × {run.horizon_days:g} days, "
                f"warm-up {run.warmup_days:g}, seed {run.seed}]"
            )
            if case.source:
                lines.append(f"  source: {case.source}")
            current_case, current_policy = case.name, None
        if check.policy != current_policy:
            lines.append(f"  policy {check.policy}" if check.policy else "  calculations (no simulation)")
            current_policy = check.policy
        mark = KIND_MARK[check.kind]
        label = f"{mark}{check.quantity}"
        if check.note:
            notes.append(check.note)
            label += f" [{len(notes)}]"
        if check.kind == "calc":
            simulated, interval = "", ""
        else:
            simulated = _number(row.mean, check.digits)
            interval = f"[{_number(row.ci_low, check.digits)}, {_number(row.ci_high, check.digits)}]"
        lines.append(
            f"    {_shorten(label, QUANTITY_WIDTH - 4):<{QUANTITY_WIDTH - 4}} {_number(check.analytic, check.digits):>11} "
            f"{simulated:>11} {interval:>25} {_criterion(row):>19}  {RESULT[row.passed]}"
            + (f"  ({check.source})" if check.source and check.source != case.source else "")
        )
    lines.append("")
    m = report.stochastic_checks
    lines.append(
        f"criterion: a simulated check passes when |simulated − analytic| ≤ the half-width of its simultaneous "
        f"interval (Bonferroni over the {m} simulated checks, family-wise {1 - FAMILY_ALPHA:.0%}: t at "
        f"1 − {FAMILY_ALPHA:g}/(2·{m})), plus the stated tolerance for approximations (≈); a calculation passes "
        f"when it reproduces its reference within that reference's rounding. The 95 % CI column is each "
        f"check's own Student-t interval over the replications."
    )
    if notes:
        lines.append("notes:")
        lines += [f"  [{i}] {note}" for i, note in enumerate(notes, start=1)]
    passed = sum(r.passed for r in report.rows)
    judged = len(report.rows)
    mode = "quick" if report.quick else "full"
    verdict = "all pass" if report.ok else f"{len(report.failed)} FAILED"
    lines.append(f"{passed}/{judged} checks pass ({verdict}); {mode} run in {report.wall_s:.0f} s")
    return lines


def frame(report: Report) -> pd.DataFrame:
    """The table as data: one row per check, `COLUMNS` (calculations have no simulated columns)."""
    records = []
    for row in report.rows:
        check = row.check
        calc = check.kind == "calc"
        records.append(
            {
                "case": row.case.name,
                "policy": check.policy or "",
                "quantity": check.quantity,
                "source": row.source,
                "kind": check.kind,
                "analytic": check.analytic,
                "simulated_mean": math.nan if calc else row.mean,
                "ci_low": math.nan if calc else row.ci_low,
                "ci_high": math.nan if calc else row.ci_high,
                "replications": 0 if calc else row.n,
                "simultaneous_half_width": math.nan if calc else row.simultaneous,
                "tolerance": check.tolerance,
                "reference": math.nan if check.reference is None else check.reference,
                "result": RESULT[row.passed],
            }
        )
    return pd.DataFrame.from_records(records, columns=list(COLUMNS))
