"""A dropship partner's own stock-outs come in runs: the runs have the configured mean length (CI),
the long-run share of time out is as documented, and orders are refused exactly inside the runs."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from sim.base.confidence import mean_ci
from sim.base.timebase import DAY
from sim.config.models import Scenario
from sim.model.model import Model
from sim.model.partner_stock import PartnerStockNode
from sim.network.build import build_network
from sim.network.partner_stock import out_windows
from sim.plan.build import make_plan

from ..conftest import TINY


def test_runs_have_the_configured_mean_length_and_share() -> None:
    lengths, shares = [], []
    horizon = 2000 * DAY
    for rep in range(30):
        starts, ends = out_windows(np.random.default_rng(rep), horizon, 20.0, 5.0)
        inside = ends[1:-1] - starts[1:-1]  # whole runs only (the first and last are cut)
        lengths.append(inside.mean() / DAY)
        shares.append((np.minimum(ends, horizon) - starts).sum() / horizon)
    _, low, high, _ = mean_ci(lengths)
    assert low <= 5.0 <= high and high - low < 1.0, (low, high)
    _, low, high, _ = mean_ci(shares)
    assert low <= 5 / 25 <= high, (low, high)


def world() -> dict[str, Any]:
    data = copy.deepcopy(TINY)
    data["horizon_days"] = 120
    data["nodes"][1]["stock_outs"] = {"mean_days_in_stock": 15, "mean_days_out": 5}
    return data


def test_orders_are_refused_exactly_inside_the_runs() -> None:
    network = build_network(Scenario.model_validate(world()))
    model = Model(network, make_plan(network, "free"), 7, 0, events=True)
    model.run()
    assert model.log is not None
    log = model.log.to_frame(network)
    node = next(v for v in _virtual(model) if isinstance(v, PartnerStockNode))
    orders = log[log.event == "order"]
    lost = set(log[log.event == "lost"].order)
    for row in orders.itertuples():
        starts, ends = node.outs[next(s.index for s in network.skus if s.id == row.sku)]
        i = np.searchsorted(starts, row.t, side="right") - 1
        inside = i >= 0 and row.t < ends[i]
        assert (row.order in lost) == inside, row
    assert 0 < len(lost) < len(orders)


def _virtual(model: Model) -> list[Any]:
    found = [v for v in vars(model).values() if isinstance(v, dict)]
    return [n for d in found for n in d.values() if hasattr(n, "accept_salt")]


def test_without_stock_outs_nodes_keep_their_class() -> None:
    data = copy.deepcopy(TINY)
    network = build_network(Scenario.model_validate(data))
    model = Model(network, make_plan(network, "free"), 7, 0)
    assert all(type(v).__name__ == "VirtualNode" for v in _virtual(model))
