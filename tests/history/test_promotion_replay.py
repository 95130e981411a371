"""Promotions on replayed history: the recorded orders are repeated or thinned by the day's factor,
so a window's units are uplift × the recorded ones (CI over replications); outside, exactly as recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from sim.base.confidence import mean_ci
from sim.base.streams import Streams
from sim.config.models import Scenario
from sim.model.demand import replication_traces
from sim.network.build import build_network

from .conftest import history_scenario

START = dt.date(2025, 1, 6)


def test_uplift_scales_replayed_units(tmp_path: Path) -> None:
    rows = [
        ((START + dt.timedelta(days=d)).isoformat(), "A", region, 12, 12)
        for d in range(-5, 20)
        for region in ("north", "south")
    ]
    csv = tmp_path / "demand.csv"
    pd.DataFrame(rows, columns=["date", "sku", "region", "quantity", "order_lines"]).to_csv(csv, index=False)
    data = history_scenario(csv)
    window = {"start": (START + dt.timedelta(days=5)).isoformat(), "end": (START + dt.timedelta(days=9)).isoformat()}
    data["promotions"] = [{"name": "p", **window, "uplift": 1.4, "skus": ["A"], "regions": ["north"]}]
    network = build_network(Scenario.model_validate(data))
    in_window = []
    for rep in range(20):
        traces = replication_traces(network, Streams(5, rep))
        assert traces is not None
        for s in network.streams:
            trace = traces[s.index]
            if trace is None:
                continue
            inside = (trace.day >= 5) & (trace.day <= 9)
            if network.regions[s.region] == "south":
                assert trace.units.sum() == 12 * 20  # untouched, as recorded
            else:
                assert trace.units[~inside].sum() == 12 * 15  # outside the window: as recorded
                in_window.append(trace.units[inside].sum() / (12 * 5))
    _, low, high, _ = mean_ci(in_window)
    assert low <= 1.4 <= high and high - low < 0.1, (low, high)
    assert not np.allclose(in_window, in_window[0])
