"""The recommendation sentence and the decision block: checked against the folder's own numbers.

The headline scenario (multichannel) answers "both" (hybrid stocks some SKUs and dropships the
rest); a built pair of policies whose paired CIs sit inside the thresholds answers "no meaningful
difference"; constraints change the answer; the `decision:` block is validated like every other
block and changes no simulated number; `compare` ends with the same sentence, before its path.
"""

from __future__ import annotations

import csv
import html
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

import sim
from sim.cli import main
from sim.config import ScenarioError, load_scenario
from sim.config.decision import CONSTRAINT_METRICS, Bound, Decision, Thresholds
from sim.metrics.kpis import KPI_NAMES
from sim.report.folder import read_results_folder
from sim.report.html import build_report
from sim.report.recommendation import RECOMMENDATION_FILE, SKU_COLUMNS, recommend
from sim.report.verdict import build_verdict
from sim.report.wording import decimals_for, signed

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "scenarios/small_store.yaml"


# --- the shipped scenario whose answer is "both" ----------------------------------------------------


def test_the_headline_answer_is_both_and_matches_the_folders_numbers(headline_folder: Path) -> None:
    folder = read_results_folder(headline_folder)
    rec = build_report(folder).verdict.recommendation
    assert rec is not None and rec.outcome == "recommended"
    summary, plan, comps = folder.summary, folder.plan, folder.comparisons
    assert plan is not None
    cost = summary[summary.metric == "cost_per_order"].set_index("policy")["mean"].sort_values()
    # no constraints by default: the cheapest policy leads, the next cheapest is the runner-up
    assert (rec.policy, rec.runner_up) == (cost.index[0], cost.index[1]) == ("hybrid", "stocked")

    # what it stocks, from the plan table: some SKUs, not all ("both"), their count, nodes and revenue share
    hybrid = plan[plan.policy == "hybrid"]
    stocked = list(dict.fromkeys(hybrid[hybrid.source == "stocked"].sku))
    revenue = plan.drop_duplicates("sku").set_index("sku")["revenue_per_day"]
    share = revenue[stocked].sum() / revenue.sum()
    assert 0 < len(stocked) < len(revenue)
    assert rec.sentence.startswith(
        f"Recommended: hybrid \u2014 stock {len(stocked)} of {len(revenue)} SKUs "
        f"({100 * share:.0f} % of expected revenue) at "
    )
    assert f"dropship the other {len(revenue) - len(stocked)}" in rec.sentence

    # the gain against the runner-up, with its paired CI, as comparisons.csv has it (hybrid − stocked)
    row = comps[(comps.policy == "hybrid") & (comps.baseline == "stocked") & (comps.metric == "cost_per_order")]
    diff, low, high, rel = (float(row[c].iloc[0]) for c in ("mean_diff", "ci_low", "ci_high", "relative_diff"))
    base = diff / rel
    d = decimals_for(100 * (high - low) / base / 2)
    expected = (
        f"hybrid cuts cost per order by {signed(-100 * diff / base, d)} % "
        f"(95 % CI {signed(-100 * high / base, d)}\u2013{signed(-100 * low / base, d)} %) against stocked"
    )
    assert expected in rec.sentence
    assert -low > 0.10 and Decision().threshold("cost_per_order") == 0.10  # beyond the threshold, not just zero

    # the page opens its verdict with the sentence, links the per-SKU table, and the CSV has every SKU
    page = (headline_folder / "report.html").read_text(encoding="utf-8")
    assert html.escape(rec.sentence, quote=False) in page
    assert page.index('id="recommendation"') < page.index("Policy against policy")
    assert 'href="#per-sku"' in page and 'id="per-sku"' in page
    with (headline_folder / RECOMMENDATION_FILE).open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == SKU_COLUMNS
    assert [r["sku"] for r in rows] == list(revenue.index)
    assert [r["sku"] for r in rows if r["assignment"].startswith("stocked")] == stocked
    assert all(r["reason"].startswith("break-even rule") for r in rows)  # multichannel's hybrid assigns by break-even


# --- built comparisons ---------------------------------------------------------------------------------


def comparison(
    policy: str, baseline: str, metric: str, diff: float, low: float, high: float, base: float
) -> dict[str, Any]:
    return {
        "policy": policy,
        "baseline": baseline,
        "metric": metric,
        "mean_diff": diff,
        "ci_low": low,
        "ci_high": high,
        "n": 10,
        "relative_diff": diff / base,
        "significant": bool(low > 0 or high < 0),
    }


