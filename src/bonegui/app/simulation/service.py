"""SimulationService (``window.simulation``): every simulation the window starts, in one thread.

One QThread holds one ``SimulationWorker`` (``worker.py``); the GUI thread never simulates.
Two kinds of work share it, with one cancellation story:

- **the live run** of the scenario being edited: ``request(scenario)`` posts it to a one-slot
  mailbox (``mailbox.py``) and bumps the generation number. Newest wins: a newer request
  replaces one that has not started (drag previews coalesce) and cancels the running one at its
  next chunk; answers are tagged with their generation and the service drops any that is no
  longer the newest. One exception keeps a drag alive: a running *preview* is not cancelled by
  a newer preview, and its result is shown if nothing newer has been shown yet. A mouse sends a
  preview every ~16-50 ms; were each to cancel the run before it, no run would finish while the
  hand moves. A committed edit cancels everything older.
- **queued jobs** (``jobs.py``): pinned runs (``results``, a ``ResultCache``), CSV exports and
  the Model vs evidence cases and the Cohort switch's cohorts (``bonegui.app.simulation.cohort``),
  ``submit(kind, work, on_done=..., on_error=..., on_progress=...)``.
  They run one at a time, oldest first, and give the thread back to the live run between two
  chunks. ``QueuedJob.cancel()`` is final: no callback after it.

``shutdown()`` (the window's close) closes the mailbox and the queue (every job, waiting or
running, is cancelled), quits the thread and waits for it; nothing calls back afterwards.

The model runs in this thread, not in a child process: its daily loop is a numba kernel that
releases the GIL (``bonegui.model.kernel``), and measured with it the child process gave the
drag no better latency (docs/performance.md). The thread's first task is the window's first
run, in the model's plain-Python form (~40 ms); then the kernel is compiled (or loaded from
numba's cache, ~0.5 s), so the window waits neither for numba nor for a compile. The thread
starts when the event loop first runs; requests made before are kept and run then.

No lambdas cross threads: every connection is a bound method with Qt.QueuedConnection.
Cyclic garbage is collected on the GUI thread only (``gui_gc``), so that a cycle holding Qt
widgets is never destroyed in this thread.
"""

from __future__ import annotations

import logging
import sys
from typing import Callable

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from bonegui.app.simulation import gui_gc
from bonegui.app.simulation.jobs import JobQueue, QueuedJob
from bonegui.app.simulation.mailbox import Mailbox
from bonegui.app.simulation.result_cache import ResultCache
from bonegui.app.simulation.worker import SimulationWorker, model_iter_simulate
from bonegui.model.result import Result
from bonegui.scenario import Scenario

log = logging.getLogger(__name__)


