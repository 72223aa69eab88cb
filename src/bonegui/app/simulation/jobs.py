"""Queued jobs of the simulation service: pinned runs, CSV exports, the validation view, cohorts.

A ``QueuedJob`` is a function run in the simulation thread with a ``JobContext`` (``worker``);
its answer (or error, or progress) comes back to callbacks on the GUI thread. Jobs run one at a
time, oldest first, after the live run: the live run always goes first, even in the middle of a
job (between two of its chunks).

Cancelling a job (``QueuedJob.cancel``, or closing the service) is final: a waiting job never
starts, a running one stops at its next chunk boundary, and neither calls back.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from bonegui.scenario import ScenarioError

#: what a job does: "pin" (a pinned run), "export" (a CSV export), "validation" (Model vs evidence),
#: "cohort" (the virtual cohort of the Cohort switch, bonegui.app.simulation.cohort)
JOB_KINDS = ("pin", "export", "validation", "cohort")


class JobCancelled(BaseException):
    """Raised in the simulation thread when the running job has been cancelled. A BaseException,
    so that the ``except Exception`` of the model and of the validation runner (a failed case is
    a row in its table) let it through to the worker."""


class JobError(Exception):
    """A job's failure with a message ready to show (no exception type in front of it)."""


def error_text(e: BaseException) -> str:
    """The one line a job's failure shows: the message of an input or file error, else the
    exception's type and message."""
    if isinstance(e, (JobError, ScenarioError, OSError)):
        return str(e)
    return f"{type(e).__name__}: {e}"


@dataclass(eq=False)
class QueuedJob:
    kind: str
    number: int
    work: Callable  # work(context) -> value, in the simulation thread
    on_done: Callable[[object], None] | None = None  # GUI thread
    on_error: Callable[[str], None] | None = None  # GUI thread
    on_progress: Callable[[object], None] | None = None  # GUI thread
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class JobQueue:
    """Thread-safe FIFO of queued jobs; ``close()`` cancels every job, waiting or running."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: deque[QueuedJob] = deque()
        self._running: QueuedJob | None = None
        self._closed = False
        self._numbers = 0

    def put(self, kind: str, work: Callable, **callbacks) -> QueuedJob:
        if kind not in JOB_KINDS:
            raise ValueError(f"job kind: {kind!r} is not one of {', '.join(JOB_KINDS)}")
        with self._lock:
            self._numbers += 1
            job = QueuedJob(kind, self._numbers, work, **callbacks)
            if self._closed:
                job.cancel()
            else:
                self._jobs.append(job)
            return job

    def take(self) -> QueuedJob | None:
        """The oldest job not cancelled (it becomes the running one), or None."""
        with self._lock:
            while self._jobs and not self._closed:
                job = self._jobs.popleft()
                if not job.cancelled:
                    self._running = job
                    return job
            return None

    def finished(self, job: QueuedJob) -> None:
        with self._lock:
            if self._running is job:
                self._running = None

    def _all(self) -> list[QueuedJob]:
        """Waiting and running jobs; the caller holds the lock."""
        return list(self._jobs) + ([self._running] if self._running is not None else [])

    def pending(self, kind: str | None = None) -> int:
        """Jobs waiting or running (of one kind), not cancelled."""
        with self._lock:
            jobs = self._all()
        return sum(1 for j in jobs if not j.cancelled and (kind is None or j.kind == kind))

    @property
    def closed(self) -> bool:
        with self._lock:
            return self._closed

    def close(self) -> None:
        with self._lock:
            self._closed = True
            jobs = self._all()
            self._jobs.clear()
        for job in jobs:
            job.cancel()
