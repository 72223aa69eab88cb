"""Secondary axes that label the same view in another unit (age beside years-from-start,
g/cm² beside the T-score), and the hormone axis that names the range limits."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetricsF

from bonegui.app.numbers import fixed, localize
from bonegui.model.units import DAYS_PER_YEAR


class MajorTicksAxis(pg.AxisItem):
    """Only the major tick level: fewer grid lines read better on a projector, and the minor
    grid cost about half of each frame's paint time (measured: 19 -> 7 ms for the four plots)."""

    def tickValues(self, minVal, maxVal, size):  # noqa: N802 (pyqtgraph API)
        return super().tickValues(minVal, maxVal, size)[:1]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph API)
        return [localize(s) for s in super().tickStrings(values, scale, spacing)]


class LinearMapAxis(MajorTicksAxis):
    """An axis whose labels show ``offset + scale * v`` for the view coordinate ``v``.

    Ticks are placed at round numbers *of the displayed unit* (e.g. 0.80, 0.85 g/cm²), then
    mapped back to view coordinates. With no map set, the axis shows no values.
    """

    def __init__(self, orientation: str, prefix: str = "", **kw) -> None:
        super().__init__(orientation, **kw)
        self._map: tuple[float, float] | None = None  # (offset, scale)
        self._prefix = prefix  # e.g. "age " so the axis needs no label row

    def set_map(self, offset: float | None, scale: float = 1.0) -> None:
        new = None if offset is None or not scale else (float(offset), float(scale))
        if new != self._map:
            self._map = new
            self.picture = None
            self.update()

    @property
    def map(self) -> tuple[float, float] | None:
        return self._map

    def tickValues(self, minVal, maxVal, size):  # noqa: N802 (pyqtgraph API)
        if self._map is None:
            return []
        off, sc = self._map
        lo, hi = sorted((off + sc * minVal, off + sc * maxVal))
        levels = super().tickValues(lo, hi, size)
        return [(spacing / abs(sc), [(v - off) / sc for v in values]) for spacing, values in levels]

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        if self._map is None:
            return []
        off, sc = self._map
        shown = [off + sc * v for v in values]
        return [self._prefix + s for s in super().tickStrings(shown, scale, spacing * abs(sc))]


class RangePositionAxis(pg.AxisItem):
    """Left axis of the hormone plot: names the limits of the normal range instead of numbers."""

    TICKS = ((0.0, "lower limit"), (1.0, "upper limit"))

    def tickValues(self, minVal, maxVal, size):  # noqa: N802
        major = [v for v, _ in self.TICKS if minVal <= v <= maxVal]
        return [(1.0, major)]

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        names = dict(self.TICKS)
        return [names.get(float(v), "") for v in values]


class TimeAxis(MajorTicksAxis):
    """Bottom (time) axis: round year steps with room for a label at each tick, whatever
    the plot's width (pyqtgraph measures a two-line label as one line and lets them overlap)."""

    #: tick steps in years: days and weeks for a short PK demo (a single dose over 2-3 weeks),
    #: then months and years
    STEPS_YEARS = (1 / DAYS_PER_YEAR, 2 / DAYS_PER_YEAR, 7 / DAYS_PER_YEAR, 14 / DAYS_PER_YEAR, 1 / 12, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0)

    def __init__(self, orientation: str = "bottom", **kw) -> None:
        super().__init__(orientation, **kw)
        self.enableAutoSIPrefix(False)  # a 3-week run must not turn into "years (x0.001)"

    def label_px(self) -> float:
        """Room one tick label needs: the width of "age 100" plus a gap."""
        font = self.style.get("tickFont") or QFont()
        return QFontMetricsF(font).horizontalAdvance("age 100") + 18.0

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802 (pyqtgraph API)
        span = abs(maxVal - minVal)
        if span <= 0 or size <= 0:
            return super().tickSpacing(minVal, maxVal, size)
        fit = max(1.0, size / self.label_px())
        step = next((st for st in self.STEPS_YEARS if span / st <= fit), self.STEPS_YEARS[-1])
        return [(step, 0.0)]


class TimeAgeAxis(TimeAxis):
    """Bottom axis: years from start, and the patient's age under each tick (two lines)."""

    def __init__(self, orientation: str = "bottom", **kw) -> None:
        super().__init__(orientation, **kw)
        self._age0: float | None = None

    def set_age0(self, age0: float | None) -> None:
        if age0 != self._age0:
            self._age0 = age0
            self.picture = None
            self.update()

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        if spacing < 1 / 12 - 1e-9:  # day and week ticks: "7 d" over "age 55.02", as the timeline
            from bonegui.app.timeline.axes import fmt_years_label

            days = [fmt_years_label(0.0 if abs(v) < 1e-9 else v, spacing) for v in values]
            if self._age0 is None:
                return days
            return [f"{d}\nage {fixed(self._age0 + v, 2, trim=True)}" for d, v in zip(days, values)]
        years = super().tickStrings(values, scale, spacing)
        if self._age0 is None:
            return years
        ages = super().tickStrings([self._age0 + v for v in values], scale, spacing)
        return [f"{y} y\nage {a}" for y, a in zip(years, ages)]