def frames(
    b_minus_a: dict[str, tuple[float, float, float]], means_a: dict[str, float]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    comps = pd.DataFrame([comparison("b", "a", m, *v, base=means_a[m]) for m, v in b_minus_a.items()])
    rows = []
    for m, mean in means_a.items():
        rows.append({"policy": "a", "metric": m, "mean": mean, "ci_low": mean, "ci_high": mean, "n": 10})
        diff = b_minus_a[m][0]
        rows.append({"policy": "b", "metric": m, "mean": mean + diff, "ci_low": mean, "ci_high": mean, "n": 10})
    return comps, pd.DataFrame(rows)


MEANS = {"cost_per_order": 20.0, "fill_rate_units": 0.97, "delivery_days_p90": 4.0}
INSIDE = {  # b − a: every CI inside the default thresholds (0.10, 0.005, 0.25), none excludes zero
    "cost_per_order": (-0.02, -0.08, 0.04),
    "fill_rate_units": (0.001, -0.002, 0.004),
    "delivery_days_p90": (0.05, -0.1, 0.2),
}


def test_cis_inside_the_thresholds_are_no_meaningful_difference() -> None:
    comps, summ = frames(INSIDE, MEANS)
    rec = recommend(summ, comps, ["a", "b"])
    assert rec is not None and rec.outcome == "no meaningful difference" and rec.policy is None
    assert rec.sentence.startswith("No meaningful difference between b and a:")  # b is nominally cheaper
    assert (
        "no meaningful difference in cost per order against a (95 % CI \u22120.4 % to +0.2 %, inside \u00b10.10 per order)"
        in rec.sentence
    )
    assert (
        "no meaningful difference in fill rate (CI \u22120.2 to +0.4 points, inside \u00b10.5 points)" in rec.sentence
    )
    assert "inside \u00b10.25 days" in rec.sentence
    # the same numbers with no threshold: the CIs include zero, so there is no clear answer, not a tie
    zero = Decision(thresholds=Thresholds(cost_per_order=0, fill_rate_units=0, delivery_days_p90=0))
    unsure = recommend(summ, comps, ["a", "b"], decision=zero)
    assert unsure is not None and unsure.outcome == "unclear" and unsure.sentence.startswith("No clear answer yet")


def test_significant_but_smaller_than_the_threshold_is_not_called_faster() -> None:
    """b is 0.1 day faster at p90 with a CI that excludes zero (−0.15 to −0.05) but sits inside 0.25 days."""
    faster = {**INSIDE, "delivery_days_p90": (-0.1, -0.15, -0.05)}
    comps, summ = frames(faster, MEANS)
    verdict = build_verdict(comps, summ, ["a", "b"])
    p90 = next(line for line in verdict.leaders if line.startswith("Fastest"))
    assert "significantly faster" not in p90 and "not meaningfully different from a" in p90
    assert "faster" not in verdict.sentences[0].split("with", 1)[1].replace("Fastest", "")
    zero = Decision(thresholds=Thresholds(cost_per_order=0, fill_rate_units=0, delivery_days_p90=0))
    p90_zero = next(x for x in build_verdict(comps, summ, ["a", "b"], decision=zero).leaders if x.startswith("Fastest"))
    assert "significantly faster than a" in p90_zero


def test_a_meaningful_gain_elsewhere_decides_when_cost_is_a_tie() -> None:
    quicker = {**INSIDE, "delivery_days_p90": (-1.0, -1.2, -0.8)}
    comps, summ = frames(quicker, MEANS)
    rec = recommend(summ, comps, ["a", "b"])
    assert rec is not None and (rec.outcome, rec.policy, rec.runner_up) == ("recommended", "b", "a")
    assert "90th-percentile delivery 1.0 days faster (CI 0.8\u20131.2)" in rec.sentence


def test_constraints_rule_out_the_cheapest_policy() -> None:
    """b is 1.00 cheaper but its fill rate (0.96) misses fill_rate_units ≥ 0.97: a is recommended."""
    cheaper = {
        "cost_per_order": (-1.0, -1.2, -0.8),
        "fill_rate_units": (-0.01, -0.012, -0.008),
        "delivery_days_p90": (0.0, -0.1, 0.1),
    }
    comps, summ = frames(cheaper, MEANS)
    assert recommend(summ, comps, ["a", "b"]).policy == "b"  # type: ignore[union-attr]
    decision = Decision(constraints={"fill_rate_units": Bound(min=0.97)})
    rec = recommend(summ, comps, ["a", "b"], decision=decision)
    assert rec is not None and (rec.policy, rec.runner_up) == ("a", "b")
    assert rec.sentence.startswith("Recommended: a because it meets fill_rate_units \u2265 0.97 and a raises cost")
    assert any("b does not meet the constraints" in n for n in rec.notes)
    none_meet = Decision(constraints={"fill_rate_units": Bound(min=0.99)})
    assert any("No policy meets" in n for n in recommend(summ, comps, ["a", "b"], decision=none_meet).notes)  # type: ignore[union-attr]


# --- the decision block ----------------------------------------------------------------------------------


def test_constraint_metrics_are_kpis() -> None:
    assert set(CONSTRAINT_METRICS) <= set(KPI_NAMES)
    assert set(Thresholds.model_fields) <= set(KPI_NAMES)


@pytest.mark.parametrize(
    ("block", "where", "says"),
    [
        ("  constraints:\n    fill_rat: {min: 0.98}\n", "decision.constraints.fill_rat", "fill_rate_units"),
        (
            "  constraints:\n    fill_rate_units: {min: 0.99, max: 0.98}\n",
            "decision.constraints.fill_rate_units",
            "above max",
        ),
        ("  constraints:\n    fill_rate_units: {}\n", "decision.constraints.fill_rate_units", "give min, max or both"),
        ("  thresholds:\n    cost_per_order: -1\n", "decision.thresholds.cost_per_order", "greater than or equal to 0"),
        ("  threshold:\n    cost_per_order: 1\n", "decision.threshold", ""),
    ],
)
def test_a_bad_decision_block_is_a_located_error(tmp_path: Path, block: str, where: str, says: str) -> None:
    text = SMALL.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    path = tmp_path / "bad.yaml"
    path.write_text(text + "decision:\n" + block, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert where in message and says in message
    assert f"bad.yaml:{line}" in message or f"bad.yaml:{line + 1}" in message, message
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_decision_block_changes_no_simulated_number(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8") + (
        "decision:\n  constraints:\n    fill_rate_units: {min: 0.9}\n  thresholds:\n    cost_per_order: 0.5\n"
    )
    path = tmp_path / "with_decision.yaml"
    path.write_text(text, encoding="utf-8")
    overrides = ["horizon_days=30", "warmup_days=5"]
    plain = sim.compare(load_scenario(SMALL, overrides), replications=2, seed=3, workers=1).kpis
    decided = sim.compare(load_scenario(path, overrides), replications=2, seed=3, workers=1).kpis
    pd.testing.assert_frame_equal(plain.drop(columns="scenario"), decided.drop(columns="scenario"))


# --- the terminal ------------------------------------------------------------------------------------------


def test_compare_ends_with_the_reports_sentence_before_its_path(tmp_path: Path) -> None:
    out = tmp_path / "run"
    args = ["compare", str(SMALL), "--reps", "2", "--set", "horizon_days=60", "--set", "warmup_days=7"]
    result = CliRunner().invoke(main, [*args, "--workers", "1", "--no-progress", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert Path(lines[-1]).resolve() == out.resolve()  # the path stays last
    rec = build_report(read_results_folder(out)).verdict.recommendation
    assert rec is not None and math.isfinite(len(rec.sentence))
    # rich wraps long lines at the terminal width: compare the words
    tail = " ".join(result.stdout.split()).rsplit(" ", 1)[0]
    assert tail.endswith(" ".join(rec.sentence.split()))
    assert "stock all 5 SKUs at home_warehouse" in rec.sentence or "dropship" in rec.sentence


def test_the_terminal_marks_only_differences_beyond_the_threshold() -> None:
    """hybrid − stocked: cost +0.05 (CI 0.02–0.08) excludes zero but not 0.10; p90 −1.0 days (CI −1.2 to −0.8)
    is beyond 0.25 days: only p90 gets the star. With thresholds of 0 both do."""
    from types import SimpleNamespace

    from rich.console import Console

    from sim.report.terminal import difference_table

    comps = pd.DataFrame(
        [
            comparison("hybrid", "stocked", "fill_rate_units", 0.0, -0.001, 0.001, base=0.98),
            comparison("hybrid", "stocked", "cost_per_order", 0.05, 0.02, 0.08, base=20.0),
            comparison("hybrid", "stocked", "delivery_days_p90", -1.0, -1.2, -0.8, base=4.0),
        ]
    )

    def cells(decision: Decision | None) -> list[str]:
        results = SimpleNamespace(comparisons=comps, scenario=SimpleNamespace(decision=decision))
        console = Console(width=300, record=True)
        console.print(difference_table(results))  # type: ignore[arg-type]
        row = next(line for line in console.export_text().splitlines() if "hybrid − stocked" in line)
        return [c.strip() for c in row.split("│")[2:5]]

    fill, cost, p90 = cells(None)
    assert not fill.endswith("*") and not cost.endswith("*") and p90.endswith("*")
    zero = Decision(thresholds=Thresholds(cost_per_order=0, fill_rate_units=0, delivery_days_p90=0))
    fill, cost, p90 = cells(zero)
    assert not fill.endswith("*") and cost.endswith("*") and p90.endswith("*")


def test_one_replication_gives_no_answer_and_says_why() -> None:
    comps, summ = frames({**INSIDE, "cost_per_order": (-1.0, -1.2, -0.8)}, MEANS)
    comps["n"], comps["ci_low"], comps["ci_high"] = 1, math.nan, math.nan
    rec = recommend(summ, comps, ["a", "b"])
    assert rec is not None and rec.policy is None and rec.outcome == "unclear"
    assert rec.sentence.startswith("No answer from a single replication: b")
    assert "run 2 or more replications" in rec.sentence
