"""Lifestyle / loading: the piecewise-constant activity level over the scenario.

Segment 0 starts the scenario; each later segment is an "activity change" at a year. Loading
acts relative to ``patient.habitual_activity`` (the level the skeleton is adapted to).
"""

from __future__ import annotations

from dataclasses import replace as dc_replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bonegui.app.numbers import significant
from bonegui.app.protocol.binding import signals_blocked
from bonegui.app.protocol.fields import (
    ERROR_COLOUR, RangeSpinBox, add_field, commit_edit, fit_wrapped_rows, list_event, set_text_colour,
)
from bonegui.app.protocol.summary import activity_summary
from bonegui.scenario import ACTIVITY_LEVELS, ActivitySegment, Scenario

LOADING_TOPIC = "mechanical_loading"


def change_start_years(s: Scenario) -> float | None:
    """Where a new change goes: halfway between the last change and the end (None: no room)."""
    last = s.activity[-1].start_years
    t = round((last + s.span_years) / 2.0, 2)
    return t if last < t < s.span_years else None


class ActivitySection(QWidget):
    #: an evidence topic to show (the loading evidence) when a segment is selected
    topicSelected = Signal(str)

    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._refreshing = False
        self._want_row: int | None = None
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setAccessibleName("Activity over time")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        col.addWidget(self.list)
        self.list.installEventFilter(self)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.level = QComboBox()
        for key, label in ACTIVITY_LEVELS.items():
            self.level.addItem(label, key)
        self.level_field = add_field(form, "Level", self.level, "Activity level")
        self.start = RangeSpinBox()
        self.start_field = add_field(form, "From year", self.start, "Change at year")
        col.addLayout(form)

        bar = QHBoxLayout()
        self.add_button = QPushButton("Add change")
        self.add_button.setToolTip("Add an activity change halfway between the last change and the end")
        self.remove_button = QPushButton("Remove change")
        self.remove_button.setToolTip("Remove the selected change (Delete)")
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        col.addLayout(bar)
        self.message = QLabel()
        self.message.setWordWrap(True)
        set_text_colour(self.message, ERROR_COLOUR, bold=True)
        self.message.hide()
        col.addWidget(self.message)

        self.list.currentRowChanged.connect(self._on_row_changed)
        self.level.activated.connect(self._on_level)
        self.start.valueChanged.connect(self._on_start)
        self.add_button.clicked.connect(lambda: self.add_change("high_intensity"))
        self.remove_button.clicked.connect(self.remove_selected)
        document.scenarioChanged.connect(self.refresh)
        document.previewChanged.connect(self._on_preview)
        self.refresh(document.scenario)

    @property
    def selected_index(self) -> int | None:
        row = self.list.currentRow()
        return row if 0 <= row < len(self.document.scenario.activity) else None

    # ---- commands -------------------------------------------------------------------------------
    def add_change(self, level: str) -> None:
        s = self.document.scenario
        t = change_start_years(s)
        if t is None:
            self._say(f"No room for another change: the last starts at year {significant(s.activity[-1].start_years)} "
                      f"of {significant(s.span_years)}")
            return
        new = dc_replace(s, activity=s.activity + (ActivitySegment(t, level),))
        self._commit_selecting(new, f"Add activity change: {ACTIVITY_LEVELS[level]}", len(s.activity))

    def remove_selected(self) -> None:
        i = self.selected_index
        if i is None:
            return
        if i == 0:
            self._say("The first level starts the scenario and cannot be removed; change its level instead")
            return
        s = self.document.scenario
        new = dc_replace(s, activity=s.activity[:i] + s.activity[i + 1 :])
        self._commit_selecting(new, "Remove activity change", i - 1)

    def _commit_selecting(self, new: Scenario, text: str, row: int) -> None:
        self._want_row = row
        try:
            self._say(commit_edit(self.document, new, text, None, None, text) or "")
        finally:
            self._want_row = None

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _on_level(self, _index: int) -> None:
        i = self.selected_index
        if i is None or self._refreshing:
            return
        s = self.document.scenario
        acts = list(s.activity)
        acts[i] = dc_replace(acts[i], level=self.level.currentData())
        commit_edit(self.document, dc_replace(s, activity=tuple(acts)), "Change activity level", None,
                    self.level_field, "Level", f"activity[{i}].level")

    def _on_start(self, value: float) -> None:
        i = self.selected_index
        if i is None or i == 0 or self._refreshing:
            return
        s = self.document.scenario
        acts = list(s.activity)
        acts[i] = dc_replace(acts[i], start_years=value)
        path = f"activity[{i}].start_years"
        commit_edit(self.document, dc_replace(s, activity=tuple(acts)), "Move activity change", path,
                    self.start_field, "From year", path)

    def _on_row_changed(self, _row: int) -> None:
        if self._refreshing:
            return
        self._show_editor(self.document.scenario)
        if self.selected_index is not None:
            self.topicSelected.emit(LOADING_TOPIC)

    # ---- document -> widgets ----------------------------------------------------------------------
    def refresh(self, s: Scenario) -> None:
        old_row = self.list.currentRow()
        self._refreshing = True
        try:
            n = len(s.activity)
            if self.list.count() != n:
                self.list.clear()
                self.list.addItems([""] * n)
            for i, seg in enumerate(s.activity):
                self.list.item(i).setText(activity_summary(seg, i))
            row = self._want_row if self._want_row is not None else max(old_row, 0)
            self.list.setCurrentRow(min(row, n - 1))
            self._fit_list_height()
        finally:
            self._refreshing = False
        if self._want_row is None:
            self._say("")
        self._show_editor(s)

    def _on_preview(self, s: Scenario) -> None:
        """Follow a drag in the timeline (texts and editor only; no undo step)."""
        if len(s.activity) != self.list.count():
            return
        for i, seg in enumerate(s.activity):
            self.list.item(i).setText(activity_summary(seg, i))
        self._show_editor(s)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.list and list_event(self, event):
            return True
        return super().eventFilter(watched, event)

    def _fit_list_height(self) -> None:
        rows = fit_wrapped_rows(self.list, 6)
        self.list.setFixedHeight(rows + 2 * self.list.frameWidth() + 4)

    def _show_editor(self, s: Scenario) -> None:
        i = self.selected_index
        self.start_field.clear_error()
        self.level_field.clear_error()
        if i is None:
            return
        seg = s.activity[i]
        self._refreshing = True
        try:
            with signals_blocked(self.level, self.start):
                self.level.setCurrentIndex(max(0, self.level.findData(seg.level)))
                self.start.set_allowed(0.0, s.span_years, unit="y", step=0.5, decimals=2)
                self.start_field.set_hint(f"0-{significant(s.span_years)}" if i else "fixed")
                self.start.setValue(seg.start_years)
                self.start.setEnabled(i > 0)
                self.remove_button.setEnabled(i > 0)
        finally:
            self._refreshing = False
