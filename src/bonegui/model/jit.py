"""numba where it is installed, plain Python (or numpy) where it is not: one switch for every
compiled loop of the model (the bone loop in kernel.py, the HPG solver, first-order lags).

``compiled(fn)`` returns ``numba.njit(nogil=True, cache=True)(fn)``, compiled lazily on its
first call, or None when numba is missing or ``BONEGUI_KERNEL=python`` asks for the uncompiled
model; callers then run their plain-Python or numpy form. Machine code is cached on disk next to
the source, or under ``bonegui.paths.cache_dir()/numba`` when the install folder is read-only,
so only the first run of an install pays for compiling.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from pathlib import Path

ENV_KERNEL = "BONEGUI_KERNEL"  # "python" forces the uncompiled model


def _cache_dir_for_numba() -> None:
    if os.environ.get("NUMBA_CACHE_DIR"):
        return
    here = Path(__file__).resolve().parent
    cache = here / "__pycache__"
    if os.access(cache if cache.exists() else here, os.W_OK):
        return
    from bonegui.paths import cache_dir

    os.environ["NUMBA_CACHE_DIR"] = str(cache_dir() / "numba")


_numba = None
_numba_tried = False


def numba_module():
    """The numba module, or None (missing, broken, or switched off)."""
    global _numba, _numba_tried
    if not _numba_tried:
        _numba_tried = True
        if os.environ.get(ENV_KERNEL, "").strip().lower() != "python":
            try:
                _cache_dir_for_numba()
                import numba

                _numba = numba
            except Exception:  # noqa: BLE001 - no numba (or a broken one): the uncompiled model runs
                _numba = None
    return _numba


_thread = threading.local()


@contextlib.contextmanager
def uncompiled():
    """Within this block, this thread runs every loop in its plain-Python form and numba is not
    loaded for it: the window's first run, which would otherwise wait ~0.5 s for numba's import
    and cache load (simulation.worker)."""
    before = getattr(_thread, "off", False)
    _thread.off = True
    try:
        yield
    finally:
        _thread.off = before


def compiled(fn):
    """``fn`` compiled by numba (lazily), or None; the same dispatcher on every call for one
    ``fn``, so callers ask for it where they need it instead of keeping it themselves."""
    if getattr(_thread, "off", False):
        return None
    return _dispatcher(fn)


@functools.cache
def _dispatcher(fn):
    nb = numba_module()
    return None if nb is None else nb.njit(cache=True, nogil=True)(fn)
