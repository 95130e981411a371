"""Tests of sim/record/."""
