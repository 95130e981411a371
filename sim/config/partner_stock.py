"""Scenario schema, a dropship partner's own stock-outs (`nodes[].stock_outs`): runs, not coin flips.

See sim.network.partner_stock for the process and docs/DEMAND.md §14.
"""

from __future__ import annotations

from pydantic import Field

from sim.config.common import Strict


class PartnerStockOuts(Strict):
    """Per SKU, the partner is in stock for a random time (exponential, mean `mean_days_in_stock`),
    then out of stock for a random time (exponential, mean `mean_days_out`), and so on; while out it
    refuses every order of that SKU. The long-run share of time out is
    mean_days_out / (mean_days_in_stock + mean_days_out). `availability` still applies on top."""

    mean_days_in_stock: float = Field(gt=0, le=36_500, description="mean length of an in-stock run, days")
    mean_days_out: float = Field(gt=0, le=36_500, description="mean length of a stock-out run, days")
