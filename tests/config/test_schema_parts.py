"""The schema's parts: the face re-exports every topic model, kinds have one list, clocks one parser."""

from __future__ import annotations

import importlib
import inspect
from typing import get_args

import pytest
from pydantic import BaseModel, ValidationError

import sim.config.models as face
from sim.base.kinds import CUSTOM_REORDER, REORDER_KINDS, ROUTING_STRATEGIES, check_kinds
from sim.base.timebase import parse_clock
from sim.config.common import kinds_of
from sim.config.models import (
    STOCK_KINDS,
    VIRTUAL_KINDS,
    CarrierService,
    Dropship,
    Node,
    PrintOnDemand,
    Reorder,
    Routing,
)
from sim.config.models import Warehouse as WarehouseModel
from sim.policies import REORDER_RULES
from sim.routing.strategies import STRATEGIES

TOPICS = ("demand", "carriers", "nodes", "reorder", "routing", "policies", "operations", "sweep", "scenario")


@pytest.mark.parametrize("topic", TOPICS)
def test_the_face_re_exports_every_model_of_a_topic(topic: str) -> None:
    module = importlib.import_module(f"sim.config.{topic}")
    models = [
        name
        for name, obj in vars(module).items()
        if inspect.isclass(obj)
        and issubclass(obj, BaseModel)
        and obj.__module__ == module.__name__
        and not name.startswith("_")
    ]
    assert models
    for name in models:
        assert getattr(face, name) is getattr(module, name), name
        assert name in face.__all__


def test_the_history_file_models_live_in_history_and_are_re_exported() -> None:
    from sim.history import spec

    for name in ("DemandHistorySource", "HistoryColumns", "StoreCalendar", "Bootstrap"):
        assert getattr(face, name) is getattr(spec, name)


def test_reorder_kinds_schema_and_registry_share_one_list() -> None:
    assert kinds_of(Reorder) == REORDER_KINDS
    assert set(REORDER_RULES) == set(REORDER_KINDS) - {CUSTOM_REORDER}


def test_routing_strategies_schema_and_registry_share_one_list() -> None:
    assert get_args(Routing.model_fields["strategy"].annotation) == ROUTING_STRATEGIES
    assert set(STRATEGIES) == set(ROUTING_STRATEGIES)


@pytest.mark.parametrize(
    "have,kinds", [(("a", "b", "new"), ("a", "b")), (("a",), ("a", "b")), ({"a": 1, "new": 2}, ("a", "b"))]
)
def test_a_kind_on_one_side_only_fails(have: object, kinds: tuple[str, ...]) -> None:
    with pytest.raises(RuntimeError, match="out of step"):
        check_kinds("registry", have, kinds)  # type: ignore[arg-type]
    check_kinds("registry", kinds, kinds)


def test_stock_and_virtual_kinds_are_read_off_the_node_models() -> None:
    assert set(STOCK_KINDS) | set(VIRTUAL_KINDS) == set(kinds_of(Node))
    assert not set(STOCK_KINDS) & set(VIRTUAL_KINDS)
    assert STOCK_KINDS == ("warehouse", "3pl", "marketplace", "store")
    assert VIRTUAL_KINDS == ("dropship", "print_on_demand")


@pytest.mark.parametrize("text", ["1:2", "14:5", " 14:30", "14:30\n", "014:30", "24:00", "12:60", "noon", ""])
def test_clock_text_the_schema_rejects_parse_clock_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(text)
    with pytest.raises(ValidationError, match="time of day"):
        CarrierService.model_validate(
            {
                "name": "g",
                "pickup_time": text,
                "rates": [{"zone": 1, "transit_days": {"kind": "fixed", "value": 1}, "cost_per_shipment": 1}],
            }
        )


NODES = {
    WarehouseModel: {"kind": "warehouse", "name": "w", "region": "r", "replenish_from": "s", "ships_with": "c.g"},
    Dropship: {
        "kind": "dropship",
        "name": "d",
        "region": "r",
        "handling_days": {"kind": "fixed", "value": 1},
        "ships_with": "c.g",
    },
    PrintOnDemand: {
        "kind": "print_on_demand",
        "name": "p",
        "region": "r",
        "skus": "all",
        "production_days": {"kind": "fixed", "value": 1},
        "daily_capacity_units": 5,
        "ships_with": "c.g",
    },
}


@pytest.mark.parametrize("model", list(NODES), ids=lambda m: m.__name__)
def test_every_cutoff_is_the_one_cutoff_field(model: type[BaseModel]) -> None:
    base = NODES[model]
    assert model.model_validate(base).cutoff is None  # type: ignore[attr-defined]
    assert model.model_validate({**base, "cutoff": "7:05"}).cutoff == "7:05"  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="out of range"):
        model.model_validate({**base, "cutoff": "25:00"})
    assert model.model_fields["cutoff"].default is None
