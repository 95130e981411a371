"""Routing strategies: which node an order tries first. Pure (no SimPy); docs/ROUTING.md.

A strategy orders the candidate nodes of one (region, SKU): stock-holding nodes first, then
virtual sources (the fallback chain; backorder or lost sale comes after both, in
sim.model.orders). Everything a strategy needs is resolved here once per (region, SKU, node)
when the plan is made, as a `Candidate`:

* `zone` — the carrier zone from the node's region to the customer's;
* `landed_cost` — money per order of the SKU's mean size q̄: q̄ × (unit cost + unit premium +
  per-unit fee + referral fee rate × price) + per-order fee + the lane's shipping charge for q̄ units;
* `promise_days` — the promise a customer would see, averaged over the 672 quarter-hours of a week
  of order times: ready (mean pick/pack, or handling/production at the promise quantile) → the
  next pickup after the node's cut-off on a pickup day (the rule of sim.routing.pickups) → the
  lane's transit at the promise quantile → end of that day;
* `expected_days` — the same with mean handling and mean transit plus the carrier's expected
  lateness ((1 − on-time probability) × mean late days), without rounding to the end of the day;
* `late_probability` — 1 − the carrier service's on-time probability.

The registry `STRATEGIES` maps the YAML `routing.strategy` to a class with one method,
`key(candidate) -> float` (lower is preferred; ties go by the priority order). `score` is the only
*dynamic* strategy: its static key ranks the route at build time, and the order router re-ranks
stock nodes per order with each node's current cut-off position and backlog (`ScoreWeights`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from sim.base.kinds import ROUTING_STRATEGIES, check_kinds
from sim.base.timebase import DAY, MINUTE, days
from sim.config.models import Routing, ScoreWeights
from sim.network.build import Network, NodeInfo, ServiceInfo
from sim.routing.pickups import next_pickup_s

WEEK_GRID_S = 15 * MINUTE
"""Order times averaged over by the static delivery-day estimates: every quarter-hour of a week."""


@dataclass(frozen=True)
class Candidate:
    """The static facts of one node for orders of one SKU from one region."""

    node: int
    rank: int  # position in the priority order (ties)
    zone: int
    landed_cost: float
    promise_days: float
    expected_days: float
    late_probability: float
    transit_mean_s: int  # mean transit + expected lateness (the score's per-order delivery estimate)
    ready_mean_s: int  # mean order → ready to ship, without queueing


class Strategy:
    """A routing strategy: `key` orders candidates, lowest first."""

    kind: ClassVar[str]
    dynamic: ClassVar[bool] = False

    def key(self, c: Candidate) -> float:
        raise NotImplementedError


class Priority(Strategy):
    """The `routing.priority` list, then the other nodes in declaration order."""

    kind = "priority"

    def key(self, c: Candidate) -> float:
        return float(c.rank)


class Nearest(Strategy):
    """Lowest carrier zone from the customer's region."""

    kind = "nearest"

    def key(self, c: Candidate) -> float:
        return float(c.zone)


class Cheapest(Strategy):
    """Lowest landed cost per order."""

    kind = "cheapest"

    def key(self, c: Candidate) -> float:
        return c.landed_cost


class Fastest(Strategy):
    """Earliest promise (promised delivery days averaged over a week of order times)."""

    kind = "fastest"

    def key(self, c: Candidate) -> float:
        return c.promise_days


class Score(Strategy):
    """Lowest weighted score: per_delivery_day × expected days + per_cost × landed cost +
    per_late_probability × late probability (+ per_backlog_day × backlog days, per order)."""

    kind = "score"
    dynamic = True

    def __init__(self, weights: ScoreWeights) -> None:
        self.weights = weights

    def static_part(self, c: Candidate) -> float:
        """The part of the score that does not change during a run."""
        w = self.weights
        return w.per_cost * c.landed_cost + w.per_late_probability * c.late_probability

    def key(self, c: Candidate) -> float:
        return self.static_part(c) + self.weights.per_delivery_day * c.expected_days


STRATEGIES: dict[str, type[Strategy]] = {s.kind: s for s in (Priority, Nearest, Cheapest, Fastest, Score)}
check_kinds("STRATEGIES", STRATEGIES, ROUTING_STRATEGIES)


def build_strategy(routing: Routing) -> Strategy:
    """The strategy a `routing:` block asks for."""
    if routing.strategy == "score":
        return Score(routing.weights)
    return STRATEGIES[routing.strategy]()


def priority_order(network: Network, routing: Routing) -> tuple[int, ...]:
    """Node indices: the routing's priority list, then the rest in declaration order."""
    index = {n.name: n.index for n in network.nodes}
    named = [index[n] for n in (routing.priority or [])]
    return tuple(named + [i for i in range(len(network.nodes)) if i not in named])


