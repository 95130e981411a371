"""What one run records as it goes: streaming counters, per-node statistics, the alerts log and the optional event log. No SimPy."""
