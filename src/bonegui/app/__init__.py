"""Floor 2: the Qt application (PySide6 + pyqtgraph)."""

import sys as _sys


def _work_around_pyside_6_12_0_refcounts() -> None:
    """PySide6 6.12.0 drops references it does not own: one to ``True`` on every
    ``Signal.emit()`` (100 emits -> refcount(True) - 100) and many to ``None`` while painting
    pyqtgraph items; 6.11.3 does neither (same scripts). On Python < 3.12 these singletons are
    not immortal, so after a few thousand emits (one drag) the interpreter aborts with
    "bool_dealloc" / "none_dealloc". Both are static singletons that are never freed, so giving
    them a huge refcount (what Python 3.12 does for every immortal object) makes the bug
    harmless. The real fix is to exclude 6.12.0 in pyproject.toml."""
    if _sys.version_info >= (3, 12):
        return
    try:
        import PySide6
    except ImportError:
        return
    if PySide6.__version__ == "6.12.0":
        import ctypes

        for singleton in (True, False, None):
            ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


_work_around_pyside_6_12_0_refcounts()
