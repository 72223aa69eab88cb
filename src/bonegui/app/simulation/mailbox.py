"""The one-slot mailbox between the GUI thread and the simulation thread.

``Mailbox.post`` leaves the newest job (a newer request replaces one that has not started, so
drag previews coalesce) and bumps the generation number; ``is_stale`` tells a running job
whether a newer request supersedes it. A running *preview* is not superseded by a newer
preview (see ``bonegui.app.simulation.service``: a drag must see results while the hand
moves); a committed request supersedes everything older.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from bonegui.scenario import Scenario


@dataclass(frozen=True)
class Job:
    scenario: Scenario
    generation: int
    stream: bool
    step_days: float
    preview: bool = False


class Mailbox:
    """Thread-safe: the newest job not yet taken, and the newest generation number."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._job: Job | None = None
        self._generation = 0
        self._newest_is_preview = False
        self._closed = False
        self._running: Job | None = None
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
                self._job = Job(scenario, self._generation, stream, step_days, preview)
            return self._generation

    def resolve(self, generation: int) -> int:
        """The generation a finished job answers (its own, or the newest it was adopted for)."""
        with self._lock:
            if self._alias is not None and generation == self._alias[0] and self._alias[1] == self._generation:
                return self._generation
            return generation

    def finished(self, job: Job) -> None:
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

    def take(self) -> Job | None:
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


class CancelCheck:
    """The ``cancelled`` callable handed to iter_simulate: True once a newer request exists."""

    def __init__(self, mailbox: Mailbox, generation: int, preview: bool) -> None:
        self._mailbox, self._generation, self._preview = mailbox, generation, preview

    def __call__(self) -> bool:
        return self._mailbox.is_stale(self._generation, self._preview)
