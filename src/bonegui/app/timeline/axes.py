"""The timeline's lane labels on the left (its time axis is the plots' TimeAgeAxis, so the two
agree tick for tick)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

LANE_LABEL_WIDTH = 200  # px of the left axis at most (the labels' need, up to this)


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
