"""The Cohort switch (``window.cohort``): people like her, drawn as a median and a 5-95 % band.

View → Cohort (Ctrl+Shift+C) and the "Cohort" button of the plots toolbar turn it on; "Cohort
size" (View menu, and the "N people ▾" button beside it) picks N. While it is on, every live
result the window shows is followed by a cohort of N people around the same scenario
(``bonegui.model.cohort.iter_cohort``, seed 1, weekly output), computed as a queued "cohort"
job of the window's SimulationService, off the GUI thread:

- the live run always goes first: the job hands the thread back to it after every batch of 100
  people, so a drag stays live and the band follows a little later;
- newest wins, by generation: each live result bumps the controller's generation and cancels
  the cohort job under way (a cancelled job never calls back; an answer that comes anyway, its
  cancel too late, is dropped by its generation: ``dropped_stale``);
- a drag stays live: during a drag (preview results) no cohort starts while the hand moves. The
  band of the last state drawn fades (it belongs to a state the hand has left) and the newest
  preview's cohort starts once no preview came for ``REST_MS`` (the hand rests), or with the
  release's commit. Measured (benchmarks/bench_gui_latency.py --cohort 200, 2 cores): computing
  a cohort behind every preview, as a first version did, made the drag's edit-to-paint latency
  p50 155 ms / p95 279 ms (a batch of 100 people holds the thread ~150 ms, and the cohort's two
  worker threads compete with the live run for the cores and the GIL); deferred, the drag's
  latency is that of the switch off (docs/cohort.md);
- the band streams: the plots get the cohort after every batch of people as it fills in;
- cohorts are kept by (scenario, N) (``cache``, the last 16): undo, redo and pinned runs that
  were shown before cost nothing.

The readout shows the cohort at the cursor (share in each WHO class, the median person's
10-year fracture risks: an estimate, not FRAX). With runs pinned, each pin's cohort (same N,
same seed) is computed once and its median drawn as the pin's overlay in the BMD and marker
rows; until it is ready the pin shows its typical run.

The switch and N are remembered in the settings, not in the scenario file: a cohort is a way of
looking at a scenario, not part of it (the file describes one patient, and the CLI and the Python
API read it the same way with or without the window's switch), and a teacher who uses it in
class wants it on at the next start. A lesson that names ``cohort_people`` turns it on with its
N when opened, without changing what the settings remember.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import partial

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton

from bonegui.app.plots.cohort_band import band_label
from bonegui.scenario import Scenario

COHORT_ON = "cohort/on"
COHORT_PEOPLE = "cohort/people"
#: 200 people x 10 years take ~0.3 s on two cores: the band follows a drag within a few frames
DEFAULT_PEOPLE = 200
PEOPLE_CHOICES = (50, 100, 200, 500, 1000)
SEED = 1  # the same people for every edit: the band changes with the scenario, not with the draw
CACHE_SIZE = 16
#: during a drag, a cohort starts once no new preview came for this long (the hand rests)
REST_MS = 150
#: people a cohort may have: bonegui.model.cohort.N_RANGE (not imported: the window must not load
#: the model before it shows; a test checks they agree)
N_RANGE = (10, 5000)


class CohortController(QObject):
    """``action`` (checkable), ``people`` (N), ``set_on``, ``set_people``; ``shown`` is the
    CohortResult on the plots (None while off or before the first is ready)."""

    #: a cohort (complete or growing) was put on the plots; argument: its generation
    shown_changed = Signal(int)

    def __init__(self, window, settings: QSettings | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.service = window.simulation
        self.settings = settings if settings is not None else window.settings
        self.cache: OrderedDict[tuple[Scenario, int], object] = OrderedDict()
        self.generation = 0
        self.shown = None
        self.shown_generation = 0
        self.dropped_stale = 0
        self._running = None  # (job, generation, key)
        self._pending = None  # (key, generation): the newest drag state, waiting for the hand to rest
        self._rest = QTimer(self)
        self._rest.setSingleShot(True)
        self._rest.setInterval(REST_MS)
        self._rest.timeout.connect(self._on_rest)
        self._pin_jobs: dict[tuple[Scenario, int], object] = {}
        self._on = False
        self.people = _valid(self.settings.value(COHORT_PEOPLE, DEFAULT_PEOPLE), DEFAULT_PEOPLE)

        self.action = QAction("&Cohort: people like her", window)
        self.action.setIconText("Cohort")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.action.setToolTip("Show a virtual cohort of people like this patient: the median and the band "
                               "that holds 90 % of them in the bone density and marker plots (Ctrl+Shift+C)")
        self.action.setStatusTip(self.action.toolTip())
        self.action.toggled.connect(self._on_toggled)
        self.people_menu = QMenu("Cohort &size", window)
        self._people_group = QActionGroup(self)
        self._people_group.setExclusive(True)
        self._people_actions: dict[int, QAction] = {}
        for n in sorted(set(PEOPLE_CHOICES) | {self.people}):  # a remembered or a lesson's N too
            self._add_people_choice(n)
        self.people_button = QToolButton()
        self.people_button.setMenu(self.people_menu)
        self.people_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.people_button.setToolTip("How many people the cohort has (more: a smoother band, a slower one)")
        self.people_button.setAccessibleName("Cohort size")
        self._sync_people()

        self.service.resultReady.connect(self._on_result)
        pins = getattr(getattr(window, "workshop", None), "pins", None)
        if pins is not None:
            pins.overlaysUpdated.connect(self._on_pins)
        if self.settings.value(COHORT_ON, False, type=bool):
            self.action.setChecked(True)

    # ------------------------------------------------------------------------------ the switch
    @property
    def on(self) -> bool:
        return self._on

    def set_on(self, on: bool, *, remember: bool = True) -> None:
        """Turn the switch on or off (as its action does); ``remember``: into the settings."""
        self._quiet = not remember
        try:
            self.action.setChecked(bool(on))  # toggled -> _on_toggled when it changes
        finally:
            self._quiet = False

    def _on_toggled(self, on: bool) -> None:
        if not getattr(self, "_quiet", False):
            self.settings.setValue(COHORT_ON, bool(on))
        if bool(on) == self._on:
            return
        self._on = bool(on)
        if self._on:
            self._request_current()
            self._on_pins()
            self.window.status(f"Cohort on: {band_label(self.people)}, computed after each run", 5000)
        else:
            self._stop()
            self.window.status("Cohort off", 3000)

    def set_people(self, n: int, *, remember: bool = True) -> None:
        n = _valid(n, self.people)
        if n not in self._people_actions:
            self._add_people_choice(n)
        if remember:
            self.settings.setValue(COHORT_PEOPLE, n)
        if n == self.people:
            self._sync_people()
            return
        self.people = n
        self._sync_people()
        if self._on:
            self._stop(clear=False)
            self._request_current()
            self._on_pins()

    def _add_people_choice(self, n: int) -> None:
        a = QAction(f"{n} people", self)
        a.setCheckable(True)
        a.triggered.connect(lambda _c=False, n=n: self.set_people(n))
        self._people_group.addAction(a)
        self.people_menu.addAction(a)
        self._people_actions[n] = a

    def _sync_people(self) -> None:
        self._people_actions[self.people].setChecked(True)
        self.people_button.setText(f"{self.people} people")

    # ------------------------------------------------------------------------------ requests
    def _on_result(self, _result, _generation: int) -> None:
        if self._on:
            self._request_current()

    def _request_current(self) -> None:
        scenario = self.service.last_scenario
        if scenario is not None:
            self.request(scenario, preview=bool(getattr(self.window.plots, "interactive", False)))

    def request(self, scenario: Scenario, *, preview: bool = False) -> int:
        """Compute (or fetch) the cohort of ``scenario``; returns its generation. A ``preview``
        (a drag under way) waits until the hand rests for ``REST_MS``."""
        self.generation += 1
        g = self.generation
        key = (scenario, self.people)
        cached = self.cache.get(key)
        if cached is not None:
            self.cache.move_to_end(key)
            self._cancel_running()
            self._pending = None
            self._rest.stop()
            self._show(cached, g)
            return g
        self._cancel_running()  # older than this request: its band would be stale on arrival
        if preview:
            self._pending = (key, g)
            self._rest.start()
            self.window.plots.set_cohort_faded(True)  # the band of a state the hand has left
            return g
        self._pending = None
        self._rest.stop()
        self._start(key, g)
        return g

    def _on_rest(self) -> None:
        """The hand rested during a drag: the newest preview's cohort runs now."""
        if self._pending is not None and self._on:
            key, g = self._pending
            self._pending = None
            if g == self.generation:
                self._start(key, g)

    def _start(self, key, g: int) -> None:
        scenario, n = key
        work = partial(_cohort_work, scenario, n)
        job = self.service.submit("cohort", work, on_done=partial(self._done, g, key),
                                  on_error=partial(self._error, g), on_progress=partial(self._part, g))
        self._running = (job, g, key)

    def _cancel_running(self) -> None:
        if self._running is not None:
            self._running[0].cancel()
            self._running = None

    def _wanted(self, g: int) -> bool:
        return self._on and g == self.generation

    def _part(self, g: int, part) -> None:
        if self._wanted(g):
            self._show(part, g)

    def _done(self, g: int, key, result) -> None:
        self._put(key, result)
        if self._running is not None and self._running[1] == g:
            self._running = None
        if self._wanted(g):
            self._show(result, g)
        else:  # a cancel that came too late: the answer of an older generation
            self.dropped_stale += 1

    def _error(self, g: int, message: str) -> None:
        if self._running is not None and self._running[1] == g:
            self._running = None
        if g == self.generation:
            self.window.status(f"Cohort: {message}", 10_000)

    def _put(self, key, result) -> None:
        self.cache[key] = result
        self.cache.move_to_end(key)
        while len(self.cache) > CACHE_SIZE:
            self.cache.popitem(last=False)

    def _show(self, cohort, g: int) -> None:
        self.shown = cohort
        self.shown_generation = g
        w = self.window
        w.plots.set_cohort(cohort, self.people)
        w.readout.show_cohort_at(cohort, w.cursor_t_years, self.people)
        self.shown_changed.emit(g)

    def _stop(self, clear: bool = True) -> None:
        self.generation += 1
        self._cancel_running()
        self._pending = None
        self._rest.stop()
        for job in self._pin_jobs.values():
            job.cancel()
        self._pin_jobs.clear()
        if clear:
            self.shown = None
            self.window.plots.set_cohort(None)
            self.window.plots.set_pin_cohorts([])
            self.window.readout.show_cohort_at(None, self.window.cursor_t_years)
            self.shown_changed.emit(self.generation)

    # ------------------------------------------------------------------------------ pinned runs
    def _pinned_scenarios(self) -> list[Scenario]:
        """The scenarios of the overlays on the plots, in their order."""
        by_name = {p.name: p.scenario for p in self.window.document.pinned}
        overlays = self.window.plots.overlays
        return [by_name[name] for name, _r in overlays if name in by_name]

    def _on_pins(self, *_args) -> None:
        if not self._on:
            return
        cohorts = []
        for scenario in self._pinned_scenarios():
            key = (scenario, self.people)
            c = self.cache.get(key)
            cohorts.append(c)
            if c is None and key not in self._pin_jobs:
                self._pin_jobs[key] = self.service.submit(
                    "cohort", partial(_cohort_work, scenario, self.people),
                    on_done=partial(self._pin_done, key), on_error=partial(self._pin_error, key))
        self.window.plots.set_pin_cohorts(cohorts)

    def _pin_done(self, key, result) -> None:
        self._pin_jobs.pop(key, None)
        self._put(key, result)
        self._on_pins()

    def _pin_error(self, key, message: str) -> None:
        self._pin_jobs.pop(key, None)
        self.window.status(f"Cohort of a pinned run: {message}", 10_000)

    def shutdown(self) -> None:
        self._stop(clear=False)


def _cohort_work(scenario: Scenario, n: int, context):
    """In the simulation thread: the cohort, streaming each batch to the GUI thread."""
    return context.cohort(scenario, n=n, seed=SEED, on_part=context.progress)


def _valid(value, default: int) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return default
    return n if N_RANGE[0] <= n <= N_RANGE[1] else default
