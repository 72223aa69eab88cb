"""Graphics items of the timeline lanes: therapy blocks, hormone keyframe lanes, the activity
lane and the lane backgrounds.

Items live in the ViewBox, so their local coordinates are view units (x = years from start,
y = lane units growing downwards). They paint in device pixels (crisp text and handles at any
zoom) and hit-test in pixels. They hold the *live* value during a drag and report to the host
(the TimelineEditor), which owns the document, the selection, snapping and undo.
"""

from __future__ import annotations

from dataclasses import asdict, replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainterPath, QPen

from bonegui.app import style
from bonegui.app.numbers import fixed
from bonegui.app.timeline.geometry import (
    MIN_SPAN_YEARS,
    clamp,
    dose_fraction,
    dose_from_fraction,
    drag_therapy_time,
    fmt_time,
    round_level,
    snap_years,
)
from bonegui.catalogue import catalogue
from bonegui.scenario import ACTIVITY_LEVELS, HORMONES, ActivitySegment, Keyframe, Therapy

LABEL_PT = 11  # projector minimum
GROUP_COLOURS = {group: QColor(*rgb) for group, rgb in style.THERAPY_GROUP_COLOURS.items()}
HORMONE_COLOURS = {hormone: QColor(c) for hormone, c in style.HORMONE_COLOURS.items()}
ACTIVITY_COLOURS = {level: QColor(*rgb) for level, rgb in style.ACTIVITY_COLOURS.items()}
SELECTED_PEN = QPen(QColor(255, 170, 0), 3)
EDGE_PX = 7.0  # grab zone of block edges and activity boundaries
DOSE_PX = 5.0  # grab zone around the dose line
KEYFRAME_PX = 9.0  # grab radius of a keyframe
PAD = 0.07  # vertical padding inside a lane, in lane units


def label_font(bold: bool = False) -> QFont:
    f = QFont()
    f.setPointSizeF(LABEL_PT)
    f.setBold(bold)
    return f


def _left_button(ev) -> bool:
    return ev.button() == Qt.MouseButton.LeftButton


class _LaneObject(pg.GraphicsObject):
    """Shared plumbing: pixel sizes in view units and device-space painting."""

    def __init__(self, host, lane):
        super().__init__()
        self.host = host
        self.lane = lane
        self.setAcceptHoverEvents(True)

    def _px(self) -> tuple[float, float]:
        """View units per screen pixel (x, y); safe before the item is shown."""
        w, h = self.pixelWidth(), self.pixelHeight()
        return (w or 1e-3), (h or 1e-3)

    def set_lane(self, lane) -> None:
        self.prepareGeometryChange()
        self.lane = lane
        self.update()

    @property
    def inner_top(self) -> float:
        return self.lane.y0 + PAD * self.lane.height

    @property
    def inner_height(self) -> float:
        return self.lane.height * (1 - 2 * PAD)

    def viewTransformChanged(self):  # pixel-based hit zones change with the zoom
        super().viewTransformChanged()  # drops pyqtgraph's cached view rect
        self.prepareGeometryChange()

    def visible_device_rect(self, tr) -> QRectF | None:
        """The part of the view on screen, in device pixels (labels stay inside it)."""
        vb = self.getViewBox()
        return tr.mapRect(vb.viewRect()) if vb is not None else None


# ---- therapy block ----------------------------------------------------------------------------
def therapy_label(t: Therapy) -> str:
    a = catalogue()[t.agent]
    if t.interval_days == 1 and "/day" in t.dose_unit:
        every = ""
    elif t.interval_days == 1:
        every = " daily"
    else:
        every = f", every {fixed(t.interval_days, 1, trim=True)} d"
    off = " (disabled)" if not t.enabled else ""
    return f"{a.name}  {fixed(t.dose, 2, trim=True)} {t.dose_unit}{every}{off}"


