"""The plots' axes: major ticks only; a secondary axis that labels the same view in another unit
(age beside years from start, g/cm² beside the T-score); the hormone rows' log axis that labels
levels in their unit (10, 20, 50, 100 pg/mL); and the time axis shared with the timeline."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetricsF

import math

from bonegui.app.numbers import duration, fixed, localize, significant
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


class LogLevelAxis(pg.AxisItem):
    """Left axis of a hormone row, whose view is log10(level): ticks at round levels (1-2-5 in
    each decade, or fewer when the row is short), labelled in the hormone's unit."""

    #: (multipliers per decade, every n-th decade), densest first
    PATTERNS = (((1, 1.5, 2, 3, 4, 5, 6, 8), 1), ((1, 2, 3, 5, 7), 1), ((1, 2, 5), 1), ((1, 3), 1), ((1,), 1),
                ((1,), 2), ((1,), 3))

    def tickValues(self, minVal, maxVal, size):  # noqa: N802 (pyqtgraph API)
        lo, hi = sorted((minVal, maxVal))
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or size <= 0:
            return []
        font = self.style.get("tickFont") or QFont()
        line = QFontMetricsF(font).height() * (hi - lo) / size  # one text line in log units
        margin = 0.55 * line  # a label's half height: the axis drops labels that stick out
        single: list[float] = []
        for mults, every in self.PATTERNS:
            values = [math.log10(m) + d for d in range(math.floor(lo) - 1, math.ceil(hi) + 1) if d % every == 0
                      for m in mults]
            values = [v for v in values if lo + margin <= v <= hi - margin]
            for cand in (values, values[::2], values[1::2]):  # every other one, if they crowd
                gaps = [b - a for a, b in zip(cand, cand[1:])]
                if len(cand) >= 2 and min(gaps) >= 1.6 * line:
                    return [(1.0, cand)]
                if len(cand) == 1 and not single:
                    single = cand
        return [(1.0, single)]

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [significant(10.0 ** v, 3) for v in values]


class TimeAxis(MajorTicksAxis):
    """Bottom (time) axis: round year steps with room for a label at each tick, whatever
    the plot's width (pyqtgraph measures a two-line label as one line and lets them overlap)."""

    #: tick steps in years: days and weeks for a short PK demo (a single dose over 2-3 weeks),
    #: then months and years
    STEPS_YEARS = (1 / DAYS_PER_YEAR, 2 / DAYS_PER_YEAR, 7 / DAYS_PER_YEAR, 14 / DAYS_PER_YEAR, 1 / 12, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0)

    def __init__(self, orientation: str = "bottom", **kw) -> None:
        super().__init__(orientation, **kw)
        self.enableAutoSIPrefix(False)  # a 3-week run must not turn into "years (x0.001)"

    def label_px(self, step: float = 1.0) -> float:
        """Room one tick label needs at tick spacing ``step``: the widest of its two lines
        ("10 y 11 mo" over "age 100 y 11 mo" on month ticks, "age 100" on year ticks), plus a gap."""
        font = self.style.get("tickFont") or QFont()
        fm = QFontMetricsF(font)
        if step < 1 / 12 - 1e-9:
            widest = ("age 100.00", "10 y")
        elif step < 1.0 - 1e-9:
            widest = ("age 100 y 11 mo", "10 y 11 mo")
        else:
            widest = ("age 88", "10 y")
        return max(fm.horizontalAdvance(w) for w in widest) + 14.0

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802 (pyqtgraph API)
        span = abs(maxVal - minVal)
        if span <= 0 or size <= 0:
            return super().tickSpacing(minVal, maxVal, size)
        step = next((st for st in self.STEPS_YEARS if span / st <= max(1.0, size / self.label_px(st))),
                    self.STEPS_YEARS[-1])
        return [(step, 0.0)]


class TimeAgeAxis(TimeAxis):
    """Bottom axis: years from start, and the patient's age under each tick (two lines; the
    timeline's copy shows the first line only, at the same ticks)."""

    def __init__(self, orientation: str = "bottom", show_age: bool = True, **kw) -> None:
        super().__init__(orientation, **kw)
        self._age0: float | None = None
        self.show_age = show_age

    def set_age0(self, age0: float | None) -> None:
        if age0 != self._age0:
            self._age0 = age0
            self.picture = None
            self.update()

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        values = [0.0 if abs(v) < 1e-9 else v for v in values]
        if spacing < 1 / 12 - 1e-9:  # day and week ticks: "7 d" over "age 55.02"
            times = [duration(v) if abs(v) < 1.0 else f"{fixed(v, 3, trim=True)} y" for v in values]
            ages = [f"age {fixed(self._age0 + v, 2, trim=True)}" for v in values] if self._age0 is not None else None
        elif spacing < 1.0 - 1e-9:  # month ticks: "1 y 6 mo" over "age 47 y 6 mo"
            times = [duration(v) for v in values]
            ages = [f"age {duration(self._age0 + v)}" for v in values] if self._age0 is not None else None
        else:
            times = [duration(v) for v in values]
            ages = [f"age {localize(significant(round(self._age0 + v, 6), 6))}" for v in values] \
                if self._age0 is not None else None
        if ages is None or not self.show_age:
            return times
        return [f"{t}\n{a}" for t, a in zip(times, ages)]
