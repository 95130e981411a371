"""The validation table as plain text: fixed-width, stable, easy to paste into docs/VALIDATION.md."""

from __future__ import annotations

import math

from sim.studies.validation.runner import FAMILY_ALPHA, Report, Row

QUANTITY_WIDTH = 62
RESULT = {True: "pass", False: "FAIL", None: "info"}
KIND_MARK = {"exact": "", "approx": "≈", "calc": "", "info": ""}


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
    if check.kind == "info":
        return "for comparison"
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
        )
    lines.append("")
    m = report.stochastic_checks
    lines.append(
        f"criterion: a simulated check passes when |simulated − analytic| ≤ the half-width of its simultaneous "
        f"interval (Bonferroni over the {m} simulated checks, family-wise {1 - FAMILY_ALPHA:.0%}: t at "
        f"1 − {FAMILY_ALPHA:g}/(2·{m})), plus the stated tolerance for approximations (≈); a calculation passes "
        f"when it reproduces its reference; 'for comparison' rows never fail. The 95 % CI column is each "
        f"check's own Student-t interval over the replications."
    )
    if notes:
        lines.append("notes:")
        lines += [f"  [{i}] {note}" for i, note in enumerate(notes, start=1)]
    passed = sum(r.passed is True for r in report.rows)
    judged = sum(r.passed is not None for r in report.rows)
    mode = "quick" if report.quick else "full"
    verdict = "all pass" if report.ok else f"{len(report.failed)} FAILED"
    lines.append(f"{passed}/{judged} checks pass ({verdict}); {mode} run in {report.wall_s:.0f} s")
    return lines
