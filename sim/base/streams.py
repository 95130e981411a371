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


# --------------------------------------------------------------------------------------------------
# Per-order random attributes (common random numbers at the level of the customer)
#
# Each customer order carries a 64-bit `key` drawn from its demand stream. Random outcomes that
# belong to the order — does this dropship supplier accept it, how long does its parcel travel —
# are derived from the key with a counter-based generator (SplitMix64 finaliser) salted by what is
# asked. So the same order meets the same luck under every policy, whichever node ends up serving
# it, while answers to different questions (two suppliers) stay independent.

_MASK = (1 << 64) - 1


def mix64(z: int) -> int:
    """SplitMix64's output function (Steele, Lea & Flood 2014): a bijective 64-bit mixer."""
    z = (z + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def salt(*name: str) -> int:
    """A 64-bit salt for a question, from its stable name."""
    a, b, _, _ = name_key(name)
    return (a << 32) | b


def uniform_from(key: int, salt_value: int) -> float:
    """A uniform in [0, 1) determined by (key, salt): the top 53 bits of mix64(key ^ salt)."""
    return (mix64(key ^ salt_value) >> 11) * (1.0 / (1 << 53))


def uniforms_from(keys: list[int], salt_value: int) -> np.ndarray[tuple[int], np.dtype[np.float64]]:
    """`uniform_from` for many keys at once (numpy uint64 arithmetic wraps modulo 2**64)."""
    z = np.asarray(keys, dtype=np.uint64) ^ np.uint64(salt_value)
    with np.errstate(over="ignore"):
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))
