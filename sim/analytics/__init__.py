"""Analytic inventory and queueing formulas: pure functions, no SimPy, each naming its source.

The simulator is validated against these (`supplysim validate-model`, docs/VALIDATION.md), and the
reorder rules size themselves with them (`sim.policies`), so each formula has exactly one
definition in the code base. Modules:

* `normal`      z from a service level, the standard normal loss function, safety stock (with and
                without lead-time variability), reorder point, (r,Q) fill rate and reorder point
                for a target fill rate under normal lead-time demand;
* `lot_sizing`  EOQ and its annual cost;
* `poisson`     base-stock and (r,Q)/(s,S) with Poisson unit demand under continuous review,
                lost-sales base-stock (Erlang loss);
* `periodic`    periodic review with i.i.d. integer daily demand, exactly, through the embedded
                Markov chain of the inventory position at reviews: (R,S), (R,s,S), (R,r,Q);
* `newsvendor`  critical fractile and the single-period quantities;
* `newsvendor_cost`  the newsvendor's expected cost and profit with salvage (normal, Poisson) and
                the optimal quantity from prices;
* `optimise`    cost-based optimisers: exact (r,Q) cost with holding and backorder cost (Poisson,
                normal), the loss-function (r,Q) iteration, the exact Poisson (r,Q) optimum
                (Federgruen–Zheng), the optimal periodic (s,S) for discrete demand (Zheng–Federgruen);
* `queues`      Erlang B, Erlang C (M/M/c), Pollaczek–Khinchine (M/G/1), Little's law;
* `discrete`    probability mass functions the other modules share (Poisson, a rounded normal).

Sources are cited by book and chapter/section (equation numbers differ between editions):

* Silver, Pyke & Thomas, *Inventory and Production Management in Supply Chains*, 4th ed. (2017) — SPT;
* Axsäter, *Inventory Control*, 3rd ed. (2015);
* Zipkin, *Foundations of Inventory Management* (2000);
* Hopp & Spearman, *Factory Physics*, 3rd ed. (2008) — H&S;
* Nahmias, *Production and Operations Analysis*, 6th ed. (2009);
* Hadley & Whitin, *Analysis of Inventory Systems* (1963);
* Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing Theory*, 4th ed. (2008) — GSTH;
* Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed. (2019);
* Zheng & Federgruen, "Finding optimal (s,S) policies is about as simple as evaluating a single
  policy", *Operations Research* 39(4), 1991;
* Little, "A proof for the queuing formula L = λW", *Operations Research* 9(3), 1961.
"""

from sim.analytics.lot_sizing import eoq, eoq_annual_cost, order_cycle_days, orders_per_year, total_annual_cost
from sim.analytics.newsvendor import (
    critical_fractile,
    newsvendor_expected_leftover,
    newsvendor_expected_lost,
    newsvendor_expected_sales,
    newsvendor_quantity_discrete,
    newsvendor_quantity_normal,
)
from sim.analytics.newsvendor_cost import (
    Prices,
    newsvendor_cost_normal,
    newsvendor_cost_poisson,
    newsvendor_optimal_normal,
    newsvendor_optimal_poisson,
    newsvendor_profit_normal,
    newsvendor_profit_poisson,
)
from sim.analytics.normal import (
    cycle_service_level_normal,
    lead_time_demand_sd,
    normal_loss,
    normal_loss2,
    reorder_point,
    reorder_point_for_fill_rate,
    rq_backorders_normal,
    rq_fill_rate_normal,
    rq_on_hand_normal,
    safety_stock,
    safety_stock_variable_lead_time,
    z_value,
)
from sim.analytics.optimise import (
    Optimum,
    rq_cost_normal,
    rq_cost_poisson,
    rq_loss_function_heuristic,
    rq_optimal_poisson,
    ss_cost_discrete,
    ss_optimal_discrete,
    ss_orders_per_period,
)
from sim.analytics.periodic import (
    StockMetrics,
    periodic_base_stock,
    periodic_rq,
    periodic_sS,
    periodic_sS_cycle_service_level,
)
from sim.analytics.poisson import (
    base_stock_poisson,
    lost_sales_base_stock_poisson,
    poisson_loss,
    rq_poisson,
    sS_poisson_continuous,
)
from sim.analytics.queues import MMc, erlang_b, erlang_c, little_l, mg1_mean_wait, mmc

__all__ = [
    "MMc",
    "Optimum",
    "Prices",
    "StockMetrics",
    "base_stock_poisson",
    "critical_fractile",
    "cycle_service_level_normal",
    "eoq",
    "eoq_annual_cost",
    "erlang_b",
    "erlang_c",
    "lead_time_demand_sd",
    "little_l",
    "lost_sales_base_stock_poisson",
    "mg1_mean_wait",
    "mmc",
    "newsvendor_cost_normal",
    "newsvendor_cost_poisson",
    "newsvendor_expected_leftover",
    "newsvendor_expected_lost",
    "newsvendor_expected_sales",
    "newsvendor_optimal_normal",
    "newsvendor_optimal_poisson",
    "newsvendor_profit_normal",
    "newsvendor_profit_poisson",
    "newsvendor_quantity_discrete",
    "newsvendor_quantity_normal",
    "normal_loss",
    "normal_loss2",
    "order_cycle_days",
    "orders_per_year",
    "periodic_base_stock",
    "periodic_rq",
    "periodic_sS",
    "periodic_sS_cycle_service_level",
    "poisson_loss",
    "reorder_point",
    "reorder_point_for_fill_rate",
    "rq_backorders_normal",
    "rq_cost_normal",
    "rq_cost_poisson",
    "rq_fill_rate_normal",
    "rq_loss_function_heuristic",
    "rq_on_hand_normal",
    "rq_optimal_poisson",
    "rq_poisson",
    "sS_poisson_continuous",
    "safety_stock",
    "safety_stock_variable_lead_time",
    "ss_cost_discrete",
    "ss_optimal_discrete",
    "ss_orders_per_period",
    "total_annual_cost",
    "z_value",
]
