"""Building the four plots (axes, legends, curves, cursor lines, reference bands) and styling
them for a theme: the part of PlotArea that only runs at construction and on a theme change."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFontMetrics

from bonegui.app import style
from bonegui.app.plots.axes import LinearMapAxis, MajorTicksAxis, RangePositionAxis, TimeAgeAxis, TimeAxis
from bonegui.app.plots.curves import fast_curve
from bonegui.app.plots.series import PLOTS, WHO_BANDS


class PlotLayout:
    """Mixin of PlotArea: ``_build`` at construction, ``_style_plots`` from set_presentation."""

    # ------------------------------------------------------------------------------- building
    def _build(self) -> None:
        ci = self.canvas.ci
        ci.setSpacing(4)
        first: pg.PlotItem | None = None
        for row, spec in enumerate(PLOTS):
            axes = {"bottom": TimeAgeAxis("bottom") if spec.key == "markers" else TimeAxis("bottom"),
                    "right": LinearMapAxis("right"),
                    "left": RangePositionAxis("left") if spec.key == "hormones" else MajorTicksAxis("left")}
            plot = ci.addPlot(row=row, col=0, axisItems=axes)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.vb.setMouseEnabled(x=True, y=False)  # wheel/drag zooms time only
            plot.vb.disableAutoRange()
            plot.vb.sigRangeChangedManually.connect(self._on_manual_range)
            plot.showAxis("right")
            if first is None:
                first = plot
            else:
                plot.setXLink(first)
            self.plot_items[spec.key] = plot
            self._curves[spec.key] = {}
            legend = pg.LegendItem(colCount=len(spec.series), brush=(255, 255, 255, 215), pen=(160, 160, 160))
            legend.setParentItem(plot)  # placed in the title row by set_presentation
            self.legends[spec.key] = legend
            self._add_backdrop(spec.key, plot)
            for s in spec.series:
                curve = pg.PlotDataItem(name=s.label, skipFiniteCheck=True)
                plot.addItem(curve)  # (PlotItem.addItem resets downsampling: configure after)
                fast_curve(curve, segmented=True)
                self._curves[spec.key][s.name] = curve
                for pin in self._pin_curves:
                    pc = pg.PlotDataItem(skipFiniteCheck=True)
                    pc.setVisible(False)
                    plot.addItem(pc)
                    fast_curve(pc)
                    pin.setdefault(spec.key, {})[s.name] = pc
            line = pg.InfiniteLine(pos=0.0, angle=90, movable=True)
            line.setZValue(50)
            line.sigPositionChanged.connect(self._on_cursor_line_moved)
            plot.addItem(line, ignoreBounds=True)
            self._cursor_lines[spec.key] = line
            plot.getAxis("left").setLabel(spec.y_label)
        # the pinned runs' legend lives in the BMD plot's lower left (usually the emptiest corner)
        self.pin_legend = pg.LegendItem(brush=(255, 255, 255, 225), pen=(120, 120, 120))
        self.pin_legend.setParentItem(self.plot_items["bmd"].vb)
        self.pin_legend.anchor(itemPos=(0, 1), parentPos=(0, 1), offset=(6, -6))
        self.pin_legend.setVisible(False)
        self._pin_samples: list[pg.PlotDataItem] = []
        # time and age at the cursor, at the top of the first plot, on the roomier side of the line
        self._cursor_label = pg.TextItem("", anchor=(0, 0), fill=(255, 255, 255, 220))
        self._cursor_label.setZValue(60)
        self.plot_items["hormones"].addItem(self._cursor_label, ignoreBounds=True)
        bottom = self.plot_items["markers"].getAxis("bottom")
        bottom.setLabel("Time from start (years) and age")
        for key in ("hormones", "cells", "bmd"):
            self.plot_items[key].getAxis("bottom").setStyle(showValues=False)
        spine_axis = self.plot_items["bmd"].getAxis("right")
        spine_axis.setLabel("Spine g/cm²")
        self._hip_axis = LinearMapAxis("right")
        self._hip_axis.setLabel("Hip g/cm²")
        bmd = self.plot_items["bmd"]
        bmd.layout.addItem(self._hip_axis, 2, 3)
        self.plot_items["markers"].vb.sigXRangeChanged.connect(self._on_x_range)
        self._hip_axis.linkToView(bmd.vb)
        self._hip_axis.setZValue(-1000)

    def _add_backdrop(self, key: str, plot: pg.PlotItem) -> None:
        """Reference bands behind the curves: the normal range, WHO classes, the reference line."""
        if key == "hormones":
            band = pg.LinearRegionItem((0.0, 1.0), orientation="horizontal", movable=False,
                                       brush=style.REFERENCE_BAND_COLOUR, pen=pg.mkPen(None))
            band.setZValue(-10)
            plot.addItem(band, ignoreBounds=True)
            self._bands.append(band)
            self._add_band_label(plot, "normal adult range", 1.0)

        elif key == "bmd":
            for name, label, lo, hi in WHO_BANDS:
                band = pg.LinearRegionItem((lo, hi), orientation="horizontal", movable=False,
                                           brush=style.WHO_BAND_COLOURS[name], pen=pg.mkPen(None))
                band.setZValue(-10)
                plot.addItem(band, ignoreBounds=True)
                self._bands.append(band)
                self._add_band_label(plot, label, min(hi, 0.0) if name == "normal" else hi)
        else:
            ref = pg.InfiniteLine(pos=1.0, angle=0, movable=False,
                                  pen=pg.mkPen((90, 90, 90), width=1, style=pg.QtCore.Qt.PenStyle.DashLine))
            ref.setZValue(-5)
            plot.addItem(ref, ignoreBounds=True)
            self._add_band_label(plot, "reference = 1", 1.0)

    def _add_band_label(self, plot: pg.PlotItem, text: str, y: float) -> None:
        label = pg.TextItem(text, color=(60, 60, 60), anchor=(1, 0))
        label.setPos(self._span_years, y)
        label.setZValue(-4)
        plot.addItem(label, ignoreBounds=True)
        self._band_labels.append(label)

    # ------------------------------------------------------------------------------- theme
    def _style_plots(self, t: style.Theme, on: bool) -> None:
        """Fonts, pens, axis widths and legends of every plot for theme ``t``."""
        fg = QColor(t.foreground)
        tick_font = style.font(t.tick_pt)
        left_w = max(120 if not on else 175, self._min_left_w)
        right_w = 64 if not on else 92
        for spec in PLOTS:
            plot = self.plot_items[spec.key]
            plot.setTitle(spec.title, color=t.foreground, size=f"{t.title_pt}pt", bold=True, justify="left")
            for name in ("left", "bottom", "right"):
                ax = plot.getAxis(name)
                ax.setTickFont(tick_font)
                ax.setPen(pg.mkPen(fg, width=1.5 if on else 1))
                ax.setTextPen(fg)
                ax.label.setFont(style.font(t.label_pt))
                ax.setStyle(tickTextOffset=6 if on else 4)
            # equal left and right widths keep the linked time axes aligned across the plots
            plot.getAxis("left").setWidth(left_w)
            plot.getAxis("right").setWidth(right_w if spec.key == "bmd" else 2 * right_w)
            plot.showGrid(x=True, y=True, alpha=t.grid_alpha)
            plot.getAxis("right").setGrid(False)  # the left axis already draws the y grid
            legend = self.legends[spec.key]  # labels take their size when added: rebuild
            # in the title row, just after the title (the narrowest window still shows both)
            title_w = plot.titleLabel.item.boundingRect().width()
            legend.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(left_w + title_w + 14, -2))
            legend.clear()
            legend.setLabelTextSize(f"{t.label_pt}pt")
            legend.setLabelTextColor(fg)
            for s in spec.series:
                legend.addItem(self._curves[spec.key][s.name], s.label)
            # the title row (30 px by default) must hold the whole legend, or its lower edge
            # hides the top of the curves (a peak of osteoblasts or P1NP vanished under it)
            plot.layout.setRowFixedHeight(0, max(30, int(np.ceil(legend.boundingRect().height())) - 1))
        self._hip_axis.setTickFont(tick_font)
        self._hip_axis.setWidth(right_w)
        self._hip_axis.label.setFont(style.font(t.label_pt))
        bottom = self.plot_items["markers"].getAxis("bottom")  # two lines: years, then age
        bottom.setHeight(int(2.2 * QFontMetrics(tick_font).height() + QFontMetrics(style.font(t.label_pt)).height() + 10))
        for key in ("hormones", "cells", "bmd"):
            self.plot_items[key].getAxis("bottom").setHeight(6)
        for line in self._cursor_lines.values():
            line.setPen(pg.mkPen((40, 40, 40), width=t.cursor_width))
            line.setHoverPen(pg.mkPen(style.VERMILLION, width=t.cursor_width + 2))
        self._cursor_label.setFont(style.font(t.label_pt, bold=True))
        self._cursor_label.setColor(fg)
        for axis, colour in ((self.plot_items["bmd"].getAxis("right"), style.BLUE), (self._hip_axis, style.HIP_AXIS_COLOUR)):
            axis.setTextPen(colour)  # each g/cm² axis in its site's colour (hip: darker orange)
            axis.setPen(pg.mkPen(colour, width=1.5 if on else 1))
        for label in self._band_labels:
            label.setFont(style.font(max(t.label_pt - 1, 11)))
