"""Tests of sim/studies/."""