def _ready_s(node: NodeInfo, units: float, quantile: float | None) -> int:
    """Order → ready to ship without queueing: mean pick/pack, or handling/production at `quantile`
    (None: at the mean)."""
    if node.holds_stock:
        pp = node.pick_pack
        return 0 if pp is None else round((pp.minutes_per_order.mean + pp.minutes_per_unit * units) * MINUTE)
    stage = node.handling_days if node.handling_days is not None else node.production_days
    assert stage is not None
    line = units / node.daily_capacity_units * DAY if node.daily_capacity_units else 0.0
    value = stage.mean if quantile is None else stage.quantile(quantile)
    return round(line) + days(value)


def _expected_lateness_days(service: ServiceInfo) -> float:
    if service.on_time_probability >= 1.0 or service.late_days is None:
        return 0.0
    return (1.0 - service.on_time_probability) * service.late_days.mean


def candidate(
    network: Network,
    node: int,
    region: int,
    sku: int,
    rank: int,
    promise_quantile: float,
    memo: dict[tuple[int, int, int, bool], float] | None = None,
) -> Candidate:
    """The static facts of `node` for orders of `sku` from `region` (see the module docstring).
    `memo` caches the week averages, which depend only on (node, ready offset, transit)."""
    info = network.nodes[node]
    item = network.skus[sku]
    service = info.service
    q = max(item.units_per_order, 1.0)
    zone = network.zone[info.region][region]
    if service is None:  # a store's counter: handed over when ready, promised by the end of that day
        assert info.kind == "store"
        unit = item.unit_cost + info.fee_per_unit
        ready = _ready_s(info, q, None)
        return Candidate(
            node=node,
            rank=rank,
            zone=zone,
            landed_cost=q * unit + info.fee_per_order,
            promise_days=0.5 + ready / DAY,  # end of the day of service, averaged over order times in a day
            expected_days=ready / DAY,
            late_probability=0.0,
            transit_mean_s=0,
            ready_mean_s=ready,
        )
    lane = service.rates[zone]
    unit = item.unit_cost + info.unit_premium + info.fee_per_unit + info.referral_fee_rate * item.price
    landed = q * unit + info.fee_per_order + lane.cost_per_shipment + lane.cost_per_kg * item.weight_kg * q
    ready_promise = _ready_s(info, q, promise_quantile)
    ready_mean = _ready_s(info, q, None)
    transit_promise = days(lane.transit_days.quantile(promise_quantile))
    transit_mean = days(lane.transit_days.mean + _expected_lateness_days(service))
    memo = {} if memo is None else memo
    return Candidate(
        node=node,
        rank=rank,
        zone=zone,
        landed_cost=landed,
        promise_days=_week_average_days(network, info, ready_promise, transit_promise, True, memo),
        expected_days=_week_average_days(network, info, ready_mean, transit_mean, False, memo),
        late_probability=1.0 - service.on_time_probability,
        transit_mean_s=transit_mean,
        ready_mean_s=ready_mean,
    )


def _week_average_days(
    network: Network,
    info: NodeInfo,
    ready_s: int,
    transit_s: int,
    end_of_day: bool,
    memo: dict[tuple[int, int, int, bool], float],
) -> float:
    """Order → delivery (days), averaged over every quarter-hour of a week of order times."""
    key = (info.index, ready_s, transit_s, end_of_day)
    cached = memo.get(key)
    if cached is not None:
        return cached
    start_weekday = network.start_date.weekday()
    calendar = _without_holidays(info)
    total = 0
    grid = range(0, 7 * DAY, WEEK_GRID_S)
    for t in grid:
        arrival = next_pickup_s(t + ready_s, calendar, start_weekday) + transit_s
        if end_of_day:
            arrival = arrival - arrival % DAY + DAY - 1
        total += arrival - t
    memo[key] = value = total / len(grid) / DAY
    return value


def _without_holidays(info: NodeInfo) -> NodeInfo:
    """Static estimates average a normal week: holidays are left out (they are rare and dated)."""
    service = info.service
    if service is None or not service.holiday_days:
        return info
    return replace(info, service=replace(service, holiday_days=frozenset()))


def rank_candidates(strategy: Strategy, candidates: list[Candidate]) -> list[tuple[Candidate, float]]:
    """Candidates with their keys, best first (ties by priority rank)."""
    keyed = [(c, strategy.key(c)) for c in candidates]
    return sorted(keyed, key=lambda ck: (ck[1], ck[0].rank))


__all__ = [
    "STRATEGIES",
    "Candidate",
    "Cheapest",
    "Fastest",
    "Nearest",
    "Priority",
    "Score",
    "Strategy",
    "build_strategy",
    "candidate",
    "priority_order",
    "rank_candidates",
]
