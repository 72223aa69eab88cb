"""The plot area's time cursor (a mixin of PlotArea): one vertical line per row at the same
time, dragged or moved by a click in any plot, the time and age above the rows, and the band
that marks the cursor's place in the shared time axis."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF

from bonegui.app.numbers import duration


class PlotCursor:
    """Needs PlotArea's rows and time range; see PlotArea for the API."""

    @property
    def cursor_t_years(self) -> float:
        return self._cursor_t

    def set_cursor(self, t_years: float) -> None:
        t = float(min(max(t_years, 0.0), self._span_years))
        self._move_cursor_lines(t)
        if t != self._cursor_t:
            self._cursor_t = t
            self._update_cursor_band()
            self.cursorMoved.emit(t)

    def _on_cursor_line_moved(self, line: pg.InfiniteLine) -> None:
        if self._syncing_cursor:
            return
        self.set_cursor(float(line.value()))

    def _move_cursor_lines(self, t: float) -> None:
        self._syncing_cursor = True
        try:
            for row in self.rows.values():
                if float(row.cursor.value()) != t:
                    row.cursor.setValue(t)
        finally:
            self._syncing_cursor = False

    def cursor_text(self) -> str:
        r = self._display if self._display is not None and len(self._display) else None
        text = duration(self._cursor_t)
        if r is not None and "age_years" in r.names:
            text += f" · age {duration(float(r.age_years[0]) - float(r.t_years[0]) + self._cursor_t)}"
        return text

    def _update_cursor_band(self) -> None:
        if not self._shown:
            return
        vb = self.rows[self._shown[0]].vb
        rect = vb.sceneBoundingRect()
        x = vb.mapViewToScene(QPointF(self._cursor_t, 0.0)).x()
        inside = rect.left() - 0.5 <= x <= rect.right() + 0.5
        self.cursor_band.set_cursor(self.cursor_text(), x if inside else None, rect.left(), rect.right())

    def _on_scene_click(self, ev) -> None:
        """A click in a row's data area moves the time cursor there."""
        if ev.button() != pg.QtCore.Qt.MouseButton.LeftButton or ev.double() or ev.isAccepted():
            return
        pos = ev.scenePos()
        for key in self._shown:
            vb = self.rows[key].vb
            if vb.sceneBoundingRect().contains(pos):
                self.set_cursor(vb.mapSceneToView(pos).x())
                return
