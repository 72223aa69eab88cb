"""A therapy block in its lane: drag the body to move it, an edge to change start or stop, the
dose line to change the dose (log scale over the agent's range)."""

from __future__ import annotations

from dataclasses import asdict, replace

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPen

from bonegui.app.numbers import fixed
from bonegui.app.timeline.lane_item import DOSE_PX, EDGE_PX, GROUP_COLOURS, SELECTED_PEN, LaneItem, label_font
from bonegui.app.timeline.geometry import (
    DOSE_STEP_PX, dose_after_steps, dose_fraction, drag_therapy_time, fmt_time, with_reasons,
)
from bonegui.catalogue import catalogue
from bonegui.scenario import Therapy


def therapy_label(t: Therapy) -> str:
    a = catalogue()[t.agent]
    if t.interval_days == 1 and "/day" in t.dose_unit:
        every = ""
    elif t.interval_days == 1:
        every = " daily"
    else:
        every = f", every {fixed(t.interval_days, 1, trim=True)} d"
    off = " (disabled)" if not t.enabled else ""
    flag = a.dose_flag(t.dose, t.interval_days)
    flag = f" · {flag}" if flag else ""
    return f"{a.name}  {fixed(t.dose, 2, trim=True)} {t.dose_unit}{every}{flag}{off}"


class TherapyBlockItem(LaneItem):
    """A therapy from start to stop. Drag the body to move it, an edge to change start or stop,
    the top of the coloured fill (dose line) to change the dose (log scale over the agent's
    range). Disabled therapies are hatched grey."""

    def __init__(self, host, index: int, lane, therapy: Therapy):
        super().__init__(host, lane)
        self.index = index
        self.therapy = therapy
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
        """The block and its edges' grab zones, which reach EDGE_PX beyond each side."""
        pad = EDGE_PX * self._px()[0]
        return self.block_rect().adjusted(-pad, 0.0, pad, 0.0)

    def dose_y(self) -> float:
        return self.inner_top + self.inner_height * (1.0 - dose_fraction(self.therapy.dose, self.agent))

    def hit(self, pos: QPointF) -> str | None:
        """'start' | 'stop' | 'dose' | 'move' for a point in view units, None outside."""
        r = self.block_rect()
        if not r.top() <= pos.y() <= r.bottom():
            return None
        pxw, pxh = self._px()
        # each edge grabs EDGE_PX either side of it (12 px in all), inside the block at most a
        # third of its width each, so a narrow block can still be moved by its middle
        inside = min(EDGE_PX, r.width() / pxw / 3.0) * pxw
        outside = EDGE_PX * pxw
        d_start, d_stop = pos.x() - r.left(), r.right() - pos.x()
        if -outside <= d_start <= inside and (d_start <= d_stop):
            return "start"
        if -outside <= d_stop <= inside:
            return "stop"
        if not r.left() <= pos.x() <= r.right():
            return None
        if abs(pos.y() - self.dose_y()) <= DOSE_PX * pxh:
            return "dose"
        return "move"

    # ---- painting
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
        label = self._label(tr)
        if label is not None:
            text, back, text_rect = label
            p.setFont(label_font(bold=True))
            # a light backing keeps the label readable over the dose fill and the hatching
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(255, 255, 255, 190))
            p.drawRoundedRect(back, 3, 3)
            p.setPen(QColor(20, 20, 20) if enabled else QColor(70, 70, 70))
            p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        p.restore()

    def _label(self, tr) -> tuple[str, QRectF, QRectF] | None:
        """(text, backing rect, text rect) of the label inside the block, in the coordinates of
        ``tr`` (the painter's device, or the scene); None when it goes beside the block."""
        r = tr.mapRect(self.block_rect())
        fm = QFontMetrics(label_font(bold=True))
        vis = self.visible_device_rect(tr)
        text_rect = (r.intersected(vis) if vis is not None else r).adjusted(8, 0, -8, 0)
        if text_rect.width() <= 20 or self.outside_label.isVisible():
            return None
        text = fm.elidedText(therapy_label(self.therapy), Qt.TextElideMode.ElideRight, int(text_rect.width()))
        w = fm.horizontalAdvance(text) + 8
        back = QRectF(text_rect.left() - 4, r.center().y() - fm.height() / 2 - 1, w, fm.height() + 2)
        return text, back, text_rect

    def text_rects(self) -> list[tuple[str, QRectF]]:
        """The label's scene rectangle (the layout report); the outside label is its own item."""
        out = []
        label = self._label(self.sceneTransform())
        if label is not None:
            out.append((label[0], label[1]))
        if self.outside_label.isVisible():
            out.append((self.outside_label.textItem.toPlainText(), self.outside_label.sceneBoundingRect()))
        return out

    # ---- mouse
    CLICKS_ANYWHERE = False  # outside the block the click belongs to the lane below

    _CURSORS = {"start": Qt.CursorShape.SizeHorCursor, "stop": Qt.CursorShape.SizeHorCursor,
                "dose": Qt.CursorShape.SizeVerCursor, "move": Qt.CursorShape.OpenHandCursor}

    def grab_at(self, pos: QPointF) -> str | None:
        return self.hit(pos)

    def grab_key(self, grab: str) -> tuple:
        return self.key

    def begin_grab(self, grab: str) -> None:
        self._t0 = self.therapy

    def hover_feedback(self, grab: str):
        return self._CURSORS[grab], None

    def drag_label(self, grab: str) -> str:
        verb = {"dose": "Change dose of", "move": "Move"}.get(grab, f"Change {grab} of")
        return f"{verb} {self.agent.name}"

    def drag_step(self, grab: str, ev):
        t0, age, span = self._t0, self.host.age_years, self.host.span_years
        if grab == "dose":
            # relative to the press, in dose steps of the agent (not the lane's pixels)
            dy_px = (ev.pos().y() - ev.buttonDownPos().y()) / self._px()[1]
            per_step = DOSE_STEP_PX * (3.0 if self.host.fine(ev.modifiers()) else 1.0)
            dose, why = dose_after_steps(t0.dose, self.agent, -int(round(dy_px / per_step)))
            new = replace(t0, dose=dose)
            text = f"dose {fixed(dose, 3, trim=True)} {t0.dose_unit}"
        else:
            dx = ev.pos().x() - ev.buttonDownPos().x()
            new, why = drag_therapy_time(t0, grab, dx, span, self.host.snap_divisions(ev.modifiers()))
            if grab == "move":
                text = f"start {fmt_time(new.start_years, age)} – stop {fmt_time(new.stop_years, age)}"
            else:
                edge = new.start_years if grab == "start" else new.stop_years
                text = f"{grab} {fmt_time(edge, age)}"
        self.set_therapy(new)
        return self.host.drag_base.with_therapy(self.index, **asdict(new)), with_reasons(text, why)

    def mouseClickEvent(self, ev):
        if self.hit(ev.pos()) is None:
            ev.ignore()
            return
        ev.accept()
        self.host.select(self.key)
        if ev.button() == Qt.MouseButton.RightButton:
            self.host.show_context_menu(self.host.therapy_menu(self.index), ev.screenPos())
