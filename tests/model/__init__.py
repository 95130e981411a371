"""Tests of sim/model/."""
