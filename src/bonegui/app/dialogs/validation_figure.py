"""The validation figure: one row per case part, model vs published target on the part's own
scale, with the tolerance band. Painted with QPainter, so the same code draws the PNG of
`bonegui validate --report` (into a QImage, offscreen) and the figure in the app's dialog.

Floor 2 (Qt). The runtime dependencies have no matplotlib, hence the hand-drawn rows.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from bonegui.app import style
from bonegui.validation.report import status_text
from bonegui.validation.runner import PASS, PartOutcome, ValidationRun
from bonegui.validation.scoring import format_number

FONT_PT = 11  # projector rule: nothing smaller than 11 pt
ROW_H = 30
HEADER_H = 34
TITLE_H = 64
MARGIN = 16
LABEL_W = 520
VALUE_W = 520

COLORS = {
    "band": QColor(190, 205, 225),
    "band_edge": QColor(120, 140, 170),
    "target": QColor(20, 20, 20),
    # Okabe-Ito bluish green / vermillion: distinguishable with colour-vision deficiency
    "pass": QColor(style.BLUISH_GREEN),
    "fail": QColor(style.VERMILLION),
    "other": QColor(130, 130, 130),
    "axis": QColor(160, 160, 160),
    "text": QColor(25, 25, 25),
    "header_bg": QColor(236, 239, 244),
}


def figure_height(run: ValidationRun) -> int:
    return TITLE_H + sum(HEADER_H + ROW_H * len(o.parts) for o in run.outcomes) + MARGIN


def _font(bold: bool = False, pt: int = FONT_PT) -> QFont:
    f = QFont()
    f.setPointSize(pt)
    f.setBold(bold)
    return f


def _scale(p: PartOutcome) -> tuple[float, float]:
    """The x-range of one row: the band's finite ends, the target, the model and zero."""
    # zero belongs on the scale where the sign matters (effects); not for ratios or states
    xs = [0.0] if p.part.tolerance.rule != "relative" else []
    if p.band is not None:
        xs += [v for v in (p.band.low, p.band.high) if math.isfinite(v)]
    if p.part.target is not None:
        xs += list(p.part.target)
    if p.value is not None and math.isfinite(p.value):
        xs.append(p.value)
    if not xs:
        return -1.0, 1.0
    lo, hi = min(xs), max(xs)
    if p.band is not None and math.isinf(p.band.low):
        lo -= max(abs(hi - lo), abs(hi), 1e-12) * 0.6
    if p.band is not None and math.isinf(p.band.high):
        hi += max(abs(hi - lo), abs(lo), 1e-12) * 0.6
    span = hi - lo or max(abs(hi), 1e-12)
    return lo - 0.08 * span, hi + 0.08 * span


def paint_figure(painter: QPainter, width: int, run: ValidationRun) -> None:
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.fillRect(QRectF(0, 0, width, figure_height(run)), Qt.white)
    strip_x0 = MARGIN + LABEL_W
    strip_w = max(120, width - LABEL_W - VALUE_W - 2 * MARGIN)
    value_x = strip_x0 + strip_w + 12

    painter.setPen(COLORS["text"])
    painter.setFont(_font(True, FONT_PT + 3))
    painter.drawText(QRectF(MARGIN, 6, width - 2 * MARGIN, 28), Qt.AlignLeft | Qt.AlignVCenter,
                     "Model vs published target, one row per case part")
    _legend(painter, MARGIN, 38)

    y = TITLE_H
    for o in run.outcomes:
        painter.fillRect(QRectF(0, y, width, HEADER_H - 4), COLORS["header_bg"])
        painter.setPen(COLORS["text"])
        painter.setFont(_font(True))
        verdict = "pass" if o.passed else status_text(o.status).lower()
        painter.drawText(QRectF(MARGIN, y, width - 2 * MARGIN, HEADER_H - 4), Qt.AlignLeft | Qt.AlignVCenter,
                         f"{o.case.id}  {o.case.situation}  ({verdict})   —  {o.case.source}")
        y += HEADER_H
        for p in o.parts:
            _row(painter, p, y, strip_x0, strip_w, value_x, width)
            y += ROW_H


def _legend(painter: QPainter, x: float, y: float) -> None:
    painter.setFont(_font())
    cy = y + 11
    painter.fillRect(QRectF(x, cy - 7, 34, 14), COLORS["band"])
    painter.setPen(COLORS["text"])
    painter.drawText(QPointF(x + 40, cy + 5), "tolerance band")
    x += 170
    painter.setPen(QPen(COLORS["target"], 3))
    painter.drawLine(QPointF(x + 8, cy - 9), QPointF(x + 8, cy + 9))
    painter.setPen(COLORS["text"])
    painter.drawText(QPointF(x + 20, cy + 5), "published target")
    x += 180
    for key, text in (("pass", "model, passes"), ("fail", "model, fails")):
        painter.setBrush(QBrush(COLORS[key]))
        painter.setPen(Qt.NoPen)
        painter.drawEllipse(QPointF(x + 7, cy), 7, 7)
        painter.setPen(COLORS["text"])
        painter.drawText(QPointF(x + 20, cy + 5), text)
        x += 150


