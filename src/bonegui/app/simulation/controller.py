"""The simulation thread: always simulates the newest Scenario, never on the GUI thread.

``SimulationController`` (GUI thread, ``window.simulation``) owns a QThread and a
``SimulationWorker`` (``worker.py``) living in it. ``request(scenario)`` posts the scenario to a
one-slot mailbox (``mailbox.py``) (a newer request replaces an
older one that has not started: drag previews coalesce) and bumps the generation number; the
running simulation polls ``cancelled()`` between chunks and stops as soon as it is stale.
Results come back through queued signals tagged with their generation; the controller drops
any whose generation is no longer the newest. No lambdas cross threads: every connection is a
bound method with an explicit Qt.QueuedConnection.

One exception keeps a drag alive: a running *preview* is not cancelled by a newer preview,
and its result is shown if nothing newer has been shown yet. A mouse sends a new preview every
~20-50 ms; were each to cancel the run before it (~20-60 ms of model time), no run would ever
finish while the hand moves and the plots would freeze until it stops. Letting the running
preview finish bounds the wait to two runs. Any committed edit still cancels everything older,
and once it is requested no older result reaches the plots.

Where the model runs: the model is pure Python and holds the GIL for a whole run, which starved
the GUI thread during drags. By default the controller starts a persistent child process
(``child_process``, multiprocessing "spawn") at construction; once it has imported the model, the
worker sends each job there and only waits on the pipe, relaying chunks and results through the
same signals with the same generations, and cancelling in the child between chunks. Until the
child is ready, if it dies (it is restarted) or with BONEGUI_INPROCESS=1, the model runs in this
thread as before. ``shutdown()`` stops the thread, then the child (join, terminate if needed).
"""

from __future__ import annotations

import logging
import sys
from typing import Callable

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from bonegui.app.simulation.child_process import ChildSimulator, process_mode_enabled
from bonegui.app.simulation.mailbox import Mailbox
from bonegui.app.simulation.worker import SimulationWorker, model_iter_simulate
from bonegui.model import simulate as simulate_module
from bonegui.model.result import Result
from bonegui.scenario import Scenario

log = logging.getLogger(__name__)


