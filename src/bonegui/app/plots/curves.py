"""How the curves are drawn fast: the canvas that reports its paints, one point per pixel, and
the test for a rippled curve that must be stroked 1 px wide."""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal


class Canvas(pg.GraphicsLayoutWidget):
    """The graphics view; reports each completed paint (the latency benchmark's end point)."""

    painted = Signal()

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.last_paint_ms = 0.0

    def paintEvent(self, ev):  # noqa: N802 (Qt API)
        t0 = time.perf_counter()
        super().paintEvent(ev)
        self.last_paint_ms = (time.perf_counter() - t0) * 1000.0
        self.painted.emit()


def fast_curve(curve: pg.PlotDataItem, segmented: bool = False) -> None:
    """About one point per pixel: pyqtgraph's auto downsampling keeps ~5 points per pixel by
    default, which never thins 10 years of daily values on a 1000-px plot; at one per pixel the
    four plots paint in ~27 ms instead of ~70 ms (measured). Smooth curves average ("mean");
    rough ones keep their peaks (see PlotArea._draw). ``segmented``: opaque solid curves are
    stroked as separate segments (drawLines), which Qt does about twice as fast as one wide
    antialiased polyline (27 -> 14 ms for the four plots); the doubled edge pixels where
    1-px segments meet are not visible at 2 px and more."""
    curve.setClipToView(True)
    curve.setDownsampling(auto=True, method="mean")
    curve.opts["autoDownsampleFactor"] = 1.0
    if segmented:
        curve.curve.setSegmentedLineMode("on")  # PlotArea._set_pen turns it off for 1-px pens


def is_rough(y: np.ndarray) -> bool:
    """A curve that turns up/down at more than 2 % of its points (dose ripple: a patch every
    3.5 days, weekly injections). Qt strokes such a polyline wider than 1 px very slowly
    (measured: 10 years daily, four plots: 1 px ~13 ms, 2 px ~65 ms, 2 px antialiased path
    ~1 s), and a 1-px ripple already reads as a band, so rough curves are drawn 1 px wide."""
    if len(y) < 50:
        return False
    d = np.diff(y)
    return int(np.count_nonzero(d[1:] * d[:-1] < 0)) > 0.02 * len(y)
