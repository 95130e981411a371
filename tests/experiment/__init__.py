"""Tests of sim/experiment/."""
