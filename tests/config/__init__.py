"""Tests of sim/config/."""
