"""The simulation thread: always simulates the newest Scenario, never on the GUI thread.

``SimulationController`` (GUI thread) owns a QThread and a ``SimulationWorker`` living in it.
``request(scenario)`` posts the scenario to a one-slot mailbox (a newer request replaces an
older one that has not started: drag previews coalesce) and bumps the generation number; the
running simulation polls ``cancelled()`` between chunks and stops as soon as it is stale.
Results come back through queued signals tagged with their generation; the controller drops
any whose generation is no longer the newest. No lambdas cross threads: every connection is a
bound method with an explicit Qt.QueuedConnection.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from bonegui.model import simulate as simulate_module
from bonegui.model.result import Result
from bonegui.scenario import Scenario, ScenarioError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Job:
    scenario: Scenario
    generation: int
    stream: bool
    step_days: float


class _Mailbox:
    """Thread-safe: the newest job not yet taken, and the newest generation number."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._job: _Job | None = None
        self._generation = 0
        self._closed = False

    def post(self, scenario: Scenario, stream: bool, step_days: float) -> int:
        with self._lock:
            self._generation += 1
            self._job = _Job(scenario, self._generation, stream, step_days)
            return self._generation

    def bump(self) -> int:
        """A new generation without a job (the answer is already known): cancels running work."""
        with self._lock:
            self._generation += 1
            self._job = None
            return self._generation

    def take(self) -> _Job | None:
        with self._lock:
            job, self._job = self._job, None
            return None if self._closed else job

    @property
    def generation(self) -> int:
        with self._lock:
            return self._generation

    def is_stale(self, generation: int) -> bool:
        with self._lock:
            return self._closed or generation != self._generation

    @property
    def closed(self) -> bool:
        with self._lock:
            return self._closed

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._job = None


class _CancelCheck:
    """The ``cancelled`` callable handed to iter_simulate: True once a newer request exists."""

    def __init__(self, mailbox: _Mailbox, generation: int) -> None:
        self._mailbox, self._generation = mailbox, generation

    def __call__(self) -> bool:
        return self._mailbox.is_stale(self._generation)


class SimulationWorker(QObject):
    """Lives in the simulation thread; runs whatever job is newest when woken."""

    chunkReady = Signal(object, int)  # Result rows, generation
    resultReady = Signal(object, int)  # complete Result, generation
    failed = Signal(str, int)  # one-line message, generation

    #: rows per streamed chunk (a year of daily steps): ~10-60 updates per run
    CHUNK_DAYS = 365.25

    def __init__(self, mailbox: _Mailbox, iter_simulate: Callable) -> None:
        super().__init__()
        self._mailbox = mailbox
        self._iter_simulate = iter_simulate

    @Slot()
    def run_pending(self) -> None:
        job = self._mailbox.take()
        if job is None:  # coalesced: an earlier wake-up already ran the newest job
            return
        cancelled = _CancelCheck(self._mailbox, job.generation)
        try:
            parts: list[Result] = []
            for chunk in self._iter_simulate(job.scenario, step_days=job.step_days,
                                             chunk_days=self.CHUNK_DAYS, cancelled=cancelled):
                if cancelled():
                    return
                parts.append(chunk)
                if job.stream:
                    self.chunkReady.emit(chunk, job.generation)
            if cancelled() or not parts:
                return
            result = Result.concat(parts) if len(parts) > 1 else parts[0]
            self.resultReady.emit(result, job.generation)
        except ScenarioError as e:
            self.failed.emit(str(e), job.generation)
        except Exception as e:  # a model bug must not take the window down
            log.exception("simulation failed")
            self.failed.emit(f"Model error: {type(e).__name__}: {e}", job.generation)


class SimulationController(QObject):
    """GUI-side owner of the simulation thread (``window.worker``).

    ``request(scenario, stream=True)`` -> generation. Signals (GUI thread, newest only):
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

    def __init__(self, parent: QObject | None = None, *, iter_simulate: Callable | None = None) -> None:
        super().__init__(parent)
        self._mailbox = _Mailbox()
        self._thread = QThread()
        self._thread.setObjectName("bonegui-simulation")
        # late lookup (not a captured function) so tests can monkeypatch the model module
        self._worker = SimulationWorker(self._mailbox, iter_simulate or _model_iter_simulate)
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
        self._requested: dict[int, Scenario] = {}
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

    def request(self, scenario: Scenario, *, stream: bool = True) -> int:
        """Simulate ``scenario`` (replacing any pending or running request); returns its
        generation. The same scenario as the last good result is answered from memory."""
        if self._mailbox.closed:
            return self._mailbox.generation  # shut down: nothing runs any more
        if self.last_result is not None and scenario == self.last_scenario:
            gen = self._mailbox.bump()
            self._cached_generation = gen
            QTimer.singleShot(0, self._emit_cached)
            return gen
        gen = self._mailbox.post(scenario, stream, self.step_days)
        self._requested = {gen: scenario}
        self._set_busy(True)
        self._wake.emit()
        return gen

    def _emit_cached(self) -> None:
        if self._cached_generation == self._mailbox.generation and self.last_result is not None:
            self._set_busy(False)
            self.resultReady.emit(self.last_result, self._cached_generation)

    # ------------------------------------------------------------------------------ answers
    @Slot(object, int)
    def _on_chunk(self, chunk: Result, generation: int) -> None:
        if generation != self._mailbox.generation:
            self.dropped_stale += 1
            return
        self.chunkReady.emit(chunk, generation)

    @Slot(object, int)
    def _on_result(self, result: Result, generation: int) -> None:
        if generation != self._mailbox.generation:
            self.dropped_stale += 1
            return
        self.last_result = result
        self.last_scenario = self._requested.get(generation)
        self.last_error = None
        self._set_busy(False)
        self.resultReady.emit(result, generation)

    @Slot(str, int)
    def _on_failed(self, message: str, generation: int) -> None:
        if generation != self._mailbox.generation:
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
        """Cancel the running simulation, quit the thread and wait for it. Idempotent."""
        self._mailbox.close()
        if self._thread.isRunning():
            self._thread.quit()
            if not self._thread.wait(timeout_ms):
                log.error("simulation thread did not stop within %d ms", timeout_ms)
                return False
        return True


def _model_iter_simulate(scenario: Scenario, **kw):
    return simulate_module.iter_simulate(scenario, **kw)
