"""Tests of the HTML report (sim.report): verdict, charts, file, CLI, browser."""
