"""PlotArea: the four stacked, x-linked plots, the time cursor and the pinned-run overlays.

Drawing is decoupled from data arrival: ``set_result`` / ``append_chunk`` / ``set_overlays`` only
store the latest data and schedule a frame; a single-shot timer draws at most every
``MIN_FRAME_MS`` from whatever is newest. Each curve is created once and updated with setData
(float64 x, clipped to the view, peak-downsampled), so a drag that produces 100 results draws
at most ~40 frames. See series.py for what each plot shows and why; layout.py builds and styles the plots.
"""

from __future__ import annotations

import time
from typing import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from bonegui.app import style
from bonegui.app.document import MAX_PINNED
from bonegui.app.numbers import fixed, significant
from bonegui.app.plots.curves import Canvas, is_rough
from bonegui.app.plots.layout import PlotLayout
from bonegui.app.plots.series import BMD_SITES, HORMONE_RANGES, PLOTS
from bonegui.model.result import Result
from bonegui.model.tissue import tscore_to_bmd_map

MAX_PINS = MAX_PINNED


class PlotArea(PlotLayout, QWidget):
    """Four stacked plots with linked time axes.

    API: ``plot_items`` (dict "hormones"/"cells"/"bmd"/"markers" -> pg.PlotItem), ``set_result``,
    ``append_chunk`` (streaming: a chunk starting at t = 0 begins a new run), ``set_overlays``
    (up to 4 pinned runs), ``set_cursor`` / ``cursor_t_years`` / ``cursorMoved``, ``set_reveal``
    (playback shows curves up to a time), ``set_span``, ``set_sex``, ``set_presentation``,
    ``set_interactive`` (drag in progress: no antialiasing, y ranges only grow).
    """

    #: the cursor moved (years from start), by the user or by set_cursor
    cursorMoved = Signal(float)
    #: a complete result was put on the curves; argument: its generation
    drawn = Signal(int)
    #: the canvas finished painting; argument: generation of the newest complete result drawn
    painted = Signal(int)

    MIN_FRAME_MS = 25  # at most 40 frames per second
    RELEASE_WAIT_MS = 120

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = style.DEFAULT
        self._min_left_w = 0  # px; the window widens the left axes to line up with the timeline
        self._sex = "female"
        self._span_years = 10.0
        self._cursor_t = 0.0
        self._reveal_t: float | None = None
        self._interactive = False
        self._x_auto = True  # x shows the whole span until the user zooms
        self._span_applied = False

        self._result: Result | None = None  # last complete result
        self._generation = -1
        self._stream: list[Result] | None = None  # chunks of the run now streaming
        self._stream_generation = -1
        self._stream_base: Result | None = None  # previous result, shown beyond the stream's end
        self._display: Result | None = None  # what the curves should show
        self._display_complete = False
        self._overlays: list[tuple[str, Result]] = []
        self._dirty = False
        self._overlays_dirty = False
        self._last_draw = 0.0
        self._drawn_generation = -1
        self._syncing_cursor = False
        self._y_ranges: dict[str, tuple[float, float]] = {}
        self._rough: dict[tuple[str, str], bool] = {}  # (plot, series) -> drawn 1 px wide
        self._pens_dirty = False

        self._draw_timer = QTimer(self)
        self._draw_timer.setSingleShot(True)
        self._draw_timer.timeout.connect(self._draw)

        self.canvas = Canvas()
        self.canvas.painted.connect(self._on_painted)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.canvas)

        self.plot_items: dict[str, pg.PlotItem] = {}
        self.legends: dict[str, pg.LegendItem] = {}
        self._curves: dict[str, dict[str, pg.PlotDataItem]] = {}
        self._pin_curves: list[dict[str, dict[str, pg.PlotDataItem]]] = [{} for _ in range(MAX_PINS)]
        self._cursor_lines: dict[str, pg.InfiniteLine] = {}
        self._bands: list[pg.LinearRegionItem] = []
        self._band_labels: list[pg.TextItem] = []
        self._build()
        self._update_range_tooltip()
        self.set_presentation(False)

    # ------------------------------------------------------------------------------- data in
    @property
    def result(self) -> Result | None:
        """The last complete result given to set_result."""
        return self._result

    @property
    def displayed(self) -> Result | None:
        """What the curves show now (a growing stream, or the complete result)."""
        return self._display

    @property
    def drawn_generation(self) -> int:
        return self._drawn_generation

    def set_result(self, result: Result, generation: int = -1) -> None:
        """Show a complete result (replaces any stream in progress)."""
        self._result = result
        self._generation = generation
        self._stream = None
        self._stream_base = None
        self._display = result
        self._display_complete = True
        self._schedule()

    def append_chunk(self, chunk: Result, generation: int = -1) -> None:
        """Add a streamed block of rows. A chunk that starts at t = 0 (or of a new generation)
        begins a new run; until the run completes, the previous result is shown beyond the
        newest streamed time, so an edit sweeps across the plot instead of blanking it."""
        if not len(chunk):
            return
        new_run = (self._stream is None or generation != self._stream_generation
                   or float(chunk.t_years[0]) <= 0.0)
        if new_run:
            self._stream = [chunk]
            self._stream_generation = generation
            self._stream_base = self._result
        else:
            self._stream.append(chunk)
        head = Result.concat(self._stream) if len(self._stream) > 1 else self._stream[0]
        base = self._stream_base
        if base is not None and len(base) and base.names == head.names:
            t_end = float(head.t_years[-1])
            cut = int(np.searchsorted(base.t_years, t_end, side="right"))
            if cut < len(base):
                head = Result.concat([head, base.slice(cut, len(base))])
        self._display = head
        self._display_complete = False
        self._schedule()

    def clear(self) -> None:
        """Forget the current result (e.g. a new file): the next stream grows from empty."""
        self._result = None
        self._stream = None
        self._stream_base = None
        self._display = None
        self._schedule()

    def set_overlays(self, overlays: Sequence[tuple[str, Result]]) -> None:
        """Pinned runs to draw under the current one (at most 4; extra ones are ignored)."""
        self._overlays = list(overlays)[:MAX_PINS]
        self._overlays_dirty = True
        self._schedule()

    def set_sex(self, sex: str) -> None:
        """The patient's sex selects the hormone reference ranges."""
        if sex != self._sex:
            self._sex = sex
            self._overlays_dirty = True
            self._update_range_tooltip()
            self._schedule()

    def _update_range_tooltip(self) -> None:
        """The band's tooltip (hover the plot) lists each hormone's range for this sex."""
        lines = [f"Normal adult range ({self._sex}); 0 = lower limit, 1 = upper limit, log scale:"]
        for s in PLOTS[0].series:
            r = HORMONE_RANGES[s.name][self._sex]
            lines.append(f"{s.label}: {significant(r.lower)}–{significant(r.upper)} {r.unit}  ({r.source})")
        self.range_tooltip = "\n".join(lines)
        self.plot_items["hormones"].vb.setToolTip(self.range_tooltip)

    def set_span(self, span_years: float) -> None:
        """The x range shows the whole scenario, so streamed curves grow across it (until the
        user zooms with the mouse; set_span again shows the whole span)."""
        if float(span_years) == self._span_years and self._x_auto and self._span_applied:
            return  # every drag preview calls this: repainting for nothing costs a frame
        self._span_applied = True
        self._span_years = float(span_years)
        self._x_auto = True
        self._apply_x_range()
        for line in self._cursor_lines.values():
            line.setBounds((0.0, self._span_years))

    def _apply_x_range(self) -> None:
        want = (-0.01 * self._span_years, 1.01 * self._span_years)
        have = self.plot_items["markers"].vb.viewRange()[0]
        if abs(have[0] - want[0]) + abs(have[1] - want[1]) > 1e-9 * max(1.0, self._span_years):
            self.plot_items["markers"].setXRange(*want, padding=0)

    def _on_manual_range(self, *_args) -> None:
        self._x_auto = False

    def resizeEvent(self, ev) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(ev)
        # linked views re-map their ranges while the layout settles; restore the whole span
        self._schedule()

    def set_reveal(self, t_years: float | None) -> None:
        """Show the curves only up to ``t_years`` (playback); None shows everything."""
        self._reveal_t = t_years
        self._overlays_dirty = True
        self._schedule()

    @property
    def interactive(self) -> bool:
        return self._interactive

    def set_interactive(self, on: bool) -> None:
        """During a drag: 1-px aliased lines and y ranges that only grow (the axes hold still).

        Measured on the four plots: 1-px aliased curves paint in ~5 ms, 2-px antialiased in
        ~9 ms, and 2-px *aliased* in ~29 ms (Qt's aliased wide-line stroker is slow), so
        antialiasing goes off only together with the thin pen."""
        if on == self._interactive:
            return
        self._interactive = on
        self._pens_dirty = True
        self._overlays_dirty = True
        if not on:
            self._y_ranges.clear()
        # the release's result usually follows within a frame or two: restyle in that frame
        # rather than paint the old data at full quality first
        self._schedule(min_wait_ms=0 if on else self.RELEASE_WAIT_MS)

    # ------------------------------------------------------------------------------- cursor
    @property
    def cursor_t_years(self) -> float:
        return self._cursor_t

    def set_cursor(self, t_years: float) -> None:
        t = float(min(max(t_years, 0.0), self._span_years))
        self._move_cursor_lines(t)
        if t != self._cursor_t:
            self._cursor_t = t
            self._update_cursor_label()
            self.cursorMoved.emit(t)

    def _on_cursor_line_moved(self, line: pg.InfiniteLine) -> None:
        if self._syncing_cursor:
            return
        self.set_cursor(float(line.value()))

    def _move_cursor_lines(self, t: float) -> None:
        self._syncing_cursor = True
        try:
            for line in self._cursor_lines.values():
                if float(line.value()) != t:
                    line.setValue(t)
        finally:
            self._syncing_cursor = False

    def _update_cursor_label(self) -> None:
        r = self._display if self._display is not None and len(self._display) else None
        text = f"{fixed(self._cursor_t, 2)} y"
        if r is not None and "age_years" in r.names:
            text += f" · age {fixed(float(r.age_years[0]) + self._cursor_t, 1)}"
        self._cursor_label.setText(text)
        (x0, x1), (y0, y1) = self.plot_items["hormones"].vb.viewRange()
        right_side = self._cursor_t < 0.5 * (x0 + x1)
        self._cursor_label.setAnchor((0, 0) if right_side else (1, 0))
        self._cursor_label.setPos(self._cursor_t, y1 - 0.1 * (y1 - y0))  # clear of the legend

    # ------------------------------------------------------------------------------- drawing
    def _schedule(self, min_wait_ms: int = 0) -> None:
        """Draw at the next frame (at most one per MIN_FRAME_MS), or ``min_wait_ms`` from now
        if later; an earlier request pulls a later one forward."""
        self._dirty = True
        wait_ms = max(min_wait_ms, int(self.MIN_FRAME_MS - (time.perf_counter() - self._last_draw) * 1000.0), 0)
        if self._draw_timer.isActive() and self._draw_timer.remainingTime() <= wait_ms:
            return
        self._draw_timer.start(wait_ms)

    def flush(self) -> None:
        """Draw now if anything is pending (tests and the screenshot use it)."""
        if self._dirty:
            self._draw_timer.stop()
            self._draw()

    def _draw(self) -> None:
        self._dirty = False
        self._last_draw = time.perf_counter()
        if self._pens_dirty:
            self._pens_dirty = False
            self._apply_pens()
        shown: dict[str, list[np.ndarray]] = {spec.key: [] for spec in PLOTS}
        disp = self._display
        for spec in PLOTS:
            for s in spec.series:
                curve = self._curves[spec.key][s.name]
                if disp is None or not len(disp) or s.name not in disp.names:
                    curve.setData([], [])
                    continue
                x, y = self._xy(disp, s)
                rough = is_rough(y)
                if rough != self._rough.get((spec.key, s.name), False):
                    self._rough[(spec.key, s.name)] = rough
                    self._set_pen(curve, s.colour, rough)
                    curve.setDownsampling(method="peak" if rough else "mean")
                    # a rippled band (weekly injections) goes under the smooth curves, so a thin
                    # steady line (estradiol on TRT) is not hidden behind it
                    curve.setZValue(0 if rough else 1)
                curve.setData(x, y)
                shown[spec.key].append(y)
        if self._overlays_dirty:
            self._draw_overlays()
        for i, (_name, r) in enumerate(self._overlays):
            for spec in PLOTS:
                for s in spec.series:
                    if s.name in r.names:
                        shown[spec.key].append(self._xy(r, s)[1])
        if self._x_auto:
            self._apply_x_range()
        self._update_y_ranges(shown)
        self._update_side_axes()
        self._update_cursor_label()
        if self._display_complete and disp is not None:
            self._drawn_generation = self._generation
            self.drawn.emit(self._generation)

    def _xy(self, r: Result, s) -> tuple[np.ndarray, np.ndarray]:
        x = np.asarray(r.t_years, dtype=np.float64)
        y = np.asarray(r[s.name], dtype=np.float64)
        if s.transform is not None:
            y = s.transform(self._sex, y)
        if self._reveal_t is not None:
            n = int(np.searchsorted(x, self._reveal_t, side="right"))
            x, y = x[:n], y[:n]
        return x, y

    def _draw_overlays(self) -> None:
        self._overlays_dirty = False
        t = self._theme
        for i, pin in enumerate(self._pin_curves):
            run = self._overlays[i][1] if i < len(self._overlays) else None
            for spec in PLOTS:
                for s in spec.series:
                    c = pin[spec.key][s.name]
                    if run is None or s.name not in run.names or not len(run):
                        c.setVisible(False)
                        c.setData([], [])
                        continue
                    x, y = self._xy(run, s)
                    rough = is_rough(y)
                    c.setPen(self._pin_pen(s.colour, i, rough))
                    c.setDownsampling(method="peak" if rough else "mean")
                    c.setData(x, y)
                    c.setVisible(True)
        self.pin_legend.clear()
        self._pin_samples = []
        for i, (name, _r) in enumerate(self._overlays):
            sample = pg.PlotDataItem(pen=self._pin_pen("#333333", i))
            self._pin_samples.append(sample)
            self.pin_legend.addItem(sample, f"Pinned: {name}")
        self.pin_legend.setLabelTextSize(f"{t.label_pt}pt")
        self.pin_legend.setVisible(bool(self._overlays))

    def _pin_pen(self, colour: str, i: int, rough: bool = False) -> QPen:
        c = QColor(colour)
        c.setAlpha(200)
        pen = pg.mkPen(c, width=self._width(rough, self._theme.pin_line_width))
        pen.setStyle(style.PIN_DASHES[i % len(style.PIN_DASHES)])
        return pen

    def _update_y_ranges(self, shown: dict[str, list[np.ndarray]]) -> None:
        for spec in PLOTS:
            lo, hi = spec.y_always
            for y in shown[spec.key]:
                finite = y[np.isfinite(y)]
                if len(finite):
                    lo, hi = min(lo, float(finite.min())), max(hi, float(finite.max()))
            pad = 0.06 * (hi - lo)
            lo, hi = lo - pad, hi + pad
            if self._interactive and spec.key in self._y_ranges:  # only grow during a drag
                plo, phi = self._y_ranges[spec.key]
                lo, hi = min(lo, plo), max(hi, phi)
            if self._y_ranges.get(spec.key) != (lo, hi):
                self._y_ranges[spec.key] = (lo, hi)
                self.plot_items[spec.key].setYRange(lo, hi, padding=0)
                if spec.key == "hormones":
                    self._update_cursor_label()

    def _update_side_axes(self) -> None:
        r = self._result if self._result is not None else self._display
        age_axis = self.plot_items["markers"].getAxis("bottom")
        if r is not None and len(r) and "age_years" in r.names:
            age_axis.set_age0(float(r.age_years[0]) - float(r.t_years[0]))
        # the model's T-score -> g/cm² map for the site and sex; no values before the first result
        axes = (self.plot_items["bmd"].getAxis("right"), self._hip_axis)
        for axis, (t_name, b_name, site) in zip(axes, BMD_SITES):
            if r is not None and len(r) and t_name in r.names and b_name in r.names:
                axis.set_map(*tscore_to_bmd_map(site, self._sex))

    def _on_x_range(self, _vb, x_range) -> None:
        # band labels stay at the right edge of the visible time window
        for label in self._band_labels:
            label.setPos(float(x_range[1]), label.pos().y())

    def _on_painted(self) -> None:
        self.painted.emit(self._drawn_generation)

    def _all_curves(self):
        for d in self._curves.values():
            yield from d.values()
        for pin in self._pin_curves:
            for d in pin.values():
                yield from d.values()

    # ------------------------------------------------------------------------------- theme
    def set_min_left_axis_width(self, px: int) -> None:
        """Widen every plot's left axis to at least ``px`` (keeps them aligned with each other)."""
        px = int(px)
        if px != self._min_left_w:
            self._min_left_w = px
            self.set_presentation(self._theme is not style.DEFAULT)

    def set_presentation(self, on: bool) -> None:
        """Presentation mode: ≥ 16 pt ticks, thick lines, black text."""
        self._theme = t = style.theme(on)
        self._style_plots(t, on)
        self._apply_pens()
        self._overlays_dirty = True
        self._schedule()

    def _width(self, rough: bool, base: float) -> float:
        """Pen width: 1 px while dragging; rough curves (see _is_rough) 1 px, or 2 px in
        presentation mode where a projector would lose a 1-px band; else ``base``."""
        if self._interactive:
            return 1.0
        if rough:
            return 2.0 if self._theme is style.PRESENTATION else 1.0
        return base

    def _set_pen(self, curve: pg.PlotDataItem, colour: str, rough: bool) -> None:
        width = self._width(rough, self._theme.line_width)
        curve.setPen(pg.mkPen(colour, width=width))
        # separate segments only pay off for wide pens; a 1-px polyline is cheaper as one path
        curve.curve.setSegmentedLineMode("on" if width > 1 else "off")

    def _apply_pens(self) -> None:
        fast = self._interactive
        for spec in PLOTS:
            for s in spec.series:
                c = self._curves[spec.key][s.name]
                self._set_pen(c, s.colour, self._rough.get((spec.key, s.name), False))
                c.curve.opts["antialias"] = not fast
        for pin in self._pin_curves:
            for d in pin.values():
                for c in d.values():
                    c.curve.opts["antialias"] = not fast
        # legend samples follow their curves' pens
        for legend in self.legends.values():
            legend.update()
