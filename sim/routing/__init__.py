"""Routing: which node an order tries first (strategies by `routing.strategy`) and the one carrier pickup / cut-off rule. No SimPy."""
