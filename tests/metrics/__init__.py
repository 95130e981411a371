"""Tests of sim/metrics/."""
