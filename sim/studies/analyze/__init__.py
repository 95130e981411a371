"""`supplysim analyze`: per-SKU statistics, the ABC × XYZ matrix, stock-or-virtual recommendations.

From a validated `DemandTable` it builds one row per SKU (sim.studies.demand_stats), prices each SKU's
orders stocked and virtual (sim.analytics.economics.break_even) — with the costs of a scenario
(`--scenario`: the same computation as a hybrid policy's `assign: break_even`) or of the documented
single-warehouse world `SimpleCosts` — sizes its stock (safety stock, reorder point, EOQ), estimates
its stock-out cost, and, given an inventory snapshot, its DIO, turnover, capital released and the
lesson's alerts. `Analysis.write` puts every output in `<out>/analysis/` (formats in docs/DEMAND.md).

Modules, one concern each:

* `settings`       `SimpleCosts` (the cost world without a scenario) and `Settings`;
* `simple_world`   pricing and stock sizing per SKU with `SimpleCosts`;
* `scenario_world` the same with a scenario's network and costs (`assign: break_even`);
* `optimisers`     the cost-based (r,Q) cross-check columns (`sim.analytics.optimise`);
* `recommend`      stock or keep virtual, and the inventory snapshot's DIO and alerts;
* `table`          `analyze`: the per-SKU table, the matrix and the findings; `restrict`;
* `findings`       `summary.json` and the policy and SKU blocks to paste into a scenario;
* `section`        the report section (Markdown, HTML);
* `folder`         `Analysis` and its results folder;
* `files`          from files to an analysis: the API behind the command line.
"""

from sim.studies.analyze.files import Inputs, analyze_files, analyze_inputs, history_source, read_inputs
from sim.studies.analyze.folder import Analysis
from sim.studies.analyze.settings import Settings, SimpleCosts
from sim.studies.analyze.table import analyze, restrict

__all__ = [
    "Analysis",
    "Inputs",
    "Settings",
    "SimpleCosts",
    "analyze",
    "analyze_files",
    "analyze_inputs",
    "history_source",
    "read_inputs",
    "restrict",
]
