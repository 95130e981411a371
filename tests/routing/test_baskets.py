"""The basket routing rules (sim.routing.baskets): which one node ships a basket whole, and where
`split: none` sends a basket no node has whole."""

from __future__ import annotations

from sim.routing.baskets import first_whole, one_node_fallback


def whole(have: list[dict[int, bool]]) -> int | None:
    return first_whole(have, lambda i, available: available)


def test_first_whole_takes_the_first_node_that_has_every_line_in_route_order() -> None:
    assert whole([{1: False, 2: True, 3: True}, {3: True, 2: True}]) == 2  # the first line's order first
    assert whole([{1: True}, {2: True}]) is None  # no node on both routes
    assert whole([{1: True, 2: False}, {1: False, 2: True}]) is None  # each has one line only
    assert whole([{1: False}, {2: True, 1: True}]) is None  # 1 lacks line 0; 2 is not on its route
    assert whole([{5: False, 7: True}, {7: True}, {7: True, 5: True}]) == 7
    asked = []
    first_whole([{4: "a"}, {4: "b"}], lambda i, item: asked.append((i, item)) is None)
    assert asked == [(0, "a"), (1, "b")]  # the line index and its route's item


def test_one_node_fallback_only_under_none_and_only_on_a_common_primary() -> None:
    assert one_node_fallback("none", [[4, 5], [5, 4]]) == 4
    assert one_node_fallback("none", [[4, 5], [5]]) is None  # the first line's primary is not on line 1's route
    assert one_node_fallback("allow", [[4], [4]]) is None
    assert one_node_fallback("consolidate", [[4], [4]]) is None
    assert one_node_fallback("none", [[], [4]]) is None  # a virtual-only line
