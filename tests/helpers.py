"""Helpers to build a model by hand and drive it with scripted customer orders."""

from __future__ import annotations

import copy
from typing import Any

from sim.config.models import Scenario
from sim.model.kernel import DEMAND, call_at
from sim.model.model import Model
from sim.network.build import build_network
from sim.plan.build import make_plan

from .conftest import TINY

SILENT = 1e-9  # orders per day: the random demand process then generates nothing


def silent(data: dict[str, Any] | None = None) -> dict[str, Any]:
    """A scenario (default: the tiny one) whose random demand is switched off."""
    data = copy.deepcopy(data or TINY)
    for sku in data["skus"]:
        sku["demand"] = {"kind": "poisson_orders", "orders_per_day": SILENT}
    return data


def model(data: dict[str, Any], policy: str, *, seed: int = 1, replication: int = 0, events: bool = True) -> Model:
    network = build_network(Scenario.model_validate(data))
    return Model(network, make_plan(network, policy), seed, replication, events=events)


def script(m: Model, orders: list[tuple[int, str, str, int]]) -> None:
    """Schedule customer orders (t seconds, region, sku id, units) in the demand phase."""
    net = m.network
    for t, region, sku, units in orders:
        r = net.regions.index(region)
        s = next(x.index for x in net.skus if x.id == sku)
        key = (t * 1_000_003 + s * 7919 + units) % (2**63)  # a fixed per-order key for scripted orders
        call_at(m.env, t, DEMAND, m.place, t, r, s, units, key)


def events(m: Model) -> list[dict[str, Any]]:
    assert m.log is not None
    return m.log.to_frame(m.network).to_dict("records")
