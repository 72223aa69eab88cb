"""PlotArea: the plot rows on one time axis, the time cursor and the pinned-run overlays.

Drawing is decoupled from data arrival: ``set_result`` / ``append_chunk`` / ``set_overlays`` only
store the latest data and schedule a frame; a single-shot timer draws at most every
``MIN_FRAME_MS`` from whatever is newest. Each curve is created once and updated with setData
(float64 x, clipped to the view, about one point per pixel); only the rows on screen are drawn,
and y ranges move in round steps so the axes keep their cached pictures between results.

Which rows are on screen (rows.py): the user's choice, most recent first, as many as fit
at the theme's minimum data height. See series.py for what each row shows, layout.py for how
they are built and laid out, bands.py for the reference bands.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from bonegui.app import style
from bonegui.app.document import MAX_PINNED
from bonegui.app.plots.bands import life_stages
from bonegui.app.plots.curves import Canvas, FastCurve, is_rough, running_mean
from bonegui.app.plots.cursor import PlotCursor
from bonegui.app.plots.decor import PlotDecor
from bonegui.app.plots.layout import PlotLayout
from bonegui.app.plots.overlays import PlotOverlays
from bonegui.app.plots.rows import RowChoice
from bonegui.app.plots.series import PLOTS
from bonegui.app.plots.time_range import TimeRange
from bonegui.model.result import Result
from bonegui.scenario import Patient

MAX_PINS = MAX_PINNED


class PlotArea(PlotCursor, PlotOverlays, PlotDecor, PlotLayout, QWidget):
    """Plot rows with one shared time range.

    API: ``rows`` (key -> Row), ``plot_items`` (the four plots' keys -> a PlotItem of theirs),
    ``set_result``, ``append_chunk`` (streaming: a chunk starting at t = 0 begins a new run),
    ``set_overlays`` (up to 4 pinned runs), ``set_cursor`` / ``cursor_t_years`` / ``cursorMoved``,
    ``set_reveal`` (playback shows curves up to a time), ``set_span``, ``set_patient``,
    ``set_presentation``, ``set_interactive`` (drag in progress: y ranges only grow),
    ``choice`` (which rows the user wants; ``shown_rows`` what fits), ``time_range``;
    ``set_cohort`` (the Cohort switch: median and 5-95 % band in the BMD and marker rows) and
    ``set_pin_cohorts`` (the pinned runs' cohort medians, drawn as their overlays there).
    """

    #: the cursor moved (years from start), by the user or by set_cursor
    cursorMoved = Signal(float)
    #: a complete result was put on the curves; argument: its generation
    drawn = Signal(int)
    #: the canvas finished painting; argument: generation of the newest complete result drawn
    painted = Signal(int)
    #: the rows on screen changed (argument: their keys, top to bottom)
    rowsChanged = Signal(tuple)

    MIN_FRAME_MS = 25  # at most 40 frames per second
    RELEASE_WAIT_MS = 120

    def __init__(self, parent: QWidget | None = None, time_range: TimeRange | None = None) -> None:
        super().__init__(parent)
        self._theme = style.DEFAULT
        self._min_left_w = 0  # px; the window widens the left column to line up with the timeline
        self._patient = Patient()
        self._stages = life_stages(self._patient, 10.0)
        self._span_years = 10.0
        self._cursor_t = 0.0
        self._reveal_t: float | None = None
        self._interactive = False
        self._span_applied = False

        self._result: Result | None = None  # last complete result
        self._generation = -1
        self._stream: list[Result] | None = None  # chunks of the run now streaming
        self._stream_generation = -1
        self._stream_base: Result | None = None  # previous result, shown beyond the stream's end
        self._display: Result | None = None  # what the curves should show
        self._display_complete = False
        self._overlays: list[tuple[str, Result]] = []
        self._cohort = None  # CohortResult of the Cohort switch, or None
        self._cohort_people = 0  # the N its legend names
        self._cohort_dirty = False
        self._pin_cohorts: list = []  # per pinned run: its CohortResult, or None
        self._dirty = False
        self._overlays_dirty = False
        self._stale: set[str] = set()  # rows whose curves wait to be drawn (hidden when data came)
        self._last_draw = 0.0
        self._drawn_generation = -1
        self._syncing_cursor = False
        self._y_ranges: dict[str, tuple[float, float]] = {}
        self._rough: dict[tuple[str, str], bool] = {}
        self._shown: tuple[str, ...] = ()
        self._time_axis_px = 40

        self._draw_timer = QTimer(self)
        self._draw_timer.setSingleShot(True)
        self._draw_timer.timeout.connect(self._draw)

        self.canvas = Canvas()
        self.canvas.painted.connect(self._on_painted)
        self.canvas.resized.connect(self._on_canvas_resized)
        self.canvas.setAccessibleName("Plots")
        self.canvas.setAccessibleDescription("The simulated hormones, bone cells, bone density and turnover "
                                             "markers over time; the readout lists the values at the cursor")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.canvas)

        self.time_range = time_range if time_range is not None else TimeRange(self)
        self.choice = RowChoice(self)
        self.choice.changed.connect(self._refit)
        self._build()
        for row in self.rows.values():
            self.time_range.attach(row.vb)
        self.time_range.changed.connect(self._on_x_range)
        self.canvas.scene().sigMouseClicked.connect(self._on_scene_click)
        self.set_presentation(False)

    # ------------------------------------------------------------------------------- compat views
    @property
    def plot_items(self) -> dict[str, pg.PlotItem]:
        """The four plots by key; "hormones" is its top row on screen (else estradiol's)."""
        hormone = next((k for k in self._shown if k.startswith("hormones:")), "hormones:estradiol")
        return {"hormones": self.rows[hormone].plot, "cells": self.rows["cells"].plot,
                "bmd": self.rows["bmd"].plot, "markers": self.rows["markers"].plot}

    @property
    def _curves(self) -> dict[str, dict[str, FastCurve]]:
        """plot key -> series -> the current run's curve."""
        out: dict[str, dict[str, FastCurve]] = {spec.key: {} for spec in PLOTS}
        for row in self.rows.values():
            out[row.spec.plot].update(row.curves)
        return out

    @property
    def _pin_curves(self) -> list[dict[str, dict[str, FastCurve]]]:
        out = []
        for i in range(MAX_PINS):
            d: dict[str, dict[str, FastCurve]] = {spec.key: {} for spec in PLOTS}
            for row in self.rows.values():
                d[row.spec.plot].update(row.pins[i])
            out.append(d)
        return out

    @property
    def headers(self):
        return {key: row.header for key, row in self.rows.items()}

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
        self.set_cohort_faded(True)  # a cohort drawn is of the old scenario until the new one comes
        self._schedule()


    def set_sex(self, sex: str) -> None:
        """The patient's sex selects the reference bands (a shortcut for set_patient)."""
        if sex != self._patient.sex:
            menopause = self._patient.menopause if sex == "female" else "none"
            self.set_patient(Patient(sex=sex, age_years=self._patient.age_years, menopause=menopause))

    def set_patient(self, patient: Patient) -> None:
        """The patient's sex and life stages select the hormone rows' reference bands."""
        stages = life_stages(patient, self._span_years)
        if patient == self._patient and stages == self._stages:
            return
        self._patient = patient
        self._stages = stages
        self._update_bands()
        self._update_side_axes()
        self._schedule()

    @property
    def life_stages(self) -> list[tuple[float, float, str]]:
        return list(self._stages)

    def set_span(self, span_years: float) -> None:
        """The whole scenario shows, so streamed curves grow across it (until the user zooms;
        set_span again, or the time range's fit, shows the whole span)."""
        span = float(span_years)
        if span == self._span_years and self._span_applied:
            return  # every drag preview calls this: repainting for nothing costs a frame
        self._span_applied = True
        self._span_years = span
        self.time_range.set_span(span)
        for row in self.rows.values():
            row.cursor.setBounds((0.0, span))
        self._stages = life_stages(self._patient, span)
        self._update_bands()

    def _on_canvas_resized(self) -> None:
        if not hasattr(self, "rows"):
            return
        columns = self._columns()
        if columns != getattr(self, "_styled_columns", None):
            self._style_rows(self._theme)
        self._refit()
        self._refresh_later()

    def _refresh_later(self) -> None:
        """After the layout has given the rows their new widths."""
        QTimer.singleShot(0, self, self._refresh_curves)

    def set_reveal(self, t_years: float | None) -> None:
        """Show the curves only up to ``t_years`` (playback); None shows everything."""
        self._reveal_t = t_years
        self._overlays_dirty = True
        self._cohort_dirty = True
        self._schedule()

    @property
    def interactive(self) -> bool:
        return self._interactive

    def set_interactive(self, on: bool) -> None:
        """During a drag the y ranges only grow (the axes hold still); the lines keep their
        widths (a thin/thick flash on release reads as a glitch)."""
        if on == self._interactive:
            return
        self._interactive = on
        if not on:
            self._y_ranges.clear()
        self._schedule(min_wait_ms=0 if on else self.RELEASE_WAIT_MS)

    # ------------------------------------------------------------------------------- rows
    @property
    def shown_rows(self) -> tuple[str, ...]:
        return self._shown

    def _refit(self, *_args) -> None:
        shown = self.choice.fit(self.capacity())
        if shown != self._shown:
            newly = set(shown) - set(self._shown)
            self._shown = shown
            self._stale |= newly
            self._arrange(shown)
            self._overlays_dirty = True
            self._cohort_dirty = True
            self._schedule()
            self.rowsChanged.emit(shown)
        else:
            self._arrange(shown)
        self._update_cursor_band()
        self._place_band_labels()

    def _on_header_double_click(self, key: str) -> None:
        self.choice.toggle_maximised(key)

    # ------------------------------------------------------------------------------- cursor


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
        """Lay out and draw now whatever is pending (export, tests and the screenshot use it)."""
        self.canvas.ci.layout.activate()  # a row change is laid out at the next event otherwise
        if self._dirty:
            self._draw_timer.stop()
            self._draw()

    def _draw(self) -> None:
        self._dirty = False
        self._last_draw = time.perf_counter()
        disp = self._display
        shown: dict[str, list[np.ndarray]] = {key: [] for key in self._shown}
        self._stale.update(k for k in self.rows if k not in self._shown)  # drawn when they show
        for key in self._shown:
            self._stale.discard(key)
            row = self.rows[key]
            for s in row.spec.series:
                curve, ripple = row.curves[s.name], row.ripples[s.name]
                if disp is None or not len(disp) or s.name not in disp.names:
                    curve.clear_full()
                    ripple.clear_full()
                    ripple.setVisible(False)
                    continue
                view = self._view_of(row)
                x, y, swing = self._xy(disp, s, key)
                curve.set_full(x, y, view)
                if swing is None:
                    if ripple.isVisible():
                        ripple.setVisible(False)
                        ripple.clear_full()
                else:
                    ripple.set_full(x, swing, view)
                    if not ripple.isVisible():
                        ripple.setVisible(True)
                shown[key].append(y if swing is None else swing)
        if self._overlays_dirty:
            self._draw_overlays()
        if self._cohort_dirty:
            self._draw_cohort()
        if self._cohort is not None:
            for key in self._shown:
                for band in self.rows[key].cohort.values():
                    if band.visible:
                        _x, lo, _mid, hi = band.drawn()
                        shown[key].extend((lo, hi))
        for _name, r in self._overlays:
            for key in self._shown:
                for s in self.rows[key].spec.series:
                    if s.name in r.names and len(r):
                        shown[key].append(self._xy(r, s, key)[1])
        self._update_y_ranges(shown)
        self._place_band_labels()  # clear of the curves just drawn
        self._update_side_axes()
        self._update_headers()
        self._update_cursor_band()
        if self._display_complete and disp is not None:
            self._drawn_generation = self._generation
            self.drawn.emit(self._generation)

    def _xy(self, r: Result, s, key: str) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Time, the drawn line and (for a rippled curve) its day-to-day swing, in view units.
        A rippled curve's line is its 4-week running mean (curves.py)."""
        x = np.asarray(r.t_years, dtype=np.float64)
        y = np.asarray(r[s.name], dtype=np.float64)
        if self._reveal_t is not None:
            n = int(np.searchsorted(x, self._reveal_t, side="right"))
            x, y = x[:n], y[:n]
        rough = is_rough(y)
        self._rough[(key, s.name)] = rough
        line, swing = (running_mean(y), y) if rough else (y, None)
        if s.transform is not None:
            line = s.transform(line)
            swing = None if swing is None else s.transform(swing)
        return x, line, swing


    def _view_of(self, row) -> tuple[float, float, float]:
        x0, x1 = self.time_range.range
        return x0, x1, max(float(row.vb.width()), 50.0)

    def _refresh_curves(self) -> None:
        """A pan, zoom or resize: each curve on screen re-cuts its series for the new view."""
        for key in self._shown:
            row = self.rows[key]
            view = self._view_of(row)
            for curves in (row.curves, row.ripples, *row.pins):
                for c in curves.values():
                    if c.isVisible():
                        c.refresh(view)

    def _on_x_range(self, _x0: float, _x1: float) -> None:
        self._refresh_curves()
        self._place_band_labels()
        self._update_cursor_band()

    def _on_painted(self) -> None:
        self.painted.emit(self._drawn_generation)

    def _all_curves(self):
        for row in self.rows.values():
            yield from row.curves.values()
            yield from row.ripples.values()
            for pin in row.pins:
                yield from pin.values()

    # ------------------------------------------------------------------------------- theme
    def set_min_left_axis_width(self, px: int) -> None:
        """Widen every row's left column (header + tick axis) to at least ``px``, so the years
        line up with the timeline's lanes."""
        px = int(px)
        if px != self._min_left_w:
            self._min_left_w = px
            self._style_rows(self._theme)
            self._refit()

    def left_column_px(self) -> int:
        header, left, _right, _hip = self._columns()
        return header + left

    def set_presentation(self, on: bool) -> None:
        """Presentation mode: ≥ 16 pt ticks, thick lines, black text, taller minimum rows."""
        self._theme = style.theme(on)
        self._style_rows(self._theme)
        self._apply_pens()
        self._overlays_dirty = True
        self._update_headers()
        self._refit()
        self._schedule()

    def _apply_pens(self) -> None:
        t = self._theme
        for row in self.rows.values():
            for s in row.spec.series:
                curve = row.curves[s.name]
                curve.setPen(pg.mkPen(s.colour, width=t.line_width))
                # the swing in the line's colour mixed with white, opaque: strokes that meet on
                # one pixel column do not add up to a darker stripe
                c = QColor(s.colour)
                swing = QColor(int(0.45 * c.red() + 140), int(0.45 * c.green() + 140), int(0.45 * c.blue() + 140))
                row.ripples[s.name].setPen(pg.mkPen(swing, width=1))
            for band in row.cohort.values():
                band.set_width(t.pin_line_width, 1.0 if t is style.DEFAULT else 2.0)
