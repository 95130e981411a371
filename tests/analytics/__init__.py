"""Tests of sim/analytics/."""
