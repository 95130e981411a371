"""Queueing theory through the public queue KPIs: an M/M/c pick/pack bank open only in shifts.

The shipped Erlang C case (scenarios/validation/erlang_c_pick_pack.yaml: λ = 168 orders a day,
2 stations, exponential 12-minute picks, a = 1.4 Erlangs) with the stations working Monday to
Friday only and the week's demand on those days (168 a day; weekday factors 0 at weekends). Arrivals then fall in open time only,
and work left on Friday at midnight resumes on Monday, so in open time the bank is exactly M/M/2:
the share of orders that wait is Erlang C(2, 1.4) and the utilisation is a / c = 0.7. Checked
with 95 % confidence intervals over replications (`sim.compare`, breakdown scope `resource`).
"""

from __future__ import annotations

import pytest
import yaml

from sim import compare
from sim.analytics.queues import erlang_c
from sim.config.models import Scenario

from ..conftest import SCENARIOS


@pytest.mark.slow
def test_mmc_open_only_in_shifts_matches_erlang_c_during_open_hours() -> None:
    data = yaml.safe_load((SCENARIOS / "validation" / "erlang_c_pick_pack.yaml").read_text())
    data["horizon_days"] = 42
    data["warmup_days"] = 0
    data["seasonality"] = {"weekday": [1, 1, 1, 1, 1, 0, 0]}  # normalised to mean 1: × 7/5 on workdays
    data["skus"][0]["demand"]["orders_per_day"] = 120  # 168 a day Monday to Friday
    workdays = {d: [{"start": 0, "end": 24}] for d in ("mon", "tue", "wed", "thu", "fri")}
    data["capacity"] = {"nodes": {"warehouse": {"shifts": {"hours": workdays}}}}
    results = compare(Scenario.model_validate(data), replications=12, seed=11, warn=False)
    rows = results.breakdown[
        (results.breakdown["scope"] == "resource") & (results.breakdown["name"] == "warehouse/pick_pack")
    ]

    def ci(metric: str) -> tuple[float, float]:
        values = rows[rows["metric"] == metric]["value"].to_numpy()
        mean, half = values.mean(), 1.96 * values.std(ddof=1) / len(values) ** 0.5
        return mean - half, mean + half

    low, high = ci("wait_probability")
    assert low <= erlang_c(2, 1.4) <= high, (low, erlang_c(2, 1.4), high)
    low, high = ci("utilisation")
    assert low <= 0.7 <= high, (low, high)
