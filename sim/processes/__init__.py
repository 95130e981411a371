"""SimPy processes and the scheduled events of one run: demand, stock, virtual sources, carriers."""
