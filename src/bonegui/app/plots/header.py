"""The text around the plots' data areas, laid out so that nothing covers a curve:

- ``RowHeader``: left of each row, what the row shows: its title, unit and legend (a line sample
  per series, a swatch per reference band), like the timeline's lane labels above it. Reading
  across the row, the name comes first; the data area keeps its whole height. Double-click it to
  show only this row (again: all rows).
- ``CursorBand``: a strip above the first row with the time cursor's "5 y 1 mo · age 50 y 1 mo"
  at the cursor's x, so the label is never over the data.
- ``PinsBand``: a strip under the time axis naming the pinned runs and their dash patterns (only
  while runs are pinned), so their legend never covers curves either.

Each item knows where its text is (``text_rects``: scene rectangles), which the layout report
(bonegui.app.layout_report) checks for overlaps and clipping.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from bonegui.app import style

SAMPLE_PX = 26.0  # width of a legend line sample
GAP_PX = 6.0
PAD_PX = 4.0


@dataclass(frozen=True)
class Entry:
    """One legend line: ``kind`` "line" (a curve: colour, width, dash), "swatch" (a band: rgba),
    "band" (a swatch with a dotted line through it: a cohort's band and median)."""

    kind: str
    text: str
    colour: object  # "#RRGGBB" or an (r, g, b, a) tuple
    width: float = 2.0
    dash: Qt.PenStyle = Qt.PenStyle.SolidLine


def _wrap(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` (broken at spaces; a single long word stays)."""
    if fm.horizontalAdvance(text) <= width:
        return [text]
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and fm.horizontalAdvance(trial) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + [line] if line else lines


class _TextItem(pg.GraphicsWidget):
    """A GraphicsWidget with fonts from a theme and a list of (text, local rect) it paints."""

    def __init__(self) -> None:
        super().__init__()
        self.title_font = QFont()
        self.label_font = QFont()
        self.foreground = QColor(style.DEFAULT.foreground)
        self.setFlag(self.GraphicsItemFlag.ItemClipsToShape, False)

    def set_theme(self, t: style.Theme) -> None:
        self.title_font = style.font(t.title_pt, bold=True)
        self.label_font = style.font(t.label_pt)
        self.foreground = QColor(t.foreground)
        self._relayout()

    def _relayout(self) -> None:
        self.updateGeometry()
        self.update()

    def text_rects(self) -> list[tuple[str, QRectF]]:
        """(text, scene rectangle) of every piece of text drawn."""
        return [(text, self.mapRectToScene(r)) for text, r, _font in self._lines() if text]

    def _lines(self) -> list[tuple[str, QRectF, QFont]]:
        raise NotImplementedError


class RowHeader(_TextItem):
    """Title, unit and legend of one plot row, top-left aligned in a fixed-width column."""

    doubleClicked = Signal(str)

    def __init__(self, key: str, title: str, unit: str, terms: str = "") -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.unit = unit
        #: words the glossary looks up for this row's tooltip (its title and series names)
        self.terms = terms or title
        self.entries: list[Entry] = []
        self._owners: list = []
        self._tip = ""
        self._glossary = ""
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{title}: double-click to show only this plot; double-click again for all plots")

    def setToolTip(self, text: str) -> None:  # noqa: N802 (Qt API): the glossary's definitions come first
        self._tip = text
        super().setToolTip(self._composed())

    def set_glossary(self, html_text: str) -> None:
        self._glossary = html_text
        super().setToolTip(self._composed())

    def _composed(self) -> str:
        if not self._glossary:
            return self._tip
        return self._glossary + "<hr>" + html.escape(self._tip).replace("\n", "<br>")

    def set_entries(self, entries: list[Entry]) -> None:
        if entries != self.entries:
            self.entries = list(entries)
            self._relayout()

    def needed_width(self, extra_entries: tuple[str, ...] = ()) -> float:
        """Width that shows every line unelided (``extra_entries``: legend texts it may get)."""
        texts = [(self.title, self.title_font, 0.0), (self.unit, self.label_font, 0.0)]
        texts += [(t, self.label_font, SAMPLE_PX + GAP_PX) for t in [e.text for e in self.entries] + list(extra_entries)]
        return max(QFontMetricsF(f).horizontalAdvance(t) + indent for t, f, indent in texts if t) + 2 * PAD_PX + 2

    def needed_height(self) -> float:
        lines = self._lines(clip=False)
        return (lines[-1][1].bottom() + PAD_PX) if lines else 0.0

    def _lines(self, clip: bool = True) -> list[tuple[str, QRectF, QFont]]:
        """(text, rect, font) of each line drawn, top down; a text too long for the column
        wraps at spaces (a legend entry's sample goes on its first line). ``clip``: only the
        lines that fit the header's height (``overflow`` says whether any were left out)."""
        width = max(self.size().width() - 2 * PAD_PX, 10.0)
        height = self.size().height()
        out = []
        y = 0.0
        self.elided = False
        rows = [(self.title, self.title_font, 0.0, "title"), (self.unit, self.label_font, 0.0, "unit")]
        rows += [(e.text, self.label_font, SAMPLE_PX + GAP_PX, i) for i, e in enumerate(self.entries)]
        self._owners = []
        for text, font, indent, owner in rows:
            if not text:
                continue
            fm = QFontMetricsF(font)
            h = fm.height()
            for k, piece in enumerate(_wrap(text, fm, width - indent)):
                if clip and y + h > height + 0.5:
                    return out
                shown = fm.elidedText(piece, Qt.TextElideMode.ElideRight, width - indent)
                if shown != piece:
                    self.elided = True
                w = min(fm.horizontalAdvance(shown), width - indent)
                out.append((shown, QRectF(PAD_PX + indent, y, w, h), font))
                self._owners.append(owner if k == 0 else None)
                y += h
        return out

    def overflow(self) -> bool:
        """Some lines do not fit the header's height."""
        return len(self._lines(clip=False)) > len(self._lines(clip=True))

    def paint(self, p: QPainter, *_args) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        lines = self._lines()
        for (text, rect, font), owner in zip(lines, self._owners):
            p.setFont(font)
            p.setPen(QColor("#333333") if font is self.label_font and owner in ("unit", None) and
                     rect.left() <= PAD_PX + 0.5 else self.foreground)
            p.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
            if isinstance(owner, int):
                self._paint_sample(p, self.entries[owner], rect)

    @staticmethod
    def _paint_sample(p: QPainter, e: Entry, rect: QRectF) -> None:
        x0, x1 = rect.left() - SAMPLE_PX - GAP_PX, rect.left() - GAP_PX
        yc = rect.center().y()
        if e.kind in ("swatch", "band"):
            c = QColor(*e.colour) if isinstance(e.colour, tuple) else QColor(e.colour)
            edge = QColor(c)
            edge.setAlpha(min(255, c.alpha() * 3))
            p.setPen(QPen(edge, 1))
            p.setBrush(c)
            p.drawRect(QRectF(x0, yc - 0.3 * rect.height(), SAMPLE_PX, 0.6 * rect.height()))
            if e.kind == "band":
                pen = QPen(QColor(40, 40, 40), max(e.width, 2.0))
                pen.setStyle(Qt.PenStyle.DotLine)
                p.setPen(pen)
                p.drawLine(QPointF(x0, yc), QPointF(x1, yc))
            return
        pen = QPen(QColor(e.colour), max(e.width, 2.0))
        pen.setStyle(e.dash)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        p.setPen(pen)
        p.drawLine(QPointF(x0, yc), QPointF(x1, yc))

    def mouseDoubleClickEvent(self, ev) -> None:  # noqa: N802 (Qt API)
        ev.accept()
        self.doubleClicked.emit(self.key)

    def mousePressEvent(self, ev) -> None:  # noqa: N802 (Qt API): needed to receive double-clicks
        ev.accept()


class CursorBand(_TextItem):
    """The strip above the first row: the cursor's time and age at its x (scene), within the
    data column [left, right]."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self._x = None
        self._span = (0.0, 0.0)

    def set_cursor(self, text: str, x_scene: float | None, left: float, right: float) -> None:
        if (text, x_scene, (left, right)) != (self.text, self._x, self._span):
            self.text, self._x, self._span = text, x_scene, (left, right)
            self.update()

    def height_for(self, t: style.Theme) -> float:
        return QFontMetricsF(style.font(t.label_pt, bold=True)).height() + 4.0

    def set_theme(self, t: style.Theme) -> None:
        super().set_theme(t)
        self.label_font = style.font(t.label_pt, bold=True)
        h = self.height_for(t)
        self.setMinimumHeight(h)
        self.setMaximumHeight(h)

    def _lines(self) -> list[tuple[str, QRectF, QFont]]:
        if not self.text or self._x is None:
            return []
        fm = QFontMetricsF(self.label_font)
        w = fm.horizontalAdvance(self.text) + 8.0
        origin = self.mapFromScene(QPointF(self._x, 0.0)).x()
        left = self.mapFromScene(QPointF(self._span[0], 0.0)).x()
        right = self.mapFromScene(QPointF(self._span[1], 0.0)).x()
        x = min(max(origin - w / 2.0, left), max(right - w, left))
        return [(self.text, QRectF(x, 0.0, w, fm.height()), self.label_font)]

    def marker_x(self) -> float | None:
        return None if self._x is None else self.mapFromScene(QPointF(self._x, 0.0)).x()

    def paint(self, p: QPainter, *_args) -> None:
        lines = self._lines()
        if not lines:
            return
        text, rect, font = lines[0]
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(255, 255, 255, 235))
        p.drawRoundedRect(rect, 3, 3)
        p.setFont(font)
        p.setPen(self.foreground)
        p.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        x = self.marker_x()
        bottom = self.size().height()
        p.setBrush(self.foreground)
        p.drawPolygon(QPolygonF([QPointF(x - 4, bottom - 4), QPointF(x + 4, bottom - 4), QPointF(x, bottom)]))


class PinsBand(_TextItem):
    """Under the time axis: "Pinned runs:" and a dash sample with each run's name."""

    LEAD = "Pinned runs (dashed):"

    def __init__(self) -> None:
        super().__init__()
        self.pins: list[tuple[str, Qt.PenStyle]] = []
        self.line_width = 2.0

    def set_pins(self, pins: list[tuple[str, Qt.PenStyle]], line_width: float) -> None:
        self.pins, self.line_width = list(pins), line_width
        self.update()

    def height_for(self, t: style.Theme) -> float:
        return QFontMetricsF(style.font(t.label_pt)).height() + 6.0

    def set_theme(self, t: style.Theme) -> None:
        super().set_theme(t)
        h = self.height_for(t)
        self.setMinimumHeight(h)
        self.setMaximumHeight(h)

    def _lines(self) -> list[tuple[str, QRectF, QFont]]:
        if not self.pins:
            return []
        fm = QFontMetricsF(self.label_font)
        h = fm.height()
        out = [(self.LEAD, QRectF(PAD_PX, 2.0, fm.horizontalAdvance(self.LEAD), h), self.label_font)]
        x = out[0][1].right() + 2 * GAP_PX
        room = self.size().width() - PAD_PX
        each = max((room - x) / len(self.pins) - SAMPLE_PX - 3 * GAP_PX, 30.0)
        for name, _dash in self.pins:
            shown = fm.elidedText(name, Qt.TextElideMode.ElideRight, each)
            x += SAMPLE_PX + GAP_PX
            w = fm.horizontalAdvance(shown)
            out.append((shown, QRectF(x, 2.0, w, h), self.label_font))
            x += w + 2 * GAP_PX
        return out

    def paint(self, p: QPainter, *_args) -> None:
        lines = self._lines()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for i, (text, rect, font) in enumerate(lines):
            p.setFont(font)
            p.setPen(self.foreground)
            p.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
            if i:
                pen = QPen(QColor("#333333"), self.line_width)
                pen.setStyle(self.pins[i - 1][1])
                p.setPen(pen)
                y = rect.center().y()
                p.drawLine(QPointF(rect.left() - GAP_PX - SAMPLE_PX, y), QPointF(rect.left() - GAP_PX, y))
