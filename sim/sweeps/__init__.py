"""Sweeps: planned design points, resumable part files, per-point statistics, designs and optimisation."""
