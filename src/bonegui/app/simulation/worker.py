"""SimulationWorker: lives in the simulation thread and runs every simulation of the window.

Each wake-up drains the work in order of urgency: the live run's newest job (``mailbox``), then
the queued jobs (``jobs``) oldest first. A queued job hands the thread back to the live run
between two of its chunks, so an edit never waits for a pin, an export or the validation cases
for longer than one chunk of model time.

``run_model`` is the one entry point to the model: every simulation of every kind goes through
it, and it counts them by kind (``counts``: "live", "pin", "export", "validation"; a job that
finds its runs in the cache simulates nothing, ``jobs_started`` counts the jobs). A cohort job
(``JobContext.cohort``) runs the cohort model instead and counts one "cohort" per cohort.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from bonegui.app.simulation.jobs import JobCancelled, JobQueue, QueuedJob, error_text
from bonegui.app.simulation.mailbox import CancelCheck, Job, Mailbox
from bonegui.app.simulation.warm_up import WARM_UP
from bonegui.model.result import Result
from bonegui.model.units import DAYS_PER_YEAR
from bonegui.scenario import Scenario, ScenarioError

log = logging.getLogger(__name__)


class JobContext:
    """What a queued job's function may do in the simulation thread."""

    def __init__(self, worker: "SimulationWorker", job: QueuedJob) -> None:
        self._worker, self._job = worker, job

    def cancelled(self) -> bool:
        return self._job.cancelled

    def simulate(self, scenario: Scenario) -> Result:
        """simulate(scenario) through the service; raises JobCancelled once the job is cancelled."""
        return self._worker.simulate_for(self._job, scenario)

    def result(self, scenario: Scenario) -> Result:
        """The cached Result of ``scenario``, else simulated now and cached."""
        cache = self._worker.cache
        r = cache.get(scenario) if cache is not None else None
        if r is None:
            r = self.simulate(scenario)
            if cache is not None:
                cache.put(scenario, r)
        return r

    def cohort(self, scenario: Scenario, *, n: int, seed: int = 1, on_part: Callable | None = None):
        """The virtual cohort of ``scenario`` (bonegui.model.cohort.iter_cohort), counted as a
        "cohort" simulation. Between two batches of people the live run goes first; ``on_part``
        gets every interim CohortResult (the band fills in). Raises JobCancelled once the job
        is cancelled; returns the complete CohortResult."""
        return self._worker.cohort_for(self._job, scenario, n=n, seed=seed, on_part=on_part)

    def progress(self, payload: object) -> None:
        """Hand ``payload`` to the job's ``on_progress`` on the GUI thread."""
        self._worker.jobProgress.emit(self._job, payload)