class SimulationController(QObject):
    """GUI-side owner of the simulation thread (``window.simulation``).

    ``request(scenario, stream=True, preview=False)`` -> generation. Signals (GUI thread; the
    newest request's answers, plus a drag's interim previews that are newer than what is shown):
    ``chunkReady(result_rows, generation)`` while a streamed run grows,
    ``resultReady(result, generation)`` for a complete run, ``failed(message, generation)``.
    ``last_result`` / ``last_scenario``: the newest complete good run. ``shutdown()`` cancels,
    quits and waits for the thread (the window calls it on close).
    """

    chunkReady = Signal(object, int)
    resultReady = Signal(object, int)
    failed = Signal(str, int)
    busyChanged = Signal(bool)
    _wake = Signal()

    #: GIL switch interval while a simulation thread exists. The model is pure Python; when the
    #: GUI thread returns from a Qt call it waits for the GIL up to this long (default 5 ms),
    #: and a paint makes hundreds of such calls. Measured on the drag benchmark: p95 latency
    #: 164-276 ms at 5 ms, 134-159 ms at 0.5 ms.
    SWITCH_INTERVAL_S = 0.0005

    def __init__(self, parent: QObject | None = None, *, iter_simulate: Callable | None = None,
                 process: bool | None = None) -> None:
        """``iter_simulate``: a stand-in model (tests), always run in the thread. ``process``:
        use the child process for the real model (default: yes unless BONEGUI_INPROCESS=1)."""
        super().__init__(parent)
        if sys.getswitchinterval() > self.SWITCH_INTERVAL_S:
            sys.setswitchinterval(self.SWITCH_INTERVAL_S)
        if process is None:
            process = process_mode_enabled()
        self._child: ChildSimulator | None = None
        if process and iter_simulate is None:
            self._child = ChildSimulator()
            try:  # ~10 ms here; the child imports and warms up the model in the background
                self._child.start()
            except Exception:  # noqa: BLE001 (the thread runs the model instead)
                log.exception("cannot start the simulation process")
                self._child = None
        if iter_simulate is None:
            _warm_up_model()  # the thread runs the first requests while the child starts
        self._mailbox = Mailbox()
        self._thread = QThread()
        self._thread.setObjectName("bonegui-simulation")
        # late lookup (not a captured function) so tests can monkeypatch the model module
        self._worker = SimulationWorker(self._mailbox, iter_simulate or model_iter_simulate, self._child)
        self._worker.moveToThread(self._thread)
        self._wake.connect(self._worker.run_pending, Qt.ConnectionType.QueuedConnection)
        self._worker.chunkReady.connect(self._on_chunk, Qt.ConnectionType.QueuedConnection)
        self._worker.resultReady.connect(self._on_result, Qt.ConnectionType.QueuedConnection)
        self._worker.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()
        self.step_days = 1.0
        self.last_result: Result | None = None
        self.last_scenario: Scenario | None = None
        self.last_error: str | None = None
        self.dropped_stale = 0  # stale results/chunks that arrived and were dropped
        self._requested: dict[int, tuple[Scenario, bool]] = {}  # generation -> (scenario, preview)
        self._shown_generation = 0  # newest generation whose answer was emitted
        self._cached_generation = -1
        self._busy = False

    # ------------------------------------------------------------------------------ requests
    @property
    def generation(self) -> int:
        """The newest generation requested."""
        return self._mailbox.generation

    @property
    def is_running(self) -> bool:
        return self._thread.isRunning()

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def child_pid(self) -> int | None:
        """The simulation process's pid (None: the model runs in the thread)."""
        child = self._worker._child
        return child.pid if child is not None and child.started else None

    @property
    def child_ready(self) -> bool:
        child = self._worker._child
        return child is not None and child.ready()

    @property
    def run_counts(self) -> tuple[int, int]:
        """(jobs answered by the child process, jobs run in the thread)."""
        return self._worker.child_runs, self._worker.thread_runs

    def request(self, scenario: Scenario, *, stream: bool = True, preview: bool = False) -> int:
        """Simulate ``scenario`` (replacing any pending or running request); returns its
        generation. ``preview``: a transient drag state (see the module docstring).
        The same scenario as the last good result is answered from memory."""
        if self._mailbox.closed:
            return self._mailbox.generation  # shut down: nothing runs any more
        if self.last_result is not None and scenario == self.last_scenario:
            gen = self._mailbox.bump()
            self._cached_generation = gen
            QTimer.singleShot(0, self._emit_cached)
            return gen
        gen = self._mailbox.post(scenario, stream, self.step_days, preview)
        if not preview:
            self._requested.clear()
        self._requested[gen] = (scenario, preview)
        self._set_busy(True)
        self._wake.emit()
        return gen

    def _emit_cached(self) -> None:
        if self._cached_generation == self._mailbox.generation and self.last_result is not None:
            self._set_busy(False)
            self._shown_generation = self._cached_generation
            self.resultReady.emit(self.last_result, self._cached_generation)

    # ------------------------------------------------------------------------------ answers
    def _wanted(self, generation: int) -> bool:
        """The newest request, or an interim preview of the drag now under way that is newer
        than anything shown."""
        newest = self._mailbox.generation
        if generation == newest:
            return True
        mine, latest = self._requested.get(generation), self._requested.get(newest)
        return (mine is not None and latest is not None and mine[1] and latest[1]
                and generation > self._shown_generation)

    @Slot(object, int)
    def _on_chunk(self, chunk: Result, generation: int) -> None:
        if generation != self._mailbox.generation:
            self.dropped_stale += 1
            return
        self.chunkReady.emit(chunk, generation)

    @Slot(object, int)
    def _on_result(self, result: Result, generation: int) -> None:
        generation = self._mailbox.resolve(generation)
        if not self._wanted(generation):
            self.dropped_stale += 1
            return
        self.last_result = result
        self.last_scenario = self._requested[generation][0]
        self.last_error = None
        self._shown_generation = generation
        for g in [g for g in self._requested if g < generation]:
            del self._requested[g]
        if generation == self._mailbox.generation:
            self._set_busy(False)
        self.resultReady.emit(result, generation)

    @Slot(str, int)
    def _on_failed(self, message: str, generation: int) -> None:
        generation = self._mailbox.resolve(generation)
        if generation != self._mailbox.generation:  # an old preview's error: the newest decides
            self.dropped_stale += 1
            return
        self.last_error = message
        self._set_busy(False)
        self.failed.emit(message, generation)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    # ------------------------------------------------------------------------------ shutdown
    def shutdown(self, timeout_ms: int = 10000) -> bool:
        """Cancel the running simulation, quit the thread and wait for it, then stop the child
        process (join, terminate if it does not stop). Idempotent."""
        self._mailbox.close()
        stopped = True
        if self._thread.isRunning():
            self._thread.quit()
            if not self._thread.wait(timeout_ms):
                log.error("simulation thread did not stop within %d ms", timeout_ms)
                stopped = False
        if self._child is not None:  # after the thread: nothing else uses the pipe now
            self._child.stop()
        return stopped


_warmed_up = False


def _warm_up_model() -> None:
    """Run an 18-day scenario once, on this (the GUI) thread, before the thread starts.

    The model imports parts of SciPy on its first call (~0.9 s); done in the worker beside a
    live GUI thread that first call took ~5 s (measured), so the window sat on "Simulating…".
    Once per process; a model error is left for the real request to report."""
    global _warmed_up
    if _warmed_up:
        return
    _warmed_up = True
    try:
        for _chunk in simulate_module.iter_simulate(Scenario(span_years=0.05)):
            pass
    except Exception:  # noqa: BLE001 (reported by the first real run)
        log.debug("model warm-up failed", exc_info=True)
