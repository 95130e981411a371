"""The plan's part of a one-time buy: the scenario's `reorder: {kind: one_time_buy}` block turned
into the rule's parameters — its date as a day index, and the season it covers.

The season runs from the day the stock arrives (`date`, default the start date) to the end of the
horizon; its length is what the default newsvendor quantity is sized for (sim.policies.one_time_buy).
"""

from __future__ import annotations

from typing import Any

from sim.base.timebase import DAY
from sim.config import models as cfg
from sim.network.build import Network


def one_time_buy_params(network: Network, reorder: cfg.OneTimeBuy) -> dict[str, Any]:
    """`from_facts` keyword arguments of `OneTimeBuy` for the scenario's block."""
    day = (reorder.date - network.start_date).days if reorder.date is not None else 0
    if not 0 <= day * DAY < network.horizon_s:
        raise ValueError(f"the one-time buy's date {reorder.date} lies outside the horizon")
    return {
        "quantity": reorder.quantity,
        "salvage_value": reorder.salvage_value,
        "day": day,
        "season_days": network.horizon_s / DAY - day,
    }
