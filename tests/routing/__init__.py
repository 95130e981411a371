"""Tests of sim/routing/."""
