"""Guards on the Qt binding the app is installed with (see the PySide6 pin in pyproject.toml)."""

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_pinned_pyside_version():
    assert pyside_version != "6.9.1"
    major, minor = (int(x) for x in pyside_version.split(".")[:2])
    assert (major, minor) < (6, 12)


def test_signal_emit_keeps_refcounts(qapp):
    """PySide6 6.12.0 dropped one reference to True per emit, aborting Python 3.11 mid-drag."""
    e = _Emitter()
    got = []
    e.fired.connect(got.append)
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    for i in range(2000):
        e.fired.emit(i)
    assert len(got) == 2000
    assert sys.getrefcount(True) - before_true > -100
    assert sys.getrefcount(None) - before_none > -100
