"""The lesson's worked examples, the break-even by hand, and `assign: break_even` inside a scenario."""

from __future__ import annotations

import copy
import math

import pytest
from pydantic import ValidationError

from sim.analytics import eoq, reorder_point
from sim.analytics.economics import (
    BreakEvenInputs,
    StockSlot,
    break_even,
    capital_released,
    dio_days,
    normal_loss,
    safety_stock,
    stockout_cost,
    turnover,
    z_value,
)
from sim.config.models import HybridPolicy, Scenario
from sim.network.build import build_network
from sim.plan.build import break_even_table, make_plan

from ..conftest import TINY


def test_the_lessons_examples() -> None:
    # Headphones: 12 units/day, lead time 10 days, σ 3 units/day, 95 % (z = 1.65 in the lesson's table)
    assert safety_stock(1.65, 3, 12, 10) == pytest.approx(15.65, abs=0.01)  # "15.6 ≈ 16"
    assert z_value(0.95) == pytest.approx(1.6449, abs=1e-4)
    assert reorder_point(12, 3, 10, 0, 0.95) == pytest.approx(120 + 1.6449 * 3 * math.sqrt(10), abs=1e-3)
    # EOQ: D 4,380, S 50, H = 30 × 25 % = 7.50 → √58,400 = 241.7 ≈ 242
    assert eoq(4380, 50, 7.5) == pytest.approx(241.66, abs=0.01)
    # Stock-out: 15 units/day × 5 days, margin 25, 37 % of customers lost, CLV 200 → 7,425
    assert stockout_cost(75, 25, 75, 0.37, 200) == pytest.approx(7425)
    # DIO 150,000 / 5,000 = 30 days; turnover 1.8 M / 150,000 = 12; capital released (45 − 30) × 5,000
    assert dio_days(150_000, 5_000) == 30
    assert turnover(150_000, 1_800_000 / 365) == pytest.approx(12)
    assert capital_released(45, 30, 5_000) == 75_000
    assert capital_released(20, 30, 5_000) == 0.0
    assert math.isnan(dio_days(10, 0))


def test_normal_loss_function() -> None:
    assert normal_loss(0) == pytest.approx(1 / math.sqrt(2 * math.pi))
    assert normal_loss(1.645) == pytest.approx(0.1031 - 1.645 * 0.05, abs=2e-4)  # φ(z) − z·(1 − Φ(z))
    assert normal_loss(-3) == pytest.approx(3.0004, abs=1e-3)


def inputs(**change: object) -> BreakEvenInputs:
    base = BreakEvenInputs(
        sku="A",
        units_per_day=2,
        units_per_order=2,
        stocked_direct=10,
        virtual_direct=12,
        virtual_accept=1.0,
        lost_order_cost=30,
        slots=(StockSlot(2, 0, 5, 0, 73, 10, 2, 10),),
        shortage="fallback",
    )
    return BreakEvenInputs(**{**base.__dict__, **change})  # type: ignore[arg-type]


def test_break_even_by_hand() -> None:
    # 2 units/day in orders of 2 → 365 orders a year. Q = 73, ROP = d·L = 10 → no safety stock.
    # holding (73/2)·2 = 73 a year → 0.2 per order; ordering (730/73)·10 = 100 a year → 100/365 per order.
    r = break_even(inputs())
    assert r.orders_per_year == 365
    assert r.holding == pytest.approx(0.2)
    assert r.ordering == pytest.approx(100 / 365)
    assert r.shortage == 0
    assert r.stocked_per_order == pytest.approx(10.2 + 100 / 365)
    assert r.virtual_per_order == 12 and r.stock and r.saving_per_order == pytest.approx(1.8 - 100 / 365)
    # a dropshipper that refuses 10 %: 0.9 × 12 + 0.1 × 30 = 13.8 per order
    assert break_even(inputs(virtual_accept=0.9)).virtual_per_order == pytest.approx(13.8)
    # shortages: σ_d 1 over L 4 → σ_L 2; ROP 8 = d·L → z 0: 2·G(0) units short a cycle, 10 cycles a year,
    # each short unit costs (12 − 10)/2 = 1 more (it goes to the dropshipper)
    r = break_even(inputs(slots=(StockSlot(2, 1, 4, 0, 73, 8, 2, 10),)))
    assert r.shortage == pytest.approx(10 * 2 * normal_loss(0) * 1 / 365)
    # lost instead: (30 − 10)/2 = 10 per short unit; backordered: free
    assert break_even(inputs(slots=(StockSlot(2, 1, 4, 0, 73, 8, 2, 10),), shortage="lost")).shortage == pytest.approx(
        10 * 2 * normal_loss(0) * 10 / 365
    )
    assert break_even(inputs(slots=(StockSlot(2, 1, 4, 0, 73, 8, 2, 10),), shortage="backorder")).shortage == 0
    # no demand: never stocked
    assert not break_even(inputs(units_per_day=0)).stock


def two_sku_world(fee: float) -> Scenario:
    """A (cheap, 10 orders/day) and B (expensive to hold, 2 orders/day); the dropshipper charges `fee`."""
    data = copy.deepcopy(TINY)
    data["skus"][1].update(unit_cost=50.0, price=60.0)
    data["nodes"][1]["fee_per_order"] = fee
    rule = {"kind": "service_level", "service_level": 0.9}
    data["policies"] += [
        {"name": "auto", "kind": "hybrid", "assign": "break_even", "reorder": rule},
        {"name": "stock_all", "kind": "stocked", "reorder": rule},
    ]
    return Scenario.model_validate(data)


@pytest.mark.parametrize(("fee", "stocked"), [(0.0, set()), (0.02, {"A"}), (5.0, {"A", "B"})])
def test_assign_break_even_stocks_what_is_cheaper_stocked(fee: float, stocked: set[str]) -> None:
    network = build_network(two_sku_world(fee))
    plan = make_plan(network, "auto")
    assert {network.skus[i].id for i in plan.stocked_skus} == stocked
    table = {b.sku: b for b in break_even_table(network, network.scenario.policy("auto"))}  # type: ignore[arg-type]
    # the holding term is the slot's (Q/2 + safety stock) × H over the year's orders
    a = network.skus[0]
    trial = make_plan(network, "stock_all")
    slot = trial.slots[(0, 0)]
    rule = slot.rule
    q = rule.S - rule.s  # type: ignore[attr-defined]
    safety = rule.s - a.daily_units_mean * slot.lead_time_days_mean  # type: ignore[attr-defined]
    assert table["A"].holding == pytest.approx((q / 2 + safety) * a.unit_cost * 0.25 / (365 * 10))
    assert table["A"].virtual_per_order - table["A"].stocked_direct == pytest.approx(fee)


def test_a_hybrid_takes_exactly_one_way_of_choosing() -> None:
    base = {"kind": "hybrid", "name": "h", "reorder": {"kind": "sS", "s": 1, "S": 2}}
    HybridPolicy.model_validate({**base, "assign": "break_even"})
    for bad in ({}, {"assign": "break_even", "stock_skus": ["A"]}, {"stock_classes": ["A"], "stock_skus": ["A"]}):
        with pytest.raises(ValidationError, match="exactly one of stock_skus, stock_classes or assign"):
            HybridPolicy.model_validate({**base, **bad})
