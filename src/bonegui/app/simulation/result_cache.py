"""ResultCache (``window.simulation.results``): Results by scenario for the pinned runs of View →
Compare runs and for CSV exports. Missing ones are simulated as the service's queued "pin"
jobs; the live run's complete results are added too, so pinning the run on screen costs no
simulation. A Scenario is frozen and hashable and simulate() is deterministic, so a cached
Result is always the right one.

``get``/``put`` are thread-safe (the simulation thread fills the cache during an export);
``request`` and its callbacks belong to the GUI thread.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable

from PySide6.QtCore import QObject, Signal

from bonegui.model.result import Result
from bonegui.scenario import Scenario

CACHE_SIZE = 12


class ResultCache(QObject):
    failed = Signal(object, str)  # scenario, error text

    def __init__(self, service) -> None:
        super().__init__(service)
        self._service = service
        self._lock = threading.Lock()
        self._results: OrderedDict[Scenario, Result] = OrderedDict()
        self._waiting: dict[Scenario, list[Callable[[Result | None], None]]] = {}

    def get(self, scenario: Scenario) -> Result | None:
        with self._lock:
            r = self._results.get(scenario)
            if r is not None:
                self._results.move_to_end(scenario)
            return r

    def put(self, scenario: Scenario, result: Result) -> None:
        with self._lock:
            self._results[scenario] = result
            self._results.move_to_end(scenario)
            while len(self._results) > CACHE_SIZE:
                self._results.popitem(last=False)

    def request(self, scenario: Scenario, callback: Callable[[Result | None], None] | None = None) -> Result | None:
        """The cached Result now, or None and ``callback(result)`` later (None on failure)."""
        r = self.get(scenario)
        if r is not None:
            if callback is not None:
                callback(r)
            return r
        first = scenario not in self._waiting
        waiting = self._waiting.setdefault(scenario, [])
        if callback is not None:
            waiting.append(callback)
        if first:
            self._service.submit("pin", lambda ctx: ctx.result(scenario),
                                 on_done=lambda result: self._answer(scenario, result, ""),
                                 on_error=lambda err: self._answer(scenario, None, err))
        return None

    def is_pending(self, scenario: Scenario) -> bool:
        return scenario in self._waiting

    def _answer(self, scenario: Scenario, result: Result | None, err: str) -> None:
        if result is None:
            self.failed.emit(scenario, err)
        for cb in self._waiting.pop(scenario, []):
            cb(result)

    def drop_waiting(self) -> None:
        """The service shut down: its jobs were cancelled and will not answer."""
        self._waiting.clear()