class TherapyBlockItem(_LaneObject):
    """A therapy from start to stop. Drag the body to move it, an edge to change start or stop,
    the top of the coloured fill (dose line) to change the dose (log scale over the agent's
    range). Disabled therapies are hatched grey."""

    def __init__(self, host, index: int, lane, therapy: Therapy):
        super().__init__(host, lane)
        self.index = index
        self.therapy = therapy
        self._mode: str | None = None
        self._t0: Therapy | None = None
        self.setZValue(10)
        # label drawn beside the block when the block is too narrow for it (a child item, so
        # the block's own sceneBoundingRect stays the block)
        self.outside_label = pg.TextItem(color=(30, 30, 30), anchor=(0.0, 0.5))
        self.outside_label.setFont(label_font(bold=True))
        self.outside_label.setParentItem(self)
        self.outside_label.hide()
        self._update_tooltip()

    @property
    def key(self) -> tuple:
        return ("therapy", self.index)

    @property
    def agent(self):
        return catalogue()[self.therapy.agent]

    def set_therapy(self, therapy: Therapy) -> None:
        if therapy != self.therapy:
            self.prepareGeometryChange()
            self.therapy = therapy
            self.update()
            self._update_tooltip()
            self._update_outside_label()

    def set_lane(self, lane) -> None:
        super().set_lane(lane)
        self._update_outside_label()

    def viewTransformChanged(self):
        super().viewTransformChanged()
        self._update_outside_label()

    def label_fits(self) -> bool:
        """The label goes inside (elided if need be) unless the block is narrower than 160 px
        and too narrow for the whole label."""
        width_px = (self.therapy.stop_years - self.therapy.start_years) / self._px()[0]
        text_px = QFontMetrics(label_font(bold=True)).horizontalAdvance(therapy_label(self.therapy))
        return width_px >= min(text_px + 16, 160)

    def _update_outside_label(self) -> None:
        if self.pixelWidth() is None or self.label_fits():
            self.outside_label.hide()
            return
        text = therapy_label(self.therapy)
        fm = QFontMetrics(label_font(bold=True))
        pxw = self._px()[0]
        room_right = (self.host.span_years - self.therapy.stop_years) / pxw - 12
        room_left = self.therapy.start_years / pxw - 12
        if fm.horizontalAdvance(text) <= room_right or room_right >= room_left:
            self.outside_label.setAnchor((0.0, 0.5))
            self.outside_label.setPos(self.therapy.stop_years + 3 * pxw, self.lane.center)
            room = room_right
        else:  # near the end of the span: put it before the block
            self.outside_label.setAnchor((1.0, 0.5))
            self.outside_label.setPos(self.therapy.start_years - 3 * pxw, self.lane.center)
            room = room_left
        self.outside_label.setText(fm.elidedText(text, Qt.TextElideMode.ElideRight, max(int(room), 40)))
        self.outside_label.show()

    def _update_tooltip(self) -> None:
        t, age = self.therapy, self.host.age_years
        self.setToolTip(f"{therapy_label(t)}\nfrom {fmt_time(t.start_years, age)} to {fmt_time(t.stop_years, age)}\n"
                        "Drag the body to move, an edge to change start/stop, the line to change the dose; "
                        "right-click for more")

    def block_rect(self) -> QRectF:
        t = self.therapy
        return QRectF(t.start_years, self.inner_top, t.stop_years - t.start_years, self.inner_height)

    def boundingRect(self) -> QRectF:
        return self.block_rect()

    def dose_y(self) -> float:
        return self.inner_top + self.inner_height * (1.0 - dose_fraction(self.therapy.dose, self.agent))

    def hit(self, pos: QPointF) -> str | None:
        """'start' | 'stop' | 'dose' | 'move' for a point in view units, None outside."""
        r = self.block_rect()
        if not r.contains(pos):
            return None
        pxw, pxh = self._px()
        width_px = r.width() / pxw
        edge = min(EDGE_PX, width_px / 4.0) * pxw
        if pos.x() <= r.left() + edge:
            return "start"
        if pos.x() >= r.right() - edge:
            return "stop"
        if abs(pos.y() - self.dose_y()) <= DOSE_PX * pxh:
            return "dose"
        return "move"

    # painting
    def paint(self, p, *args):
        tr = p.transform()
        r = tr.mapRect(self.block_rect())
        dose_y = tr.map(QPointF(0.0, self.dose_y())).y()
        p.save()
        p.resetTransform()
        enabled = self.therapy.enabled
        base = GROUP_COLOURS.get(self.agent.group, GROUP_COLOURS["other"]) if enabled else QColor(150, 150, 150)
        light = QColor(base)
        light.setAlpha(55)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(light)
        p.drawRect(r)
        fill = QRectF(r.left(), dose_y, r.width(), r.bottom() - dose_y)
        solid = QColor(base)
        solid.setAlpha(150 if enabled else 90)
        p.setBrush(solid)
        p.drawRect(fill)
        if not enabled:
            p.setBrush(QBrush(QColor(90, 90, 90), Qt.BrushStyle.BDiagPattern))
            p.drawRect(r)
        # dose line with a grip in the middle
        p.setPen(QPen(base.darker(150), 2))
        p.drawLine(QPointF(r.left(), dose_y), QPointF(r.right(), dose_y))
        if r.width() > 30:
            p.setBrush(QColor(255, 255, 255))
            p.drawRoundedRect(QRectF(r.center().x() - 9, dose_y - 3.5, 18, 7), 3, 3)
        # edge grips
        p.setPen(QPen(base.darker(170), 3))
        for x in (r.left() + 1.5, r.right() - 1.5):
            p.drawLine(QPointF(x, r.top() + 2), QPointF(x, r.bottom() - 2))
        selected = self.host.selection == self.key
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(SELECTED_PEN if selected else QPen(base.darker(160), 1))
        p.drawRect(r)
        # label: agent + dose, elided to the block
        p.setFont(label_font(bold=True))
        fm = QFontMetrics(p.font())
        vis = self.visible_device_rect(tr)
        text_rect = (r.intersected(vis) if vis is not None else r).adjusted(8, 0, -8, 0)
        if text_rect.width() > 20 and not self.outside_label.isVisible():
            text = fm.elidedText(therapy_label(self.therapy), Qt.TextElideMode.ElideRight, int(text_rect.width()))
            # a light backing keeps the label readable over the dose fill and the hatching
            w = fm.horizontalAdvance(text) + 8
            back = QRectF(text_rect.left() - 4, r.center().y() - fm.height() / 2 - 1, w, fm.height() + 2)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(255, 255, 255, 190))
            p.drawRoundedRect(back, 3, 3)
            p.setPen(QColor(20, 20, 20) if enabled else QColor(70, 70, 70))
            p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        p.restore()

    # mouse
    def hoverEvent(self, ev):
        if ev.isExit():
            self.unsetCursor()
            return
        mode = self.hit(ev.pos())
        if mode is None:
            self.unsetCursor()
            return
        ev.acceptDrags(Qt.MouseButton.LeftButton)
        ev.acceptClicks(Qt.MouseButton.RightButton)
        cursor = {"start": Qt.CursorShape.SizeHorCursor, "stop": Qt.CursorShape.SizeHorCursor,
                  "dose": Qt.CursorShape.SizeVerCursor, "move": Qt.CursorShape.OpenHandCursor}[mode]
        self.setCursor(cursor)

    def mouseClickEvent(self, ev):
        if self.hit(ev.pos()) is None:
            ev.ignore()
            return
        ev.accept()
        self.host.select(self.key)
        if ev.button() == Qt.MouseButton.RightButton:
            self.host.show_context_menu(self.host.therapy_menu(self.index), ev.screenPos())

    def mouseDragEvent(self, ev):
        if not _left_button(ev):
            ev.ignore()
            return
        if ev.isStart():
            self._mode = self.hit(ev.buttonDownPos())
            if self._mode is None:
                ev.ignore()
                return
            self._t0 = self.therapy
            self.host.select(self.key)
            self.host.begin_drag(self.key)
        if self._mode is None:
            ev.ignore()
            return
        ev.accept()
        if self.host.drag_cancelled():
            self._mode = None
            return
        t0, age, span = self._t0, self.host.age_years, self.host.span_years
        if self._mode == "dose":
            frac = 1.0 - (ev.pos().y() - self.inner_top) / self.inner_height
            dose, why = dose_from_fraction(min(1.0, max(0.0, frac)), self.agent,
                                           fine=self.host.fine(ev.modifiers()))
            if frac > 1.0 and not why:
                why = f"stops at the maximum dose ({self.agent.name} range {self.agent.dose_range_text()})"
            if frac < 0.0 and not why:
                why = f"stops at the minimum dose ({self.agent.name} range {self.agent.dose_range_text()})"
            new = replace(t0, dose=dose)
            text = f"dose {fixed(dose, 3, trim=True)} {t0.dose_unit}"
            verb = "Change dose of"
        else:
            dx = ev.pos().x() - ev.buttonDownPos().x()
            new, why = drag_therapy_time(t0, self._mode, dx, span, self.host.snap_divisions(ev.modifiers()))
            if self._mode == "move":
                text = f"start {fmt_time(new.start_years, age)} – stop {fmt_time(new.stop_years, age)}"
                verb = "Move"
            else:
                edge = new.start_years if self._mode == "start" else new.stop_years
                text = f"{self._mode} {fmt_time(edge, age)}"
                verb = f"Change {self._mode} of"
        self.set_therapy(new)
        candidate = self.host.drag_base.with_therapy(self.index, **asdict(new))
        self.host.drag_to(candidate, text + (f"  —  {why}" if why else ""), ev.screenPos())
        if ev.isFinish():
            self._mode = None
            self.host.end_drag(f"{verb} {self.agent.name}")


