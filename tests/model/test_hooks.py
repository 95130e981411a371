"""The plug-in hook interface (sim.model.hooks): build-time composition, order ids, pickup hooks."""

from __future__ import annotations

from sim.base.timebase import HOUR
from sim.model.entities import PlaceFn
from sim.model.hooks import Hooks

from ..helpers import model, script, silent
from ..plan.test_placement import placement_scenario


def test_without_a_place_wrapper_the_demand_process_calls_order_management_itself() -> None:
    m = model(silent(), "stock")
    assert m.placement is None
    assert m.place == m.orders.place  # no wrapper, no extra call per order


def test_placement_wraps_place_once_at_build_time_and_counts_each_order() -> None:
    m = model(placement_scenario(alpha=0.5), "p")
    assert m.placement is not None
    assert m.place != m.orders.place
    script(m, [(HOUR, "south", "A", 2), (2 * HOUR, "north", "A", 1)])
    m.run()
    assert m.orders.next_id == 2  # every order reached order management once


def test_wrappers_compose_in_install_order_the_first_innermost() -> None:
    m = model(silent(), "stock")
    calls: list[str] = []

    def tagging(tag: str):  # type: ignore[no-untyped-def]
        def wrapper(place: PlaceFn) -> PlaceFn:
            def wrapped(t: int, region: int, sku: int, units: int, key: int) -> None:
                calls.append(tag)
                place(t, region, sku, units, key)

            return wrapped

        return wrapper

    hooks = Hooks(
        m.env, m.network, m.plan, m.streams, m.tally, m.log, m.stock_nodes, m.virtual_nodes, m.slots, m.orders.new_id
    )
    hooks.wrap_place(tagging("first"))
    hooks.wrap_place(tagging("second"))
    hooks.compose_place(lambda *args: calls.append("place"))(0, 0, 0, 1, 0)
    assert calls == ["second", "first", "place"]


def test_new_order_id_continues_the_order_numbering() -> None:
    m = model(silent(), "stock")
    assert [m.orders.new_id(), m.orders.new_id()] == [0, 1]
    script(m, [(HOUR, "north", "A", 1)])
    m.run()
    assert m.orders.next_id == 3


def test_on_pickup_without_an_outbound_reaches_every_outbound() -> None:
    m = model(silent(), "stock")
    hooks = Hooks(
        m.env, m.network, m.plan, m.streams, m.tally, m.log, m.stock_nodes, m.virtual_nodes, m.slots, m.orders.new_id
    )
    seen: list[int] = []
    before = [len(out.after_pickup) for out in hooks.outbounds()]  # the model's own (sim.model.pipeline)
    hooks.on_pickup(lambda outbound, t, parcels, transits: seen.append(t))
    assert [len(out.after_pickup) for out in hooks.outbounds()] == [n + 1 for n in before]
    script(m, [(HOUR, "north", "A", 1)])
    m.run()
    assert len(seen) == 1
