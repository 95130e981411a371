"""Tests of sim/sweeps/."""