# ---- hormone lane -----------------------------------------------------------------------------
class HormoneLaneItem(_LaneObject):
    """Override keyframes of one hormone: double-click adds one, drag moves it (time and level),
    Delete or the context menu removes it. The override curve joins the keyframes; the
    hormone's simulated level (set_reference) is drawn faintly underneath."""

    def __init__(self, host, hormone: str, lane, keyframes: tuple[Keyframe, ...], lane_max: float):
        super().__init__(host, lane)
        self.hormone = hormone
        self.keyframes = tuple(keyframes)
        self.lane_max = lane_max
        self._drag_index: int | None = None
        self._k0: Keyframe | None = None
        self.reference = pg.PlotCurveItem(pen=pg.mkPen(self.colour.lighter(140), width=2, style=Qt.PenStyle.DotLine))
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
        for j, k in enumerate(self.keyframes):
            dx = (k.t_years - pos.x()) / pxw
            dy = (self.level_to_y(k.level) - pos.y()) / pxh
            d = (dx * dx + dy * dy) ** 0.5
            if d <= best_d:
                best, best_d = j, d
        return best

    def paint(self, p, *args):
        tr = p.transform()
        pts = [tr.map(self.keyframe_pos(j)) for j in range(len(self.keyframes))]
        p.save()
        p.resetTransform()
        c = self.colour
        if len(pts) >= 2:
            path = QPainterPath(pts[0])
            for q in pts[1:]:
                path.lineTo(q)
            p.setPen(QPen(c, 3))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        sel = self.host.selection
        p.setFont(label_font())
        fm = QFontMetrics(p.font())
        for j, q in enumerate(pts):
            selected = sel == ("keyframe", self.hormone, j)
            p.setPen(SELECTED_PEN if selected else QPen(c.darker(150), 1.5))
            p.setBrush(QColor(255, 255, 255) if selected else c)
            p.drawEllipse(q, 6.5, 6.5)
            # the level beside each keyframe, above the point unless it is near the lane top
            text = fixed(self.keyframes[j].level, 1, trim=True)
            lane_top = tr.map(QPointF(0.0, self.lane.y0)).y()
            y = q.y() - 9 if q.y() - 9 - fm.ascent() > lane_top else q.y() + 9 + fm.ascent()
            p.setPen(c.darker(160))
            p.drawText(QPointF(q.x() + 9, y), text)
        top_left = tr.map(QPointF(0.0, self.lane.y0))
        p.setPen(QColor(110, 110, 110))
        vis = self.visible_device_rect(tr)
        left = max(top_left.x(), vis.left()) if vis is not None else top_left.x()
        if self.keyframes and vis is not None:  # the scale: what the top of the lane means
            p.drawText(QRectF(vis.right() - 308, top_left.y(), 300, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                       f"top {fixed(self.lane_max, 0, trim=True)} {self.spec.unit}")
        if not self.keyframes:
            p.drawText(QRectF(left + 8, top_left.y(), 600, tr.map(QPointF(0, self.lane.y1)).y() - top_left.y()),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       "physiology  ·  double-click to override")
        p.restore()

    def hoverEvent(self, ev):
        if ev.isExit():
            self.unsetCursor()
            return
        ev.acceptClicks(Qt.MouseButton.RightButton)
        j = self.nearest_keyframe(ev.pos())
        if j is not None:
            ev.acceptDrags(Qt.MouseButton.LeftButton)
            self.setCursor(Qt.CursorShape.SizeAllCursor)
            k = self.keyframes[j]
            self.setToolTip(f"{self.spec.label} {fixed(k.level, 3, trim=True)} {self.spec.unit} at "
                            f"{fmt_time(k.t_years, self.host.age_years)}\nDrag to move · Delete removes · "
                            "right-click for more")
        else:
            self.setCursor(Qt.CursorShape.CrossCursor)
            self.setToolTip(f"{self.spec.label}: double-click to add an override keyframe; between the first "
                            "and last keyframe the level follows them instead of physiology")

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

    def mouseDragEvent(self, ev):
        if not _left_button(ev):
            ev.ignore()
            return
        if ev.isStart():
            self._drag_index = self.nearest_keyframe(ev.buttonDownPos())
            if self._drag_index is None:
                ev.ignore()
                return
            self._k0 = self.keyframes[self._drag_index]
            key = ("keyframe", self.hormone, self._drag_index)
            self.host.select(key)
            self.host.begin_drag(key)
        if self._drag_index is None:
            ev.ignore()
            return
        ev.accept()
        if self.host.drag_cancelled():
            self._drag_index = None
            return
        j, k0 = self._drag_index, self._k0
        dx = ev.pos().x() - ev.buttonDownPos().x()
        dy = ev.pos().y() - ev.buttonDownPos().y()
        t = snap_years(k0.t_years + dx, self.host.snap_divisions(ev.modifiers()))
        lo = self.keyframes[j - 1].t_years if j > 0 else 0.0
        hi = self.keyframes[j + 1].t_years if j + 1 < len(self.keyframes) else self.host.span_years
        t, why = clamp(t, lo, hi,
                       "stops at the scenario start (0 y)" if j == 0 else "stops at the previous keyframe",
                       f"stops at the end of the scenario ({fixed(self.host.span_years, trim=True)} y)"
                       if j + 1 == len(self.keyframes) else "stops at the next keyframe")
        raw = self.y_to_level(self.level_to_y(k0.level) + dy)
        level, why_l = clamp(round_level(max(raw, 0.0), self.host.fine(ev.modifiers())), 0.0, self.lane_max,
                             "stops at 0", f"stops at the top of the lane ({fixed(self.lane_max, trim=True)} "
                             f"{self.spec.unit}); release and drag again, or use Set level…")
        if raw < 0:
            why_l = f"stops at 0 {self.spec.unit}"
        kfs = list(self.keyframes)
        kfs[j] = Keyframe(t, level)
        self.keyframes = tuple(kfs)
        self.update()
        reasons = "; ".join(r for r in (why, why_l) if r)
        text = f"{self.spec.label} {fixed(level, 3, trim=True)} {self.spec.unit} at {fmt_time(t, self.host.age_years)}"
        candidate = self.host.drag_base.with_override(self.hormone, self.keyframes)
        self.host.drag_to(candidate, text + (f"  —  {reasons}" if reasons else ""), ev.screenPos())
        if ev.isFinish():
            self._drag_index = None
            self.host.end_drag(f"Move {self.spec.label} keyframe")


# ---- activity lane ----------------------------------------------------------------------------
class ActivityLaneItem(_LaneObject):
    """Piecewise-constant activity: coloured segments with their level; drag a boundary to move
    it; the context menu sets the level, splits or merges; double-click splits."""

    def __init__(self, host, lane, segments: tuple[ActivitySegment, ...]):
        super().__init__(host, lane)
        self.segments = tuple(segments)
        self._drag_index: int | None = None
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

    def hoverEvent(self, ev):
        if ev.isExit():
            self.unsetCursor()
            return
        ev.acceptClicks(Qt.MouseButton.RightButton)
        j = self.boundary_near(ev.pos())
        if j is not None:
            ev.acceptDrags(Qt.MouseButton.LeftButton)
            self.setCursor(Qt.CursorShape.SizeHorCursor)
            seg = self.segments[j]
            self.setToolTip(f"{ACTIVITY_LEVELS[seg.level]} from {fmt_time(seg.start_years, self.host.age_years)}"
                            "\nDrag to move this change · Delete merges it away")
        else:
            self.unsetCursor()
            self.setToolTip("Activity (mechanical loading relative to habitual): right-click to set the level, "
                            "split or merge; double-click splits")

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

    def mouseDragEvent(self, ev):
        if not _left_button(ev):
            ev.ignore()
            return
        if ev.isStart():
            self._drag_index = self.boundary_near(ev.buttonDownPos())
            if self._drag_index is None:
                ev.ignore()
                return
            self._s0 = self.segments[self._drag_index].start_years
            self.host.select(("boundary", self._drag_index))
            self.host.begin_drag(("boundary", self._drag_index))
        if self._drag_index is None:
            ev.ignore()
            return
        ev.accept()
        if self.host.drag_cancelled():
            self._drag_index = None
            return
        j = self._drag_index
        t = snap_years(self._s0 + ev.pos().x() - ev.buttonDownPos().x(), self.host.snap_divisions(ev.modifiers()))
        lo = self.segments[j - 1].start_years + MIN_SPAN_YEARS
        hi = (self.segments[j + 1].start_years if j + 1 < len(self.segments) else self.host.span_years) - MIN_SPAN_YEARS
        t, why = clamp(t, lo, hi, "stops here: the previous segment lasts at least 1 week",
                       "stops here: this segment lasts at least 1 week")
        segs = list(self.segments)
        segs[j] = ActivitySegment(t, segs[j].level)
        self.set_segments(segs)
        text = f"{ACTIVITY_LEVELS[segs[j].level]} from {fmt_time(t, self.host.age_years)}"
        candidate = replace(self.host.drag_base, activity=self.segments)
        self.host.drag_to(candidate, text + (f"  —  {why}" if why else ""), ev.screenPos())
        if ev.isFinish():
            self._drag_index = None
            self.host.end_drag("Move activity change")


# ---- backgrounds ------------------------------------------------------------------------------
class LaneBandsItem(pg.GraphicsObject):
    """Lane backgrounds inside the span, grey outside it, and lines at 0 and the span end."""

    def __init__(self, host):
        super().__init__()
        self.host = host
        self.lanes: list = []
        self.setZValue(-10)

    def set_lanes(self, lanes) -> None:
        self.prepareGeometryChange()
        self.lanes = list(lanes)
        self.update()

    def boundingRect(self) -> QRectF:
        span = self.host.span_years
        bottom = self.lanes[-1].y1 + 0.2 if self.lanes else 1.0
        return QRectF(-span, 0.0, 3 * span, bottom)

    def paint(self, p, *args):
        span = self.host.span_years
        tr = p.transform()
        p.save()
        p.resetTransform()
        p.setPen(Qt.PenStyle.NoPen)
        for i, ln in enumerate(self.lanes):
            full = tr.mapRect(QRectF(-span, ln.y0, 3 * span, ln.height))
            inside = tr.mapRect(QRectF(0.0, ln.y0, span, ln.height))
            p.setBrush(QColor(225, 225, 225))
            p.drawRect(full)
            p.setBrush(QColor(250, 250, 250) if i % 2 == 0 else QColor(242, 244, 247))
            p.drawRect(inside)
        for ln in self.lanes:
            if ln.key == ("empty",):
                r = tr.mapRect(QRectF(0.0, ln.y0, span, ln.height))
                p.setFont(label_font())
                p.setPen(QColor(110, 110, 110))
                p.drawText(r.adjusted(10, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                           "No therapies yet: add one in the protocol panel")
        if self.lanes:
            top = tr.map(QPointF(0, 0)).y()
            bottom = tr.map(QPointF(0, self.lanes[-1].y1 + 0.2)).y()
            p.setPen(QPen(QColor(90, 90, 90), 1.5, Qt.PenStyle.DashLine))
            for x in (0.0, span):
                xd = tr.map(QPointF(x, 0)).x()
                p.drawLine(QPointF(xd, top), QPointF(xd, bottom))
        p.restore()
