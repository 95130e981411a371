"""Demand-history inputs: reading a history file, its store calendar, and the replay the model plays.

Pure pandas/numpy, no SimPy; it comes before `sim.config` in the stage order and imports only
`sim.base` (docs/DEVELOPING.md). The modules, in data-flow order:

* `sim.history.spec`: what a history file is (path, format, columns, maps, calendar, bootstrap) —
  the scenario's `demand_history` block, re-exported by `sim.config.models`;
* `sim.history.table`: read an order-lines or daily-demand CSV into a validated `DemandTable`,
  reporting every bad row as `file.csv:ROW:COL  column  message` (nothing half-loaded); its parts:
  `collector` (located problems, per kind), `csv_rows` (text and rows), `row_checks` (one check
  per column), `closed_days` (store_open and closed-day demand); `sku_table` reads per-SKU tables;
* `sim.history.calendar`: the store calendar (open and closed days);
* `sim.history.replay`: the traces the simulator replays, and the block bootstrap.

Reading a scenario's history against its catalogue is `sim.config.demand_history`; the
applications built on histories (analysis, backtests) are in `sim.studies`. Formulas and file
formats are documented in docs/DEMAND.md.
"""
