"""The activity lane: piecewise-constant loading as coloured segments; drag a boundary to move
it; the context menu sets the level, splits or merges; double-click splits."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPen

from bonegui.app.timeline.geometry import MIN_SPAN_YEARS, clamp, fmt_time, snap_years, with_reasons
from bonegui.app.timeline.lane_item import ACTIVITY_COLOURS, EDGE_PX, SELECTED_PEN, LaneItem, _left_button, label_font
from bonegui.scenario import ACTIVITY_LEVELS, ActivitySegment


class ActivityLaneItem(LaneItem):
    """Piecewise-constant activity: coloured segments with their level; drag a boundary to move
    it; the context menu sets the level, splits or merges; double-click splits."""

    def __init__(self, host, lane, segments: tuple[ActivitySegment, ...]):
        super().__init__(host, lane)
        self.segments = tuple(segments)
        self._s0: float = 0.0
        self.setZValue(5)

    def set_segments(self, segments) -> None:
        self.segments = tuple(segments)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0.0, self.inner_top, self.host.span_years, self.inner_height)

    def segment_at(self, t: float) -> int:
        j = 0
        for i, s in enumerate(self.segments):
            if s.start_years <= t:
                j = i
        return j

    def boundary_near(self, pos: QPointF) -> int | None:
        pxw, _ = self._px()
        for j in range(1, len(self.segments)):
            if abs(self.segments[j].start_years - pos.x()) <= EDGE_PX * pxw:
                return j
        return None

    def text_rects(self):
        """Each segment's level label (scene rectangles, for the layout report)."""
        tr = self.sceneTransform()
        fm = QFontMetrics(label_font(bold=True))
        vis = self.visible_device_rect(tr)
        out = []
        span = self.host.span_years
        for j, seg in enumerate(self.segments):
            end = self.segments[j + 1].start_years if j + 1 < len(self.segments) else span
            r = tr.mapRect(QRectF(seg.start_years, self.inner_top, end - seg.start_years, self.inner_height))
            room = (r.intersected(vis) if vis is not None else r).adjusted(8, 0, -8, 0)
            if room.width() > 20:
                text = fm.elidedText(ACTIVITY_LEVELS[seg.level], Qt.TextElideMode.ElideRight, int(room.width()))
                w = min(fm.horizontalAdvance(text), room.width())
                out.append((text, QRectF(room.left(), room.center().y() - fm.height() / 2, w, fm.height())))
        return out

    def paint(self, p, *args):
        tr = p.transform()
        span = self.host.span_years
        p.save()
        p.resetTransform()
        p.setFont(label_font(bold=True))
        fm = QFontMetrics(p.font())
        sel = self.host.selection
        vis = self.visible_device_rect(tr)
        for j, s in enumerate(self.segments):
            end = self.segments[j + 1].start_years if j + 1 < len(self.segments) else span
            r = tr.mapRect(QRectF(s.start_years, self.inner_top, end - s.start_years, self.inner_height))
            c = ACTIVITY_COLOURS[s.level]
            fill = QColor(c)
            fill.setAlpha(170)
            p.setPen(QPen(c.darker(140), 1))
            p.setBrush(fill)
            p.drawRect(r)
            tr_rect = (r.intersected(vis) if vis is not None else r).adjusted(8, 0, -8, 0)
            if tr_rect.width() > 20:
                p.setPen(QColor(255, 255, 255) if s.level in ("bed_rest", "high_intensity") else QColor(20, 20, 20))
                p.drawText(tr_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                           fm.elidedText(ACTIVITY_LEVELS[s.level], Qt.TextElideMode.ElideRight, int(tr_rect.width())))
            if j > 0:
                p.setPen(SELECTED_PEN if sel == ("boundary", j) else QPen(QColor(40, 40, 40), 3))
                p.drawLine(QPointF(r.left(), r.top()), QPointF(r.left(), r.bottom()))
        p.restore()

    # ---- mouse
    def grab_at(self, pos: QPointF) -> int | None:
        return self.boundary_near(pos)

    def grab_key(self, j: int) -> tuple:
        return ("boundary", j)

    def begin_grab(self, j: int) -> None:
        self._s0 = self.segments[j].start_years

    def hover_feedback(self, j: int | None):
        if j is None:
            return None, ("Activity (mechanical loading relative to habitual): right-click to set the level, "
                          "split or merge; double-click splits")
        seg = self.segments[j]
        return Qt.CursorShape.SizeHorCursor, (
            f"{ACTIVITY_LEVELS[seg.level]} from {fmt_time(seg.start_years, self.host.age_years)}"
            "\nDrag to move this change · Delete merges it away")

    def drag_label(self, j: int) -> str:
        return "Move activity change"

    def drag_step(self, j: int, ev):
        t = snap_years(self._s0 + ev.pos().x() - ev.buttonDownPos().x(), self.host.snap_divisions(ev.modifiers()))
        lo = self.segments[j - 1].start_years + MIN_SPAN_YEARS
        hi = (self.segments[j + 1].start_years if j + 1 < len(self.segments) else self.host.span_years) - MIN_SPAN_YEARS
        t, why = clamp(t, lo, hi, "stops here: the previous segment lasts at least 1 week",
                       "stops here: this segment lasts at least 1 week")
        segs = list(self.segments)
        segs[j] = ActivitySegment(t, segs[j].level)
        self.set_segments(segs)
        text = f"{ACTIVITY_LEVELS[segs[j].level]} from {fmt_time(t, self.host.age_years)}"
        return replace(self.host.drag_base, activity=self.segments), with_reasons(text, why)

    def mouseClickEvent(self, ev):
        if not self.boundingRect().contains(ev.pos()):
            ev.ignore()
            return
        ev.accept()
        j = self.boundary_near(ev.pos())
        t = min(max(snap_years(ev.pos().x(), self.host.snap_divisions(ev.modifiers())), 0.0), self.host.span_years)
        if ev.button() == Qt.MouseButton.RightButton:
            self.host.select(("boundary", j) if j is not None else None)
            self.host.show_context_menu(self.host.activity_menu(self.segment_at(ev.pos().x()), t), ev.screenPos())
        elif _left_button(ev) and ev.double() and j is None:
            self.host.split_activity(t)
        elif _left_button(ev):
            self.host.select(("boundary", j) if j is not None else None)
