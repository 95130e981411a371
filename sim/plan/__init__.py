"""A policy applied to a network: what is stocked where, with which reorder rule, every route, and forward placement plans. No SimPy."""
