"""The queueing validation cases, measured through the public queue and pipeline KPIs: Erlang C on
the pick/pack station's resource rows, Little's law on them, and delivery through a supplier queue
with Little's law on the work in process and the open units (`wip_mean`,
`units_in_transit_outbound_mean`).
"""

from __future__ import annotations

import math

import sim.analytics as a
from sim.base.timebase import DAY
from sim.config import Scenario
from sim.studies.validation.case import Check, poisson_rate


def erlang_c_p90(p_wait: float, servers: int, arrival_rate: float, service_rate: float) -> float:
    """The 0.9-quantile of the M/M/c wait in queue: P(Wq > t) = C·e^{−(cμ − λ)t} (GSTH §2.3), so
    t₉₀ = ln(C/0.1)/(cμ − λ) when C > 0.1, else 0."""
    return math.log(p_wait / 0.1) / (servers * service_rate - arrival_rate) if p_wait > 0.1 else 0.0


def erlang_c_checks(scenario: Scenario) -> list[Check]:
    rate_per_min = poisson_rate(scenario) / (DAY / 60)
    node = scenario.nodes[0]
    pick = node.pick_pack  # type: ignore[union-attr]
    assert pick is not None and pick.minutes_per_unit == 0
    servers, mean_min = pick.stations, pick.minutes_per_order.mean
    q = a.mmc(servers, rate_per_min, 1 / mean_min)
    p90 = erlang_c_p90(q.p_wait, servers, rate_per_min, 1 / mean_min)
    policy = "ample_stock"
    little = "Little 1961 (GSTH §1.5), on the public KPIs"
    return [
        Check(f"P(wait) = Erlang C(c = {servers}, a = {rate_per_min * mean_min:.2f}) (wait_probability)", q.p_wait,
              policy, "pp_p_wait"),
        Check("mean wait Wq = C/(cμ − λ), min (wait_minutes_mean)", q.wait, policy, "pp_wait_min", digits=3),
        Check("p90 wait ln(C/0.1)/(cμ − λ), min (wait_minutes_p90)", p90, policy, "pp_p90_min", kind="approx",
              tolerance=0.5, note="the KPI reports the middle of a 1-minute bin: up to ½ minute from the quantile",
              digits=3),
        Check("orders waiting Lq = λ·Wq (queue_length_mean)", q.queue_length, policy, "pp_in_queue", digits=3),
        Check("time at pick/pack W = Wq + 1/μ, min (time_in_system_minutes_mean)", q.sojourn, policy,
              "pp_sojourn_min", digits=3),
        Check("utilisation ρ = λ/(cμ) (utilisation)", q.utilisation, policy, "pp_utilisation"),
        Check("Little: queue_length_mean − λ·wait_minutes_mean = 0", 0.0, policy, "pp_little", digits=4,
              source=little),
    ]  # fmt: skip


def dropship_checks(scenario: Scenario) -> list[Check]:
    rate = poisson_rate(scenario)
    by_name = {n.name: n for n in scenario.nodes}
    pod = by_name["print_shop"]
    drop = by_name["maker"]
    service_days = 1 / pod.daily_capacity_units  # type: ignore[union-attr]
    wait = a.mg1_mean_wait(rate, service_days, service_days**2)  # M/D/1
    pickup_wait = (DAY - 1) / 2 / DAY  # ready at a uniformly random second of the day; one pickup a day
    transit = scenario.carriers[0].services[0].rates[0].transit_days.mean
    pod_ready = wait + service_days + pod.production_days.mean  # type: ignore[union-attr]
    drop_ready = drop.handling_days.mean  # type: ignore[union-attr]
    rows = []
    for policy, ready, how in (
        ("make_to_order", pod_ready, "Wq (M/D/1, P-K) + 1/μ + finishing"),
        ("dropship", drop_ready, "handling (M/G/∞)"),
    ):
        delivery = ready + pickup_wait + transit
        rows += [
            Check(f"units at the source L = λ·(ready + ½ day), ready = {how} (wip_mean)",
                  a.little_l(rate, ready + pickup_wait), policy, "wip", digits=3),
            Check("delivery time: ready + ½ day to pickup + transit (days)", delivery, policy, "delivery_days"),
            Check("open units L = λ·W (Little; wip_mean + units_in_transit_outbound_mean)", a.little_l(rate, delivery),
                  policy, "open_units", digits=3),
        ]  # fmt: skip
    return rows
