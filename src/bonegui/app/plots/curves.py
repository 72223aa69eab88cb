"""How the curves are drawn fast and clearly: the canvas that reports its paints, one point per
pixel, the test for a rippled curve, and the running mean that draws a rippled curve's level.

A therapy given as weekly injections or a twice-weekly patch makes its hormone swing from day to
day. Drawn as one wide line, such a curve is a thick smear that hides its level, and Qt strokes
it slowly (10 years daily, 2 px: ~65 ms). So a rippled curve is drawn twice: its day-to-day
swing as a thin, light band (1 px, peak-downsampled so the highs and lows survive) and its
4-week running mean as the row's normal line on top. The line widths never change during a drag.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal

#: the running mean of a rippled curve spans this many days (several dosing intervals of the
#: longest one, 14 days, so the mean is flat under a steady regimen)
MEAN_DAYS = 28


class Canvas(pg.GraphicsLayoutWidget):
    """The graphics view; reports each completed paint (the latency benchmark's end point)."""

    painted = Signal()
    #: the view changed size (the plots refit their rows)
    resized = Signal()

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.last_paint_ms = 0.0

    def resizeEvent(self, ev):  # noqa: N802 (Qt API)
        super().resizeEvent(ev)
        self.resized.emit()

    def paintEvent(self, ev):  # noqa: N802 (Qt API)
        t0 = time.perf_counter()
        super().paintEvent(ev)
        self.last_paint_ms = (time.perf_counter() - t0) * 1000.0
        self.painted.emit()


def fast_curve(curve: pg.PlotDataItem, segmented: bool = False, method: str = "mean") -> None:
    """About one point per pixel: pyqtgraph's auto downsampling keeps ~5 points per pixel by
    default, which never thins 10 years of daily values on a 1000-px plot; at one per pixel the
    curves paint several times faster. Smooth curves average ("mean"); day-to-day swings keep
    their peaks ("peak"). ``segmented``: opaque solid curves are stroked as separate segments
    (drawLines), which Qt does about twice as fast as one wide antialiased polyline."""
    curve.setClipToView(True)
    curve.setDownsampling(auto=True, method=method)
    curve.opts["autoDownsampleFactor"] = 1.0
    if segmented:
        curve.curve.setSegmentedLineMode("on")


def is_rough(y: np.ndarray) -> bool:
    """A curve that turns up/down at more than 2 % of its points (dose ripple: a patch every
    3.5 days, weekly injections)."""
    if len(y) < 50:
        return False
    d = np.diff(y)
    return int(np.count_nonzero(d[1:] * d[:-1] < 0)) > 0.02 * len(y)


def running_mean(y: np.ndarray, n: int = MEAN_DAYS) -> np.ndarray:
    """Centred running mean over ``n`` points (shorter windows at the ends), NaN-free input."""
    n = int(max(1, min(n, len(y))))
    if n == 1 or len(y) < 3:
        return np.asarray(y, dtype=np.float64)
    c = np.concatenate(([0.0], np.cumsum(np.asarray(y, dtype=np.float64))))
    i = np.arange(len(y))
    lo = np.maximum(i - n // 2, 0)
    hi = np.minimum(i + (n - n // 2), len(y))
    return (c[hi] - c[lo]) / (hi - lo)
