"""Named random streams: one `Generator` per (replication, source), keyed by a stable name.

A source is named by a tuple of strings such as `("demand", "north", "MUG-01")`. The name is
hashed with SHA-256 (never Python's `hash`, which `PYTHONHASHSEED` changes) into the spawn key of
a `numpy.random.SeedSequence` under the experiment's root seed and the replication number. So:

* the same (seed, replication, name) always gives the same numbers, on any worker or machine;
* adding a node or a SKU adds new names and leaves every other stream untouched;
* every policy compared in one replication sees the same demand (common random numbers), because
  demand streams are named by region and SKU, not by anything the policy decides.
"""

from __future__ import annotations

import hashlib

import numpy as np


def name_key(name: tuple[str, ...]) -> tuple[int, ...]:
    """Four 32-bit words from the SHA-256 of the name (unit separator between parts)."""
    digest = hashlib.sha256("\x1f".join(name).encode("utf-8")).digest()
    return tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))


class Streams:
    """The random streams of one replication of one experiment."""

    __slots__ = ("_cache", "replication", "seed")

    def __init__(self, seed: int, replication: int) -> None:
        if seed < 0 or replication < 0:
            raise ValueError("seed and replication must be non-negative integers")
        self.seed = seed
        self.replication = replication
        self._cache: dict[tuple[str, ...], np.random.Generator] = {}

    def get(self, *name: str) -> np.random.Generator:
        """The generator for `name`; asking twice returns the same generator (one stream per name)."""
        gen = self._cache.get(name)
        if gen is None:
            seq = np.random.SeedSequence(self.seed, spawn_key=(self.replication, *name_key(name)))
            gen = np.random.Generator(np.random.PCG64(seq))
            self._cache[name] = gen
        return gen

    def fresh(self, *name: str) -> np.random.Generator:
        """A new generator for `name`, starting from the beginning of its stream."""
        seq = np.random.SeedSequence(self.seed, spawn_key=(self.replication, *name_key(name)))
        return np.random.Generator(np.random.PCG64(seq))
