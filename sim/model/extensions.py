"""User extensions: code the scenario names (`extensions: ["package.module:function"]`) that adds
SimPy processes or resources to a run (docs/EXTENDING_THE_MODEL.md, "Your own process").

Each function is called once per run, after the built-in plug-ins, with the run's `Hooks`
(sim.model.hooks): the SimPy environment, the nodes, the counters, and `hooks.queue_stats(name)`
to report a resource of its own with the same queue KPIs as the built-in ones. Importing runs the
user's module, so it happens only with the trust switch (--allow-code / SUPPLYSIM_ALLOW_CODE,
docs/TRUST.md); the model's drain never waits on a process that runs forever (sim.model.model).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sim.config.custom import import_object

if TYPE_CHECKING:
    from sim.model.hooks import Hooks


def install_extensions(hooks: Hooks, paths: Sequence[str]) -> None:
    """Import each function (only when code is allowed: `CustomClassError` otherwise) and call it with `hooks`."""
    for path in paths:
        import_object(path)(hooks)