class SimulationWorker(QObject):
    chunkReady = Signal(object, int)  # live: Result rows, generation
    resultReady = Signal(object, int)  # live: complete Result, generation
    failed = Signal(str, int)  # live: one-line message, generation
    jobProgress = Signal(object, object)  # QueuedJob, payload
    jobDone = Signal(object, object)  # QueuedJob, value
    jobFailed = Signal(object, str)  # QueuedJob, one-line message
    compiledReady = Signal()  # from the compile thread: drain again (the queued jobs waited)

    #: rows per chunk (a year of daily steps): the live run streams them, queued jobs yield
    #: the thread to the live run between them
    CHUNK_DAYS = DAYS_PER_YEAR

    def __init__(self, mailbox: Mailbox, jobs: JobQueue, cache, iter_simulate: Callable,
                 warm_up: bool = True, incremental: bool = False) -> None:
        """``incremental``: the live run keeps a ``simulate.Simulator`` (passed to
        ``iter_simulate`` as ``simulator=``), so an edit re-simulates from its first changed day."""
        super().__init__()
        self._incremental = incremental
        self._live_simulator = None  # made in this thread by the first live run
        self._mailbox = mailbox
        self._jobs = jobs
        self.cache = cache
        self._iter_simulate = iter_simulate
        self._warm_up_pending = warm_up
        #: the model's compile (warm_up.WARM_UP); without a warm-up (a stand-in model) none is waited for
        self._compile = WARM_UP if warm_up else None
        self.compiledReady.connect(self.drain, Qt.ConnectionType.QueuedConnection)
        self.counts: Counter[str] = Counter()  # simulations started, by kind
        self.jobs_started: Counter[str] = Counter()  # queued jobs started, by kind
        self.thread_ident: int | None = None  # where the model ran (tests)
        self.uncompiled_runs = 0  # live runs made before the compiled model was ready (start-up)

    # ------------------------------------------------------------------------------ the model
    def run_model(self, kind: str, scenario: Scenario, *, step_days: float = 1.0,
                  cancelled: Callable[[], bool] | None = None):
        """The one way into the model: iter_simulate's row blocks, counted under ``kind``. The
        live run goes through its Simulator (incremental); a queued job's runs are whole."""
        self.counts[kind] += 1
        kw = {}
        if kind == "live" and self._incremental:
            if self._live_simulator is None:
                from bonegui.model.simulate import Simulator

                self._live_simulator = Simulator()
            kw["simulator"] = self._live_simulator
        return self._iter_simulate(scenario, step_days=step_days, chunk_days=self.CHUNK_DAYS, cancelled=cancelled, **kw)

    def _stopping(self) -> bool:
        return self._mailbox.closed or self._jobs.closed

    # ------------------------------------------------------------------------------ the loop
    @Slot()
    def drain(self) -> None:
        self.thread_ident = threading.get_ident()
        if self._warm_up_pending:
            self._warm_up_pending = False
            self._run_live()  # the window's first result first, then the compile starts
            self._compile.start(self._on_compiled)
        while not self._stopping():
            if self._run_live():
                continue
            if not self.compiled:
                return  # queued jobs wait for the compiled model: compiledReady drains again
            job = self._jobs.take()
            if job is None:
                return
            try:
                self._run_queued(job)
            finally:
                self._jobs.finished(job)

    @property
    def compiled(self) -> bool:
        """The compiled model is ready (or none is waited for)."""
        return self._compile is None or self._compile.done.is_set()

    def _on_compiled(self) -> None:
        """In the compile thread: wake this worker's thread (it may be gone with its window)."""
        try:
            self.compiledReady.emit()
        except RuntimeError:  # the worker was deleted with its window
            pass

    # ------------------------------------------------------------------------------ live run
    def _run_live(self) -> bool:
        """Run the live run's newest job, if there is one."""
        job = self._mailbox.take()
        if job is None:
            return False
        try:
            if self.compiled:
                self._run_live_job(job, CancelCheck(self._mailbox, job.generation, job.preview))
            else:
                self._run_live_uncompiled(job)
        finally:
            self._mailbox.finished(job)
        return True

    def _run_live_uncompiled(self, job: Job) -> None:
        """Before the compile is done: the model's plain-Python loops (~40 ms for the default
        scenario, ~75 ms for 30 years of TRT on a quiet machine; docs/performance.md). They
        agree with the compiled model to 1e-12 (bone loop) and 1e-7 (the HPG solver's
        tolerance); the live run's Simulator starts afresh afterwards, so that incremental runs
        continue compiled arithmetic only."""
        from bonegui.model import jit

        with jit.uncompiled():
            self._run_live_job(job, CancelCheck(self._mailbox, job.generation, job.preview))
        self.uncompiled_runs += 1
        self._live_simulator = None

    def _run_live_job(self, job: Job, cancelled: CancelCheck) -> None:
        try:
            parts: list[Result] = []
            for chunk in self.run_model("live", job.scenario, step_days=job.step_days, cancelled=cancelled):
                if cancelled():
                    return
                parts.append(chunk)
                if job.stream:
                    self.chunkReady.emit(chunk, job.generation)
            if cancelled() or not parts:
                return
            whole = self._live_simulator.last_result(job.scenario) if self._live_simulator is not None else None
            if whole is None:
                whole = Result.concat(parts) if len(parts) > 1 else parts[0]
            self.resultReady.emit(whole, job.generation)
        except ScenarioError as e:
            self.failed.emit(str(e), job.generation)
        except Exception as e:  # a model bug must not take the window down
            log.exception("simulation failed")
            self.failed.emit(f"Model error: {type(e).__name__}: {e}", job.generation)

    # ------------------------------------------------------------------------------ queued jobs
    def _run_queued(self, job: QueuedJob) -> None:
        self.jobs_started[job.kind] += 1
        try:
            value = job.work(JobContext(self, job))
        except JobCancelled:
            return
        except Exception as e:  # noqa: BLE001 - reported to the job's owner, never raised here
            if not isinstance(e, ScenarioError):
                log.info("%s job failed", job.kind, exc_info=True)
            if not job.cancelled:
                self.jobFailed.emit(job, error_text(e))
            return
        if not job.cancelled:
            self.jobDone.emit(job, value)

    def simulate_for(self, job: QueuedJob, scenario: Scenario) -> Result:
        """A queued job's simulation, chunk by chunk, running the live run between chunks."""
        parts: list[Result] = []
        for chunk in self.run_model(job.kind, scenario, cancelled=lambda: job.cancelled):
            parts.append(chunk)
            if job.cancelled:
                break
            while self._run_live():  # the live run first: this job waits
                pass
        if job.cancelled:
            raise JobCancelled
        return Result.concat(parts) if len(parts) > 1 else parts[0]


    def cohort_for(self, job: QueuedJob, scenario: Scenario, *, n: int, seed: int, on_part=None):
        from bonegui.model import cohort as cohort_module
        from bonegui.model.cohort import BATCH

        self.counts["cohort"] += 1
        last = None
        batches = max(1, -(-n // BATCH))  # a yield after every batch: the live run goes between
        for part in cohort_module.iter_cohort(scenario, n=n, seed=seed, batches=batches,
                                              cancelled=lambda: job.cancelled):
            if job.cancelled:
                break
            last = part
            while self._run_live():  # the live run first: this job waits
                pass
            if job.cancelled:
                break
            if part.n < n and on_part is not None:
                on_part(part)
        if job.cancelled:
            raise JobCancelled
        return last


def model_iter_simulate(scenario: Scenario, **kw):
    """The model, imported and looked up when called: the model and SciPy load in this thread,
    not before the window shows (and tests may replace ``simulate.iter_simulate``)."""
    from bonegui.model import simulate as simulate_module

    return simulate_module.iter_simulate(scenario, **kw)
