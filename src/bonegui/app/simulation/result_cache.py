"""Results of scenarios computed off the GUI thread and cached by scenario: the pinned runs of
View → Compare runs and the runs of a CSV export. ``simulate`` runs on a one-thread pool (the
two cores are shared with the live simulation); a Scenario is frozen and hashable, and simulate
is deterministic, so a cached Result is always the right one.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from bonegui.model.result import Result
from bonegui.model.simulate import simulate
from bonegui.scenario import Scenario

CACHE_SIZE = 12


class _JobSignals(QObject):
    done = Signal(object, object, str)  # scenario, Result | None, error text


class _SimulateJob(QRunnable):
    def __init__(self, scenario: Scenario, signals: _JobSignals) -> None:
        super().__init__()
        self.scenario = scenario
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread: no widgets here, only the signal
        try:
            result, err = simulate(self.scenario), ""
        except Exception as e:  # noqa: BLE001 - any model failure is reported, never raised in a thread
            result, err = None, f"{type(e).__name__}: {e}"
        self.signals.done.emit(self.scenario, result, err)


class ResultCache(QObject):
    """Results of scenarios computed off the GUI thread; callbacks run on the GUI thread."""

    failed = Signal(object, str)  # scenario, error text

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # two cores are shared with the window's worker
        self._results: OrderedDict[Scenario, Result] = OrderedDict()
        self._waiting: dict[Scenario, list[Callable[[Result | None], None]]] = {}
        self._signals = _JobSignals()
        self._signals.done.connect(self._on_done)
        self._closed = False

    def get(self, scenario: Scenario) -> Result | None:
        r = self._results.get(scenario)
        if r is not None:
            self._results.move_to_end(scenario)
        return r

    def request(self, scenario: Scenario, callback: Callable[[Result | None], None] | None = None) -> Result | None:
        """The cached Result now, or None and ``callback(result)`` later (None on failure)."""
        r = self.get(scenario)
        if r is not None:
            if callback is not None:
                callback(r)
            return r
        first = scenario not in self._waiting
        self._waiting.setdefault(scenario, [])
        if callback is not None:
            self._waiting[scenario].append(callback)
        if first and not self._closed:
            self.pool.start(_SimulateJob(scenario, self._signals))
        return None

    def is_pending(self, scenario: Scenario) -> bool:
        return scenario in self._waiting

    def _on_done(self, scenario: Scenario, result: Result | None, err: str) -> None:
        if result is not None:
            self._results[scenario] = result
            while len(self._results) > CACHE_SIZE:
                self._results.popitem(last=False)
        else:
            self.failed.emit(scenario, err)
        for cb in self._waiting.pop(scenario, []):
            cb(result)

    def shutdown(self, wait_ms: int = 10_000) -> None:
        self._closed = True
        self.pool.clear()
        self.pool.waitForDone(wait_ms)
        self._waiting.clear()
