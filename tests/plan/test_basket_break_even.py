"""`assign: break_even` with baskets: each side of a SKU pays for the extra parcels a mixed basket
would cause (sim.plan.basket_break_even, docs/DEMAND.md §7)."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from sim.analytics.economics import BreakEven
from sim.config.models import Scenario
from sim.network.build import build_network
from sim.plan.basket_break_even import with_parcel_terms
from sim.plan.build import break_even_table
from sim.plan.resolve import resolve
from sim.plan.slots import region_shares
from sim.policies import Hybrid

from ..conftest import TINY


def scenario(baskets: bool) -> Scenario:
    data = copy.deepcopy(TINY)
    if baskets:
        data["baskets"] = {
            "orders_per_day": 4,
            "lines": {"kind": "fixed", "value": 2},
            "composition": {"kind": "popularity", "weights": {"A": 1, "B": 1}},
        }
    data["policies"].append(
        {"name": "auto", "kind": "hybrid", "assign": "break_even", "reorder": {"kind": "sS", "s": 20, "S": 60}}
    )
    return Scenario.model_validate(data)


def test_a_virtual_sku_with_a_stocked_basket_mate_pays_for_the_extra_parcel() -> None:
    network = build_network(scenario(True))
    config = network.scenario.policy("auto")
    trial = resolve(
        network,
        config.model_copy(update={"fallback_to_virtual": True}),
        Hybrid(skus=frozenset({"A", "B"})),
        frozenset({0, 1}),
    )  # type: ignore[union-attr]
    shares = region_shares(network)
    # a hand-made first pass: A stocked, B virtual, 365 orders a year each
    table = [BreakEven(s, 365.0, 10.0, 0.0, 0.0, 0.0, 12.0, 0.0) for s in ("A", "B")]
    table[1] = dataclasses.replace(table[1], stocked_direct=20.0)
    assert [b.stock for b in table] == [True, False]
    out = with_parcel_terms(network, trial, shares, table)
    # baskets: 4 a day × 2 draws × p = ½ → 4 basket lines a day per SKU, of 1 order a day: f = 1 (capped);
    # the other SKU is on the other side with p = ½ and one further line: P(mate on the other side) = ½.
    fee = 4.0  # the tiny carrier's per-shipment charge, for the warehouse and the dropshipper alike
    assert out[0].stocked_direct == pytest.approx(10.0 + 0.5 * fee)  # A stocked, mate B virtual
    assert out[0].virtual_direct == pytest.approx(12.0)  # A virtual: mate B virtual too, no extra parcel
    assert out[1].virtual_direct == pytest.approx(12.0 + 0.5 * fee)  # B virtual, mate A stocked
    assert out[1].stocked_direct == pytest.approx(20.0)


def test_without_baskets_the_break_even_is_unchanged() -> None:
    network = build_network(scenario(False))
    table = break_even_table(network, network.scenario.policy("auto"))  # type: ignore[arg-type]
    trial = resolve(
        network,
        network.scenario.policy("auto").model_copy(update={"fallback_to_virtual": True}),
        Hybrid(skus=frozenset({"A", "B"})),
        frozenset({0, 1}),
    )  # type: ignore[union-attr]
    assert with_parcel_terms(network, trial, region_shares(network), table) == table
