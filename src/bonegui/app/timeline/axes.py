"""Axes of the timeline: years from start with the patient's age under each tick, and lane
labels on the left."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from bonegui.app.numbers import fixed
from bonegui.model.units import DAYS_PER_YEAR

_D = 1 / DAYS_PER_YEAR
#: Candidate major tick spacings in years, finest first (days, weeks, months, years), with the
#: minor spacing drawn between them.
_SPACINGS = {1 * _D: 1 * _D, 2 * _D: 1 * _D, 7 * _D: 1 * _D, 14 * _D: 7 * _D, 1 / 12: 7 * _D,
             0.25: 1 / 12, 0.5: 1 / 12, 1.0: 0.25, 2.0: 0.5, 5.0: 1.0, 10.0: 2.0, 20.0: 5.0}
#: A two-row label ("2 y 6 mo" / "age 47.5") needs about this many pixels at 11 pt.
_MIN_TICK_PX = 105.0


def fmt_years_label(t: float, spacing: float = 1.0) -> str:
    """'2 y', '6 mo', '1 y 3 mo' on month multiples, '12 d' on day ticks, else '2.37 y'."""
    if spacing < 1 / 12 - 1e-9:  # zoomed to days: days in the first year, decimals later
        return f"{round(t * DAYS_PER_YEAR):d} d" if abs(t) < 1.0 else f"{fixed(t, 3, trim=True)} y"
    months = t * 12.0
    if abs(months - round(months)) < 1e-6 and abs(t - round(t)) > 1e-9:
        y, m = divmod(int(round(months)), 12)
        return f"{y} y {m} mo" if y else f"{m} mo"
    return f"{fixed(t, 2, trim=True)} y"


class YearsAgeAxis(pg.AxisItem):
    """Bottom axis: 'years from the scenario start' with 'age N' on a second row."""

    def __init__(self, age_years: float = 45.0, **kw):
        super().__init__("bottom", **kw)
        self.age_years = age_years

    def set_age(self, age_years: float) -> None:
        if age_years != self.age_years:
            self.age_years = age_years
            self.picture = None
            self.update()

    def tickSpacing(self, minVal, maxVal, size):
        span = max(maxVal - minVal, 1e-9)
        major = next((s for s in _SPACINGS if s / span * size >= _MIN_TICK_PX), 20.0)
        return [(major, 0.0), (_SPACINGS[major], 0.0)]

    def tickStrings(self, values, scale, spacing):
        out = []
        for v in values:
            v = 0.0 if abs(v) < 1e-9 else v
            age = fixed(self.age_years + v, 2 if spacing < 0.1 else 1, trim=True)
            out.append(f"{fmt_years_label(v, spacing)}\nage {age}")
        return out


LANE_LABEL_WIDTH = 200  # px of the left axis


class LaneAxis(pg.AxisItem):
    """Left axis that shows one label per lane at the lane's centre (no numeric ticks)."""

    def __init__(self, **kw):
        super().__init__("left", **kw)
        self.setStyle(tickLength=0)
        self.setWidth(LANE_LABEL_WIDTH)

    def set_lanes(self, lanes) -> None:
        # elide long agent names so every lane keeps its label (the block shows the full name)
        fm = QFontMetrics(self.style["tickFont"] or QFont())
        room = int(self.width()) - 14
        self.setTicks([[(ln.center, fm.elidedText(ln.label, Qt.TextElideMode.ElideRight, room)) for ln in lanes], []])
