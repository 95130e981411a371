"""The cost-based (r,Q) cross-check `analyze` shows beside each SKU's service-level sizing.

The plan sizes stock for a cycle service level α (s = ⌈d·L + z_α·σ_L⌉, Q = EOQ). The cost model of
`sim.analytics.optimise` asks instead for a backorder cost p; the p at which α is the newsvendor
ratio p/(h + p) — the backorder cost the service level implies (Zipkin §6.2; Axsäter §5.10) — is
p = h·α/(1 − α). With it, three columns compare the plan with the cost model, per year:

* `rq_cost_per_year`: the exact expected holding + ordering + backorder cost of the plan's (s, Q)
  under normal lead-time demand (`rq_cost_normal`, Zipkin §6.5.3);
* `rq_opt_reorder_point`, `rq_opt_order_quantity`, `rq_opt_cost_per_year`: the (r, Q) of the
  iterative loss-function method (`rq_loss_function_heuristic`, Hadley & Whitin ch. 4) and its
  exact cost.

A large gap says the service-level target and the EOQ pull against each other for that SKU. The
columns are NaN where an input is missing (no demand, no variability, no order cost or lead time).
"""

from __future__ import annotations

import math

from sim.analytics import rq_cost_normal, rq_loss_function_heuristic
from sim.analytics.economics import DAYS_PER_YEAR

COLUMNS = (
    "implied_backorder_cost_per_unit_year",
    "rq_cost_per_year",
    "rq_opt_reorder_point",
    "rq_opt_order_quantity",
    "rq_opt_cost_per_year",
)
"""The columns `cross_check` adds, in order."""


def cross_check(
    units_per_day: float,
    units_per_day_sd: float,
    lead_days: float,
    lead_sd_days: float,
    holding_per_unit_year: float,
    order_cost: float,
    service_level: float,
    reorder_point: float,
    order_quantity: float,
) -> dict[str, float]:
    """The `COLUMNS` for one SKU (NaN where the inputs do not define them)."""
    empty = dict.fromkeys(COLUMNS, math.nan)
    ltd_sd = math.sqrt(lead_days * units_per_day_sd**2 + units_per_day**2 * lead_sd_days**2)
    if (
        not all(math.isfinite(x) for x in (units_per_day, ltd_sd, holding_per_unit_year, order_cost, lead_days))
        or min(units_per_day, ltd_sd, holding_per_unit_year, order_cost, lead_days) <= 0
        or not 0 < service_level < 1
        or order_quantity <= 0
    ):
        return empty
    h = holding_per_unit_year / DAYS_PER_YEAR
    p = h * service_level / (1 - service_level)
    tau = ltd_sd / math.sqrt(lead_days)  # the daily sd that gives σ_L over L (lead-time variability folded in)
    args = (h, p, order_cost, units_per_day, tau, lead_days)
    r, Q = rq_loss_function_heuristic(*args)
    return {
        "implied_backorder_cost_per_unit_year": p * DAYS_PER_YEAR,
        "rq_cost_per_year": rq_cost_normal(reorder_point, order_quantity, *args) * DAYS_PER_YEAR,
        "rq_opt_reorder_point": r,
        "rq_opt_order_quantity": Q,
        "rq_opt_cost_per_year": rq_cost_normal(r, Q, *args) * DAYS_PER_YEAR,
    }
