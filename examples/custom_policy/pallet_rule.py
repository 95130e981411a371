"""An example of your own reorder rule, named in a scenario by its Python path.

    reorder:
      kind: custom
      class: examples.custom_policy.pallet_rule:PalletRule
      params: {trigger_days: 12, cover_days: 30, pallet_units: 48}

A rule is a small class with `decide(snapshot) -> units`, a `reorder_point` and an
`initial_level`; the optional classmethod `from_facts(facts, **params)` receives the plan's
estimates for the slot (`sim.policies.SlotFacts`: expected daily demand and its sd, lead time,
review period, order and holding costs) so the rule can size itself. See docs/policies/custom.md
for the contract, which `tests/test_policy_conformance.py` checks for this example too.
"""

from __future__ import annotations

import math

from sim.policies import SlotFacts, Snapshot


class PalletRule:
    """Min/max in days of cover, ordering whole pallets.

    When the inventory position is at or below `trigger_units`, order the fewest whole pallets of
    `pallet_units` that lift it to at least `cover_units`. A pallet-aware rule like this one is how
    to round at the rule; a supplier's own `moq` and `pack_size` are applied after any rule decides.
    """

    kind = "custom"

    def __init__(self, trigger_units: int, cover_units: int, pallet_units: int = 1) -> None:
        if trigger_units < 0 or pallet_units < 1 or cover_units <= trigger_units:
            raise ValueError(
                f"need trigger_units >= 0, pallet_units >= 1 and cover_units > trigger_units, got "
                f"{trigger_units}, {cover_units}, {pallet_units}"
            )
        self.trigger_units = trigger_units
        self.cover_units = cover_units
        self.pallet_units = pallet_units
        self.reorder_point = trigger_units

    @classmethod
    def from_facts(
        cls, facts: SlotFacts, *, trigger_days: float, cover_days: float, pallet_units: int = 1
    ) -> PalletRule:
        """Days of cover become units of the slot's expected daily demand."""
        d = facts.daily_units_mean
        trigger = round(trigger_days * d)
        return cls(trigger, max(trigger + 1, round(cover_days * d)), pallet_units)

    def decide(self, snapshot: Snapshot) -> int:
        position = snapshot.position
        if position > self.trigger_units:
            return 0
        pallets = max(1, math.ceil((self.cover_units - position) / self.pallet_units))
        return pallets * self.pallet_units

    @property
    def initial_level(self) -> int:
        return self.cover_units

    def __repr__(self) -> str:
        return f"PalletRule(trigger={self.trigger_units}, cover={self.cover_units}, pallet={self.pallet_units})"
