"""The report's "where the queues build" chart (sim.report.backlog_chart): drawn from the breakdown's
`resource_day` rows, averaged over replications; in report.html for peak_season, absent without capacity."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sim.report.backlog_chart import backlog_chart, backlog_frame

from .conftest import ROOT, _results


def test_the_daily_backlog_is_averaged_over_replications_per_policy_resource_and_day() -> None:
    rows = [
        ("p", 0, "resource_day", "dc/pickup", "carried_over_d15", 4.0),
        ("p", 1, "resource_day", "dc/pickup", "carried_over_d15", 8.0),
        ("p", 0, "resource_day", "dc/pickup", "carried_over_d16", 0.0),
        ("p", 1, "resource_day", "dc/pickup", "carried_over_d16", 2.0),
        ("p", 0, "resource", "dc/pickup", "carried_over_mean", 2.0),
    ]
    frame = pd.DataFrame(rows, columns=["policy", "replication", "scope", "name", "metric", "value"])
    got = backlog_frame(frame)
    assert got.to_dict("records") == [
        {"policy": "p", "resource": "dc/pickup", "day": 15, "backlog": 6.0},
        {"policy": "p", "resource": "dc/pickup", "day": 16, "backlog": 1.0},
    ]
    chart = backlog_chart(frame, ["p"])
    assert chart is not None and "peak 6.0 on day 15" in chart.alt


def test_no_resource_rows_no_chart() -> None:
    rows = [("p", 0, "node", "dc", "parcels", 10.0)]
    frame = pd.DataFrame(rows, columns=["policy", "replication", "scope", "name", "metric", "value"])
    assert backlog_chart(frame, ["p"]) is None
    assert backlog_chart(None, ["p"]) is None


@pytest.fixture(scope="module")
def peak_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """peak_season cut to its first 32 days (warm-up 7: October and Black Friday's first days), 2 replications."""
    overrides = ["horizon_days=32", "warmup_days=7"]
    return _results(tmp_path_factory, "peak", ROOT / "scenarios/peak_season.yaml", overrides, 2)


@pytest.mark.slow
def test_peak_season_report_shows_where_the_queues_build(peak_folder: Path) -> None:
    html = (peak_folder / "report.html").read_text()
    assert 'id="fig-backlog_resources"' in html
    assert 'href="#fig-backlog_resources"' in html  # linked from the queue table
    assert (peak_folder / "plots" / "backlog_resources.png").is_file()
    breakdown = pd.read_csv(peak_folder / "breakdown.csv")
    days = breakdown[breakdown["scope"] == "resource_day"]
    assert {"dc/pick_pack", "dc/pickup", "knit_dropship/dropship", "mill/supply"} <= set(days["name"])
    # the daily values average to the resource's carried_over_mean, per run
    for (policy, rep, name), group in days.groupby(["policy", "replication", "name"]):
        (mean,) = breakdown[
            (breakdown["scope"] == "resource")
            & (breakdown["policy"] == policy)
            & (breakdown["replication"] == rep)
            & (breakdown["name"] == name)
            & (breakdown["metric"] == "carried_over_mean")
        ]["value"]
        assert group["value"].mean() == pytest.approx(mean)


def test_a_scenario_without_capacity_has_no_backlog_chart(small_folder: Path) -> None:
    # small_store's 24/7 pick/pack has queue rows (resource_day too), but no capacity block: no chart
    assert "resource_day" in set(pd.read_csv(small_folder / "breakdown.csv")["scope"])
    html = (small_folder / "report.html").read_text()
    assert "fig-backlog_resources" not in html
    assert not (small_folder / "plots" / "backlog_resources.png").exists()
