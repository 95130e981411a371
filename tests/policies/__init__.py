"""Tests of sim/policies/."""