class SimulationService(QObject):
    """GUI-side owner of the simulation thread.

    Live run: ``request(scenario, stream=True, preview=False)`` -> generation; signals (GUI
    thread; the newest request's answers, plus a drag's interim previews newer than what is
    shown): ``chunkReady(result_rows, generation)`` while a streamed run grows,
    ``resultReady(result, generation)`` for a complete run, ``failed(message, generation)``,
    ``busyChanged(bool)``. ``last_result`` / ``last_scenario``: the newest complete good run.

    Queued jobs: ``submit``; ``results`` (pinned runs and exports by scenario); ``counts``
    (simulations run, by kind), ``jobs_started`` and ``pending_jobs(kind)``.
    """

    chunkReady = Signal(object, int)
    resultReady = Signal(object, int)
    failed = Signal(str, int)
    busyChanged = Signal(bool)
    _wake = Signal()

    #: GIL switch interval while the simulation thread exists. The parts of the model around
    #: the compiled kernel are Python; when the GUI thread returns from a Qt call it waits for
    #: the GIL up to this long (default 5 ms), and a paint makes hundreds of such calls.
    SWITCH_INTERVAL_S = 0.0005

    def __init__(self, parent: QObject | None = None, *, iter_simulate: Callable | None = None) -> None:
        """``iter_simulate``: a stand-in model with iter_simulate's signature (tests)."""
        super().__init__(parent)
        if sys.getswitchinterval() > self.SWITCH_INTERVAL_S:
            sys.setswitchinterval(self.SWITCH_INTERVAL_S)
        gui_gc.install()  # before the thread exists: Qt objects in cycles die on this thread
        self._mailbox = Mailbox()
        self._jobs = JobQueue()
        self.results = ResultCache(self)
        self._thread = QThread()
        self._thread.setObjectName("bonegui-simulation")
        # late lookup (not a captured function) so tests can monkeypatch the model module
        real = iter_simulate is None
        self._worker = SimulationWorker(self._mailbox, self._jobs, self.results,
                                        iter_simulate or model_iter_simulate, warm_up=real, incremental=real)
        self._worker.moveToThread(self._thread)
        queued = Qt.ConnectionType.QueuedConnection
        self._wake.connect(self._worker.drain, queued)
        self._worker.chunkReady.connect(self._on_chunk, queued)
        self._worker.resultReady.connect(self._on_result, queued)
        self._worker.failed.connect(self._on_failed, queued)
        self._worker.jobProgress.connect(self._on_job_progress, queued)
        self._worker.jobDone.connect(self._on_job_done, queued)
        self._worker.jobFailed.connect(self._on_job_failed, queued)
        self._thread.finished.connect(self._worker.deleteLater)
        self._wake.emit()  # the kernel warms up first, before anything asks for it
        # the thread starts once the event loop runs, i.e. after the window is built: loading
        # numba and the model beside the window's construction made both slower (they share
        # the GIL): the window showed ~0.5 s later (docs/performance.md, start-up)
        QTimer.singleShot(0, self, self._start_thread)
        self.step_days = 1.0
        self.last_result: Result | None = None
        self.last_scenario: Scenario | None = None
        self.last_error: str | None = None
        self.dropped_stale = 0  # stale results/chunks that arrived and were dropped
        self._requested: dict[int, tuple[Scenario, bool]] = {}  # generation -> (scenario, preview)
        self._shown_generation = 0  # newest generation whose answer was emitted
        self._cached_generation = -1
        self._busy = False
        self._closed = False

    def _start_thread(self) -> None:
        if not self._closed:
            self._thread.start()

    # ------------------------------------------------------------------------------ state
    @property
    def generation(self) -> int:
        """The newest generation requested."""
        return self._mailbox.generation

    @property
    def is_running(self) -> bool:
        """The thread runs (from the event loop's first turn until shutdown)."""
        return self._thread.isRunning()

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def compiled(self) -> bool:
        """The compiled model is ready: until then live runs are plain Python and queued jobs
        wait (worker.py, warm_up.py)."""
        return self._worker.compiled

    @property
    def counts(self) -> dict[str, int]:
        """Simulations started so far, by kind: "live", "pin", "export", "validation", "cohort"."""
        return dict(self._worker.counts)

    @property
    def jobs_started(self) -> dict[str, int]:
        """Queued jobs started so far, by kind."""
        return dict(self._worker.jobs_started)

    @property
    def thread_ident(self) -> int | None:
        """The simulation thread's ident, once it has run (tests: where the model ran)."""
        return self._worker.thread_ident

    def pending_jobs(self, kind: str | None = None) -> int:
        return self._jobs.pending(kind)

    # ------------------------------------------------------------------------------ live run
    def request(self, scenario: Scenario, *, stream: bool = True, preview: bool = False) -> int:
        """Simulate ``scenario`` (replacing any pending or running request); returns its
        generation. ``preview``: a transient drag state (see the module docstring).
        The same scenario as the last good result is answered from memory."""
        if self._closed:
            return self._mailbox.generation  # shut down: nothing runs any more
        if self.last_result is not None and scenario == self.last_scenario:
            gen = self._mailbox.bump()
            self._cached_generation = gen
            QTimer.singleShot(0, self, self._emit_cached)
            return gen
        gen = self._mailbox.post(scenario, stream, self.step_days, preview)
        if not preview:
            self._requested.clear()
        self._requested[gen] = (scenario, preview)
        self._set_busy(True)
        self._wake.emit()
        return gen

    def _emit_cached(self) -> None:
        if self._closed:
            return
        if self._cached_generation == self._mailbox.generation and self.last_result is not None:
            self._set_busy(False)
            self._shown_generation = self._cached_generation
            self.resultReady.emit(self.last_result, self._cached_generation)

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
        if self._closed or generation != self._mailbox.generation:
            self.dropped_stale += 1
            return
        self.chunkReady.emit(chunk, generation)

    @Slot(object, int)
    def _on_result(self, result: Result, generation: int) -> None:
        generation = self._mailbox.resolve(generation)
        if self._closed or not self._wanted(generation):
            self.dropped_stale += 1
            return
        scenario = self._requested[generation][0]
        self.last_result = result
        self.last_scenario = scenario
        self.last_error = None
        if self.step_days == 1.0:
            self.results.put(scenario, result)  # pinning the run on screen needs no new run
        self._shown_generation = generation
        for g in [g for g in self._requested if g < generation]:
            del self._requested[g]
        if generation == self._mailbox.generation:
            self._set_busy(False)
        self.resultReady.emit(result, generation)

    @Slot(str, int)
    def _on_failed(self, message: str, generation: int) -> None:
        generation = self._mailbox.resolve(generation)
        if self._closed or generation != self._mailbox.generation:  # an old preview's error: the newest decides
            self.dropped_stale += 1
            return
        self.last_error = message
        self._set_busy(False)
        self.failed.emit(message, generation)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    # ------------------------------------------------------------------------------ queued jobs
    def submit(self, kind: str, work: Callable, *, on_done: Callable[[object], None] | None = None,
               on_error: Callable[[str], None] | None = None,
               on_progress: Callable[[object], None] | None = None) -> QueuedJob:
        """Queue ``work(context)`` (``worker.JobContext``) to run in the simulation thread after
        the live run and the jobs before it. ``kind``: "pin", "export", "validation" or "cohort". The
        callbacks run on the GUI thread; none runs once the job is cancelled. After shutdown
        the job is cancelled at once."""
        job = self._jobs.put(kind, work, on_done=on_done, on_error=on_error, on_progress=on_progress)
        if not job.cancelled:
            self._wake.emit()
        return job

    @Slot(object, object)
    def _on_job_progress(self, job: QueuedJob, payload: object) -> None:
        if not (self._closed or job.cancelled) and job.on_progress is not None:
            job.on_progress(payload)

    @Slot(object, object)
    def _on_job_done(self, job: QueuedJob, value: object) -> None:
        if not (self._closed or job.cancelled) and job.on_done is not None:
            job.on_done(value)

    @Slot(object, str)
    def _on_job_failed(self, job: QueuedJob, message: str) -> None:
        if not (self._closed or job.cancelled) and job.on_error is not None:
            job.on_error(message)

    # ------------------------------------------------------------------------------ shutdown
    def shutdown(self, timeout_ms: int = 10000) -> bool:
        """Cancel the live run and every queued job, quit the thread and wait for it (a running
        job stops at its next chunk boundary). Idempotent; True once the thread has stopped."""
        self._closed = True
        self._mailbox.close()
        self._jobs.close()
        self.results.drop_waiting()
        if self._thread.isRunning():
            self._thread.quit()
            if not self._thread.wait(timeout_ms):
                log.error("simulation thread did not stop within %d ms", timeout_ms)
                return False
        return True
