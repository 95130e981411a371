"""Run one fuzz case in a forked child with a wall-clock timeout and an address-space limit (issue 17).

`guarded(case, timeout_s, extra_bytes)` forks (cheap: the parent has already imported everything),
sets `RLIMIT_AS` in the child to its current address space plus `extra_bytes`, runs `case()` there
and sends back its `(outcome, detail)`. A case is never trusted to end by itself:

* `hang` — still running after `timeout_s` seconds of wall clock: the child is killed;
* `memory blow-up` — the child raised `MemoryError` (the limit was hit) or died by a signal;
* `internal error` — any other exception escaping `case()` (its last traceback line is the detail).

One child at a time keeps the suite friendly to a 2-core machine; a child costs a few milliseconds.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection

Outcome = tuple[str, str]
BAD = (
    "internal error",
    "hang",
    "memory blow-up",
    "non-finite",
    "not located",
    "units not conserved",
    "refused off its row",
    "accepted an invalid cell",
)
MIB = 1 << 20


def _address_space() -> int:
    """This process's current virtual memory size, bytes (Linux /proc)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(case: Callable[[], Outcome], extra_bytes: int, conn: Connection) -> None:
    limit = _address_space() + extra_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        outcome = case()
    except MemoryError:
        outcome = ("memory blow-up", f"MemoryError above {extra_bytes // MIB} MiB more address space")
    except BaseException as exc:
        outcome = ("internal error", traceback.format_exception_only(exc)[-1].strip())
    conn.send(outcome)
    conn.close()


def guarded(case: Callable[[], Outcome], timeout_s: float = 30.0, extra_bytes: int = 1024 * MIB) -> Outcome:
    """Run `case` in a child process under a timeout and a memory limit; its outcome (module docstring)."""
    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(case, extra_bytes, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout_s):
            child.kill()
            child.join()
            return ("hang", f"no answer after {timeout_s:g} s")
        try:
            outcome: Outcome = receive.recv()
        except EOFError:
            child.join()
            return ("memory blow-up", f"the child died (exit code {child.exitcode})")
        child.join()
        return outcome
    finally:
        receive.close()


def summary(name: str, outcomes: list[Outcome]) -> str:
    """One line of counts for `pytest -s` (the issue's closing note)."""
    counts: dict[str, int] = {}
    for outcome, _ in outcomes:
        counts[outcome] = counts.get(outcome, 0) + 1
    bad = ", ".join(f"{kind} {counts.get(kind, 0)}" for kind in BAD)
    good = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k not in BAD)
    return f"\n{name}: {len(outcomes)} cases: {good}; {bad}"


def failures(outcomes: list[Outcome], wheres: list[str]) -> list[str]:
    """The cases whose outcome is bad, with where they came from and the detail."""
    return [
        f"{where}: {outcome}: {detail}"
        for (outcome, detail), where in zip(outcomes, wheres, strict=True)
        if outcome in BAD
    ]
