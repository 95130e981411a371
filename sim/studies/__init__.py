"""Applications built on the stages below: demand-history analysis, backtests and the analytic validation cases."""
