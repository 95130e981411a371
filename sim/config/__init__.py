"""Scenario configuration: the schema (`models`, by topic), the located YAML loader and the reference checks."""

from sim.base.problems import Problem, ScenarioError
from sim.config.catalogue import all_skus, resolve
from sim.config.loader import load_scenario, parse_scenario
from sim.config.scenario import Scenario

__all__ = ["Problem", "Scenario", "ScenarioError", "all_skus", "load_scenario", "parse_scenario", "resolve"]
