"""The basket routing rules (sim.routing.baskets): which one node ships a basket whole, and where
`split: none` sends a basket no node has whole."""

from __future__ import annotations

from sim.routing.baskets import first_whole, one_node_fallback


def test_first_whole_takes_the_first_node_that_has_every_line_in_route_order() -> None:
    have = [{1: False, 2: True, 3: True}, {3: True, 2: True}]
    assert first_whole(have) == 2  # the first line's order first
    assert first_whole([{1: True}, {2: True}]) is None  # no node on both routes
    assert first_whole([{1: True, 2: False}, {1: False, 2: True}]) is None  # each has one line only
    assert first_whole([{1: False}, {2: True, 1: True}]) is None  # 1 lacks line 0; 2 is not on its route
    assert first_whole([{5: False, 7: True}, {7: True}, {7: True, 5: True}]) == 7


def test_one_node_fallback_only_under_none_and_only_on_a_common_primary() -> None:
    assert one_node_fallback("none", [[4, 5], [5, 4]]) == 4
    assert one_node_fallback("none", [[4, 5], [5]]) is None  # the first line's primary is not on line 1's route
    assert one_node_fallback("allow", [[4], [4]]) is None
    assert one_node_fallback("consolidate", [[4], [4]]) is None
    assert one_node_fallback("none", [[], [4]]) is None  # a virtual-only line
