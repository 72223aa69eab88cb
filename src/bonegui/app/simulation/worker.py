"""SimulationWorker: lives in the simulation thread and runs the newest job of the mailbox, in
the persistent child process when it is ready (``child_process``), else in this thread."""

from __future__ import annotations

import logging
import time
from typing import Callable

from PySide6.QtCore import QObject, Signal, Slot

from bonegui.app.simulation.child_process import ChildLost, ChildSimulator
from bonegui.app.simulation.mailbox import CancelCheck, Job, Mailbox
from bonegui.model import simulate as simulate_module
from bonegui.model.result import Result
from bonegui.model.units import DAYS_PER_YEAR
from bonegui.scenario import Scenario, ScenarioError

log = logging.getLogger(__name__)


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
    CHUNK_DAYS = DAYS_PER_YEAR
    #: how often the thread looks at the mailbox while the child computes (cancel latency)
    POLL_S = 0.005
    MAX_CHILD_STARTS = 4

    def __init__(self, mailbox: Mailbox, iter_simulate: Callable, child: ChildSimulator | None = None) -> None:
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
        cancelled = CancelCheck(self._mailbox, job.generation, job.preview)
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
    def _run_in_thread(self, job: Job, cancelled: CancelCheck, skip: int = 0) -> None:
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

    def _run_in_child(self, job: Job, cancelled: CancelCheck) -> None:
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


#: the model function the child runs; when this process's one is replaced, the thread runs it
_MODEL_ITER_SIMULATE = simulate_module.iter_simulate


def model_iter_simulate(scenario: Scenario, **kw):
    return simulate_module.iter_simulate(scenario, **kw)
