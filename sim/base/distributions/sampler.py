"""One draw at a time from a distribution, for the simulator: numpy sampled in blocks, rounded to integers.

On the per-order path of the model (lead times, transit, handling), so it keeps to slots and a
list index per call.
"""

from __future__ import annotations

import numpy as np

from sim.base.distributions.core import _Dist


class BufferedSampler:
    """Draws one value at a time from a distribution, sampling numpy in blocks for speed.

    `scale` converts the distribution's unit to the integer the caller wants (e.g. 86 400 turns
    days into seconds); results are rounded to whole numbers. A constant distribution never
    touches its generator, so switching a lead time from random to fixed leaves other draws as
    they were.
    """

    __slots__ = ("_block", "_buf", "_const", "_dist", "_i", "_rng", "_scale")

    def __init__(self, dist: _Dist, rng: np.random.Generator, scale: float = 1.0, block: int = 256) -> None:
        self._dist = dist
        self._rng = rng
        self._scale = scale
        self._block = block
        self._buf: list[int] = []
        self._i = 0
        self._const: int | None = round(dist.mean * scale) if dist.is_constant else None

    def __call__(self) -> int:
        if self._const is not None:
            return self._const
        i = self._i
        if i >= len(self._buf):
            raw = self._dist.sample(self._rng, self._block) * self._scale
            self._buf = np.rint(raw).astype(np.int64).tolist()
            i = 0
        self._i = i + 1
        return self._buf[i]
