"""The network: a pure build from a validated scenario to plain indexed data, with its disruption windows and conversion rule. No SimPy."""
