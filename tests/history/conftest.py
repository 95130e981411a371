"""Shared pieces of the demand-history tests: small CSV files and scenarios that replay them."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from ..conftest import ROOT, TINY

DATA = ROOT / "data" / "online_retail_uci"


def write(path: Path, text: str) -> Path:
    """Write `text` (dedented lines) to `path` and return it."""
    path.write_text("\n".join(line.strip() for line in text.strip().splitlines()) + "\n", encoding="utf-8")
    return path


def history_scenario(csv: Path, **history: Any) -> dict[str, Any]:
    """The tiny scenario (regions north and south) whose SKU A replays `csv` and B stays Poisson."""
    data = copy.deepcopy(TINY)
    data["regions"] = [{"name": "north", "demand_share": 0.5}, {"name": "south", "demand_share": 0.5}]
    data["zones"] = [{"between": ["north", "south"], "zone": 1}]
    data["skus"][0]["demand"] = {"kind": "history"}
    data["demand_history"] = {"path": str(csv), **history}
    return data


@pytest.fixture
def csv_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a CSV (given as lines) into tmp_path."""

    def make(text: str, name: str = "demand.csv") -> Path:
        return write(tmp_path / name, text)

    return make
