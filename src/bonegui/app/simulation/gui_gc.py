"""Cyclic garbage is collected on the GUI thread only, once a second, while Python threads run.

CPython's collector runs in whichever thread happens to allocate past the threshold. With the
simulation thread allocating (numba compiling the kernel on an install's first run makes
hundreds of thousands of objects), that thread collected a reference cycle that held a closed
dialog's widgets and ran their C++ destructors there; Qt widgets must be destroyed on the GUI
thread, and the GUI thread crashed in ``QObject::property`` (a segfault seen in CI with a cold
numba cache; gdb showed the simulation thread inside ``QWidget::~QWidget``).

``install(app)`` turns automatic collection off and collects from a QTimer on the GUI thread
instead, with the generation thresholds CPython itself uses (the approach calibre's
``GarbageCollector`` has used for years). Reference counting still frees acyclic objects at
once; only cycles wait, at most ``INTERVAL_MS``.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

#: ms between two checks of the collector's counts. Assumed: long enough that a check (a few
#: microseconds when nothing is due) costs nothing, short enough that a compile's cyclic
#: garbage is freed within a second of being made.
INTERVAL_MS = 1000

_collector: "GuiThreadCollector | None" = None


class GuiThreadCollector(QObject):
    """Runs ``gc.collect(generation)`` on its own (the GUI) thread when CPython's thresholds
    say a generation is due; ``collections`` counts them by generation (tests)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()  # (700, 10, 10) unless the process changed them
        self.collections = [0, 0, 0]
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        gc.disable()
        self._timer.start()

    def check(self) -> None:
        """CPython's own rule, applied here: a generation is collected when the count of the
        one below passed its threshold since it was last collected."""
        counts = gc.get_count()
        generation = -1
        for g in range(3):
            if counts[g] > self.threshold[g]:
                generation = g
            else:
                break
        if generation >= 0:
            gc.collect(generation)
            self.collections[generation] += 1


def install(app: QCoreApplication | None = None) -> GuiThreadCollector | None:
    """The application's collector (made on first call; idempotent). Call it on the GUI thread
    before a Python thread starts; None without a QCoreApplication."""
    app = app or QCoreApplication.instance()
    if app is None:
        return None
    if QThread.currentThread() != app.thread():
        raise RuntimeError("gui_gc.install must be called on the GUI thread")
    global _collector
    try:
        if _collector is not None and _collector.parent() is app:
            return _collector
    except RuntimeError:  # the application it belonged to is gone (tests make several)
        pass
    _collector = GuiThreadCollector(app)
    return _collector
