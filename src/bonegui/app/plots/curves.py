"""How the curves are drawn fast and clearly: the canvas that reports its paints, curves that
draw one point per pixel of what is in view (FastCurve), the test for a rippled curve, and the
running mean that draws a rippled curve's level.

A therapy given as weekly injections or a twice-weekly patch makes its hormone swing from day to
day. Drawn as one wide line, such a curve is a thick smear that hides its level, and Qt strokes
it slowly (10 years daily, 2 px: ~65 ms). So a rippled curve is drawn twice: its day-to-day
swing as a light filled band between its highs and lows, and its 4-week running mean as the
row's normal line on top. The line widths never change during a drag.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from pyqtgraph.functions import arrayToQPath
from pyqtgraph.graphicsItems.PlotCurveItem import arrayToLineSegments
from PySide6.QtCore import Qt, Signal

#: the running mean of a rippled curve spans this many days (several dosing intervals of the
#: longest one, 14 days, so the mean is flat under a steady regimen)
MEAN_DAYS = 28
#: the day-to-day swing is drawn as the band between the highs and lows of bins this many
#: days long at least (one longest dosing interval), so every bin holds a whole cycle
BAND_DAYS = 14


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


class FastCurve(pg.PlotCurveItem):
    """A curve that keeps its whole series and draws about one point per pixel of what is in
    view (``refresh``): the visible part cut out by index (the time grid is sorted), then binned
    to the view's width, by mean for smooth lines, by min and max ("peak") for a day-to-day
    swing so its highs and lows survive. Doing this in a few numpy calls here instead of
    PlotDataItem's general pipeline (bounds over the whole array, downsampling on every range
    signal) keeps a frame of every curve within a few milliseconds.

    ``full_xy`` is the series as given; ``xData``/``yData`` (pyqtgraph's) what is drawn."""

    def __init__(self, method: str = "mean", points_per_px: float = 1.0, segmented: bool = False) -> None:
        super().__init__(skipFiniteCheck=True)
        self.method = method
        self.points_per_px = points_per_px
        self._x = np.empty(0)
        self._y = np.empty(0)
        self._view: tuple[float, float, float] | None = None
        self._segmented = segmented
        self._pairs = False  # the points drawn are (low, high) pairs of a binned swing
        if segmented:  # opaque solid curves stroke faster as separate segments
            self.setSegmentedLineMode("on")

    @property
    def full_xy(self) -> tuple[np.ndarray, np.ndarray]:
        return self._x, self._y

    def set_full(self, x: np.ndarray, y: np.ndarray, view: tuple[float, float, float] | None = None) -> None:
        """The whole series (x sorted); ``view`` = (x0, x1, width px) to draw it for."""
        self._x = np.asarray(x, dtype=np.float64)
        self._y = np.asarray(y, dtype=np.float64)
        self._view = None
        self.refresh(view)

    def clear_full(self) -> None:
        self.set_full(np.empty(0), np.empty(0))

    def refresh(self, view: tuple[float, float, float] | None) -> None:
        """Redraw for the view (x0, x1, width px); nothing to do if it is the one drawn."""
        if view is not None and view == self._view:
            return
        self._view = view
        x, y = self._x, self._y
        if view is not None and len(x) > 2:
            x0, x1, px = view
            i0 = max(int(np.searchsorted(x, x0, side="left")) - 1, 0)
            i1 = min(int(np.searchsorted(x, x1, side="right")) + 1, len(x))
            x, y = x[i0:i1], y[i0:i1]
            bins = int(len(x) // max(px * self.points_per_px, 1.0))
            if self.method == "band":  # at least one dosing cycle per bin, or the band has holes
                bins = max(bins, BAND_DAYS)
            self._pairs = bins >= 2 and self.method == "peak"
            if bins >= 2:
                x, y = _binned(x, y, bins, self.method)
        self._bounds = ((float(x[0]), float(x[-1])), (float(np.min(y)), float(np.max(y)))) if len(x) else None
        self.setData(x, y)

    def paint(self, p, *args) -> None:
        """The line in device pixels: Qt strokes a wide antialiased line 3-4 times slower
        through the view's anisotropic scale than the same line mapped to pixels first
        (measured: 0.30 vs 0.08 ms for a 144-segment 2-px curve). So the points are mapped here
        (one numpy multiply-add) and drawn with the painter's transform reset."""
        x, y = self.xData, self.yData
        if x is None or len(x) < 2:
            return
        tr = p.transform()
        if tr.isRotating():
            super().paint(p, *args)
            return
        xs = x * tr.m11() + tr.dx()
        ys = y * tr.m22() + tr.dy()
        p.save()
        p.resetTransform()
        p.setRenderHint(p.RenderHint.Antialiasing, bool(self.opts["antialias"]))
        p.setPen(self.opts["pen"])
        if self.method == "band":
            p.setPen(Qt.PenStyle.NoPen)
            p.fillPath(arrayToQPath(xs, ys, connect="all", finiteCheck=False), self.opts["pen"].color())
        elif self._segmented or self._pairs:
            self._device_lines = arrayToLineSegments(xs, ys, connect="pairs" if self._pairs else "all",
                                                     finiteCheck=False, out=getattr(self, "_device_lines", None))
            p.drawLines(*self._device_lines.drawargs())
        else:
            p.drawPath(arrayToQPath(xs, ys, connect="all", finiteCheck=False))
        p.restore()

    def dataBounds(self, ax, frac=1.0, orthoRange=None):  # noqa: N802 (pyqtgraph API)
        """The drawn points' bounds, kept from ``refresh`` (pyqtgraph recomputed them with
        nanmin/nanmax on every paint after a setData)."""
        if frac >= 1.0 and orthoRange is None:
            b = getattr(self, "_bounds", None)
            return b[ax] if b is not None else (None, None)
        return super().dataBounds(ax, frac, orthoRange)


def _binned(x: np.ndarray, y: np.ndarray, bins: int, method: str) -> tuple[np.ndarray, np.ndarray]:
    """``bins`` consecutive points into one (mean: the last partial bin and the very last point
    are kept, so the curve ends where the data ends) or into a (min, max) pair ("peak")."""
    m = len(x) // bins * bins
    xb, yb = x[:m].reshape(-1, bins), y[:m].reshape(-1, bins)
    if method == "band":  # the outline of the swing: highs left to right, lows back
        lo, hi = yb.min(axis=1), yb.max(axis=1)
        xs = xb.mean(axis=1)
        return np.concatenate((xs, xs[::-1])), np.concatenate((hi, lo[::-1]))
    if method == "peak":  # a vertical stroke per bin, low to high: side by side they fill a band
        xs = np.repeat(xb[:, 0], 2)
        ys = np.column_stack((yb.min(axis=1), yb.max(axis=1))).ravel()
        return xs, ys
    else:
        xs, ys = xb.mean(axis=1), yb.mean(axis=1)
    tail = slice(m, None) if m < len(x) else slice(len(x) - 1, None)
    return np.concatenate((x[:1], xs, x[tail])), np.concatenate((y[:1], ys, y[tail]))


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
