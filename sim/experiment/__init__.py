"""Experiments: replications with common random numbers, executors, the atomic results folder, precision and warm-up guidance."""
