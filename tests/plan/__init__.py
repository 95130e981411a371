"""Tests of sim/plan/."""
