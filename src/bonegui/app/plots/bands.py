"""Reference bands behind the curves: a hormone's band for the patient's sex and life stage,
the WHO classes behind the T-scores, the reference line of the relative plots.

A woman's estradiol is read against the band of her life stage *at that time*: premenopausal
(a band spanning the whole cycle) until the final period or the oophorectomy, postmenopausal
after it, so 10-20 pg/mL after the menopause sits inside its band instead of reading "low".
After the menopause the premenopausal band stays as a fainter wash: what hormone therapy aims
for, so a patch's estradiol reads against both.
``life_stages`` says when each stage holds; ``BandsItem`` paints the bands as rectangles in
view coordinates (one item per row, under the curves).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from bonegui.app import style
from bonegui.app.plots.series import HORMONE_BANDS, ReferenceRange

#: how the header names each life stage's band
STAGE_LABELS = {"premenopausal": "before menopause", "postmenopausal": "after menopause",
                "male": "adult men"}
STAGE_COLOURS = {"premenopausal": style.REFERENCE_BAND_COLOUR, "postmenopausal": style.POSTMENOPAUSAL_BAND_COLOUR,
                 "male": style.REFERENCE_BAND_COLOUR}


def life_stages(patient, span_years: float) -> list[tuple[float, float, str]]:
    """(from, to, stage) in years from the start, covering [0, span]: a man is "male"
    throughout; a woman is premenopausal until her final period (natural menopause) or her
    oophorectomy (surgical), postmenopausal after it; without a menopause in the scenario her
    stage at the start holds."""
    span = float(span_years)
    if patient.sex == "male":
        return [(0.0, span, "male")]
    fmp = patient.final_period_age_years - patient.age_years  # years from start
    if patient.menopause == "surgical":
        change = min(float(patient.surgery_years), fmp) if fmp > 0 else 0.0
    elif patient.menopause == "natural":
        change = fmp
    else:
        change = 0.0 if fmp <= 0 else span + 1.0  # the status at the start is kept
    if change <= 0:
        return [(0.0, span, "postmenopausal")]
    if change >= span:
        return [(0.0, span, "premenopausal")]
    return [(0.0, change, "premenopausal"), (change, span, "postmenopausal")]


def stage_at(stages: list[tuple[float, float, str]], t_years: float) -> str:
    for t0, t1, stage in stages:
        if t0 <= t_years < t1:
            return stage
    return stages[-1][2]


def band_at(series: str, stages, t_years: float) -> tuple[str, ReferenceRange] | None:
    """The life stage at ``t_years`` and the series' band for it (None for other series)."""
    bands = HORMONE_BANDS.get(series)
    if bands is None:
        return None
    stage = stage_at(stages, t_years)
    return stage, bands[stage]


class BandsItem(pg.GraphicsObject):
    """Filled rectangles (x0, x1, y0, y1, rgba) in view coordinates, painted under the curves;
    x0/x1 None reach past any time the view can show."""

    FAR = 1e4  # years: beyond any span (at most 100 y)

    def __init__(self) -> None:
        super().__init__()
        self._rects: list[tuple[QRectF, QColor]] = []
        self._outlines: list[tuple[QRectF, QColor]] = []
        self._bounds = QRectF()
        self.setZValue(-10)

    def set_rects(self, rects, outlines=()) -> None:
        """``rects`` filled; ``outlines`` (same form) as a fainter wash."""
        self.prepareGeometryChange()

        def rect(x0, x1, y0, y1):
            x0 = -self.FAR if x0 is None else x0
            x1 = self.FAR if x1 is None else x1
            return QRectF(x0, min(y0, y1), x1 - x0, abs(y1 - y0))

        out = [(rect(x0, x1, y0, y1), QColor(*rgba)) for x0, x1, y0, y1, rgba in rects]
        self._outlines = [(rect(x0, x1, y0, y1), QColor(*rgba)) for x0, x1, y0, y1, rgba in outlines]
        self._rects = out
        bounds = QRectF()
        for r, _c in out + self._outlines:
            bounds = bounds.united(r)
        self._bounds = bounds
        self.update()

    @property
    def rects(self) -> list[tuple[QRectF, QColor]]:
        return list(self._rects)

    @property
    def washes(self) -> list[tuple[QRectF, QColor]]:
        return list(self._outlines)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return self._bounds

    def paint(self, p, *_args) -> None:
        p.setPen(pg.mkPen(None))
        for r, c in self._rects:
            p.setBrush(c)
            p.drawRect(r)
        for r, c in self._outlines:  # a faint wash: there to read against, not the band itself
            faint = QColor(c)
            faint.setAlpha(max(c.alpha() // 2, 18))
            p.setBrush(faint)
            p.drawRect(r)
