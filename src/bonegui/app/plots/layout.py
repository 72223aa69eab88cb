"""Building the plot rows (header, axes, bands, curves, cursor line), styling them for a theme and
arranging the rows that are shown: the part of PlotArea that runs at construction, on a theme
change and when the set of shown rows or the canvas size changes.

The canvas is one grid: a cursor band on top, then per shown row its header (column 0) and its
PlotItem (column 1: tick axis, data area, right-hand axis), then the pinned runs' band. Every row
has the same column widths, so the years line up from row to row and with the timeline above;
every shown row gets the same data height (``_arrange``), the last one also the time axis.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFontMetricsF

from bonegui.app import style
from bonegui.app.document import MAX_PINNED
from bonegui.app.plots.axes import LinearMapAxis, LogLevelAxis, MajorTicksAxis, TimeAgeAxis
from bonegui.app.plots.bands import STAGE_LABELS, BandsItem
from bonegui.app.plots.cohort_band import COHORT_ROWS, CohortBand, band_label
from bonegui.app.plots.curves import FastCurve
from bonegui.app.plots.header import CursorBand, PinsBand, RowHeader
from bonegui.app.plots.series import ROWS, RowSpec

ROW_GAP_PX = 6  # between rows: the tick labels at a row's edges never meet the next row's
HEADER_PX = {"default": (134, 230), "presentation": (180, 320)}  # the header column: (min, max)
HEADER_SHARE = {"default": 0.23, "presentation": 0.23}  # ... and at most this share of the width
LEFT_AXIS_PX = {"default": 52, "presentation": 72}  # tick labels
RIGHT_AXIS_PX = {"default": 56, "presentation": 80}  # the spine's g/cm² (other rows: blank)
HIP_AXIS_MIN_CANVAS_PX = 1100  # the hip's g/cm² axis too when the canvas is at least this wide


@dataclass
class Row:
    """One plot row's items."""

    spec: RowSpec
    plot: pg.PlotItem
    header: RowHeader
    bands: BandsItem
    cursor: pg.InfiniteLine
    curves: dict[str, FastCurve] = field(default_factory=dict)  # series -> current run
    ripples: dict[str, FastCurve] = field(default_factory=dict)  # series -> its day-to-day swing
    pins: list[dict[str, FastCurve]] = field(default_factory=list)  # pin -> series -> curve
    band_labels: list[tuple[pg.TextItem, float, float]] = field(default_factory=list)  # label, y0, y1
    cohort: dict[str, CohortBand] = field(default_factory=dict)  # series -> cohort band (BMD, markers)

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def vb(self) -> pg.ViewBox:
        return self.plot.vb


