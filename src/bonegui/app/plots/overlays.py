"""The plot area's overlays (a mixin of PlotArea): pinned runs drawn over the current one, and
the Cohort switch's median and 5-95 % band in the BMD and marker rows (the pinned runs' cohort
medians as their overlays there)."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QPen

from bonegui.app import style
from bonegui.app.document import MAX_PINNED
from bonegui.app.plots.cohort_band import COHORT_ROWS, MedianRun
from bonegui.model.result import Result


class PlotOverlays:
    """Needs PlotArea's rows, curves and state; see PlotArea for the API."""

    def set_overlays(self, overlays: Sequence[tuple[str, Result]]) -> None:
        """Pinned runs to draw under the current one (at most 4; extra ones are ignored)."""
        had = bool(self._overlays)
        self._overlays = list(overlays)[:MAX_PINNED]
        self._overlays_dirty = True
        if had != bool(self._overlays):  # the pins' band comes or goes: fewer rows may fit
            self._arranged = None
            self._refit()
        self._schedule()

    @property
    def overlays(self) -> list[tuple[str, Result]]:
        """The pinned runs drawn, (name, Result) in their order."""
        return list(self._overlays)

    @property
    def cohort(self):
        """The CohortResult drawn as bands (None: the Cohort switch is off)."""
        return self._cohort

    def set_cohort(self, cohort, people: int | None = None) -> None:
        """Draw ``cohort`` (a bonegui.model.cohort CohortResult: its ``_p05``/``_p50``/``_p95``
        series) as a median line and a 5-95 % band in the BMD and marker rows; None removes
        them. ``people``: the N the legend names (default: the people in ``cohort``)."""
        self._cohort = cohort
        self._cohort_people = int(people if people is not None else (cohort.n if cohort is not None else 0))
        self._cohort_dirty = True
        self.set_cohort_faded(False)
        self._overlays_dirty = True  # pins switch between their run and their cohort's median
        self._schedule()

    def set_cohort_faded(self, faded: bool) -> None:
        """Fade the band while it belongs to an older state (a drag under way; set_cohort ends it)."""
        for key in COHORT_ROWS:
            for band in self.rows[key].cohort.values():
                band.set_faded(faded)

    def set_pin_cohorts(self, cohorts: Sequence) -> None:
        """The pinned runs' cohorts (in set_overlays' order; None where not computed yet): with
        a cohort shown, a pin's BMD and marker overlays are its cohort's median."""
        self._pin_cohorts = list(cohorts)
        self._overlays_dirty = True
        self._schedule()

    def cohort_bands(self, key: str) -> dict:
        """Row ``key``'s CohortBand items by series (empty for rows without a cohort)."""
        return dict(self.rows[key].cohort)

    def _draw_cohort(self) -> None:
        self._cohort_dirty = False
        c = self._cohort
        for key in COHORT_ROWS:
            for name, band in self.rows[key].cohort.items():
                if c is None or key not in self._shown or f"{name}_p50" not in c.names:
                    if band.visible:
                        band.clear()
                    continue
                x = np.asarray(c["t_years"], dtype=np.float64)
                lo, mid, hi = (np.asarray(c[f"{name}_p{q}"], dtype=np.float64) for q in ("05", "50", "95"))
                if self._reveal_t is not None:
                    n = int(np.searchsorted(x, self._reveal_t, side="right"))
                    x, lo, mid, hi = x[:n], lo[:n], mid[:n], hi[:n]
                band.set_data(x, lo, mid, hi)

    def _pin_run(self, i: int, key: str):
        """What pin ``i`` draws in row ``key``: its cohort's median where the cohort is on and
        the pin's cohort is ready, else its run."""
        run = self._overlays[i][1]
        if self._cohort is not None and key in COHORT_ROWS and i < len(self._pin_cohorts) \
                and self._pin_cohorts[i] is not None:
            return MedianRun(self._pin_cohorts[i])
        return run

    def _draw_overlays(self) -> None:
        self._overlays_dirty = False
        t = self._theme
        for i in range(MAX_PINNED):
            for key, row in self.rows.items():
                run = self._pin_run(i, key) if i < len(self._overlays) else None
                for s in row.spec.series:
                    c = row.pins[i][s.name]
                    if run is None or key not in self._shown or s.name not in run.names or not len(run):
                        if c.isVisible():
                            c.setVisible(False)
                            c.clear_full()
                        continue
                    x, y, _swing = self._xy(run, s, key)
                    c.setPen(self._pin_pen(s.colour, i))
                    c.set_full(x, y, self._view_of(row))
                    c.setVisible(True)
        self.pins_band.set_pins([(self._pin_label(i, name), style.PIN_DASHES[i % len(style.PIN_DASHES)])
                                 for i, (name, _r) in enumerate(self._overlays)], t.pin_line_width)

    def _pin_label(self, i: int, name: str) -> str:
        """A pin's name in the pins' band; "(cohort median)" once its BMD and marker overlays are."""
        if self._cohort is not None and i < len(self._pin_cohorts) and self._pin_cohorts[i] is not None:
            return f"{name} (cohort median)"
        return name

    def _pin_pen(self, colour: str, i: int) -> QPen:
        c = QColor(colour)
        c.setAlpha(210)
        pen = pg.mkPen(c, width=self._theme.pin_line_width)
        pen.setStyle(style.PIN_DASHES[i % len(style.PIN_DASHES)])
        return pen
