"""The Cohort switch's drawing: for each series of the BMD and marker rows, the 5-95 % band of a
virtual cohort (bonegui.model.cohort) as a light fill in the series' colour, and the cohort's
median as a dotted line over it. The current run's line (the typical patient) stays on top.

A cohort series is weekly (a few hundred to two thousand points): it is drawn whole, without the
per-pixel binning of ``FastCurve``, as a ``pg.FillBetweenItem`` between two curves that are not
shown themselves.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

#: the rows that show a cohort (their series are cohort STAT_SERIES)
COHORT_ROWS = ("bmd", "markers")
BAND_ALPHA = 60  # of 255: two overlapping bands (spine, hip) stay readable, the WHO classes show through
EDGE_ALPHA = 170
FADED_OPACITY = 0.4
#: the legend's swatch: a neutral grey of about the bands' depth
LEGEND_SWATCH = (110, 110, 110, 70)


def band_label(n: int) -> str:
    return f"5–95 % of {n} people"


class CohortBand:
    """One series' band and median, added to a PlotItem; hidden until ``set_data``."""

    def __init__(self, plot: pg.PlotItem, colour: str) -> None:
        self.colour = colour
        self.faded = False
        self.lo = pg.PlotCurveItem()
        self.hi = pg.PlotCurveItem()
        c = QColor(colour)
        c.setAlpha(BAND_ALPHA)
        self.fill = pg.FillBetweenItem(self.lo, self.hi, brush=pg.mkBrush(c), pen=pg.mkPen(None))
        self.fill.setZValue(0.5)  # over the WHO bands, under every line
        # the band's edges as thin lines in its colour: two overlapping bands (spine and hip)
        # mix into one tint, and the edges tell where each ends (on a projector too)
        edge = QColor(colour)
        edge.setAlpha(EDGE_ALPHA)
        for curve in (self.lo, self.hi):
            curve.setPen(pg.mkPen(edge, width=1))
            curve.setZValue(0.6)
        self.median = pg.PlotCurveItem()
        self.median.setZValue(1.5)  # over the pinned runs, under the current run
        self.set_width(2.0)
        plot.addItem(self.fill, ignoreBounds=True)
        plot.addItem(self.lo, ignoreBounds=True)
        plot.addItem(self.hi, ignoreBounds=True)
        plot.addItem(self.median, ignoreBounds=True)
        self.set_visible(False)

    def set_width(self, width: float, edge_width: float = 1.0) -> None:
        pen = pg.mkPen(QColor(self.colour), width=width)
        pen.setStyle(Qt.PenStyle.DotLine)
        self.median.setPen(pen)
        edge = QColor(self.colour)
        edge.setAlpha(EDGE_ALPHA)
        for curve in (self.lo, self.hi):
            curve.setPen(pg.mkPen(edge, width=edge_width))

    def set_faded(self, faded: bool) -> None:
        """A faded band belongs to a state the hand has left (a drag under way): half as dark."""
        if faded != self.faded:
            self.faded = faded
            opacity = FADED_OPACITY if faded else 1.0
            for item in (self.fill, self.lo, self.hi, self.median):
                item.setOpacity(opacity)

    def set_visible(self, on: bool) -> None:
        for item in (self.fill, self.lo, self.hi, self.median):
            item.setVisible(on)

    @property
    def visible(self) -> bool:
        return self.fill.isVisible()

    def set_data(self, x: np.ndarray, p05: np.ndarray, p50: np.ndarray, p95: np.ndarray) -> None:
        self.lo.setData(x, p05)
        self.hi.setData(x, p95)
        self.median.setData(x, p50)
        self.set_visible(len(x) > 1)

    def clear(self) -> None:
        empty = np.empty(0)
        self.lo.setData(empty, empty)
        self.hi.setData(empty, empty)
        self.median.setData(empty, empty)
        self.set_visible(False)

    def drawn(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(x, p05, p50, p95) as drawn (tests read them)."""
        x = self.median.xData if self.median.xData is not None else np.empty(0)
        return (np.asarray(x), np.asarray(self.lo.yData if self.lo.yData is not None else []),
                np.asarray(self.median.yData if self.median.yData is not None else []),
                np.asarray(self.hi.yData if self.hi.yData is not None else []))


class MedianRun:
    """A pinned run's cohort median in the shape the overlays draw (``t_years``, ``names``,
    ``run[name]``, ``len``): the series the cohort has, by their Result names."""

    def __init__(self, cohort) -> None:
        self._c = cohort
        self.t_years = np.asarray(cohort["t_years"])
        self.names = tuple(name.removesuffix("_p50") for name in cohort.names if name.endswith("_p50")
                           and not name.endswith("fracture_10y_p50"))

    def __getitem__(self, name: str) -> np.ndarray:
        return np.asarray(self._c[f"{name}_p50"])

    def __len__(self) -> int:
        return len(self.t_years)
