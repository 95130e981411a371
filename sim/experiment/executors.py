"""Executors: where runs happen. One small interface; results never depend on which one is used.

Every executor maps a top-level function over work items `(scenario, item)` and yields the
results in completion order: `map_unordered(fn, work)`. A run needs only the scenario (about
10 kB pickled; the worker builds its network in a few milliseconds) and its seed keys, so any
worker anywhere computes the same numbers; callers sort the results, never rely on their order.

* `SerialExecutor`: in this process, in task order (the reference, and the fastest for a few runs);
* `ProcessExecutor`: a local pool of spawned processes (the default, all cores; serial instead, with a
  one-line note, when a script without an `if __name__ == "__main__":` guard calls us, since each
  spawned worker would re-run it: `sim.experiment.main_guard`);
* `DaskExecutor`: a Dask distributed cluster, either at `address` (`tcp://host:8786`) or a
  `LocalCluster` of `local_workers` processes started on loopback. Each distinct scenario is
  scattered to the cluster once; tasks carry only their small item, results are small summaries.

Used as a context manager, an executor keeps its workers between calls (the batches of a
precision run, the stages of an optimisation); otherwise each call starts and stops its own.
Workers never print: in pool and Dask workers, `stdout` and `stderr` go to `os.devnull` while a
task runs (failures still reach the caller as exceptions).

`run(scenario, tasks)` is the replication runner `sim.experiment.replications.compare` uses: it maps
`sim.experiment.runs.run_task` (what one run is); sweeps map their own worker function
(`sim.sweep`), which writes a part file and returns a summary.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import re
import socket
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from sim.config import Scenario
from sim.experiment.main_guard import SERIAL_NOTE, unsafe_main
from sim.experiment.runs import RunRecord, RunTask, run_task

T = TypeVar("T")
R = TypeVar("R")


class ExecutorUnavailable(RuntimeError):
    """The executor cannot start (e.g. no Dask scheduler at the address); a user error, not a bug."""


class Executor(Protocol):
    """Where runs happen. Results never depend on the executor or its number of workers."""

    def map_unordered(self, fn: Callable[[Scenario, T], R], work: Sequence[tuple[Scenario, T]]) -> Iterator[R]:
        """`fn(scenario, item)` for every work item, yielded as each finishes (any order)."""
        ...

    def run(self, scenario: Scenario, tasks: Sequence[RunTask]) -> Iterator[RunRecord]:
        """The record of every run task, in completion order."""
        ...

    def describe(self) -> str:
        """A short description for manifests and messages, e.g. 'process pool, 2 workers'."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class _Base:
    """`run` in terms of `map_unordered`, and a do-nothing context manager."""

    def map_unordered(self, fn: Callable[[Scenario, T], R], work: Sequence[tuple[Scenario, T]]) -> Iterator[R]:
        """`fn(scenario, item)` for every work item, yielded as each finishes (any order)."""
        raise NotImplementedError

    def run(self, scenario: Scenario, tasks: Sequence[RunTask]) -> Iterator[RunRecord]:
        """The record of every run task, in completion order."""
        return self.map_unordered(run_task, [(scenario, task) for task in tasks])

    _depth = 0

    def __enter__(self) -> Self:
        """Start the workers (once: entering again, e.g. a sweep inside the caller's `with`, nests)."""
        if self._depth == 0:
            self._open()
        self._depth += 1
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._depth -= 1
        if self._depth == 0:
            self.close()

    def _open(self) -> None:
        """Start the workers this executor keeps between calls (if any)."""

    def close(self) -> None:
        """Stop the workers this executor keeps (if any)."""


class SerialExecutor(_Base):
    """Runs every work item here, in order."""

    def map_unordered(self, fn: Callable[[Scenario, T], R], work: Sequence[tuple[Scenario, T]]) -> Iterator[R]:
        """Each item in turn, here."""
        for scenario, item in work:
            yield fn(scenario, item)

    def describe(self) -> str:
        """'serial'."""
        return "serial"


