"""Reorder rules: small objects that decide how much to order from an inventory snapshot.

A rule only decides; the review process (continuous: after every change of the inventory
position; periodic: every R days) decides *when* to ask. The contract every rule meets (and the
conformance suite in tests/test_policy_conformance.py checks):

* `decide(snapshot)` returns a whole number of units ≥ 0, and is pure in the snapshot;
* it returns 0 whenever `snapshot.position > reorder_point` (so the review process may skip the
  call above that level);
* after ordering what it returns, the position is above `reorder_point`;
* `initial_level` is where stock starts (the order-up-to level for most rules).

Positions are "inventory positions": on hand + on order − backordered demand.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol


class Snapshot(NamedTuple):
    """What a rule sees at a review."""

    t: int  # simulation seconds
    on_hand: int
    on_order: int
    backordered: int

    @property
    def position(self) -> int:
        return self.on_hand + self.on_order - self.backordered


class ReorderRule(Protocol):
    reorder_point: int

    def decide(self, snapshot: Snapshot) -> int: ...

    @property
    def initial_level(self) -> int: ...


class SS:
    """(s,S): at or below s, order up to S."""

    kind = "sS"

    def __init__(self, s: int, S: int) -> None:
        if not 0 <= s < S:
            raise ValueError(f"(s,S) needs 0 <= s < S, got s={s}, S={S}")
        self.s = s
        self.S = S
        self.reorder_point = s

    def decide(self, snapshot: Snapshot) -> int:
        position = snapshot.position
        return self.S - position if position <= self.s else 0

    @property
    def initial_level(self) -> int:
        return self.S

    def __repr__(self) -> str:
        return f"SS(s={self.s}, S={self.S})"


class RQ:
    """(r,Q): at or below r, order the smallest multiple of Q that lifts the position above r."""

    kind = "rQ"

    def __init__(self, r: int, Q: int) -> None:
        if r < 0 or Q < 1:
            raise ValueError(f"(r,Q) needs r >= 0 and Q >= 1, got r={r}, Q={Q}")
        self.r = r
        self.Q = Q
        self.reorder_point = r

    def decide(self, snapshot: Snapshot) -> int:
        position = snapshot.position
        if position > self.r:
            return 0
        batches = (self.r - position) // self.Q + 1
        return batches * self.Q

    @property
    def initial_level(self) -> int:
        return self.r + self.Q

    def __repr__(self) -> str:
        return f"RQ(r={self.r}, Q={self.Q})"


REORDER_RULES: dict[str, type] = {"sS": SS, "rQ": RQ}
"""Rule classes by the `kind` their parameters come from; `service_level` resolves to `SS` (see sim.plan)."""
