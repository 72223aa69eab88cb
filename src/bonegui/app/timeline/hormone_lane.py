"""A hormone lane: override keyframes (double-click adds one, drag moves it in time and level,
Delete or the context menu removes it) over the simulated level drawn faintly underneath.

The last keyframe holds its level to the end of the scenario (a hollow *hold* marker at the end
that follows it; right-click turns the hold off): the model's override runs from the first
keyframe to the last, so without the hold one keyframe would act on a single day, which the
lane then says in words (geometry.split_hold)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainterPath, QPen

from bonegui.app.numbers import fixed
from bonegui.app.timeline.lane_item import HORMONE_COLOURS, KEYFRAME_PX, SELECTED_PEN, LaneItem, _left_button, label_font
from bonegui.app.timeline.geometry import clamp, fmt_time, round_level, snap_years, split_hold, with_reasons
from bonegui.scenario import HORMONES, Keyframe


class HormoneLaneItem(LaneItem):
    """Override keyframes of one hormone: double-click adds one, drag moves it (time and level),
    Delete or the context menu removes it. The override curve joins the keyframes; the
    hormone's simulated level (set_reference) is drawn faintly underneath."""

    def __init__(self, host, hormone: str, lane, keyframes: tuple[Keyframe, ...], lane_max: float):
        super().__init__(host, lane)
        self.hormone = hormone
        self.keyframes = tuple(keyframes)
        self.lane_max = lane_max
        self._k0: Keyframe | None = None
        # the plots' colour for this hormone; dotted, so it reads as the background to the keyframes
        self.reference = pg.PlotCurveItem(pen=pg.mkPen(self.colour, width=2, style=Qt.PenStyle.DotLine))
        self.reference.setParentItem(self)
        self.reference.setFlag(self.reference.GraphicsItemFlag.ItemStacksBehindParent)
        self._ref_t = self._ref_level = None
        self.setZValue(5)

    @property
    def colour(self) -> QColor:
        return HORMONE_COLOURS[self.hormone]

    @property
    def spec(self):
        return HORMONES[self.hormone]

    def boundingRect(self) -> QRectF:
        span = self.host.span_years
        return QRectF(-span, self.lane.y0, 3 * span, self.lane.height)

    @property
    def hold(self) -> bool:
        """The last keyframe is the hold at the span's end (not grabbable: it follows)."""
        return split_hold(self.keyframes, self.host.span_years)[1]

    def set_state(self, keyframes, lane_max: float) -> None:
        self.keyframes = tuple(keyframes)
        if lane_max != self.lane_max:
            self.lane_max = lane_max
            self._update_reference_curve()
        self.update()

    def set_lane(self, lane) -> None:
        super().set_lane(lane)
        self._update_reference_curve()

    # level <-> y
    def level_to_y(self, level: float) -> float:
        return self.inner_top + self.inner_height * (1.0 - level / self.lane_max)

    def y_to_level(self, y: float) -> float:
        return self.lane_max * (1.0 - (y - self.inner_top) / self.inner_height)

    def keyframe_pos(self, j: int) -> QPointF:
        k = self.keyframes[j]
        return QPointF(k.t_years, self.level_to_y(k.level))

    def set_reference(self, t_years: np.ndarray | None, level: np.ndarray | None) -> None:
        self._ref_t, self._ref_level = t_years, level
        self._update_reference_curve()

    def _update_reference_curve(self) -> None:
        if self._ref_t is None or self._ref_level is None or len(self._ref_t) < 2:
            self.reference.setData([], [])
            return
        step = max(1, len(self._ref_t) // 2000)  # at most ~2000 points per lane
        lv = np.clip(np.asarray(self._ref_level[::step], dtype=np.float64), 0.0, self.lane_max)
        ys = self.inner_top + self.inner_height * (1.0 - lv / self.lane_max)
        self.reference.setData(np.asarray(self._ref_t[::step], dtype=np.float64), ys)

    def nearest_keyframe(self, pos: QPointF) -> int | None:
        pxw, pxh = self._px()
        best, best_d = None, KEYFRAME_PX
        grabbable = self.keyframes[:-1] if self.hold else self.keyframes
        for j, k in enumerate(grabbable):
            dx = (k.t_years - pos.x()) / pxw
            dy = (self.level_to_y(k.level) - pos.y()) / pxh
            d = (dx * dx + dy * dy) ** 0.5
            if d <= best_d:
                best, best_d = j, d
        return best

    def _texts(self, tr) -> list[tuple[str, QRectF, QColor]]:
        """What the lane writes (text, rect in ``tr``'s coordinates, colour): each keyframe's
        level, the lane's scale, and a hint when it has no keyframe or a lone one."""
        fm = QFontMetrics(label_font())
        out = []
        lane_top = tr.map(QPointF(0.0, self.lane.y0)).y()
        lane_bottom = tr.map(QPointF(0.0, self.lane.y1)).y()
        n = len(self.keyframes) - (1 if self.hold else 0)
        for j in range(n):
            q = tr.map(self.keyframe_pos(j))
            text = fixed(self.keyframes[j].level, 1, trim=True)
            # the level beside each keyframe, above the point unless it is near the lane top
            y = q.y() - 9 - fm.ascent() if q.y() - 9 - fm.ascent() > lane_top else q.y() + 9
            out.append((text, QRectF(q.x() + 9, y, fm.horizontalAdvance(text), fm.height()), self.colour.darker(160)))
        vis = self.visible_device_rect(tr)
        top_left = tr.map(QPointF(0.0, self.lane.y0))
        left = max(top_left.x(), vis.left()) if vis is not None else top_left.x()
        grey = QColor(90, 90, 90)
        if self.keyframes and vis is not None:  # the scale: what the top of the lane means
            text = f"top {fixed(self.lane_max, 0, trim=True)} {self.spec.unit}"
            w = fm.horizontalAdvance(text)
            out.append((text, QRectF(vis.right() - w - 8, lane_top, w, fm.height()), grey))
        hint = ""
        if not self.keyframes:
            hint = "physiology  ·  double-click to draw a level from there on"
        elif len(self.keyframes) == 1:
            hint = "one keyframe acts on its day only: add another, or right-click → hold the level"
        if hint:
            w = min(fm.horizontalAdvance(hint), (vis.right() - left - 16) if vis is not None else 600)
            out.append((fm.elidedText(hint, Qt.TextElideMode.ElideRight, int(max(w, 20))),
                        QRectF(left + 8, 0.5 * (lane_top + lane_bottom) - fm.height() / 2, max(w, 20), fm.height()),
                        QColor(150, 60, 0) if self.keyframes else grey))
        return out

    def text_rects(self) -> list[tuple[str, QRectF]]:
        return [(text, rect) for text, rect, _c in self._texts(self.sceneTransform())]

    def paint(self, p, *args):
        tr = p.transform()
        pts = [tr.map(self.keyframe_pos(j)) for j in range(len(self.keyframes))]
        p.save()
        p.resetTransform()
        c = self.colour
        if len(pts) >= 2:
            path = QPainterPath(pts[0])
            for q in pts[1:-1] if self.hold else pts[1:]:
                path.lineTo(q)
            p.setPen(QPen(c, 3))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            if self.hold:  # the held level: dashed to the end, a hollow marker there
                held = QPen(c, 3, Qt.PenStyle.DashLine)
                p.setPen(held)
                p.drawLine(pts[-2], pts[-1])
        sel = self.host.selection
        for j, q in enumerate(pts):
            if self.hold and j == len(pts) - 1:
                p.setPen(QPen(c.darker(150), 2))
                p.setBrush(QColor(255, 255, 255))
                p.drawRect(QRectF(q.x() - 5, q.y() - 5, 10, 10))
                continue
            selected = sel == ("keyframe", self.hormone, j)
            p.setPen(SELECTED_PEN if selected else QPen(c.darker(150), 1.5))
            p.setBrush(QColor(255, 255, 255) if selected else c)
            p.drawEllipse(q, 6.5, 6.5)
        p.setFont(label_font())
        for text, rect, colour in self._texts(tr):
            p.setPen(colour)
            p.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text)
        p.restore()

    # ---- mouse
    def grab_at(self, pos: QPointF) -> int | None:
        return self.nearest_keyframe(pos)

    def grab_key(self, j: int) -> tuple:
        return ("keyframe", self.hormone, j)

    def begin_grab(self, j: int) -> None:
        self._k0 = self.keyframes[j]

    def hover_feedback(self, j: int | None):
        if j is None:
            return Qt.CursorShape.CrossCursor, (
                f"{self.spec.label}: double-click to add a keyframe. From the first keyframe on the level "
                "follows the keyframes instead of physiology; the last one holds to the end (the hollow "
                "square) unless you turn the hold off (right-click)")
        k = self.keyframes[j]
        return Qt.CursorShape.SizeAllCursor, (
            f"{self.spec.label} {fixed(k.level, 3, trim=True)} {self.spec.unit} at "
            f"{fmt_time(k.t_years, self.host.age_years)}\nDrag to move · Delete removes · right-click for more")

    def drag_label(self, j: int) -> str:
        return f"Move {self.spec.label} keyframe"

    def drag_step(self, j: int, ev):
        k0, span = self._k0, self.host.span_years
        dx = ev.pos().x() - ev.buttonDownPos().x()
        dy = ev.pos().y() - ev.buttonDownPos().y()
        t = snap_years(k0.t_years + dx, self.host.snap_divisions(ev.modifiers()))
        lo = self.keyframes[j - 1].t_years if j > 0 else 0.0
        last = len(self.keyframes) - (2 if self.hold else 1)
        hi = self.keyframes[j + 1].t_years if j + 1 < len(self.keyframes) else span
        if self.hold and j == last:
            hi = span - 1.0 / 365.25  # a day before the hold
        t, why = clamp(t, lo, hi,
                       "stops at the scenario start (0 y)" if j == 0 else "stops at the previous keyframe",
                       f"stops at the end of the scenario ({fixed(span, trim=True)} y)"
                       if j == last else "stops at the next keyframe")
        raw = self.y_to_level(self.level_to_y(k0.level) + dy)
        level, why_l = clamp(round_level(max(raw, 0.0), self.host.fine(ev.modifiers())), 0.0, self.lane_max,
                             "stops at 0", f"stops at the top of the lane ({fixed(self.lane_max, trim=True)} "
                             f"{self.spec.unit}); release and drag again, or use Set level…")
        if raw < 0:
            why_l = f"stops at 0 {self.spec.unit}"
        hold = self.hold
        kfs = list(self.keyframes)
        kfs[j] = Keyframe(t, level)
        if hold and j == len(kfs) - 2:  # the hold follows the last keyframe's level
            kfs[-1] = Keyframe(kfs[-1].t_years, level)
        self.keyframes = tuple(kfs)
        self.update()
        text = f"{self.spec.label} {fixed(level, 3, trim=True)} {self.spec.unit} at {fmt_time(t, self.host.age_years)}"
        return self.host.drag_base.with_override(self.hormone, self.keyframes), with_reasons(text, why, why_l)

    def _time_level_at(self, pos: QPointF, modifiers) -> tuple[float, float]:
        t = snap_years(pos.x(), self.host.snap_divisions(modifiers))
        t = min(max(t, 0.0), self.host.span_years)
        level = round_level(min(max(self.y_to_level(pos.y()), 0.0), self.lane_max), self.host.fine(modifiers))
        return t, level

    def mouseClickEvent(self, ev):
        if not self.boundingRect().contains(ev.pos()) or not (self.lane.y0 <= ev.pos().y() <= self.lane.y1):
            ev.ignore()
            return
        j = self.nearest_keyframe(ev.pos())
        ev.accept()
        if ev.button() == Qt.MouseButton.RightButton:
            self.host.select(("keyframe", self.hormone, j) if j is not None else None)
            t, level = self._time_level_at(ev.pos(), ev.modifiers())
            self.host.show_context_menu(self.host.hormone_menu(self.hormone, j, t, level), ev.screenPos())
        elif _left_button(ev) and ev.double():
            if j is None:
                t, level = self._time_level_at(ev.pos(), ev.modifiers())
                self.host.add_keyframe(self.hormone, t, level)
        elif _left_button(ev):
            self.host.select(("keyframe", self.hormone, j) if j is not None else None)
