"""History → catalogue → scenario: `analyze` writes `analysis/catalogue.csv`, a scenario loads it with
`skus: {path: …}`, and each SKU's mean daily units are the history's."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.config import load_scenario
from sim.config.models import PoissonOrders
from sim.studies.analyze import analyze_files, history_source

from ..conftest import TINY


def test_history_to_catalogue_to_scenario(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    start = dt.date(2024, 1, 1)
    rows = []
    for d in range(120):
        for sku, mean in (("FAST", 30), ("SLOW", 2), ("BULK", 12)):
            q = int(rng.poisson(mean))
            lines = max(1, q // 4) if sku == "BULK" and q else min(q, 1 if sku == "SLOW" else q)
            rows.append(((start + dt.timedelta(days=d)).isoformat(), sku, q, lines, 9.5))
    history = tmp_path / "history.csv"
    frame = pd.DataFrame(rows, columns=["date", "sku", "quantity", "order_lines", "unit_price"])
    frame.to_csv(history, index=False)
    analyze_files(history_source(str(history))).write(tmp_path / "out")
    catalogue = tmp_path / "out" / "analysis" / "catalogue.csv"
    written = pd.read_csv(catalogue)
    assert list(written.id) == ["BULK", "FAST", "SLOW"]
    assert set(written.tags.str.split(";").str[0]) <= {"abc-A", "abc-B", "abc-C"}

    data = copy.deepcopy(TINY)
    data["skus"] = {"path": str(catalogue)}
    data["policies"] = [{"name": "free", "kind": "inventory_free"}]
    scenario_file = tmp_path / "s.yaml"
    scenario_file.write_text(yaml.safe_dump(data))
    scenario = load_scenario(scenario_file)
    means = frame.groupby("sku").quantity.mean()
    for sku in scenario.skus:
        assert isinstance(sku.demand, PoissonOrders)
        mean_units = sku.demand.orders_per_day * sku.demand.order_size.mean
        assert mean_units == pytest.approx(means[sku.id], rel=1e-4)
    bulk = frame[frame.sku == "BULK"]
    size = round(bulk.quantity.sum() / bulk.order_lines.sum())
    assert size > 1
    assert next(s for s in scenario.skus if s.id == "BULK").demand.order_size.mean == size  # type: ignore[union-attr]
