"""Fixtures of the report tests: small results folders, each simulated and reported once per session.

Runs are shortened (`--set horizon_days=…`) and serial, so the whole report suite stays fast; the
report code does not care how long the horizon was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sim
from sim.config import load_scenario
from sim.report.html import write_report

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_SKU = "<script>alert(1)</script>"
HOSTILE_DESCRIPTION = '<img src=x onerror="alert(2)"> Tom & Jerry\'s "shop"'
MATH_SKU = r"TEE-$\frac{$"  # would be a mathtext parse error if matplotlib saw it raw


def _results(
    tmp_path_factory: pytest.TempPathFactory, name: str, scenario: Path, overrides: list[str], reps: int
) -> Path:
    out = tmp_path_factory.mktemp(name) / "results"
    results = sim.compare(load_scenario(scenario, overrides), replications=reps, seed=11, workers=1)
    # the same path compare takes: the report is written into the temporary folder before the rename
    return results.write(out, command=f"test fixture {name}", finish=write_report)


@pytest.fixture(scope="session")
def small_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """small_store, 90 days, 3 replications, with its report."""
    return _results(
        tmp_path_factory, "small", ROOT / "scenarios/small_store.yaml", ["horizon_days=90", "warmup_days=14"], 3
    )


@pytest.fixture(scope="session")
def headline_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The headline scenario (multichannel), shortened to 120 days and 2 replications, with its report."""
    return _results(
        tmp_path_factory, "headline", ROOT / "scenarios/multichannel.yaml", ["horizon_days=120", "warmup_days=14"], 2
    )


@pytest.fixture(scope="session")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """small_store whose best seller is called `<script>alert(1)</script>`, with markup in the description
    and mathtext in another SKU id."""
    text = (ROOT / "scenarios/small_store.yaml").read_text(encoding="utf-8")
    text = text.replace("MUG-CLASSIC", f"'{HOSTILE_SKU}'").replace("TEE-LOGO", f"'{MATH_SKU}'")
    text = text.replace(
        "description: Five SKUs, one warehouse, one dropship supplier, one parcel carrier.",
        "description: '" + HOSTILE_DESCRIPTION.replace("'", "''") + "'",
    )
    assert HOSTILE_SKU in text and "Tom & Jerry" in text
    scenario = tmp_path_factory.mktemp("hostile-scenario") / "hostile.yaml"
    scenario.write_text(text, encoding="utf-8")
    return _results(tmp_path_factory, "hostile", scenario, ["horizon_days=60", "warmup_days=7"], 2)


@pytest.fixture(scope="session")
def hostile_text() -> dict[str, str]:
    """The hostile strings of `hostile_folder`."""
    return {"sku": HOSTILE_SKU, "description": HOSTILE_DESCRIPTION, "math_sku": MATH_SKU}


@pytest.fixture
def copy_of(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh copy of a session folder, for tests that change it."""

    def copy(folder: Path) -> Path:
        target = tmp_path / folder.name
        shutil.copytree(folder, target)
        return target

    return copy
