"""What the timeline's lane items share: fonts, colours and grab zones, and ``LaneItem``, the
base class with the hover and drag handling of therapy blocks, hormone lanes and the activity
lane; plus the lane backgrounds (``LaneBandsItem``).

Items live in the ViewBox, so their local coordinates are view units (x = years from start,
y = lane units growing downwards). They paint in device pixels (crisp text and handles at any
zoom) and hit-test in pixels. They hold the *live* value during a drag and report to the host
(the TimelineEditor), which owns the document, the selection, snapping and undo.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen

from bonegui.app import style
from bonegui.scenario import Scenario

DEFAULT_LABEL_PT = 11  # projector minimum
PRESENTATION_LABEL_PT = 14
LABEL_PT = DEFAULT_LABEL_PT  # the editor's set_presentation switches it
GROUP_COLOURS = {group: QColor(*rgb) for group, rgb in style.THERAPY_GROUP_COLOURS.items()}
HORMONE_COLOURS = {hormone: QColor(c) for hormone, c in style.HORMONE_COLOURS.items()}
ACTIVITY_COLOURS = {level: QColor(*rgb) for level, rgb in style.ACTIVITY_COLOURS.items()}
SELECTED_PEN = QPen(QColor(255, 170, 0), 3)
EDGE_PX = 6.0  # grab zone each side of a block edge or activity boundary: 12 px in all
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


class LaneItem(pg.GraphicsObject):
    """A lane's item: pixel sizes in view units, device-space painting, and the hover and drag
    handling every lane shares. A subclass says what a point grabs (``grab_at``: a drag mode, a
    keyframe or boundary index, or None) and what a drag does with it (``drag_step``); this
    class accepts the events, selects, and runs the host's begin/preview/commit protocol."""

    #: right-clicks (context menu) anywhere on the item, not only on something to grab
    CLICKS_ANYWHERE = True

    def __init__(self, host, lane):
        super().__init__()
        self.host = host
        self.lane = lane
        self.setAcceptHoverEvents(True)
        self._grab = None  # what the drag in progress holds (None: no drag)

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


    # ---- what a subclass decides
    def grab_at(self, pos: QPointF):
        """What a press at ``pos`` (view units) would drag; None: nothing."""
        raise NotImplementedError

    def grab_key(self, grab) -> tuple:
        """The selection key of a grab (what the editor highlights and the keys act on)."""
        raise NotImplementedError

    def begin_grab(self, grab) -> None:
        """A drag starts: remember the values it starts from."""

    def drag_step(self, grab, ev) -> tuple[Scenario, str]:
        """The candidate scenario for the mouse at ``ev`` and the status text (with the reason
        it stopped at a limit); updates the item's live value."""
        raise NotImplementedError

    def drag_label(self, grab) -> str:
        """The undo step's text for a finished drag."""
        raise NotImplementedError

    def hover_feedback(self, grab) -> tuple[Qt.CursorShape | None, str | None]:
        """Cursor (None: the default) and tooltip (None: leave it) over ``grab``."""
        return None, None

    # ---- mouse
    def hoverEvent(self, ev):
        if ev.isExit():
            self.unsetCursor()
            return
        grab = self.grab_at(ev.pos())
        if grab is None and not self.CLICKS_ANYWHERE:
            self.unsetCursor()
            return
        if grab is not None:
            ev.acceptDrags(Qt.MouseButton.LeftButton)
        ev.acceptClicks(Qt.MouseButton.RightButton)
        cursor, tip = self.hover_feedback(grab)
        if cursor is None:
            self.unsetCursor()
        else:
            self.setCursor(cursor)
        if tip is not None:
            self.setToolTip(tip)

    def mouseDragEvent(self, ev):
        if not _left_button(ev):
            ev.ignore()
            return
        if ev.isStart():
            self._grab = self.grab_at(ev.buttonDownPos())
            if self._grab is None:
                ev.ignore()
                return
            self.begin_grab(self._grab)
            key = self.grab_key(self._grab)
            self.host.select(key)
            self.host.begin_drag(key)
        if self._grab is None:
            ev.ignore()
            return
        ev.accept()
        if self.host.drag_cancelled():
            self._grab = None
            return
        candidate, text = self.drag_step(self._grab, ev)
        self.host.drag_to(candidate, text, ev.screenPos())
        if ev.isFinish():
            grab, self._grab = self._grab, None
            self.host.end_drag(self.drag_label(grab))


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
