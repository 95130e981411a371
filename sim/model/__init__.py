"""The SimPy model of one run: entities, the scheduling kernel, and the processes for demand, orders, stock, virtual sources, carriers and returns."""
