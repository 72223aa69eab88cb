"""TimelineEditor: lanes over the years where the user drags therapy blocks, doses, hormone
override keyframes and activity changes.

All state is the ScenarioDocument's Scenario. A drag sends ``document.preview(candidate)`` on
every change (the window's simulation controller coalesces them, so the plots follow) and ONE
``document.commit(final, text, base=before)`` on release: a whole drag is one undo step and
undo restores the exact previous Scenario. The editor redraws from ``scenarioChanged`` (protocol
panel edits, undo/redo, file loads), but never mid-drag. No simulation runs here.

The editor's edits and context menus are in ``commands.py``, its keyboard in ``keys.py``, its
header row in ``header.py``, the lane items (and their shared drag and hover handling) in
``lane_item.py`` and its subclasses.

A hormone has a lane once it is drawn (overridden) or asked for ("Draw a hormone" menu);
the others follow their physiology and need no room. The time axis is the plots' (same range,
same ticks: bonegui.app.plots.time_range, TimeAgeAxis), so a block sits above the years it acts
on; the time cursor is drawn here too.

Public helpers (tests, the GUI latency benchmark, the window):
``view`` (the QGraphicsView), ``therapy_block(i)`` (a TherapyBlockItem; ``sceneBoundingRect()``
is the block), ``hormone_lane(h)``, ``activity_lane()``, ``to_scene(x_years, y)``,
``set_reference_result(result)`` (draws simulated hormone levels under the keyframes),
``fit()``, ``drag_message`` (the text of the drag tooltip), ``attach_time_range(tr)``,
``set_cursor(t)``, ``set_collapsed(on)`` / ``collapsed`` / ``collapsedChanged``,
``open_hormone_lane(h)``, ``override_from_menu(h)``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QMenu, QVBoxLayout, QWidget

from bonegui.app.plots.axes import TimeAgeAxis
from bonegui.app.timeline.activity_lane import ActivityLaneItem
from bonegui.app.timeline.axes import LaneAxis
from bonegui.app.timeline.commands import TimelineCommands
from bonegui.app.timeline.drags import TimelineDrags
from bonegui.app.timeline.geometry import LANE_GAP, MIN_SPAN_YEARS, SNAP_DIVISIONS, Lane, hormone_lane_max, layout_lanes
from bonegui.app.timeline.header import DEFAULT_HINT, ElidedLabel, build_header
from bonegui.app.timeline.hormone_lane import HormoneLaneItem
from bonegui.app.timeline.keys import TimelineKeys
from bonegui.app.timeline import lane_item
from bonegui.app.timeline.lane_item import LaneBandsItem, label_font
from bonegui.app.timeline.therapy_block import TherapyBlockItem
from bonegui.catalogue import catalogue
from bonegui.model.endocrine import OVERRIDE_SERIES
from bonegui.model.units import DAYS_PER_YEAR
from bonegui.scenario import HORMONES, Scenario

#: the lane view's minimum height (px) never exceeds the 360-px design height of the editor
MAX_MIN_VIEW_PX = 330


_ElidedLabel = ElidedLabel  # the header's hint label (kept for the name)


class TimelineEditor(TimelineDrags, TimelineCommands, TimelineKeys, QWidget):
    """Lanes on a shared time axis: one per therapy, the activity lane, one per drawn hormone."""

    #: the lanes were folded (True) or shown again (False)
    collapsedChanged = Signal(bool)
    #: lanes came or went: the natural height (sizeHint) changed
    lanesChanged = Signal()

    #: a lane unit on screen, in label lines: a therapy lane is about two lines of its label tall
    LINES_PER_UNIT = 1.5

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self._shown: Scenario = document.scenario
        self._drag = None  # drags._Drag while a drag is on
        self._pending: Scenario | None = None
        self._signature = None
        self._reference = None
        self.selection: tuple | None = None
        self.drag_message = ""
        self.last_menu: QMenu | None = None
        self.lanes: list[Lane] = []
        self._lane_minimum = True  # off in presentation mode (set_lane_minimum)
        self._blocks: list[TherapyBlockItem] = []
        self._hormones: dict[str, HormoneLaneItem] = {}
        self._activity: ActivityLaneItem | None = None
        self._open_lanes: set[str] = set()  # hormones given a lane without keyframes yet
        self._time_range = None
        self._cursor_t = 0.0
        self.collapsed = False

        self._toolbar = build_header(self)
        self._build_plot()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(2)
        lay.addLayout(self._toolbar)
        lay.addWidget(self.view, 1)

        document.scenarioChanged.connect(self._on_scenario_changed)
        document.previewChanged.connect(self._on_preview_changed)
        # an undo, a redo or a new file makes the last hint ("Not applied: …") stale
        document.undo_stack.indexChanged.connect(self._on_undo_index)
        self._own_commit = False
        document.fileStateChanged.connect(self._on_file_state)
        self._show(document.scenario)
        self.fit()

    # ---- construction -----------------------------------------------------------------------
    def _build_plot(self) -> None:
        # the plots' time axis class: the same ticks at the same widths (years only here)
        self.x_axis = TimeAgeAxis("bottom", show_age=False)
        self.lane_axis = LaneAxis()
        self.view = pg.PlotWidget(background="w", axisItems={"bottom": self.x_axis, "left": self.lane_axis})
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.setAccessibleName("Timeline")
        self.view.setAccessibleDescription(
            "Lanes of therapies, activity and drawn hormones over the years. Tab selects the next item, "
            "arrow keys move it or change its dose or level, Delete removes a keyframe")
        self.view.installEventFilter(self)
        _no_hover_while_dragging(self.view.scene())
        self.plot = self.view.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.disableAutoRange()
        self.vb = self.plot.getViewBox()
        self.vb.invertY(True)
        font = label_font()
        for ax in (self.x_axis, self.lane_axis):
            ax.setStyle(tickFont=font)
            ax.setTextPen(pg.mkPen(30, 30, 30))
            ax.setPen(pg.mkPen(120, 120, 120))
        self.x_axis.enableAutoSIPrefix(False)
        self.x_axis.setHeight(QFontMetrics(font).height() + 10)  # one row: years (the plots show the age)
        self.bands = LaneBandsItem(self)
        self.plot.addItem(self.bands)
        self.cursor_line = pg.InfiniteLine(pos=0.0, angle=90, movable=False, pen=pg.mkPen((40, 40, 40), width=2))
        self.cursor_line.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.cursor_line.setAcceptHoverEvents(False)
        self.cursor_line.setZValue(40)
        self.plot.addItem(self.cursor_line, ignoreBounds=True)

    # ---- state the items read ---------------------------------------------------------------
    @property
    def span_years(self) -> float:
        return self._shown.span_years

    @property
    def age_years(self) -> float:
        return self._shown.patient.age_years

    @property
    def drag_base(self) -> Scenario:
        return self._drag.base if self._drag else self.document.scenario

    def snap_divisions(self, modifiers=None) -> float | None:
        """The snap grid (divisions per year) or None: snapping off, or Shift held."""
        if modifiers is not None and modifiers & Qt.KeyboardModifier.ShiftModifier:
            return None
        div = SNAP_DIVISIONS[self.snap_combo.currentText()]
        if div and 1.0 / div > self.span_years / 5.0:  # a short PK demo: months would be too coarse
            return DAYS_PER_YEAR
        return div

    def fine(self, modifiers) -> bool:
        return bool(modifiers & Qt.KeyboardModifier.ShiftModifier)

    # ---- public helpers ---------------------------------------------------------------------
    def therapy_block(self, i: int) -> TherapyBlockItem:
        return self._blocks[i]

    def hormone_lane(self, hormone: str) -> HormoneLaneItem:
        """The lane of a drawn hormone (``open_hormone_lane`` gives one to any hormone)."""
        return self._hormones[hormone]

    def open_hormone_lane(self, hormone: str) -> HormoneLaneItem:
        """Give ``hormone`` a lane (no keyframes yet: double-click in it to add one)."""
        if hormone not in self._hormones:
            self._open_lanes.add(hormone)
            self._show(self.document.scenario)
            self.set_reference_result(self._reference)
        return self._hormones[hormone]

    def activity_lane(self) -> ActivityLaneItem:
        return self._activity

    def lane(self, key: tuple) -> Lane:
        return next(ln for ln in self.lanes if ln.key == key)

    def to_scene(self, x_years: float, y: float) -> QPointF:
        """A point in view units (years, lane units) as a scene point."""
        return self.vb.mapViewToScene(QPointF(x_years, y))

    def set_label_width(self, px: int) -> None:
        """Width of the lane-label column, e.g. to line the time axis up with plots below."""
        self.lane_axis.setWidth(px)
        self.lane_axis.set_lanes(self.lanes)

    def set_axis_margins(self, left_px: int, right_px: int) -> None:
        """Widths of the label column and of an empty right margin, so the lanes' time axis
        can line up pixel for pixel with plots below that have right-hand axes."""
        self.set_label_width(max(40, int(left_px)))
        right = self.plot.getAxis("right")
        if right_px > 0:
            self.plot.showAxis("right")
            right.setStyle(showValues=False, tickLength=0)
            right.setPen(pg.mkPen(255, 255, 255, 0))
            right.setWidth(int(right_px))
        else:
            self.plot.hideAxis("right")

    def fit(self) -> None:
        """The whole span (and the plots with it, when they share the time range)."""
        if self._time_range is not None:
            self._time_range.fit()
        else:
            self.vb.setXRange(0.0, self.span_years, padding=0.02)

    def attach_time_range(self, time_range) -> None:
        """Share the plots' time range: panning or zooming here moves them, and back."""
        self._time_range = time_range
        time_range.attach(self.vb)
        time_range.set_span(self.span_years)

    def set_cursor(self, t_years: float) -> None:
        self._cursor_t = float(t_years)
        self.cursor_line.setValue(self._cursor_t)

    def set_collapsed(self, on: bool) -> None:
        """Fold the lanes away (the header row stays) or show them again."""
        on = bool(on)
        if on == self.collapsed:
            return
        self.collapsed = on
        self.view.setVisible(not on)
        if self.lanes_action.isChecked() == on:
            self.lanes_action.setChecked(not on)
        self.fold_button.setArrowType(Qt.ArrowType.RightArrow if on else Qt.ArrowType.DownArrow)
        self.setMaximumHeight(self.minimumSizeHint().height() if on else 16777215)
        self.updateGeometry()
        self.collapsedChanged.emit(on)

    def set_presentation(self, on: bool) -> None:
        """Projector type in the lanes (14 pt labels; the plots below have 16 pt)."""
        pt = lane_item.PRESENTATION_LABEL_PT if on else lane_item.DEFAULT_LABEL_PT
        if pt == lane_item.LABEL_PT:
            return
        lane_item.LABEL_PT = pt
        font = label_font()
        for ax in (self.x_axis, self.lane_axis):
            ax.setStyle(tickFont=font)
        self.x_axis.setHeight(QFontMetrics(font).height() + 10)
        self.lane_axis.set_lanes(self.lanes)
        self._apply_lane_minimum()
        self._update_items()

    def label_width_needed(self) -> int:
        """The lane-label column that shows every lane's label whole (at most the design width)."""
        from bonegui.app.timeline.axes import LANE_LABEL_WIDTH

        fm = QFontMetrics(label_font())
        need = max((fm.horizontalAdvance(ln.label) for ln in self.lanes), default=0) + 24
        return int(min(max(need, 90), LANE_LABEL_WIDTH))

    def _on_undo_text(self, text: str) -> None:
        self.undo_action.setToolTip(f"Undo {text}".strip())

    def _on_redo_text(self, text: str) -> None:
        self.redo_action.setToolTip(f"Redo {text}".strip())

    def _on_undo_index(self, _index: int) -> None:
        if not self._own_commit:  # an undo, a redo or another view's edit: the hint is stale
            self._reset_hint()

    def _reset_hint(self) -> None:
        if self._drag is None:
            self.drag_message = ""
            self.status.setText(DEFAULT_HINT)

    def _on_file_state(self) -> None:
        if self.document.undo_stack.count() == 0:  # a new or loaded document
            self._open_lanes.clear()
            self._reset_hint()
            self._show(self.document.scenario)

    def set_reference_result(self, result) -> None:
        """Draw the simulated hormone levels of ``result`` (a bonegui Result) faintly in the
        hormone lanes, under the override keyframes. Pass None to remove them."""
        self._reference = result
        if self._drag is None:
            self._update_lane_scales()
        self._update_reference_curves()

    # ---- document -> view -------------------------------------------------------------------
    def _on_scenario_changed(self, scenario: Scenario) -> None:
        if self._drag is not None:  # never rebuild under the user's mouse; apply on release
            self._pending = scenario
            return
        self._show(scenario)

    def _on_preview_changed(self, scenario: Scenario) -> None:
        if self._drag is None:  # another view's drag (protocol panel): follow it
            self._show(scenario)

    def _lane_specs(self, s: Scenario) -> list[tuple[tuple, str]]:
        specs = []
        agents = catalogue()
        for i, t in enumerate(s.therapies):
            name = agents[t.agent].name if t.agent in agents else t.agent
            specs.append((("therapy", i), name, "therapy"))
        if not s.therapies:
            specs.append((("empty",), "Therapies", "empty"))
        specs.append((("activity",), "Activity", "activity"))
        for h, spec in HORMONES.items():
            if s.override_for(h) or h in self._open_lanes:
                specs.append((("hormone", h), f"{spec.label} ({spec.unit})", "hormone"))
        return specs

    def _show(self, s: Scenario) -> None:
        span_changed = s.span_years != self._shown.span_years
        self._shown = s
        specs = self._lane_specs(s)
        signature = (tuple(specs), s.span_years)
        if signature != self._signature:
            self._rebuild(s, specs)
            self._signature = signature
        else:
            for blk, t in zip(self._blocks, s.therapies):
                blk.set_therapy(t)
                blk._update_tooltip()  # the age in it may have changed
            self._activity.set_segments(s.activity)
            self._update_lane_scales()
        self._check_selection()
        self.bands.update()
        if span_changed:
            self.fit()

    def _rebuild(self, s: Scenario, specs) -> None:
        for item in [*self._blocks, *self._hormones.values(), self._activity]:
            if item is not None:
                self.plot.removeItem(item)
        self.lanes = layout_lanes(specs)
        by_key = {ln.key: ln for ln in self.lanes}
        self._blocks = [TherapyBlockItem(self, i, by_key[("therapy", i)], t) for i, t in enumerate(s.therapies)]
        self._activity = ActivityLaneItem(self, by_key[("activity",)], s.activity)
        self._hormones = {
            h: HormoneLaneItem(self, h, by_key[("hormone", h)], (), 1.0) for h in HORMONES if ("hormone", h) in by_key
        }
        for item in [*self._blocks, self._activity, *self._hormones.values()]:
            self.plot.addItem(item)
        self.bands.set_lanes(self.lanes)
        self.lane_axis.set_lanes(self.lanes)
        total = self.lanes[-1].y1 + 0.12
        self.vb.setLimits(yMin=0.0, yMax=total)
        if self._time_range is not None:
            self._time_range.set_span(s.span_years)
        else:
            self.vb.setLimits(xMin=-0.05 * s.span_years, xMax=1.05 * s.span_years,
                              minXRange=2 * MIN_SPAN_YEARS, maxXRange=1.1 * s.span_years)
        self.vb.setYRange(0.0, total, padding=0.0)
        self._apply_lane_minimum()
        self._update_lane_scales()
        self._update_reference_curves()
        self.updateGeometry()
        self.lanesChanged.emit()

    def natural_height(self) -> int:
        """The height that shows every lane comfortably (header, lanes, time axis)."""
        header = self._toolbar.sizeHint().height() + 6
        if self.collapsed or not self.lanes:
            return header
        units = self.lanes[-1].y1 + LANE_GAP
        px_per_unit = self.LINES_PER_UNIT * QFontMetrics(label_font()).height()
        return int(header + units * px_per_unit + self.x_axis.height() + 10)

    def sizeHint(self):  # noqa: N802 (Qt API)
        hint = super().sizeHint()
        hint.setHeight(self.natural_height())
        return hint

    def set_lane_minimum(self, on: bool) -> None:
        """On (the default): the view keeps every lane label readable. Off: presentation mode,
        where the plots get the height and the timeline may shrink."""
        self._lane_minimum = bool(on)
        self._apply_lane_minimum()

    def _apply_lane_minimum(self) -> None:
        if not self.lanes or not self._lane_minimum:
            self.view.setMinimumHeight(0)
            return
        # tall enough that no lane label's ink overlaps its neighbour's (5 therapies crushed the
        # hormone lanes' labels into each other); the splitter honours it, up to the design height
        total = self.lanes[-1].y1 + LANE_GAP
        ink_px = QFontMetrics(label_font()).tightBoundingRect("Tg(|)").height()
        px_per_unit = ink_px / (min(ln.height for ln in self.lanes) + LANE_GAP)
        self.view.setMinimumHeight(min(MAX_MIN_VIEW_PX, int(np.ceil(total * px_per_unit + self.x_axis.minimumHeight())) + 8))

    def _update_lane_scales(self) -> None:
        """Each hormone lane's ceiling fits its keyframes and simulated level."""
        s = self._shown
        for h, item in self._hormones.items():
            ov = s.override_for(h)
            kfs = ov.keyframes if ov else ()
            levels = [k.level for k in kfs]
            ref = self._reference_series(h)
            if ref is not None and len(ref[1]):
                finite = ref[1][np.isfinite(ref[1])]
                if len(finite):
                    levels.append(float(finite.max()))
            item.set_state(kfs, hormone_lane_max(h, levels))

    def _reference_series(self, hormone: str):
        r = self._reference
        if r is None:
            return None
        try:
            return np.asarray(r["t_years"]), np.asarray(r[OVERRIDE_SERIES[hormone]])
        except KeyError:
            return None

    def _update_reference_curves(self) -> None:
        for h, item in self._hormones.items():
            ref = self._reference_series(h)
            item.set_reference(*(ref if ref is not None else (None, None)))

    def _check_selection(self) -> None:
        sel, s = self.selection, self._shown
        ok = sel is None
        if sel and sel[0] == "therapy":
            ok = sel[1] < len(s.therapies)
        elif sel and sel[0] == "keyframe":
            ov = s.override_for(sel[1])
            ok = ov is not None and sel[2] < len(ov.keyframes)
        elif sel and sel[0] == "boundary":
            ok = 0 < sel[1] < len(s.activity)
        if not ok:
            self.select(None)

    def _update_items(self) -> None:
        for item in [*self._blocks, *self._hormones.values(), self._activity]:
            if item is not None:
                item.update()


if __name__ == "__main__":  # preview the editor on its own: python -m bonegui.app.timeline.editor
    import sys

    from PySide6.QtWidgets import QApplication

    from bonegui.app.document import ScenarioDocument
    from bonegui.app.timeline.demo import demo_scenario

    app = QApplication(sys.argv)
    w = TimelineEditor(ScenarioDocument(demo_scenario()))
    w.resize(1400, 360)
    w.show()
    sys.exit(app.exec())


def _no_hover_while_dragging(scene) -> None:
    """pyqtgraph's scene looks for the items under the cursor at every mouse move, mid-drag too,
    although no item may take a hover then (GraphicsScene.sendHoverEvents): ~2 ms of the GUI
    thread per move of a block drag, time the simulation thread waits for the GIL. While a
    button drags, the scene skips it: the cursor keeps the shape it had at the press."""
    plain = scene.sendHoverEvents

    def send_hover_events(ev, exitOnly=False):  # noqa: N803 - pyqtgraph's keyword
        if not exitOnly and scene.dragButtons and ev.buttons():
            return
        plain(ev, exitOnly)

    scene.sendHoverEvents = send_hover_events

