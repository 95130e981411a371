"""KPIs from what a run recorded: one definition per name, and the per-node / per-channel breakdown. No SimPy."""
