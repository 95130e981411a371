"""Is it safe to start a spawned process pool from here? A script without a `__main__` guard is not.

A spawned worker re-imports the parent's main module (`multiprocessing.spawn`). A script that calls
`sim.sweep` or `sim.compare(..., workers=4)` at its top level, outside an
`if __name__ == "__main__":` block, would run again in every worker: each worker re-runs the sweep,
`results.write` raises `FileExistsError`, and the pool breaks (`BrokenProcessPool`). Notebooks, the
REPL, `python -c`, `python -m package` and the `supplysim` command are safe: spawn does not re-run
them (the same rules as `multiprocessing.spawn.get_preparation_data` and `_fixup_main_from_*`).

`unsafe_main()` answers for the current call: the main module would be re-run by a worker, and the
line of its top level that is executing now (the call into supplysim) is not inside an
`if __name__ == "__main__":` block. The executors then run serially and say so in one line
(`SERIAL_NOTE`); the numbers are the same with any executor.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from types import FrameType, ModuleType

SERIAL_NOTE = (
    "supplysim: running serially: this script calls supplysim outside an "
    '`if __name__ == "__main__":` block, so spawned workers would re-run it; '
    "put the calls under that block to use all cores"
)


def _rerun_by_spawn(main: ModuleType) -> bool:
    """Whether a spawned worker would execute `main`'s top-level code again."""
    spec = getattr(main, "__spec__", None)
    name = getattr(spec, "name", None)
    if name is not None:
        return not (name == "__main__" or name.endswith(".__main__"))
    path = getattr(main, "__file__", None)
    return bool(path) and Path(str(path)).stem != "ipython"


def _top_level_frame(main: ModuleType, frame: FrameType | None) -> FrameType | None:
    """The frame executing `main`'s top-level code, if it is on the stack."""
    while frame is not None:
        if frame.f_globals is main.__dict__ and frame.f_code.co_name == "<module>":
            return frame
        frame = frame.f_back
    return None


def _is_main_test(node: ast.expr) -> bool:
    """`__name__ == "__main__"` (either way round)."""
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq)):
        return False
    sides = [node.left, node.comparators[0]]
    names = any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides)
    return names and any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides)


def line_is_guarded(source: str, line: int) -> bool:
    """Whether `line` of `source` lies inside an `if __name__ == "__main__":` block (unparsable: no)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_main_test(node.test) and node.body:
            first, last = node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno
            if first <= line <= last:
                return True
    return False


def unsafe_main(frame: FrameType | None = None) -> bool:
    """Whether starting a spawned pool from the current call would re-run an unguarded main script."""
    main = sys.modules.get("__main__")
    if main is None or not _rerun_by_spawn(main):
        return False
    top = _top_level_frame(main, frame if frame is not None else sys._getframe(1))
    if top is None:
        return False  # not called from the script's top level (e.g. a thread started by a guarded main)
    try:
        source = Path(top.f_code.co_filename).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True  # cannot check: serial is always correct
    return not line_is_guarded(source, top.f_lineno)
