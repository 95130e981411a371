"""One conformance suite, run against every registered reorder rule and fulfilment policy.

The contract (sim.policies.reorder): `decide` returns whole units ≥ 0, is pure in the snapshot,
returns 0 above `reorder_point`, and after ordering what it returns the position is above the
reorder point; `initial_level` is above the reorder point.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.policies import FULFILMENT_POLICIES, REORDER_RULES, Hybrid, SkuFacts, Snapshot

RULE_EXAMPLES = {
    "sS": [dict(s=0, S=1), dict(s=10, S=60), dict(s=99, S=100)],
    "rQ": [dict(r=0, Q=1), dict(r=25, Q=40), dict(r=5, Q=3)],
}


def test_every_registered_rule_has_examples() -> None:
    assert set(RULE_EXAMPLES) == set(REORDER_RULES)


SNAPSHOTS = st.builds(Snapshot, st.integers(0, 10**6), st.integers(0, 500), st.integers(0, 500), st.integers(0, 300))


@pytest.mark.parametrize("kind,params", [(k, p) for k, ps in RULE_EXAMPLES.items() for p in ps])
@given(snapshot=SNAPSHOTS)
def test_reorder_rule_contract(kind: str, params: dict, snapshot: Snapshot) -> None:
    rule = REORDER_RULES[kind](**params)
    units = rule.decide(snapshot)
    assert isinstance(units, int) and units >= 0
    assert rule.decide(snapshot) == units  # pure
    if snapshot.position > rule.reorder_point:
        assert units == 0
    else:
        assert snapshot.position + units > rule.reorder_point
    assert rule.initial_level > rule.reorder_point


@pytest.mark.parametrize("kind,params", [("sS", dict(s=5, S=5)), ("sS", dict(s=-1, S=3)), ("rQ", dict(r=1, Q=0))])
def test_impossible_parameters_are_refused(kind: str, params: dict) -> None:
    with pytest.raises(ValueError):
        REORDER_RULES[kind](**params)


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
