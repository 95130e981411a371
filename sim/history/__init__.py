"""Demand history: import (located CSV errors), store calendar, trace replay, per-SKU analysis.

Pure pandas/numpy, no SimPy. The modules, in data-flow order:

* `sim.history.table`: read an order-lines or daily-demand CSV into a validated `DemandTable`,
  reporting every bad row as `file.csv:ROW:COL  column  message` (nothing half-loaded); its parts:
  `collector` (located problems, per kind), `csv_rows` (text and rows), `row_checks` (one check
  per column), `closed_days` (store_open and closed-day demand); `sku_table` reads per-SKU tables;
* `sim.history.calendar`: the store calendar (open and closed days);
* `sim.history.replay`: the traces the simulator replays, and the block bootstrap;
* `sim.studies.demand_stats`: per-SKU statistics, Syntetos–Boylan patterns, ABC and XYZ classes;
* `sim.analytics.economics`: safety stock, EOQ, stockout cost, DIO, and the stock-or-virtual
  break-even cost per order;
* `sim.studies.analyze`: `supplysim analyze` (tables, matrix, policy block, report section);
* `sim.studies.backtest`: `supplysim backtest` (rolling-origin evaluation on the real demand).

This package imports nothing from the simulator beyond `sim.config`, so the network can depend on
it; the analysis and backtest modules import the network and the experiment themselves.
Formulas and file formats are documented in docs/DEMAND.md.
"""
