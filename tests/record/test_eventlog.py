"""The streaming counters agree with the event log: the KPIs are what the log says happened."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.base.timebase import DAY
from sim.config import load_scenario
from sim.metrics.kpis import kpis
from sim.model.model import Model
from sim.network.build import build_network
from sim.plan.build import make_plan

from ..conftest import SCENARIOS


@pytest.mark.parametrize(
    "scenario,policy", [("small_store", "hybrid"), ("two_echelon", "stocked"), ("multichannel", "inventory_free")]
)
def test_counters_match_the_event_log(scenario: str, policy: str) -> None:
    # a warm-up inside the 90 days (multichannel's own 119 would not be)
    network = build_network(load_scenario(SCENARIOS / f"{scenario}.yaml", ["horizon_days=90", "warmup_days=28"]))
    m = Model(network, make_plan(network, policy), 7, 0, events=True)
    out = m.run()
    assert out.log is not None
    log = out.log.to_frame(network)
    values = kpis(out.tally, out.units_backordered_end)

    orders = log[log.event == "order"].set_index("order")
    counted = orders[orders.t >= network.warmup_s]
    assert values["orders"] == len(counted)
    assert values["units_demanded"] == counted.units.sum()

    in_window = log.order.isin(counted.index)
    allocated_now = log[(log.event == "allocate") & in_window]
    first = allocated_now[allocated_now.t == allocated_now.order.map(orders.t)]  # at the moment of ordering
    assert values["fill_rate_units"] == pytest.approx(first.units.sum() / counted.units.sum())
    full = first.groupby("order").units.sum().reindex(counted.index, fill_value=0) == counted.units
    assert values["fill_rate_orders"] == pytest.approx(full.mean())

    lost = log[(log.event == "lost") & in_window]
    assert values["units_lost"] == lost.units.sum()
    ships = log[(log.event == "ship") & in_window]
    assert values["units_delivered"] == ships.units.sum()
    assert values["cost_shipping"] == pytest.approx(ships.amount.sum())

    delivered = ships.groupby("order").t2.max()
    days = (delivered - orders.t.reindex(delivered.index)) / DAY
    assert values["delivery_days_mean"] == pytest.approx(days.mean(), abs=1e-9)
    # percentiles come from a 1-minute histogram: within one minute of the exact order statistic
    for p, name in ((0.5, "delivery_days_p50"), (0.9, "delivery_days_p90")):
        exact = float(np.quantile(days.to_numpy(), p, method="inverted_cdf"))
        assert abs(values[name] - exact) <= 1 / 1440 + 1e-12

    purchases = log[(log.event == "purchase") & (log.t >= network.warmup_s) & (log.t < network.horizon_s)]
    transfers = log[(log.event == "transfer")]
    assert isinstance(purchases, pd.DataFrame) and isinstance(transfers, pd.DataFrame)
    if policy == "inventory_free":
        assert purchases.empty and values["avg_inventory_units"] == 0


def test_a_streamed_log_on_disk_equals_the_log_kept_in_memory(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With a sink the log goes to Parquet in row groups as the run goes; nothing is lost or doubled."""
    network = build_network(load_scenario(SCENARIOS / "small_store.yaml", ["horizon_days=60"]))
    plan = make_plan(network, "hybrid")
    kept = Model(network, plan, 7, 0, events=True).run()
    sink = tmp_path / "events.parquet"
    m = Model(network, plan, 7, 0, events_sink=sink)
    assert m.log is not None
    m.log.group_rows = 500  # many row groups
    streamed = m.run()
    assert kept.log is not None and streamed.log is not None
    on_disk = pd.read_parquet(sink)
    assert len(on_disk) == len(streamed.log) == len(kept.log) > 2000
    expected = kept.log.to_frame(network)
    pd.testing.assert_frame_equal(on_disk, expected, check_categorical=False)
    import pyarrow.parquet as pq

    assert pq.ParquetFile(sink).num_row_groups >= len(expected) // 500
