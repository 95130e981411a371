"""User code named in a scenario (`class: package.module:ClassName`): import it and check it fits.

Importing runs the user's module, as naming it in the scenario asks for. The module is imported
the normal way; if Python cannot find it, the current working directory is added to the end of
`sys.path` and the import is retried, so `supplysim …` finds a module next to the user the same
way `python -m sim …` does (process-pool workers inherit the path). The checks here are what a
`validate` can tell before running: the class exists, has `decide`, and accepts the `params`.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from typing import Any


class CustomClassError(Exception):
    """The named class cannot be used; the message says why and what to do."""


def import_object(path: str) -> Any:
    """The object `attr` of module `module` for a path 'module:attr' (attr may be dotted)."""
    module_name, sep, attr = path.partition(":")
    if not sep or not module_name or not attr:
        raise CustomClassError(f"write the class as 'package.module:ClassName', got {path!r}")
    try:
        module = _import(module_name)
    except ModuleNotFoundError as exc:
        raise CustomClassError(
            f"cannot import module {module_name!r} ({exc}); it must be installed, on PYTHONPATH, "
            "or under the current directory"
        ) from None
    except Exception as exc:  # the user's module itself failed: report, do not crash
        raise CustomClassError(f"importing module {module_name!r} failed: {type(exc).__name__}: {exc}") from None
    obj: Any = module
    for part in attr.split("."):
        if not hasattr(obj, part):
            names = [n for n in dir(module) if not n.startswith("_") and inspect.isclass(getattr(module, n))]
            raise CustomClassError(
                f"module {module_name!r} has no {attr!r}" + (f" (classes there: {', '.join(names)})" if names else "")
            )
        obj = getattr(obj, part)
    return obj


def _import(module_name: str) -> Any:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        cwd = os.getcwd()
        top = module_name.split(".")[0]
        if exc.name is None or top != exc.name.split(".")[0] or cwd in sys.path or "" in sys.path:
            raise
        sys.path.append(cwd)
        return importlib.import_module(module_name)


def reorder_rule_problems(path: str, params: dict[str, Any]) -> list[str]:
    """Why the class at `path` cannot serve as a reorder rule with `params` (empty when it can)."""
    try:
        cls = import_object(path)
    except CustomClassError as exc:
        return [str(exc)]
    if not inspect.isclass(cls):
        return [f"{path} is a {type(cls).__name__}, not a class"]
    problems = []
    if not callable(getattr(cls, "decide", None)):
        problems.append(f"{path} has no decide(snapshot) method, so it is not a reorder rule")
    factory = getattr(cls, "from_facts", None)
    target = factory if factory is not None else cls
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return problems
    try:
        if factory is not None:
            signature.bind(None, **params)
        else:
            signature.bind(**params)
    except TypeError as exc:
        shown = f"{path}.from_facts(facts, …)" if factory is not None else f"{path}(…)"
        problems.append(f"params do not fit {shown}: {exc}")
    return problems
