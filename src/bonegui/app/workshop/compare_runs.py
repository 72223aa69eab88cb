"""Compare runs: pin the current scenario under a name (up to 4), draw the pinned runs as overlays
and read out the difference from the current run at the time cursor.

Pinned runs are stored as scenarios (in the document, and so in the file); their Results come
from the ``ResultCache`` (bonegui.app.simulation.result_cache). The GUI thread never simulates.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLabel, QMenu

from bonegui.app.document import MAX_PINNED
from bonegui.app.numbers import duration, fixed
from bonegui.app.simulation.result_cache import ResultCache
from bonegui.model.result import Result
from bonegui.scenario import PinnedRun, Scenario

MAX_PINS = MAX_PINNED


def unique_name(name: str, taken: set[str]) -> str:
    name = " ".join(name.split())[:60] or "Run"
    if name not in taken:
        return name
    i = 2
    while f"{name} ({i})" in taken:
        i += 1
    return f"{name} ({i})"


def difference_text(current: Result | None, pinned: list[tuple[str, Result]], t_years: float,
                    series: str = "bmd_spine_g_cm2", label: str = "spine BMD") -> str:
    """E.g. "spine BMD at 5 y: +3.2 % vs 'No HRT', -0.4 % vs 'HRT 5 y'"; "" if nothing to say."""
    if current is None or not len(current) or not pinned:
        return ""
    t_cur = current["t_years"]
    if t_years > t_cur[-1] + 1e-9:
        return f"{label} at {duration(t_years)}: (current run still computing)"
    cur = float(np.interp(t_years, t_cur, current[series]))
    parts = []
    for name, r in pinned:
        if not len(r) or t_years > r["t_years"][-1] + 1e-9:
            parts.append(f"n/a vs '{name}' (shorter run)")
            continue
        ref = float(np.interp(t_years, r["t_years"], r[series]))
        if not (math.isfinite(ref) and math.isfinite(cur)) or ref == 0:
            parts.append(f"n/a vs '{name}'")
            continue
        parts.append(f"{fixed((cur - ref) / ref * 100, 1, sign=True)} % vs '{name}'")
    return f"{label} at {duration(t_years)}: " + ", ".join(parts)


def default_pin_name(scenario: Scenario) -> str:
    """The scenario's title, or (for an untitled one) what is being given: "No therapy",
    "Estradiol patch + Progesterone"."""
    if scenario.title and scenario.title != Scenario.title:
        return scenario.title
    from bonegui.catalogue import catalogue

    agents = catalogue()
    names = []
    for t in scenario.enabled_therapies:
        n = agents[t.agent].name if t.agent in agents else t.agent
        if n not in names:
            names.append(n)
    return " + ".join(names) if names else "No therapy"


class CompareRunsController(QObject):
    """The View → Compare runs menu, the overlays and the difference readout."""

    #: overlays were handed to the plots (argument: number of pinned runs drawn)
    overlaysUpdated = Signal(int)
    #: the comparison at the cursor changed (spine line, then hip line; "" without pins)
    readoutChanged = Signal(str)

    def __init__(self, window, cache: ResultCache) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.cache = cache
        self.menu = QMenu("&Compare runs", window)
        self.pin_action = QAction("&Pin current run…", window)
        self.pin_action.setIconText("Pin run")  # on the toolbar
        self.pin_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.pin_action.setStatusTip(f"Keep the current run as a dashed overlay to compare against (up to {MAX_PINS})")
        self.pin_action.triggered.connect(lambda _c=False: self.pin_current())
        self.unpin_menu = QMenu("&Unpin", window)
        self.clear_action = QAction("&Clear pinned runs", window)
        self.clear_action.setIconText("Clear pins")
        self.clear_action.triggered.connect(lambda _c=False: self.clear())
        self.menu.addAction(self.pin_action)
        self.menu.addMenu(self.unpin_menu)
        self.menu.addAction(self.clear_action)

        self.readout = QLabel()
        self.readout.setObjectName("pinReadout")
        self.readout.setVisible(False)
        self.readout.setToolTip("Difference of the current run from each pinned run at the time cursor")
        if hasattr(window, "statusBar"):
            window.statusBar().addPermanentWidget(self.readout)

        self._failed: dict[Scenario, str] = {}
        cache.failed.connect(self._on_failed)
        self.document.pinnedChanged.connect(self._on_pinned)
        cursor_signal = getattr(window, "cursorMoved", None) or getattr(window.plots, "cursorMoved", None)
        if cursor_signal is not None:
            cursor_signal.connect(self._update_readout)
        simulation = getattr(window, "simulation", None)
        if simulation is not None and hasattr(simulation, "resultReady"):
            simulation.resultReady.connect(self._on_result)
        self._on_pinned(self.document.pinned)

    # ---- commands ----------------------------------------------------------------------------
    def ask_name(self, default: str) -> str | None:
        name, ok = QInputDialog.getText(self.window, "Pin current run", "Name for this run:", text=default)
        return name if ok else None

    def pin_current(self, name: str | None = None) -> bool:
        pinned = self.document.pinned
        if len(pinned) >= MAX_PINS:
            self.window.status(f"Up to {MAX_PINS} runs can be pinned; unpin one first (View → Compare runs → Unpin).", 8000)
            return False
        if name is None:
            name = self.ask_name(default_pin_name(self.document.scenario))
            if name is None:
                return False
        name = unique_name(name, {p.name for p in pinned})
        self.document.set_pinned(pinned + (PinnedRun(name, self.document.scenario),))
        self.window.status(f"Pinned '{name}'", 4000)
        return True

    def unpin(self, index: int) -> None:
        pinned = list(self.document.pinned)
        if 0 <= index < len(pinned):
            name = pinned.pop(index).name
            self.document.set_pinned(tuple(pinned))
            self.window.status(f"Unpinned '{name}'", 4000)

    def clear(self) -> None:
        self.document.set_pinned(())

    # ---- results -----------------------------------------------------------------------------
    def pinned_results(self) -> list[tuple[str, Result]] | None:
        """(name, Result) for every pin that simulates, or None while any is still computing.
        A pin the model rejects is left out (its error went to the status bar)."""
        out = []
        for p in self.document.pinned:
            if p.scenario in self._failed:
                continue
            r = self.cache.get(p.scenario)
            if r is None:
                return None
            out.append((p.name, r))
        return out

    def _on_failed(self, scenario: Scenario, error: str) -> None:
        self._failed[scenario] = error
        for p in self.document.pinned:
            if p.scenario == scenario:
                self.window.status(f"Pinned run '{p.name}' could not be simulated ({error}); it is not drawn.", 15_000)

    def _on_pinned(self, pinned) -> None:
        self._rebuild_unpin_menu()
        self.pin_action.setEnabled(len(pinned) < MAX_PINS)
        self.clear_action.setEnabled(bool(pinned))
        for p in pinned:
            self.cache.request(p.scenario, self._on_pin_result)
        self._push_overlays()

    def _on_pin_result(self, _result) -> None:
        self._push_overlays()

    def _push_overlays(self) -> None:
        runs = self.pinned_results()
        if runs is None:
            return  # draw once every pin is ready, so each keeps its style
        self.window.plots.set_overlays(runs)
        self.overlaysUpdated.emit(len(runs))
        self._update_readout()

    def _on_result(self, *_args) -> None:
        self._update_readout()

    def _cursor(self) -> float:
        t = getattr(self.window, "cursor_t_years", None)
        if t is None:
            t = getattr(self.window.plots, "cursor_t_years", 0.0)
        return float(t() if callable(t) else t)

    def readout_text(self) -> str:
        runs = self.pinned_results() or []
        return difference_text(getattr(self.window, "last_result", None), runs, self._cursor())

    def _update_readout(self, *_args) -> None:
        runs = self.pinned_results() or []
        text = self.readout_text()
        self.readout.setText(text)
        self.readout.setVisible(bool(text))
        hip = ""
        if text:
            hip = difference_text(getattr(self.window, "last_result", None), runs, self._cursor(), "bmd_hip_g_cm2", "hip BMD")
            self.readout.setToolTip(f"{text}\n{hip}\n(current run minus pinned run, relative to the pinned run)")
        self.readoutChanged.emit(f"{text}\n{hip}" if text else "")

    def _rebuild_unpin_menu(self) -> None:
        self.unpin_menu.clear()
        for i, p in enumerate(self.document.pinned):
            a = self.unpin_menu.addAction(p.name)
            a.triggered.connect(lambda _c=False, idx=i: self.unpin(idx))
        self.unpin_menu.setEnabled(bool(self.document.pinned))
