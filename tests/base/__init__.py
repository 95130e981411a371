"""Tests of sim/base/."""