class PlotLayout:
    """Mixin of PlotArea: ``_build`` at construction, ``_style_rows`` from set_presentation,
    ``_arrange`` when the shown rows or the canvas height change."""

    # ------------------------------------------------------------------------------- building
    def _build(self) -> None:
        ci = self.canvas.ci
        ci.setContentsMargins(2, 0, 2, 0)
        ci.setSpacing(ROW_GAP_PX)
        self.cursor_band = CursorBand()
        self.pins_band = PinsBand()
        self.rows: dict[str, Row] = {}
        for spec in ROWS:
            self.rows[spec.key] = self._build_row(spec)
        bmd = self.rows["bmd"].plot
        self._hip_axis = LinearMapAxis("right")
        bmd.layout.addItem(self._hip_axis, 2, 3)
        self._hip_axis.linkToView(bmd.vb)
        self._hip_axis.setZValue(-1000)
        self._hip_axis.enableAutoSIPrefix(False)
        self._arranged: tuple[str, ...] | None = None
        self._header_need = 0.0

    def _build_row(self, spec: RowSpec) -> Row:
        axes = {"bottom": TimeAgeAxis("bottom"), "right": LinearMapAxis("right"),
                "left": LogLevelAxis("left") if spec.kind == "hormone" else MajorTicksAxis("left")}
        plot = pg.PlotItem(axisItems=axes)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.layout.setContentsMargins(0, 0, 0, 0)
        plot.layout.setRowFixedHeight(0, 0)  # no title row: the header names the row
        plot.layout.setRowFixedHeight(1, 0)
        plot.vb.setMouseEnabled(x=True, y=False)  # wheel/drag zoom and pan time only
        plot.vb.disableAutoRange()
        plot.vb.setDefaultPadding(0.0)
        plot.showAxis("right")
        header = RowHeader(spec.key, spec.title, spec.unit, " ".join([spec.title] + [s.label for s in spec.series]))
        header.doubleClicked.connect(self._on_header_double_click)
        bands = BandsItem()
        plot.addItem(bands, ignoreBounds=True)
        row = Row(spec, plot, header, bands, pg.InfiniteLine(pos=0.0, angle=90, movable=True))
        for s in spec.series:
            # the swing: a light band between the highs and lows (curves.py), not antialiased
            # (a filled light band looks the same aliased, in a fraction of the time)
            ripple = FastCurve(method="band", points_per_px=0.5)
            ripple.opts["antialias"] = False
            ripple.setVisible(False)
            plot.addItem(ripple)
            ripple.setZValue(0)
            row.ripples[s.name] = ripple
            # smooth lines need no more than a point every 4 px to look smooth (a 2-px antialiased
            # segment costs ~1 µs: fewer segments, a faster frame)
            curve = FastCurve(points_per_px=0.2, segmented=True)
            plot.addItem(curve)
            curve.setZValue(2)
            row.curves[s.name] = curve
        if spec.key in COHORT_ROWS:
            for s in spec.series:
                row.cohort[s.name] = CohortBand(plot, s.colour)
        for _ in range(MAX_PINNED):
            pin = {}
            for s in spec.series:
                pc = FastCurve(points_per_px=0.25)
                pc.setVisible(False)
                plot.addItem(pc)
                pc.setZValue(1)
                pin[s.name] = pc
            row.pins.append(pin)
        row.cursor.setZValue(50)
        row.cursor.sigPositionChanged.connect(self._on_cursor_line_moved)
        plot.addItem(row.cursor, ignoreBounds=True)
        self._add_backdrop(row)
        bottom = plot.getAxis("bottom")
        # no SI prefixes (the units are the row's own); off, a range change also skips
        # pyqtgraph's relayout of the axis label's HTML (~0.25 ms a changed axis)
        for axis in (plot.getAxis("left"), plot.getAxis("right"), bottom):
            axis.enableAutoSIPrefix(False)
        # axes (ticks and the grid across the row) and the header repaint from a pixmap while
        # their range and text hold still: replaying an axis's picture cost ~0.7 ms a frame each
        for item in (plot.getAxis("left"), plot.getAxis("right"), bottom, header, row.bands):
            item.setCacheMode(item.CacheMode.DeviceCoordinateCache)
        return row

    def _add_backdrop(self, row: Row) -> None:
        """The fixed part of a row's backdrop: WHO classes (BMD), the reference line (relative
        rows). Hormone bands follow the patient (PlotArea._update_bands)."""
        from bonegui.app.plots.series import WHO_BANDS

        if row.spec.kind == "tscore":
            row.bands.set_rects([(None, None, lo, hi, style.WHO_BAND_COLOURS[name]) for name, _l, lo, hi in WHO_BANDS])
            for name, label, lo, hi in WHO_BANDS:
                item = pg.TextItem(label, color=(50, 50, 50), anchor=(1, 0.5))
                item.setZValue(-4)
                row.plot.addItem(item, ignoreBounds=True)
                row.band_labels.append((item, max(lo, -8.0), min(hi, 4.0)))
        elif row.spec.kind == "relative":
            ref = pg.InfiniteLine(pos=1.0, angle=0, movable=False,
                                  pen=pg.mkPen((90, 90, 90), width=1, style=pg.QtCore.Qt.PenStyle.DashLine))
            ref.setZValue(-5)
            row.plot.addItem(ref, ignoreBounds=True)

    # ------------------------------------------------------------------------------- theme
    def _columns(self) -> tuple[int, int, int, int]:
        """(header, left axis, right axis, hip axis) widths in px for the theme and width."""
        mode = "presentation" if self._theme is style.PRESENTATION else "default"
        hip = RIGHT_AXIS_PX[mode] if self.canvas.width() >= HIP_AXIS_MIN_CANVAS_PX else 0
        lo, hi = HEADER_PX[mode]
        # the header takes at most about a fifth of the width: the data area keeps the rest
        # (a long legend entry wraps instead)
        share = HEADER_SHARE[mode] * max(self.canvas.width(), 1)
        header = int(max(lo, min(hi, self._header_need, share)))
        left = max(LEFT_AXIS_PX[mode], self._min_left_w - header)
        return header, left, RIGHT_AXIS_PX[mode], hip

    def _style_rows(self, t: style.Theme) -> None:
        """Fonts, pens and column widths of every row for theme ``t``."""
        on = t is style.PRESENTATION
        fg = QColor(t.foreground)
        tick_font = style.font(t.tick_pt)
        for row in self.rows.values():
            row.header.set_theme(t)
        stage_labels = tuple(STAGE_LABELS.values()) + ("current run",)
        cohort_labels = (band_label(200),)  # a longer N wraps
        self._header_need = max(
            row.header.needed_width(tuple(s.label for s in row.spec.series)
                                    + (stage_labels if row.spec.kind == "hormone" else ())
                                    + (cohort_labels if row.key in COHORT_ROWS else ()))
            for row in self.rows.values())
        header_w, left_w, right_w, hip_w = self._styled_columns = self._columns()
        for row in self.rows.values():
            plot = row.plot
            for name in ("left", "bottom", "right"):
                ax = plot.getAxis(name)
                ax.setTickFont(tick_font)
                ax.setPen(pg.mkPen(fg, width=1.5 if on else 1))
                ax.setTextPen(fg)
                ax.setStyle(tickTextOffset=6 if on else 4, autoExpandTextSpace=False)
            plot.getAxis("left").setWidth(left_w)
            right = plot.getAxis("right")
            right.setWidth(right_w if row.key == "bmd" else right_w + hip_w)
            if row.key != "bmd":
                right.setStyle(showValues=False, tickLength=0)
                right.setPen(pg.mkPen(255, 255, 255, 0))
            plot.showGrid(x=True, y=True, alpha=t.grid_alpha)
            right.setGrid(False)
            row.header.setFixedWidth(header_w)
            row.cursor.setPen(pg.mkPen((40, 40, 40), width=t.cursor_width))
            row.cursor.setHoverPen(pg.mkPen(style.VERMILLION, width=t.cursor_width + 2))
            for label, _y0, _y1 in row.band_labels:
                label.setFont(style.font(max(t.label_pt - 1, 11)))
        self._hip_axis.setTickFont(tick_font)
        self._hip_axis.setWidth(max(hip_w, 1))
        self._hip_axis.setVisible(hip_w > 0)
        bmd = self.rows["bmd"].plot
        for axis, colour in ((bmd.getAxis("right"), style.BLUE), (self._hip_axis, style.HIP_AXIS_COLOUR)):
            axis.setTextPen(colour)  # each g/cm² axis in its site's colour
            axis.setPen(pg.mkPen(colour, width=1.5 if on else 1))
        self.cursor_band.set_theme(t)
        self.pins_band.set_theme(t)
        self._time_axis_px = int(2 * QFontMetricsF(tick_font).height() + 5)
        self._arranged = None  # column widths and heights changed: lay the rows out again

    # ------------------------------------------------------------------------------- rows
    def _arrange(self, keys: tuple[str, ...]) -> None:
        """Put the rows ``keys`` (top to bottom) on the canvas with equal data heights."""
        ci = self.canvas.ci
        if keys != self._arranged:
            for item in list(ci.items):
                ci.removeItem(item)
            r = 0
            ci.addItem(self.cursor_band, row=r, col=0, colspan=2)
            for key in keys:
                r += 1
                row = self.rows[key]
                ci.addItem(row.header, row=r, col=0)
                ci.addItem(row.plot, row=r, col=1)
            if self._overlays:
                ci.addItem(self.pins_band, row=r + 1, col=0, colspan=2)
            for i, key in enumerate(keys):
                bottom = self.rows[key].plot.getAxis("bottom")
                last = i == len(keys) - 1
                bottom.setStyle(showValues=last)
                bottom.setHeight(self._time_axis_px if last else 0)
                bottom.setVisible(last)
            self._arranged = keys
        self._set_row_heights(keys)

    def _set_row_heights(self, keys: tuple[str, ...]) -> None:
        ci = self.canvas.ci
        layout = ci.layout
        data_h = self.data_height(len(keys))
        layout.setRowFixedHeight(0, self.cursor_band.minimumHeight())
        for i, key in enumerate(keys, start=1):
            last = i == len(keys)
            layout.setRowFixedHeight(i, data_h + (self._time_axis_px if last else 0))
        if self._overlays:
            layout.setRowFixedHeight(len(keys) + 1, self.pins_band.minimumHeight())

    def overhead_px(self) -> float:
        """Canvas height that is not data: margins, cursor band, time axis, gaps, pins band."""
        m = self.canvas.ci.layout.getContentsMargins()
        pins = self.pins_band.minimumHeight() + ROW_GAP_PX if self._overlays else 0.0
        return m[1] + m[3] + self.cursor_band.minimumHeight() + ROW_GAP_PX + self._time_axis_px + pins + 1

    def data_height(self, n_rows: int) -> int:
        """The data height each of ``n_rows`` rows gets in the canvas as it is now."""
        if n_rows <= 0:
            return 0
        free = self.canvas.viewport().height() - self.overhead_px() - ROW_GAP_PX * (n_rows - 1)
        return max(int(free // n_rows), 10)

    def capacity(self) -> int:
        """How many rows fit with at least the theme's minimum data height (never less than 1)."""
        free = self.canvas.viewport().height() - self.overhead_px() + ROW_GAP_PX
        return max(1, int(free // (self._theme.min_row_px + ROW_GAP_PX)))
