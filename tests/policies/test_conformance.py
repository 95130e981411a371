"""One conformance suite, run against every registered reorder rule and fulfilment policy.

The contract (sim.policies.reorder): `decide` returns whole units ≥ 0, is pure in the snapshot,
returns 0 above `reorder_point`, and after ordering what it returns the position is above the
reorder point; `initial_level` is above the reorder point. Rules that learn from demand
(`observes`) must keep the contract after any history of observations. Every kind in
`REORDER_RULES` and the documented custom example (examples/custom_policy) are checked.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from examples.custom_policy.pallet_rule import PalletRule
from sim.policies import FULFILMENT_POLICIES, REORDER_RULES, Hybrid, SkuFacts, SlotFacts, Snapshot, build_rule

# Facts a plan could hand a rule: slow and fast movers, fixed and variable lead times, both review modes.
SLOW = SlotFacts(0.4, 0.7, 9.0, 0.0, 0.0, order_cost=30, holding_per_unit_year=2.0)
FAST = SlotFacts(55.0, 12.0, 4.5, 1.5, 7.0, order_cost=80, holding_per_unit_year=6.0)
LESSON = SlotFacts(12.0, 3.0, 10.0, 0.0, 0.0, order_cost=50, holding_per_unit_year=7.5)

CUSTOM = "examples.custom_policy.pallet_rule:PalletRule"
"""The documented custom example is held to the same contract as the registered kinds."""

RULE_EXAMPLES: dict[str, list[tuple[SlotFacts, dict[str, Any]]]] = {
    "sS": [(SLOW, dict(s=0, S=1)), (FAST, dict(s=10, S=60)), (LESSON, dict(s_days=10, S_days=30))],
    "rQ": [(SLOW, dict(r=0, Q=1)), (FAST, dict(r=25, Q=40)), (LESSON, dict(r_days=11, Q_days=3))],
    "base_stock": [(SLOW, dict(S=1)), (FAST, dict(S_days=12)), (LESSON, dict(service_level=0.95))],
    "service_level": [
        (SLOW, dict(service_level=0.5)),
        (FAST, dict(service_level=0.99, order_quantity=7)),
        (LESSON, dict(service_level=0.95)),
    ],
    "fill_rate": [
        (SLOW, dict(fill_rate=0.9)),
        (FAST, dict(fill_rate=0.995, order_quantity=100)),
        (LESSON, dict(fill_rate=0.95, order_quantity=24)),
    ],
    "forecast": [
        (SLOW, dict(method="moving_average", window_days=5)),
        (FAST, dict(method="exponential_smoothing", alpha=0.3, order_quantity=50)),
        (LESSON, dict(method="seasonal", season_days=7, service_level=0.9)),
    ],
    "one_time_buy": [
        (SLOW, dict(quantity=1)),
        (replace(FAST, unit_cost=4.0, price=10.0), dict(salvage_value=1.5, season_days=90)),
        (replace(LESSON, unit_cost=7.0, price=9.0), dict(season_days=30, day=12)),
    ],
    CUSTOM: [(SLOW, dict(trigger_days=3, cover_days=20)), (FAST, dict(trigger_days=5, cover_days=9, pallet_units=48))],
}


def rule_class(kind: str) -> type:
    return PalletRule if kind == CUSTOM else REORDER_RULES[kind]


def test_every_registered_rule_has_examples() -> None:
    assert set(REORDER_RULES) | {CUSTOM} == set(RULE_EXAMPLES)


def test_every_registered_rule_names_its_kind_and_builds_from_facts() -> None:
    for kind, cls in REORDER_RULES.items():
        assert cls.kind == kind
        assert callable(getattr(cls, "from_facts", None)), kind
        assert cls.__doc__, kind


SNAPSHOTS = st.builds(Snapshot, st.integers(0, 10**6), st.integers(0, 500), st.integers(0, 500), st.integers(0, 300))
DEMAND_HISTORY = st.lists(st.integers(0, 200), max_size=60)
EXAMPLES = [(k, f, p) for k, examples in RULE_EXAMPLES.items() for f, p in examples]


@pytest.mark.parametrize("kind,facts,params", EXAMPLES, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(EXAMPLES)])
@settings(max_examples=60, deadline=None)
@given(snapshot=SNAPSHOTS, history=DEMAND_HISTORY)
def test_reorder_rule_contract(
    kind: str, facts: SlotFacts, params: dict[str, Any], snapshot: Snapshot, history: list[int]
) -> None:
    rule = build_rule(rule_class(kind), facts, params)
    assert isinstance(rule.reorder_point, int) and isinstance(rule.initial_level, int)
    assert rule.initial_level > rule.reorder_point
    if getattr(rule, "observes", False):
        for day, units in enumerate(history):  # a learning rule may move; the contract must hold throughout
            rule.observe(day, units)  # type: ignore[attr-defined]
    units = rule.decide(snapshot)
    assert isinstance(units, int) and units >= 0
    assert rule.decide(snapshot) == units  # pure
    if snapshot.position > rule.reorder_point:
        assert units == 0
    else:
        assert snapshot.position + units > rule.reorder_point
    assert rule.initial_level > 0


@pytest.mark.parametrize(
    "kind,params",
    [
        ("sS", dict(s=5, S=5)),
        ("sS", dict(s=-1, S=3)),
        ("sS", dict(s=3)),
        ("rQ", dict(r=1, Q=0)),
        ("base_stock", dict(S=0)),
        ("base_stock", {}),
        ("service_level", dict(service_level=1.2)),
        ("fill_rate", dict(fill_rate=0.9, order_quantity=0)),
        ("forecast", dict(method="crystal_ball")),
        ("forecast", dict(method="exponential_smoothing", alpha=0.0)),
        ("forecast", dict(method="moving_average", window_days=1)),
        (CUSTOM, dict(trigger_days=5, cover_days=9, pallet_units=0)),
        ("one_time_buy", dict(quantity=0)),
        ("one_time_buy", dict(season_days=30)),  # LESSON has no price: nothing worth buying
        ("one_time_buy", dict(quantity=5, salvage_value=-1.0)),
    ],
)
def test_impossible_parameters_are_refused(kind: str, params: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        build_rule(rule_class(kind), LESSON, params)


FACTS = st.builds(
    SkuFacts,
    st.text(min_size=1, max_size=5),
    st.sampled_from("ABC"),
    st.floats(0.1, 50),
    st.floats(0.1, 90),
    st.floats(0, 100),
)
POLICY_EXAMPLES = {
    "inventory_free": [{}],
    "stocked": [{}],
    "hybrid": [dict(skus=frozenset({"a"})), dict(classes=frozenset({"A", "B"}), fallback_to_virtual=False)],
}


def test_every_registered_fulfilment_policy_has_examples() -> None:
    assert set(POLICY_EXAMPLES) == set(FULFILMENT_POLICIES)


@pytest.mark.parametrize("kind,params", [(k, p) for k, ps in POLICY_EXAMPLES.items() for p in ps])
@given(facts=FACTS)
def test_fulfilment_policy_contract(kind: str, params: dict, facts: SkuFacts) -> None:
    policy = FULFILMENT_POLICIES[kind](**params)
    answer = policy.stocks(facts)
    assert isinstance(answer, bool) and policy.stocks(facts) == answer
    assert isinstance(policy.fallback_to_virtual, bool)
    assert policy.kind == kind


def test_hybrid_selects_by_list_or_class() -> None:
    by_list = Hybrid(skus=frozenset({"X"}))
    by_class = Hybrid(classes=frozenset({"A"}))
    x = SkuFacts("X", "C", 1, 2, 3)
    y = SkuFacts("Y", "A", 1, 2, 3)
    assert by_list.stocks(x) and not by_list.stocks(y)
    assert by_class.stocks(y) and not by_class.stocks(x)
    with pytest.raises(ValueError):
        Hybrid()


def test_policies_never_import_config_or_simpy() -> None:
    """Policies are pure decisions: the plan converts config into rule objects (DEVELOPING.md)."""
    import ast
    from pathlib import Path

    import sim.policies

    for path in Path(sim.policies.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        bad = [n for n in names if n.startswith(("sim.config", "simpy", "sim.model"))]
        assert not bad, (path.name, bad)