def _row(painter: QPainter, p: PartOutcome, y: float, x0: float, w: float, value_x: float, width: int) -> None:
    cy = y + ROW_H / 2
    painter.setFont(_font())
    painter.setPen(COLORS["text"])
    label = painter.fontMetrics().elidedText(f"{p.part.id}: {p.part.label}", Qt.ElideRight, LABEL_W - 12)
    painter.drawText(QRectF(MARGIN + 8, y, LABEL_W - 8, ROW_H), Qt.AlignLeft | Qt.AlignVCenter, label)

    lo, hi = _scale(p)
    sx = lambda v: x0 + (min(max(v, lo), hi) - lo) / (hi - lo) * w  # noqa: E731
    painter.setPen(QPen(COLORS["axis"], 1))
    painter.drawLine(QPointF(x0, cy), QPointF(x0 + w, cy))
    if lo < 0 < hi:
        painter.setPen(QPen(COLORS["axis"], 1, Qt.DashLine))
        painter.drawLine(QPointF(sx(0.0), y + 3), QPointF(sx(0.0), y + ROW_H - 3))
    if p.band is not None:
        b0 = sx(p.band.low if math.isfinite(p.band.low) else lo)
        b1 = sx(p.band.high if math.isfinite(p.band.high) else hi)
        painter.fillRect(QRectF(b0, cy - 8, max(b1 - b0, 2.0), 16), COLORS["band"])
    if p.part.target is not None:
        t0, t1 = (sx(v) for v in p.part.target)
        painter.setPen(QPen(COLORS["target"], 3))
        if t1 - t0 > 3:
            painter.drawLine(QPointF(t0, cy), QPointF(t1, cy))
        for tx in {t0, t1}:
            painter.drawLine(QPointF(tx, cy - 10), QPointF(tx, cy + 10))
    key = "pass" if p.status == PASS else "fail" if p.status == "fail" else "other"
    if p.value is not None and math.isfinite(p.value):
        painter.setPen(QPen(Qt.white, 1.5))
        painter.setBrush(QBrush(COLORS[key]))
        painter.drawEllipse(QPointF(sx(p.value), cy), 7, 7)

    painter.setPen(COLORS[key] if key != "other" else COLORS["text"])
    painter.setFont(_font(True))
    status = status_text(p.status)
    painter.drawText(QRectF(value_x, y, 90, ROW_H), Qt.AlignLeft | Qt.AlignVCenter, status)
    painter.setPen(COLORS["text"])
    painter.setFont(_font())
    txt = f"model {p.model_text()}   target {_target_text(p)}" if p.value is not None else (p.detail or "no value")
    txt = painter.fontMetrics().elidedText(txt, Qt.ElideRight, width - value_x - 95 - 8)
    painter.drawText(QRectF(value_x + 92, y, width - value_x - 92, ROW_H), Qt.AlignLeft | Qt.AlignVCenter, txt)


def _target_text(p: PartOutcome) -> str:
    if p.part.target is None:
        from bonegui.validation.report import band_text

        return band_text(p)
    lo, hi = p.part.target
    t = format_number(lo) if lo == hi else f"{format_number(lo)}..{format_number(hi)}"
    return f"{t} {p.part.unit}".strip()


def _palette() -> list[int]:
    """A fixed 256-colour table: every figure colour and its antialiasing blends with the three
    backgrounds (white, header, band). Saving with it keeps the exact colours and makes the PNG
    about a quarter of the size of a 32-bit one."""
    fgs = [COLORS[k] for k in ("text", "pass", "fail", "target", "axis", "band_edge", "other")] + [QColor(Qt.white)]
    bgs = [QColor(Qt.white), COLORS["header_bg"], COLORS["band"]]
    table: list[int] = []
    for bg in bgs:
        for fg in fgs:
            for i in range(10):
                a = i / 9
                c = QColor(round(fg.red() * a + bg.red() * (1 - a)), round(fg.green() * a + bg.green() * (1 - a)),
                           round(fg.blue() * a + bg.blue() * (1 - a)))
                if c.rgb() not in table:
                    table.append(c.rgb())
    return table[:256]


def render_image(run: ValidationRun, width: int = 1700) -> QImage:
    img = QImage(width, figure_height(run), QImage.Format_ARGB32)
    img.fill(Qt.white)
    painter = QPainter(img)
    try:
        paint_figure(painter, width, run)
    finally:
        painter.end()
    return img


_app = None  # an application object made for headless use (fonts need one); kept alive


def save_figure(run: ValidationRun, path: str | Path, width: int = 1700) -> None:
    """Write the figure as PNG. Works headless (QT_QPA_PLATFORM=offscreen) and inside the app."""
    global _app
    if QGuiApplication.instance() is None:
        # a QApplication (not only QGuiApplication), so widgets still work later in this process
        _app = QApplication([])
    img = render_image(run, width).convertToFormat(
        QImage.Format_Indexed8, _palette(), Qt.ThresholdDither | Qt.AvoidDither)
    if not img.save(str(path), "PNG"):
        raise OSError(f"cannot write {path}")


class ValidationFigure(QWidget):
    """The same figure as a widget (for a scroll area); shows nothing until a run is set."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._run: ValidationRun | None = None
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setMinimumWidth(1000)

    def set_run(self, run: ValidationRun | None) -> None:
        self._run = run
        self.setFixedHeight(figure_height(run) if run else 40)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        try:
            if self._run is None:
                painter.fillRect(self.rect(), Qt.white)
            else:
                paint_figure(painter, self.width(), self._run)
        finally:
            painter.end()
