"""What a Simulator keeps between two runs (its memo dict), and how a run finds what changed.

``kept`` stores one value per slot under a key and hands it back while the key is unchanged
(arrays made read-only: the next run reads them); ``first_difference`` is the first grid point
where two runs' input series differ, from which an edit is recomputed (simulate, endocrine).
"""

from __future__ import annotations

from typing import Callable, Iterable

import numpy as np


def kept(memo: dict | None, slot: str, key: object, make: Callable[[], object]):
    """``make()``, or the value kept in ``memo[slot]`` under an equal ``key``."""
    if memo is None:
        return make()
    hit = memo.get(slot)
    if hit is not None and hit[0] == key:
        return hit[1]
    value = make()
    for a in value if isinstance(value, tuple) else (value,):
        if isinstance(a, np.ndarray):
            a.flags.writeable = False
    memo[slot] = (key, value)
    return value


def first_difference(new: Iterable[np.ndarray], old: Iterable[np.ndarray]) -> int | None:
    """First index where any array of ``new`` differs from its partner in ``old`` (None: all
    equal; 0 when a pair's shapes differ)."""
    first = None
    for x, y in zip(new, old):
        if x is y:
            continue
        if x.shape != y.shape:
            return 0
        i = int(np.argmax(x != y))  # the first True, or 0 when there is none
        if x[i] != y[i] and (first is None or i < first):
            first = i
    return first
