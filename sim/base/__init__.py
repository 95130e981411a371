"""Foundations with no domain: integer simulation time, named random streams, distributions, confidence intervals, located problems."""
