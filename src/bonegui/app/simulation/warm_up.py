"""The model's compile, once per process, in a background thread (model/warm_up.py).

While it runs, the simulation thread simulates live runs uncompiled (plain Python: a few
hundred ms for a long scenario, where waiting for the compile would hold the plots still for
~8 s on the first launch after installing) and keeps queued jobs (pins, exports, validation,
cohorts) until it is done; then it is told to drain again. The compile holds the GIL much of
the time, like any Python, but it never holds the simulation thread.
"""

from __future__ import annotations

import logging
import threading
from typing import Callable

log = logging.getLogger(__name__)


class CompileWarmUp:
    """``start(then)``: compile in the background (the first call starts it), then call
    ``then()`` from that thread; at once if it is done already. ``done``: an Event."""

    def __init__(self, warm_up: Callable[[], object] | None = None) -> None:
        self.done = threading.Event()
        self._warm_up = warm_up
        self._lock = threading.Lock()
        self._started = False
        self._waiting: list[Callable[[], None]] = []

    def start(self, then: Callable[[], None]) -> None:
        with self._lock:
            ready = self.done.is_set()
            if not ready:
                self._waiting.append(then)
                if self._started:
                    return
                self._started = True
        if ready:
            then()
            return
        threading.Thread(target=self._run, name="bonegui-compile", daemon=True).start()

    def _run(self) -> None:
        try:
            if self._warm_up is None:
                from bonegui.model.warm_up import warm_up

                warm_up()
            else:
                self._warm_up()
        except Exception:  # noqa: BLE001 - the model runs uncompiled-first anyway; a real run reports it
            log.debug("compile warm-up failed", exc_info=True)
        with self._lock:
            self.done.set()
            waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()


#: the process's one warm-up (every window's worker waits for the same compile)
WARM_UP = CompileWarmUp()
