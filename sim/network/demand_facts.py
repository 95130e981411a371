"""The catalogue and demand facts of a network: per-SKU moments and ABC classes, and one demand stream
per (region, SKU).

Pure steps of `build_network` (sim.network.build). A SKU's daily moments come from its demand
block: compound Poisson orders, daily units, or the fit of a replayed history (sim.history.replay).
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.analytics.classify import abc_classes
from sim.base.distributions import _Dist
from sim.config.models import DailyUnits, HistoryDemand, PoissonOrders, Sku
from sim.history.replay import Replay
from sim.network.indexed import DemandStream, SkuInfo


def sku_facts(catalogue: Sequence[Sku], replay: Replay | None) -> tuple[SkuInfo, ...]:
    """Every SKU of the catalogue, indexed in catalogue order, with its daily moments and ABC class."""
    moments = [_daily_moments(s, replay) for s in catalogue]
    abc = abc_classes([s.price * m[0] for s, m in zip(catalogue, moments, strict=True)])
    return tuple(
        SkuInfo(i, s.id, s.unit_cost, s.price, s.weight_kg, m[0], m[1], abc[i], m[2])
        for i, (s, m) in enumerate(zip(catalogue, moments, strict=True))
    )


def _daily_moments(sku: Sku, replay: Replay | None) -> tuple[float, float, float]:
    """Mean and variance of one day's units (all regions), before seasonality, and units per order.
    History SKUs take the estimates fitted on the history before day 0 (sim.history.replay)."""
    demand = sku.demand
    if isinstance(demand, PoissonOrders):
        size: _Dist = demand.order_size  # compound Poisson: var = λ·E[X²]
        second_moment = size.variance + size.mean**2
        return demand.orders_per_day * size.mean, demand.orders_per_day * second_moment, size.mean
    if isinstance(demand, DailyUnits):
        return demand.units_per_day.mean, demand.units_per_day.variance, 1.0
    assert replay is not None
    fit = replay.fits[sku.id]
    return fit.daily_units_mean, fit.daily_units_var, fit.units_per_order


def demand_streams(
    shares: Sequence[float],
    regions: tuple[str, ...],
    catalogue: Sequence[Sku],
    sku_ix: dict[str, int],
    replay: Replay | None,
) -> tuple[DemandStream, ...]:
    """One stream per (region, SKU), region by region; `shares` are the regions' demand shares
    (history SKUs take their fitted split instead)."""
    streams: list[DemandStream] = []
    for r, share in enumerate(shares):
        for s in catalogue:
            d = s.demand
            stream_share = share
            if isinstance(d, HistoryDemand):
                assert replay is not None
                stream_share = replay.fits[s.id].region_share[regions[r]]
            streams.append(
                DemandStream(
                    index=len(streams),
                    region=r,
                    sku=sku_ix[s.id],
                    kind=d.kind,
                    orders_per_day=d.orders_per_day * share if isinstance(d, PoissonOrders) else 0.0,
                    order_size=d.order_size if isinstance(d, PoissonOrders) else None,
                    units_per_day=d.units_per_day if isinstance(d, DailyUnits) else None,
                    share=stream_share,
                )
            )
    return tuple(streams)
