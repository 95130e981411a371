"""The results folder of `supplysim validate-model`: the table as CSV and as text, and a manifest.

    <out>/validation.csv   one row per check (`sim.studies.validation.table.COLUMNS`)
    <out>/validation.txt   the table as printed
    <out>/manifest.json    versions, command, mode, and each case's replications, run length and seed

Written atomically (`sim.experiment.results_folder.atomic_folder`): a run that is stopped leaves no
half-written folder. The CSV holds no timestamps, so the same seeds give the same file.
"""

from __future__ import annotations

import time
from pathlib import Path

from sim.experiment.results_folder import atomic_folder, package_version, write_csv, write_json
from sim.studies.validation.runner import Report
from sim.studies.validation.table import frame, render

DEFAULT_ROOT = Path("results") / "validation"
"""Where runs go without `--out`: results/validation/validate-model-<time>/."""


def default_out(root: Path = DEFAULT_ROOT) -> Path:
    """A fresh folder name under `root`, stamped with the time."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = root / f"validate-model-{stamp}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = root / f"validate-model-{stamp}-{n}"
    return candidate


def write_validation(report: Report, out: Path, command: str) -> Path:
    """Create `out` with the validation table (CSV, text) and a manifest; returns its resolved path."""

    def fill(tmp: Path) -> None:
        write_csv(frame(report), tmp / "validation.csv")
        (tmp / "validation.txt").write_text("\n".join(render(report)) + "\n", encoding="utf-8")
        write_json(
            tmp / "manifest.json",
            {
                "verb": "validate-model",
                "command": command,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "versions": {name: package_version(name) for name in ("supplysim", "simpy", "numpy", "scipy")},
                "mode": "quick" if report.quick else "full",
                "checks": len(report.rows),
                "failed": len(report.failed),
                "cases": [
                    {
                        "case": run.case.name,
                        "scenario": run.case.scenario,
                        "replications": run.replications,
                        "horizon_days": run.horizon_days,
                        "warmup_days": run.warmup_days,
                        "seed": run.seed,
                    }
                    for run in report.runs
                ],
            },
        )

    return atomic_folder(out, fill)
