"""The simulation thread: always simulates the newest Scenario, never on the GUI thread.

``SimulationController`` (GUI thread) owns a QThread and a ``SimulationWorker`` living in it.
``request(scenario)`` posts the scenario to a one-slot mailbox (a newer request replaces an
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
(``sim_process``, multiprocessing "spawn") at construction; once it has imported the model, the
worker sends each job there and only waits on the pipe, relaying chunks and results through the
same signals with the same generations, and cancelling in the child between chunks. Until the
child is ready, if it dies (it is restarted) or with BONEGUI_INPROCESS=1, the model runs in this
thread as before. ``shutdown()`` stops the thread, then the child (join, terminate if needed).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from bonegui.app.simulation.child_process import ChildLost, ChildSimulator, process_mode_enabled
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
    preview: bool = False


class _Mailbox:
    """Thread-safe: the newest job not yet taken, and the newest generation number."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._job: _Job | None = None
        self._generation = 0
        self._newest_is_preview = False
        self._closed = False
        self._running: _Job | None = None
        #: (running generation, newest generation): the running job already computes the
        #: newest request's scenario (a drag's release commits the last preview's scenario)
        self._alias: tuple[int, int] | None = None

    def post(self, scenario: Scenario, stream: bool, step_days: float, preview: bool = False) -> int:
        with self._lock:
            self._generation += 1
            self._newest_is_preview = preview
            run = self._running
            if run is not None and run.scenario == scenario and run.step_days == step_days:
                self._alias = (run.generation, self._generation)  # adopt it: no restart
                self._job = None
            else:
                self._alias = None
                self._job = _Job(scenario, self._generation, stream, step_days, preview)
            return self._generation

    def resolve(self, generation: int) -> int:
        """The generation a finished job answers (its own, or the newest it was adopted for)."""
        with self._lock:
            if self._alias is not None and generation == self._alias[0] and self._alias[1] == self._generation:
                return self._generation
            return generation

    def finished(self, job: _Job) -> None:
        with self._lock:
            if self._running is job:
                self._running = None

    def bump(self) -> int:
        """A new generation without a job (the answer is already known): cancels running work."""
        with self._lock:
            self._generation += 1
            self._newest_is_preview = False
            self._alias = None
            self._job = None
            return self._generation

    def take(self) -> _Job | None:
        with self._lock:
            job, self._job = self._job, None
            if self._closed or job is None:
                return None
            self._running = job
            return job

    @property
    def generation(self) -> int:
        with self._lock:
            return self._generation

    def is_stale(self, generation: int, preview: bool = False) -> bool:
        """True when a newer request supersedes ``generation``; a preview is superseded only by
        a committed request (a newer preview lets it finish: see the module docstring)."""
        with self._lock:
            if self._closed:
                return True
            if generation == self._generation:
                return False
            if self._alias is not None and self._alias == (generation, self._generation):
                return False
            return not (preview and self._newest_is_preview)

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

    def __init__(self, mailbox: _Mailbox, generation: int, preview: bool) -> None:
        self._mailbox, self._generation, self._preview = mailbox, generation, preview

    def __call__(self) -> bool:
        return self._mailbox.is_stale(self._generation, self._preview)


