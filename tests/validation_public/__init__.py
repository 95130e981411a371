"""Validation through the public path only: scenario → sim.compare → KPIs, against theory."""
