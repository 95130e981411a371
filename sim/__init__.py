"""supplysim: a discrete-event simulator of e-commerce fulfilment (import package `sim`).

The public API, for notebooks and scripts:

    import sim
    scenario = sim.load_scenario("scenarios/small_store.yaml")
    results = sim.compare(scenario, replications=10, seed=1)
    results.summary        # policy, metric, mean, ci_low, ci_high, n
    results.comparisons    # paired differences with CIs
    results.write("results/mine")

    sweep = sim.sweep("scenarios/small_store.yaml",
                      {"policies.stocked.reorder.service_level": [0.9, 0.95, 0.98]},
                      replications=10, seed=1)
    sweep.summary          # point, param.<path>…, policy, metric, mean, ci_low, ci_high, n
"""

from collections.abc import Callable
from pathlib import Path

from sim.config import Scenario, ScenarioError, load_scenario
from sim.experiment.replications import Results, compare, run
from sim.experiment.results_folder import set_report_writer
from sim.sweeps.runner import SweepResults, sweep

__all__ = ["Results", "Scenario", "ScenarioError", "SweepResults", "compare", "load_scenario", "run", "sweep"]
__version__ = "0.1.0"


def _write_report(folder: Path) -> Path:
    """The HTML report of a results folder (imported when first needed: matplotlib loads only then)."""
    from sim.report.html import write_report

    return write_report(folder)


# The composition root: results folders written by the experiment and sweep stages get the report
# stage's HTML report without those stages importing it (docs/DEVELOPING.md, the stage order).
set_report_writer(_write_report)


def _web_workbench() -> Callable[..., None]:
    """The web stage's server (sim.web.server.serve), handed to `supplysim serve` (sim.cli.serve).

    The CLI stage may not import the web stage, which comes after it; imported here only when
    called, so `import sim` never loads the workbench."""
    from sim.web.server import serve

    return serve
