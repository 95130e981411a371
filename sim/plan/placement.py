"""Predictive placement, pure part: forward-node plans, forecasts, order-up-to levels, rebalancing.

A stocked policy with a `placement:` block keeps a central node and regional forward nodes that
replenish from it. Each forward node's stock of each SKU is driven by a forecast of the demand
its regions actually placed (every customer order of those regions, whichever node served it, so
the forecast is not censored by the forward node's own stock-outs):

* the forecaster is `sim.policies.forecast.MovingAverage` or `ExponentialSmoothing`, started from
  the plan's prior (the scenario's stated demand for those regions, without seasonality);
* every `review_days` the forward slot is topped up to T = ⌈F·P + z·σ̂·√P⌉ where F is the forecast
  daily demand, σ̂ the forecaster's error sd, P the planned transfer lead time (plus receiving) plus
  the review period, z = Φ⁻¹(service_level): the order is T − position (when positive), a transfer
  from the central node, queued there when it is short;
* rebalancing (optional): when the central node's on hand cannot cover the forward nodes' needs for
  a SKU, a forward node whose position is above `rebalance_above` × T gives what it holds above T
  to those below T (largest need first), as a lateral transfer taking the receiver's transfer time.

The SimPy side is sim.model.topups.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.analytics import z_value
from sim.base.timebase import DAY
from sim.config.models import Placement
from sim.network.build import Network
from sim.policies.forecast import ExponentialSmoothing, MovingAverage

DEFAULT_WINDOW_DAYS = 14
DEFAULT_ALPHA = 0.3


@dataclass(frozen=True)
class ForwardPlan:
    node: int
    regions: tuple[int, ...]
    protection_days: float  # P = transfer lead time (+ receiving) + review period
    prior_mean: tuple[float, ...]  # by SKU index: expected daily units of its regions
    prior_sd: tuple[float, ...]


@dataclass(frozen=True)
class PlacementPlan:
    central: int
    forward: tuple[ForwardPlan, ...]
    method: str
    window_days: int
    alpha: float
    review_s: int
    z: float
    rebalance: bool
    rebalance_above: float

    def forecaster(self, mean: float, sd: float) -> MovingAverage | ExponentialSmoothing:
        if self.method == "moving_average":
            return MovingAverage(self.window_days, mean, sd)
        return ExponentialSmoothing(self.alpha, mean, sd)


def plan_placement(network: Network, config: Placement) -> PlacementPlan:
    """Resolve a `placement:` block on `network` (names to indices, priors from the stated demand)."""
    shares = {(st.region, st.sku): st.share for st in network.streams}
    review_days = config.review_days
    forward = []
    for f in config.forward:
        node = network.node(f.node)
        regions = tuple(network.regions.index(r) for r in f.regions)
        assert node.transfer_days is not None
        protection = node.transfer_days.mean + node.receiving_s / DAY + review_days
        mean = tuple(s.daily_units_mean * sum(shares[(r, s.index)] for r in regions) for s in network.skus)
        sd = tuple(math.sqrt(s.daily_units_var * sum(shares[(r, s.index)] for r in regions)) for s in network.skus)
        forward.append(ForwardPlan(node.index, regions, protection, mean, sd))
    return PlacementPlan(
        central=network.node(config.central).index,
        forward=tuple(forward),
        method=config.method,
        window_days=config.window_days or DEFAULT_WINDOW_DAYS,
        alpha=config.alpha or DEFAULT_ALPHA,
        review_s=review_days * DAY,
        z=z_value(config.service_level),
        rebalance=config.rebalance,
        rebalance_above=config.rebalance_above,
    )


def order_up_to(forecast_daily: float, error_sd: float, protection_days: float, z: float) -> int:
    """T = ⌈F·P + z·σ̂·√P⌉, at least 0."""
    return max(0, math.ceil(forecast_daily * protection_days + z * error_sd * math.sqrt(protection_days) - 1e-9))


def rebalance_moves(
    positions: list[int], targets: list[int], on_hand: list[int], above: float
) -> list[tuple[int, int, int]]:
    """Lateral moves (from, to, units) among forward nodes: donors are above `above` × target and
    give at most what they hold above target (and have on hand); receivers are below target,
    served largest need first, donors largest surplus first."""
    surplus = {
        i: min(on_hand[i], positions[i] - targets[i])
        for i in range(len(positions))
        if positions[i] > above * targets[i] and positions[i] > targets[i]
    }
    needs = sorted(
        ((targets[i] - positions[i], i) for i in range(len(positions)) if positions[i] < targets[i]),
        key=lambda x: (-x[0], x[1]),
    )
    moves = []
    for need, to in needs:
        for donor in sorted(surplus, key=lambda d: (-surplus[d], d)):
            if need <= 0:
                break
            units = min(need, surplus[donor])
            if units > 0:
                moves.append((donor, to, units))
                surplus[donor] -= units
                need -= units
    return moves


__all__ = ["ForwardPlan", "PlacementPlan", "order_up_to", "plan_placement", "rebalance_moves"]


class ForwardHold:
    """The reorder rule of a forward slot under placement: it never orders by itself (the placement
    process tops it up); it starts at the order-up-to level of the plan's prior."""

    reorder_point = -(2**62)

    def __init__(self, initial_level: int) -> None:
        self._initial = initial_level

    @property
    def initial_level(self) -> int:
        return self._initial

    def decide(self, snapshot: object) -> int:
        return 0


def hold_forward_slots(plan_slots: dict, placement: PlacementPlan) -> dict:  # type: ignore[type-arg]
    """The plan's slots with each forward slot's rule replaced by a `ForwardHold` at its prior level."""
    from dataclasses import replace

    out = dict(plan_slots)
    for f in placement.forward:
        for (n, s), slot in plan_slots.items():
            if n == f.node:
                level = order_up_to(f.prior_mean[s], f.prior_sd[s], f.protection_days, placement.z)
                out[(n, s)] = replace(slot, rule=ForwardHold(level))
    return out