def _quiet_worker() -> None:
    """Pool worker initializer: workers never print, and leave Ctrl-C to the parent."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the worker)
    sys.stdout = devnull
    sys.stderr = devnull


def _quiet_call(fn: Callable[[Scenario, T], R], scenario: Scenario, item: T) -> R:
    """Call `fn` with stdout and stderr sent to os.devnull (Dask workers share a terminal with us)."""
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull), contextlib.redirect_stderr(devnull):
        return fn(scenario, item)


class ProcessExecutor(_Base):
    """A local pool of `workers` processes (spawned, so no state leaks in from the parent)."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ValueError("a process pool needs at least one worker")
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def describe(self) -> str:
        """'process pool, N workers'."""
        return f"process pool, {self.workers} worker{'s' if self.workers != 1 else ''}"

    def _start(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_quiet_worker)

    def _open(self) -> None:
        if self._pool is None:
            self._pool = self._start(self.workers)

    def close(self) -> None:
        """Shut the pool down (cancelling work not started)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map_unordered(self, fn: Callable[[Scenario, T], R], work: Sequence[tuple[Scenario, T]]) -> Iterator[R]:
        """Items on the pool (started for this call unless the executor was entered), as they finish."""
        if not work:
            return
        if self._pool is None and len(work) == 1:
            # One item: starting a pool (about a second per worker) would cost more than the run.
            scenario, item = work[0]
            yield fn(scenario, item)
            return
        pool = self._pool if self._pool is not None else self._start(min(self.workers, len(work)))
        futures: list[Future[R]] = [pool.submit(fn, scenario, item) for scenario, item in work]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()
            if pool is not self._pool:
                pool.shutdown(wait=True, cancel_futures=True)


SCHEDULER_ADDRESS = re.compile(r"^(?P<protocol>tcp|tls)://(?P<host>\[[^\]]+\]|[^:/\s]+):(?P<port>\d{1,5})$")


def check_scheduler_address(address: str) -> tuple[str, int]:
    """(host, port) of a `tcp://host:port` address; `ExecutorUnavailable` saying how to write it."""
    match = SCHEDULER_ADDRESS.match(address.strip())
    if match is None or not 0 < int(match["port"]) < 65536:
        raise ExecutorUnavailable(
            f"--scheduler {address!r} is not a scheduler address; write it as tcp://host:port, e.g. tcp://10.0.0.5:8786"
        )
    return match["host"].strip("[]"), int(match["port"])


class DaskExecutor(_Base):
    """A Dask distributed cluster: the scheduler at `address`, or a `LocalCluster` of `local_workers`.

    The local cluster listens on loopback only (127.0.0.1), one single-threaded worker process
    per worker (the simulation is pure Python, so threads would share one core). Workers of a
    remote cluster need supplysim installed (same version) and, for sweeps, must see the results
    folder at the same path (a shared file system), since they write their own part files.
    """

    def __init__(
        self, address: str | None = None, *, local_workers: int | None = None, connect_timeout_s: float = 10.0
    ) -> None:
        if (address is None) == (local_workers is None):
            raise ValueError("give either a scheduler address or a number of local workers")
        if local_workers is not None and local_workers < 1:
            raise ValueError("a local cluster needs at least one worker")
        if address is not None:
            check_scheduler_address(address)
        self.address = address
        self.local_workers = local_workers
        self.connect_timeout_s = connect_timeout_s
        self._client: Any = None
        self._cluster: Any = None

    def describe(self) -> str:
        """Which cluster: its scheduler address, or the local cluster's size."""
        if self.address is not None:
            return f"dask, scheduler {self.address}"
        return f"dask LocalCluster on loopback, {self.local_workers} worker{'s' if self.local_workers != 1 else ''}"

    def _connect(self) -> tuple[Any, Any]:
        dask = _distributed()
        if self.address is None:
            cluster = dask.LocalCluster(
                n_workers=self.local_workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.CRITICAL,
            )
            return dask.Client(cluster, set_as_default=False), cluster
        host, port = check_scheduler_address(self.address)
        try:  # fail fast (and clearly) when nothing listens there, before Dask's retry loop
            socket.create_connection((host, port), timeout=self.connect_timeout_s).close()
        except OSError as exc:
            raise ExecutorUnavailable(
                f"cannot reach the Dask scheduler at {self.address}: {exc.strerror or exc}; "
                "start one with `dask scheduler` or check the address"
            ) from None
        try:
            return dask.Client(self.address, timeout=f"{self.connect_timeout_s}s", set_as_default=False), None
        except (OSError, TimeoutError) as exc:
            raise ExecutorUnavailable(f"cannot connect to the Dask scheduler at {self.address}: {exc}") from None

    def _open(self) -> None:
        if self._client is None:
            self._client, self._cluster = self._connect()

    def close(self) -> None:
        """Disconnect (and stop the LocalCluster, if we started one)."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def map_unordered(self, fn: Callable[[Scenario, T], R], work: Sequence[tuple[Scenario, T]]) -> Iterator[R]:
        """Items as Dask tasks (each distinct scenario scattered once), yielded as they finish."""
        if not work:
            return
        owned = self._client is None
        if owned:
            self._open()
        client = self._client
        futures: list[Any] = []
        try:
            unique: dict[int, Scenario] = {}
            for scenario, _ in work:
                unique.setdefault(id(scenario), scenario)
            scattered = dict(zip(unique, client.scatter(list(unique.values()), hash=False), strict=True))
            futures = [
                client.submit(_quiet_call, fn, scattered[id(scenario)], item, pure=False, retries=1)
                for scenario, item in work
            ]
            for future in _distributed().as_completed(futures, loop=client.loop):
                yield future.result()
        finally:
            if futures:
                client.cancel(futures)
            if owned:
                self.close()


def _distributed() -> Any:
    """The `distributed` module, imported on first use (it is slow to import) and used untyped:
    its type hints are partial, so strict mypy would flag every call."""
    return importlib.import_module("distributed")


def default_workers() -> int:
    """The cores this process may use."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def make_executor(workers: int | None, n_tasks: int) -> Executor:
    """A process pool for `workers` > 1 and more than one task, else serial (0 or None: all cores)."""
    count = workers if workers else default_workers()
    if count <= 1 or n_tasks <= 1 or _script_unsafe():
        return SerialExecutor()
    return ProcessExecutor(min(count, n_tasks))


def executor_for(workers: int | None = None, scheduler: str | None = None, dask_local: int | None = None) -> Executor:
    """The executor the options ask for: `scheduler` (Dask address), `dask_local` (a LocalCluster of
    that many workers), else a process pool of `workers` (0 or None: all cores; 1: serial)."""
    if scheduler is not None and dask_local is not None:
        raise ExecutorUnavailable("give either --scheduler or --dask-local, not both")
    if scheduler is not None:
        return DaskExecutor(scheduler)
    if dask_local is not None:
        return DaskExecutor(local_workers=dask_local)
    count = workers if workers else default_workers()
    return SerialExecutor() if count <= 1 or _script_unsafe() else ProcessExecutor(count)


def _script_unsafe() -> bool:
    """A script without a `__main__` guard called us (sim.experiment.main_guard): say so, go serial."""
    if not unsafe_main():
        return False
    print(SERIAL_NOTE, file=sys.stderr)
    return True