class SimulationWorker(QObject):
    """Lives in the simulation thread; runs whatever job is newest when woken.

    With a child process (``child``) ready, the job runs there and this thread only sends it
    and waits on the pipe (GIL released); otherwise (child starting, dead, disabled, or the
    model function replaced in this process) it runs here as before. A child that dies is
    restarted (at most ``MAX_CHILD_STARTS`` times in all) and its job finishes in this thread."""

    chunkReady = Signal(object, int)  # Result rows, generation
    resultReady = Signal(object, int)  # complete Result, generation
    failed = Signal(str, int)  # one-line message, generation

    #: rows per streamed chunk (a year of daily steps): ~10-60 updates per run
    CHUNK_DAYS = 365.25
    #: how often the thread looks at the mailbox while the child computes (cancel latency)
    POLL_S = 0.005
    MAX_CHILD_STARTS = 4

    def __init__(self, mailbox: _Mailbox, iter_simulate: Callable, child: ChildSimulator | None = None) -> None:
        super().__init__()
        self._mailbox = mailbox
        self._iter_simulate = iter_simulate
        self._child = child
        self.child_runs = 0  # jobs answered by the child (diagnostics, tests, benchmark)
        self.thread_runs = 0  # jobs run in this thread

    @Slot()
    def run_pending(self) -> None:
        job = self._mailbox.take()
        if job is None:  # coalesced: an earlier wake-up already ran the newest job
            return
        cancelled = _CancelCheck(self._mailbox, job.generation, job.preview)
        try:
            skip = 0
            if self._child_usable():
                try:
                    self._run_in_child(job, cancelled)
                    return
                except ChildLost as e:
                    skip = e.args[1] if len(e.args) > 1 else 0
                    log.warning("simulation process lost (%s): running in the thread, restarting it", e.args[0])
                    self._restart_child()
            self._run_in_thread(job, cancelled, skip)
        finally:
            self._mailbox.finished(job)

    # ------------------------------------------------------------------------------ thread
    def _run_in_thread(self, job: _Job, cancelled: _CancelCheck, skip: int = 0) -> None:
        """``skip``: chunks the lost child already streamed (the same blocks: not sent twice)."""
        self.thread_runs += 1
        try:
            parts: list[Result] = []
            for chunk in self._iter_simulate(job.scenario, step_days=job.step_days,
                                             chunk_days=self.CHUNK_DAYS, cancelled=cancelled):
                if cancelled():
                    return
                parts.append(chunk)
                if job.stream and len(parts) > skip:
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

    # ------------------------------------------------------------------------------ child
    def _child_usable(self) -> bool:
        child = self._child
        if child is None or self._mailbox.closed:
            return False
        if simulate_module.iter_simulate is not _MODEL_ITER_SIMULATE:
            return False  # replaced in this process (tests, embedding): the child cannot see it
        if child.ready():
            if child.alive():
                return True
            self._restart_child()
        elif child.started and not child.alive():  # died while starting
            self._restart_child()
        return False

    def _restart_child(self) -> None:
        child = self._child
        if child is None or self._mailbox.closed:
            return
        if child.starts >= self.MAX_CHILD_STARTS:
            log.error("simulation process failed %d times: the model runs in the thread from now on", child.starts)
            child.stop(timeout_s=0.5)
            self._child = None
            return
        try:
            child.start()
        except Exception:  # noqa: BLE001 (cannot spawn: the thread carries on alone)
            log.exception("cannot start the simulation process")
            self._child = None

    def _run_in_child(self, job: _Job, cancelled: _CancelCheck) -> None:
        """Send the job to the child and relay its chunks; raises ChildLost(reason, chunks
        streamed) if the child dies before the job ends."""
        child = self._child
        gen = job.generation
        parts: list[Result] = []
        try:
            child.send(("run", gen, job.scenario, job.step_days, self.CHUNK_DAYS))
            while True:
                if not child.poll(self.POLL_S):
                    if cancelled():
                        self._cancel_in_child(gen)
                        return
                    if not child.alive():
                        raise ChildLost("the process exited")
                    continue
                msg = child.recv()
                if msg[1] != gen:
                    continue  # the tail of a job this thread already gave up
                kind = msg[0]
                if kind == "chunk":
                    if cancelled():
                        self._cancel_in_child(gen)
                        return
                    chunk = Result(msg[2]) if msg[3] is None else Result(msg[2], msg[3])
                    parts.append(chunk)
                    if job.stream:
                        self.chunkReady.emit(chunk, gen)
                elif kind == "error":
                    self.child_runs += 1
                    if msg[3]:
                        log.error("simulation failed (in the simulation process):\n%s", msg[3])
                    self.failed.emit(msg[2], gen)
                    return
                else:  # "done" or "cancelled" (a cancel this thread did not send: nothing to show)
                    self.child_runs += 1
                    if kind == "done" and parts and not cancelled():
                        result = Result.concat(parts) if len(parts) > 1 else parts[0]
                        self.resultReady.emit(result, gen)
                    return
        except ChildLost as e:
            raise ChildLost(e.args[0] if e.args else "pipe closed", len(parts) if job.stream else 0) from e

    def _cancel_in_child(self, gen: int) -> None:
        """Tell the child to drop job ``gen`` and read up to its last message (one chunk of
        model time), so the pipe is clean for the next job. A child lost meanwhile is restarted."""
        child = self._child
        try:
            child.send(("cancel", gen))
            deadline = time.monotonic() + 5.0
            while time.monotonic() < deadline:
                if child.poll(self.POLL_S):
                    msg = child.recv()
                    if msg[1] == gen and msg[0] != "chunk":
                        return
                elif not child.alive():
                    raise ChildLost("the process exited")
            raise ChildLost("no answer to a cancel within 5 s")
        except ChildLost as e:
            log.warning("simulation process lost while cancelling (%s): restarting it", e)
            self._restart_child()


class SimulationController(QObject):
    """GUI-side owner of the simulation thread (``window.worker``).

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
        self._mailbox = _Mailbox()
        self._thread = QThread()
        self._thread.setObjectName("bonegui-simulation")
        # late lookup (not a captured function) so tests can monkeypatch the model module
        self._worker = SimulationWorker(self._mailbox, iter_simulate or _model_iter_simulate, self._child)
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


#: the model function the child runs; when this process's one is replaced, the thread runs it
_MODEL_ITER_SIMULATE = simulate_module.iter_simulate


def _model_iter_simulate(scenario: Scenario, **kw):
    return simulate_module.iter_simulate(scenario, **kw)
