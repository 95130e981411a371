"""The result of `supplysim analyze` (`Analysis`) and its folder: `<out>/analysis/` with every
output (formats in docs/DEMAND.md) and `manifest.json`, written atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from sim.experiment.results_folder import atomic_folder, write_csv, write_json
from sim.studies.analyze.catalogue_out import catalogue_frame
from sim.studies.analyze.section import html_fragment, markdown


@dataclass
class Analysis:
    """Everything `analyze` found; `write` puts it on disk."""

    source: str
    table: pd.DataFrame
    matrix: pd.DataFrame
    summary: dict[str, Any]
    policy_block: str
    skus_block: str
    inputs: list[str] = field(default_factory=list)

    def section_markdown(self) -> str:
        """The report section as Markdown."""
        return markdown(self.source, self.summary, self.table, self.matrix)

    def section_html(self) -> str:
        """The report section as an HTML fragment (every value escaped)."""
        return html_fragment(self.source, self.summary, self.table, self.matrix)

    def write(self, out: Path, command: str = "python API") -> Path:
        """Create the results folder `out` (which must not exist) with `analysis/` inside, atomically."""
        if out.exists():
            raise FileExistsError(f"{out} already exists; choose another --out or remove it")

        def fill(tmp: Path) -> None:
            folder = tmp / "analysis"
            folder.mkdir()
            write_csv(_rounded(self.table), folder / "sku_analysis.csv")
            write_csv(self.matrix, folder / "abc_xyz.csv")
            (folder / "policy_block.yaml").write_text(self.policy_block, encoding="utf-8")
            (folder / "skus_block.yaml").write_text(self.skus_block, encoding="utf-8")
            write_csv(catalogue_frame(self.table), folder / "catalogue.csv")  # skus: {path: …} (docs/DEMAND.md)
            write_json(folder / "summary.json", self.summary)
            (folder / "section.md").write_text(self.section_markdown(), encoding="utf-8")
            (folder / "section.html").write_text(self.section_html(), encoding="utf-8")
            write_json(tmp / "manifest.json", _manifest(self, command))

        return atomic_folder(out, fill)


_ROUND = {
    "revenue": 2,
    "revenue_share": 6,
    "cumulative_share": 6,
    "units_per_day": 4,
    "units_per_day_sd": 4,
    "units_per_order": 4,
    "adi": 4,
    "cv2": 4,
    "period_mean": 4,
    "period_sd": 4,
    "cv": 4,
    "unit_price": 4,
    "unit_cost": 4,
    "safety_stock": 2,
    "orders_per_year": 2,
    "stocked_direct_per_order": 4,
    "holding_per_order": 4,
    "ordering_per_order": 4,
    "shortage_per_order": 4,
    "stocked_cost_per_order": 4,
    "virtual_cost_per_order": 4,
    "saving_per_order": 4,
    "stockout_cost_per_day": 2,
    "expected_stockout_units_per_year": 2,
    "implied_backorder_cost_per_unit_year": 4,
    "rq_cost_per_year": 2,
    "rq_opt_reorder_point": 2,
    "rq_opt_order_quantity": 2,
    "rq_opt_cost_per_year": 2,
    "inventory_value": 2,
    "daily_cogs": 4,
    "dio_days": 2,
    "turnover": 3,
    "capital_released": 2,
}


def _rounded(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    for column, digits in _ROUND.items():
        if column in out.columns:
            out[column] = out[column].astype(float).round(digits)
    return out


def _manifest(a: Analysis, command: str) -> dict[str, Any]:
    """What made the folder: versions, the command, when, and a hash of every input file."""

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    def sha(path: str) -> str:
        try:
            return hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            return ""

    return {
        "supplysim": version("supplysim"),
        "kind": "analysis",
        "command": command,
        "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "inputs": {p: sha(p) for p in [a.source, *a.inputs]},
        "versions": {d: version(d) for d in ("numpy", "pandas", "scipy")},
    }
