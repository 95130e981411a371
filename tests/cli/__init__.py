"""Tests of sim/cli/."""
