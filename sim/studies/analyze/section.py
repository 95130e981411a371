"""The report section of an analysis: Markdown and an HTML fragment (every value escaped).

In the Markdown, user text (the file name, SKU codes, warnings naming them) has `&`, `<` and `>` written
as HTML entities, since Markdown renderers pass raw HTML through, and `|` as `\\|` so a code cannot
split a table cell (`md`).

`matrix_rows` is the one wording of an ABC × XYZ cell ("SKUs (revenue share)"), shared with the
terminal table of `supplysim analyze`.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd

from sim.base.words import plural


def matrix_rows(matrix: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """Each ABC class with its X, Y and Z cells, written as `SKUs (revenue share)`."""
    rows = []
    for a in "ABC":
        cells = []
        for x in "XYZ":
            cell = matrix[(matrix.abc == a) & (matrix.xyz == x)].iloc[0]
            cells.append(f"{int(cell.skus)} ({cell.revenue_share:.1%})")
        rows.append((a, cells))
    return rows


def md(text: object) -> str:
    """User text as Markdown that renders as the text itself: no raw HTML, no extra table cells."""
    return html.escape(str(text), quote=False).replace("|", "\\|")


def markdown(source: str, s: dict[str, Any], t: pd.DataFrame, matrix: pd.DataFrame) -> str:
    """The report section as Markdown: `s` the summary, `t` the per-SKU table of the file `source`."""
    rec = s["recommendation"]
    lines = [
        f"## Demand analysis: {md(Path(source).name)}",
        "",
        f"{s['first_date']} to {s['last_date']} ({plural(s['days'], 'day')}, {s['open_days']} open), {plural(s['skus'], 'SKU')}, "
        f"{s['units']:,} units, revenue {s['revenue']:,.2f}. XYZ on {s['xyz_basis']} coefficient of variation "
        f"({s['xyz_periods']} complete periods); costs: {md(s['costs']['source'])}.",
        "",
        *(f"**Warning:** {md(w)}." for w in s.get("warnings", [])),
        *([""] if s.get("warnings") else []),
        "### ABC × XYZ (SKUs and revenue share)",
        "",
        "| | X | Y | Z |",
        "|---|---|---|---|",
        *(f"| {abc} | {' | '.join(cells)} |" for abc, cells in matrix_rows(matrix)),
        "",
        "Demand patterns (Syntetos–Boylan, daily): " + ", ".join(f"{k} {v}" for k, v in s["patterns"].items()) + ".",
        "",
        "### Stock or keep virtual",
        "",
        f"{plural(rec['stocked'], 'SKU')} cost less per order stocked ({rec['stocked_revenue_share']:.1%} of revenue), "
        f"{rec['inventory_free']} stay inventory-free; stocking them saves an expected "
        f"{rec['saving_per_year_vs_all_virtual']:,.0f} a year against keeping everything virtual.",
        "",
        "| SKU | class | pattern | policy | stocked / order | virtual / order | reorder point | order qty |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in t.head(20).itertuples(index=False):
        lines.append(
            f"| {md(r.sku)} | {r.abc_xyz} | {r.pattern} | {r.policy} | {r.stocked_cost_per_order:.2f} | "
            f"{r.virtual_cost_per_order:.2f} | {r.reorder_point} | {r.order_quantity} |"
        )
    if len(t) > 20:
        lines.append(f"\n(The top 20 SKUs by revenue; all {len(t)} are in sku_analysis.csv.)")
    if "inventory" in s:
        inv = s["inventory"]
        lines += [
            "",
            "### Inventory",
            "",
            f"Inventory value {inv['inventory_value']:,.2f}, DIO {inv['dio_days']:.1f} days, turnover "
            f"{inv['turnover']:.1f}/year; bringing every SKU to {inv['target_dio_days']:g} days releases "
            f"{inv['capital_released']:,.2f}; {plural(inv['alerts'], 'SKU')} with alerts.",
        ]
    return "\n".join(lines) + "\n"


def html_fragment(source: str, s: dict[str, Any], t: pd.DataFrame, matrix: pd.DataFrame) -> str:
    """The report section as an HTML fragment (every value escaped)."""
    e = html.escape
    rec = s["recommendation"]
    head = "".join(f"<th>{x}</th>" for x in ("", "X", "Y", "Z"))
    body = "".join(
        f"<tr><th>{abc}</th>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>"
        for abc, cells in matrix_rows(matrix)
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{e(str(v))}</td>"
            for v in (
                r.sku,
                r.abc_xyz,
                r.pattern,
                r.policy,
                f"{r.stocked_cost_per_order:.2f}",
                f"{r.virtual_cost_per_order:.2f}",
                r.reorder_point,
                r.order_quantity,
            )
        )
        + "</tr>"
        for r in t.head(20).itertuples(index=False)
    )
    return (
        '<section class="demand-analysis">\n'
        f"<h2>Demand analysis: {e(Path(source).name)}</h2>\n"
        f"<p>{e(s['first_date'])} to {e(s['last_date'])}, {plural(s['skus'], 'SKU')}, {s['units']:,} units. "
        f"XYZ on {e(s['xyz_basis'])} coefficient of variation; costs: {e(str(s['costs']['source']))}.</p>\n"
        + "".join(f'<p class="warning">Warning: {e(w)}.</p>\n' for w in s.get("warnings", []))
        + f'<table class="abc-xyz"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n'
        f"<p>{plural(rec['stocked'], 'SKU')} stocked, {rec['inventory_free']} inventory-free; expected saving "
        f"{rec['saving_per_year_vs_all_virtual']:,.0f} a year against all-virtual.</p>\n"
        '<table class="sku-recommendations"><thead><tr>'
        + "".join(
            f"<th>{h}</th>" for h in ("SKU", "class", "pattern", "policy", "stocked/order", "virtual/order", "ROP", "Q")
        )
        + f"</tr></thead><tbody>{rows}</tbody></table>\n</section>\n"
    )
