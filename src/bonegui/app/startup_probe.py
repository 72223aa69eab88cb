"""Start-up milestones, for benchmarks/bench_startup.py.

With ``BONEGUI_STARTUP_PROBE=<t0>`` in the environment (a ``time.monotonic()`` the launcher took
just before starting this process; that clock is system-wide on Linux, macOS and Windows) the
window prints to stderr, in ms since t0, one line per milestone::

    bonegui startup: run_app_ms=…       the window's code starts (interpreter and CLI done)
    bonegui startup: imported_ms=…      Qt, pyqtgraph and the window's modules imported
    bonegui startup: window_ms=…        the window is built and shown
    bonegui startup: first_paint_ms=…   the plots painted for the first time (still empty)
    bonegui startup: first_plot_ms=…    the plots painted the first complete result
    bonegui startup: longest_gap_ms=…   the longest the event loop did not run while the
                                        painted window waited for that result (a 5 ms
                                        timer's longest gap, minus 5 ms)

and closes the window after the last one. Without the variable nothing happens.
"""

from __future__ import annotations

import os
import sys
import time

ENV = "BONEGUI_STARTUP_PROBE"


class StartupProbe:
    def __init__(self, t0: float) -> None:
        self.t0 = t0
        self._window = None
        self._painted = False

    def mark(self, name: str) -> None:
        print(f"bonegui startup: {name}_ms={(time.monotonic() - self.t0) * 1000.0:.0f}", file=sys.stderr, flush=True)

    def watch(self, window) -> None:
        """Report the plots' first paint and first painted result, then close the window."""
        from PySide6.QtCore import Qt, QTimer

        self._window = window
        window.plots.painted.connect(self._on_painted)
        self._beat = QTimer(window)
        self._beat.setTimerType(Qt.TimerType.PreciseTimer)
        self._beat.setInterval(5)
        self._beat.timeout.connect(self._on_beat)
        self._last_beat = time.monotonic()
        self._longest_gap = 0.0

    def _on_beat(self) -> None:
        now = time.monotonic()
        self._longest_gap = max(self._longest_gap, now - self._last_beat)
        self._last_beat = now

    def _on_painted(self, generation: int) -> None:
        w = self._window
        if not self._painted:
            self._painted = True
            self.mark("first_paint")
            self._last_beat = time.monotonic()
            self._beat.start()
        if generation >= 1 and generation == w.simulation.generation and not w.simulation.busy:
            self.mark("first_plot")
            self._beat.stop()
            self._on_beat()
            print(f"bonegui startup: longest_gap_ms={max(0.0, self._longest_gap * 1000.0 - 5.0):.0f}",
                  file=sys.stderr, flush=True)
            w.plots.painted.disconnect(self._on_painted)
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, w, w.close)


def from_env() -> StartupProbe | None:
    value = os.environ.get(ENV, "").strip()
    if not value:
        return None
    try:
        return StartupProbe(float(value))
    except ValueError:
        return None
