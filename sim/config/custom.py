"""User code named in a scenario (`class: package.module:ClassName`): import it, only when allowed, and check it fits.

Importing runs the user's module, so a scenario that names a class is code, not data (docs/TRUST.md).
It is imported only when the user allows it: `--allow-code` on the verbs that load scenarios, or
`SUPPLYSIM_ALLOW_CODE=1` in the environment (the Python API's switch; `allow_code()` sets it for
this process and the worker processes it spawns). Without it, `import_object` raises
`CustomClassError` saying why and how to allow it, which `validate` reports at the `class:` key.
`report` loads a results folder's scenario inside `code_skipped()`: the class is neither imported
nor checked, whatever the environment says.

The module is imported the normal way, from `sys.path` (installed packages, `PYTHONPATH`); the
current directory is never added (`PYTHONPATH=. supplysim …` adds it explicitly). The checks here are
what a `validate` can tell before running: the class exists, has a `decide` callable as
`decide(snapshot)`, and accepts the `params`.
"""

from __future__ import annotations

import importlib
import inspect
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

ALLOW_CODE_ENV = "SUPPLYSIM_ALLOW_CODE"
"""The environment variable that allows scenario-named code: `1`, `true` or `yes` (any case)."""
_TRUE = {"1", "true", "yes"}
_skipped = [0]  # depth of `code_skipped()` blocks in this process


class CustomClassError(Exception):
    """The named class cannot be used; the message says why and what to do."""


def code_allowed() -> bool:
    """Whether scenario-named code may be imported: the environment allows it and no `code_skipped()` is open."""
    return not _skipped[0] and os.environ.get(ALLOW_CODE_ENV, "").strip().lower() in _TRUE


def allow_code() -> None:
    """Allow scenario-named code for the rest of this process (and the processes it spawns)."""
    os.environ[ALLOW_CODE_ENV] = "1"


@contextmanager
def code_skipped() -> Iterator[None]:
    """Inside: named classes are neither imported nor checked (a results folder's scenario, for `report`)."""
    _skipped[0] += 1
    try:
        yield
    finally:
        _skipped[0] -= 1


def skipping() -> bool:
    """Whether a `code_skipped()` block is open (named code is then neither imported nor checked)."""
    return bool(_skipped[0])


def not_allowed_message(path: str) -> str:
    """Why `path` was not imported and how to allow it."""
    return (
        f"the scenario names Python code ({path}); importing it runs that code, so it is imported only when "
        f"you allow it: add --allow-code (or set {ALLOW_CODE_ENV}=1) if you trust this scenario (docs/TRUST.md)"
    )


def import_object(path: str) -> Any:
    """The object `attr` of module `module` for a path 'module:attr' (attr may be dotted); only when allowed."""
    module_name, sep, attr = path.partition(":")
    if not sep or not module_name or not attr:
        raise CustomClassError(f"write the class as 'package.module:ClassName', got {path!r}")
    if not code_allowed():
        raise CustomClassError(not_allowed_message(path))
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise CustomClassError(
            f"cannot import module {module_name!r} ({exc}); it must be installed or on PYTHONPATH "
            "(the current directory is not searched unless PYTHONPATH names it, e.g. PYTHONPATH=.)"
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


def _decide_problems(path: str, cls: Any) -> list[str]:
    """Why `cls.decide` cannot be called as `rule.decide(snapshot)` (empty when it can, or cannot be told)."""
    static = inspect.getattr_static(cls, "decide", None)
    method = cls.decide
    try:
        signature = inspect.signature(method)
    except (TypeError, ValueError):  # a builtin or C callable: nothing to tell before running
        return []
    # a plain function looked up on the class still expects `self`; static and class methods do not
    takes_self = inspect.isfunction(static)
    try:
        signature.bind(*([None] if takes_self else []), None)
    except TypeError:
        shown = f"decide{signature}"
        return [
            f"{path}.{shown} cannot be called as decide(snapshot): the review process calls it with one "
            "argument, the inventory snapshot (see the contract in sim/policies/reorder.py)"
        ]
    return []


def reorder_rule_problems(path: str, params: dict[str, Any]) -> list[str]:
    """Why the class at `path` cannot serve as a reorder rule with `params` (empty when it can).

    Inside `code_skipped()` nothing is imported and nothing is said."""
    if _skipped[0]:
        return []
    try:
        cls = import_object(path)
    except CustomClassError as exc:
        return [str(exc)]
    if not inspect.isclass(cls):
        return [f"{path} is a {type(cls).__name__}, not a class"]
    problems = []
    if not callable(getattr(cls, "decide", None)):
        problems.append(f"{path} has no decide(snapshot) method, so it is not a reorder rule")
    else:
        problems += _decide_problems(path, cls)
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
