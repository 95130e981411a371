"""The verdict's sentences, on hand-built comparison frames: direction words, units, intervals, honesty."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from sim.config.decision import Decision, Thresholds
from sim.report.verdict import MAX_SETTINGS, build_verdict, effects_from
from sim.report.wording import MINUS, Effect, decimals_for, pair_sentence, signed


def comparison(
    policy: str,
    baseline: str,
    metric: str,
    diff: float,
    low: float,
    high: float,
    base: float,
    n: int = 10,
    **setting: Any,
) -> dict[str, Any]:
    """One comparisons.csv row, as `compare_pairs` writes it."""
    return {
        **setting,
        "policy": policy,
        "baseline": baseline,
        "metric": metric,
        "mean_diff": diff,
        "ci_low": low,
        "ci_high": high,
        "n": n,
        "relative_diff": diff / base if base else math.nan,
        "significant": bool(n >= 2 and (low > 0 or high < 0)),
    }


def summary(*rows: tuple[str, str, float, float, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"policy": p, "metric": m, "mean": mean, "ci_low": lo, "ci_high": hi, "n": 10} for p, m, mean, lo, hi in rows]
    )


def sentence(*rows: dict[str, Any]) -> str:
    effects = effects_from(pd.DataFrame(list(rows)), summary())
    return pair_sentence(effects)


# --- the three cases the issue names --------------------------------------------------------------


def test_significant_improvement_is_the_issues_example() -> None:
    text = sentence(
        comparison("hybrid", "stocked", "cost_per_order", -11.8, -12.7, -10.9, base=100.0),
        comparison("hybrid", "stocked", "fill_rate_units", -0.004, -0.006, -0.002, base=0.98),
    )
    assert text == (
        "hybrid cuts cost per order by 11.8 % (95 % CI 10.9–12.7 %) against stocked, "
        "with a fill rate 0.4 points lower (CI 0.2–0.6)."
    )


def test_significant_worsening_raises_cost_and_slows_delivery() -> None:
    text = sentence(
        comparison("stocked", "dropship", "cost_per_order", 1.5, 1.0, 2.0, base=20.0),
        comparison("stocked", "dropship", "delivery_days_p90", 0.96, 0.89, 1.03, base=5.0),
    )
    assert text == (
        "stocked raises cost per order by 7.5 % (95 % CI 5.0–10.0 %) against dropship, "
        "with 90th-percentile delivery 0.96 days slower (CI 0.89–1.03)."
    )


def test_no_significant_difference_shows_the_signed_interval() -> None:
    text = sentence(
        comparison("hybrid", "stocked", "cost_per_order", 0.02, -0.06, 0.10, base=20.0),
        comparison("hybrid", "stocked", "fill_rate_units", 0.004, -0.001, 0.009, base=0.98),
    )
    assert text == (
        f"hybrid shows no significant difference in cost per order against stocked (95 % CI {MINUS}0.3 % to +0.5 %), "
        f"with no significant difference in fill rate (CI {MINUS}0.1 to +0.9 points)."
    )
    assert "cuts" not in text and "raises" not in text


# --- direction words and units ------------------------------------------------------------------------


def test_rates_are_in_points_costs_in_percent_delivery_in_days() -> None:
    text = sentence(
        comparison("a", "b", "cost_per_order", -2.0, -2.2, -1.8, base=20.0),
        comparison("a", "b", "fill_rate_units", 0.031, 0.030, 0.032, base=0.96),
        comparison("a", "b", "delivery_days_p90", -2.4, -2.45, -2.35, base=8.0),
    )
    assert "cuts cost per order by 10.0 % (95 % CI 9.0–11.0 %)" in text
    assert "a fill rate 3.1 points higher (CI 3.0–3.2)" in text
    assert "90th-percentile delivery 2.40 days faster (CI 2.35–2.45)" in text
    assert text.index("cost per order") < text.index("fill rate") < text.index("delivery")


@pytest.mark.parametrize(
    ("metric", "diff", "better"),
    [
        ("fill_rate_units", 0.01, True),
        ("fill_rate_units", -0.01, False),
        ("cost_per_order", -1.0, True),
        ("cost_per_order", 1.0, False),
        ("delivery_days_p90", -1.0, True),
        ("delivery_days_p90", 1.0, False),
    ],
)
def test_better_follows_the_metric_not_the_sign(metric: str, diff: float, better: bool) -> None:
    effect = Effect(
        "a",
        "b",
        metric,
        diff,
        diff * 1.1 if diff < 0 else diff * 0.9,
        diff * 0.9 if diff < 0 else diff * 1.1,
        10,
        True,
        10.0,
    )
    assert effect.better is better


def test_not_significant_is_never_better_or_worse() -> None:
    effect = Effect("a", "b", "cost_per_order", -1.0, -2.0, 0.5, 10, False, 10.0)
    assert effect.better is None


def test_one_replication_makes_no_claim() -> None:
    text = sentence(
        comparison("a", "b", "cost_per_order", -2.0, math.nan, math.nan, base=20.0, n=1),
        comparison("a", "b", "fill_rate_units", 0.01, math.nan, math.nan, base=0.9, n=1),
    )
    assert "single replication" in text and "no claim of a difference" in text
    assert "significant" not in text and "cuts" not in text


def test_identical_in_every_replication() -> None:
    text = sentence(
        comparison("a", "b", "cost_per_order", -2.0, -2.2, -1.8, base=20.0),
        comparison("a", "b", "fill_rate_units", 0.0, 0.0, 0.0, base=1.0),
    )
    assert text.endswith("with the same fill rate in every replication.")


def test_cost_without_a_positive_baseline_is_absolute() -> None:
    effect = Effect("a", "b", "cost_per_order", -2.0, -2.2, -1.8, 10, True, baseline_mean=0.0)
    assert effect.scale == "absolute"
    assert pair_sentence([effect]) == "a cuts cost per order by 2.0 (95 % CI 1.8–2.2) against b."


def test_baseline_mean_comes_from_relative_diff_else_summary() -> None:
    rows = pd.DataFrame(
        [
            comparison("a", "b", "cost_per_order", -2.0, -2.2, -1.8, base=25.0),
            {**comparison("a", "b", "fill_rate_units", 0.0, -0.01, 0.01, base=0.9), "relative_diff": 0.0},
        ]
    )
    effects = {e.metric: e for e in effects_from(rows, summary(("b", "fill_rate_units", 0.9, 0.89, 0.91)))}
    assert effects["cost_per_order"].baseline_mean == pytest.approx(25.0)
    assert effects["fill_rate_units"].baseline_mean == pytest.approx(0.9)


# --- numbers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("half", "decimals"), [(5.0, 1), (0.9, 1), (0.2, 1), (0.07, 2), (0.004, 3), (1e-6, 3), (0.0, 1), (math.nan, 1)]
)
def test_decimals_show_the_half_width_to_one_digit(half: float, decimals: int) -> None:
    assert decimals_for(half) == decimals


def test_signed_uses_a_true_minus_and_never_minus_zero() -> None:
    assert signed(-1.26, 1) == f"{MINUS}1.3"
    assert signed(-0.0004, 1) == "0.0"
    assert signed(0.5, 1, plus=True) == "+0.5"
    assert signed(1234.5, 1) == "1,234.5"


# --- the whole verdict ------------------------------------------------------------------------------------


def three_policies() -> tuple[pd.DataFrame, pd.DataFrame]:
    comps = pd.DataFrame(
        [
            comparison("stocked", "free", "cost_per_order", -2.0, -2.1, -1.9, base=23.0),
            comparison("stocked", "free", "fill_rate_units", 0.015, 0.014, 0.016, base=0.98),
            comparison("hybrid", "free", "cost_per_order", -1.9, -2.0, -1.8, base=23.0),
            comparison("hybrid", "free", "fill_rate_units", 0.016, 0.015, 0.017, base=0.98),
            comparison("hybrid", "stocked", "cost_per_order", 0.1, 0.05, 0.15, base=21.0),
            comparison("hybrid", "stocked", "fill_rate_units", 0.001, -0.002, 0.004, base=0.995),
        ]
    )
    summ = summary(
        ("free", "cost_per_order", 23.0, 22.9, 23.1),
        ("stocked", "cost_per_order", 21.0, 20.9, 21.1),
        ("hybrid", "cost_per_order", 21.1, 21.0, 21.2),
        ("free", "fill_rate_units", 0.98, 0.979, 0.981),
        ("stocked", "fill_rate_units", 0.995, 0.994, 0.996),
        ("hybrid", "fill_rate_units", 0.996, 0.995, 0.997),
    )
    return comps, summ


ZERO = Decision(thresholds=Thresholds(cost_per_order=0, fill_rate_units=0, delivery_days_p90=0))
"""Thresholds of zero: plain significance (the CI excludes zero)."""


def test_leaders_name_who_is_ahead_and_who_is_tied() -> None:
    comps, summ = three_policies()
    verdict = build_verdict(comps, summ, ["free", "stocked", "hybrid"], decision=ZERO)
    cost, fill = verdict.leaders
    assert cost.startswith("Lowest cost per order: stocked, 21.0")
    assert "significantly lower than free and hybrid" in cost
    assert fill.startswith("Highest fill rate: hybrid, 99.6 %")
    assert "significantly higher than free" in fill
    assert "not significantly different from stocked" in fill
    assert len(verdict.sentences) == 3


def test_a_leader_is_ahead_only_beyond_the_threshold_worth_acting_on() -> None:
    """stocked is 0.10 cheaper than hybrid (CI 0.05–0.15, excludes zero): with the default threshold of
    0.10 per order that is no meaningful difference, so "significantly lower" names free only."""
    comps, summ = three_policies()
    cost, _ = build_verdict(comps, summ, ["free", "stocked", "hybrid"]).leaders
    assert "significantly lower than free;" in cost
    assert "not meaningfully different from hybrid" in cost and "0.10 per order" in cost
    sentences = build_verdict(comps, summ, ["free", "stocked", "hybrid"]).sentences
    hybrid_stocked = next(x for x in sentences if x.startswith("hybrid") and "against stocked" in x)
    assert "raises" not in hybrid_stocked
    assert "not clearly beyond the 0.10 per order worth acting on" in hybrid_stocked


def test_one_policy_has_nothing_to_compare() -> None:
    _, summ = three_policies()
    verdict = build_verdict(
        pd.DataFrame(columns=["policy", "baseline", "metric"]), summ[summ.policy == "free"], ["free"]
    )
    assert verdict.notes == ["One policy only (free): there is nothing to compare it with."]
    assert verdict.sentences == []
    assert verdict.leaders[0].startswith("Cost per order: 23.0")


def test_sweep_settings_prefix_each_sentence_and_are_capped() -> None:
    rows = [
        comparison("b", "a", "cost_per_order", -1.0, -1.2, -0.8, base=20.0, service_level=round(0.5 + i / 100, 2))
        for i in range(MAX_SETTINGS + 3)
    ]
    verdict = build_verdict(pd.DataFrame(rows), summary(), ["a", "b"], parameters=["service_level"])
    assert len(verdict.sentences) == MAX_SETTINGS
    assert verdict.sentences[0].startswith("At service_level = 0.5: b cuts cost per order by 5.0 %")
    assert any("3 more parameter settings" in n for n in verdict.notes)
    assert verdict.leaders == []
