"""`python -m sim` is the `supplysim` command."""

from sim.cli import main

main()
