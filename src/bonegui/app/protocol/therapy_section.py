"""Therapies: add from the catalogue (grouped as in the seed), list with one-line summaries,
switch on/off without deleting, duplicate, remove, and edit the selected one.

The list and the editor are views of ``document.scenario.therapies``; every edit is one
``document.commit`` and the widgets are refreshed from ``scenarioChanged`` only.
"""

from __future__ import annotations

from dataclasses import replace as dc_replace

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from bonegui.app.numbers import significant
from bonegui.app.protocol.binding import bind, signals_blocked
from bonegui.app.protocol.fields import (
    ERROR_COLOUR,
    RangeSpinBox,
    add_field,
    commit_edit,
    decimals_for,
    fit_wrapped_rows,
    list_event,
    nice_step,
    scaled_font,
    set_text_colour,
)
from bonegui.app.protocol.summary import agent_name, dose_flag, therapy_summary, usual_range_text
from bonegui.catalogue import GROUPS, Agent, catalogue
from bonegui.scenario import ACTIVITY_LEVELS, Scenario, Therapy

DISABLED_COLOUR = QColor("#8a8a8a")


def new_therapy(a: Agent, span_years: float) -> Therapy:
    """The agent at its usual dose and interval over the whole scenario."""
    return Therapy(a.id, a.usual_dose, a.dose_unit, a.routes[0], a.usual_interval_days, 0.0, span_years, True)


class TherapySection(QWidget):
    #: the selected therapy's agent id ("" when nothing is selected)
    agentSelected = Signal(str)
    #: the Add menu's lifestyle entries: an activity level to add as a change
    activityChangeRequested = Signal(str)

    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._refreshing = False
        self._want_row: int | None = None
        self._emitted_agent = ""  # the agent last announced by agentSelected
        self._editor_for: tuple[str, float] | None = None  # (agent, span) the editor is set up for
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)

        # -- add / duplicate / remove --------------------------------------------------------
        bar = QHBoxLayout()
        self.add_button = QToolButton()
        self.add_button.setText("Add therapy…")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.add_menu = self._build_add_menu()
        self.add_button.setMenu(self.add_menu)
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        self.duplicate_button = QPushButton("Duplicate")
        self.duplicate_button.setToolTip("Duplicate the selected therapy (Ctrl+D)")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected therapy (Delete)")
        bar.addWidget(self.duplicate_button)
        bar.addWidget(self.remove_button)
        col.addLayout(bar)

        # -- the list ------------------------------------------------------------------------
        self.list = QListWidget()
        self.list.setAccessibleName("Therapies")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setToolTip("Tick to switch a therapy on or off (Space); Delete removes, Ctrl+D duplicates")
        col.addWidget(self.list)
        self.list.installEventFilter(self)  # rows re-wrap when the dock is resized
        self.empty_hint = QLabel("No therapies: the natural course. Add one from the catalogue.")
        self.empty_hint.setWordWrap(True)
        set_text_colour(self.empty_hint, "#555555")
        col.addWidget(self.empty_hint)
        self.message = QLabel()  # a refused add/duplicate/remove says why here
        self.message.setWordWrap(True)
        set_text_colour(self.message, ERROR_COLOUR, bold=True)
        self.message.hide()
        col.addWidget(self.message)

        # -- the editor for the selected therapy -----------------------------------------------
        self.editor = QWidget()
        form = QFormLayout(self.editor)
        form.setContentsMargins(0, 4, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editor_title = QLabel()
        self.editor_title.setFont(scaled_font(self, 1.0, bold=True))
        self.editor_title.setWordWrap(True)
        form.addRow(self.editor_title)
        self.enabled = QCheckBox("On (untick to switch off)")
        self.enabled.setToolTip("Untick to switch this therapy off without deleting it (Space in the list)")
        form.addRow(self.enabled)
        self.dose, self.route, self.interval, self.start, self.stop = (
            RangeSpinBox(), QComboBox(), RangeSpinBox(), RangeSpinBox(), RangeSpinBox())
        self.dose_field = add_field(form, "Dose", self.dose)
        # a dose above the agent's usual range is allowed (up to the highest documented use) but
        # flagged wherever it shows (issue 13): here, in the list, the timeline and the CSV
        self.dose_flag = QLabel()
        self.dose_flag.setObjectName("doseFlag")
        self.dose_flag.setWordWrap(True)
        self.dose_flag.setStyleSheet(
            "#doseFlag { background: #fff3cd; border: 2px solid #b26a00; border-radius: 4px; padding: 3px 6px; }")
        self.dose_flag.hide()
        form.addRow(self.dose_flag)
        self.route_field = add_field(form, "Route", self.route)
        self.interval_field = add_field(form, "Every", self.interval, "Interval between doses, days")
        self.start_field = add_field(form, "Start year", self.start, "Start, years from the scenario start")
        self.stop_field = add_field(form, "Stop year", self.stop, "Stop, years from the scenario start")
        col.addWidget(self.editor)
        self.fields = {"dose": self.dose_field, "route": self.route_field, "interval_days": self.interval_field,
                       "start_years": self.start_field, "stop_years": self.stop_field}

        # -- wiring ---------------------------------------------------------------------------
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.currentRowChanged.connect(self._on_row_changed)
        self.list.itemChanged.connect(self._on_item_changed)
        self.enabled.toggled.connect(self._on_enabled_toggled)
        for widget, key, what in ((self.dose, "dose", "dose"), (self.route, "route", "route"),
                                  (self.interval, "interval_days", "interval"), (self.start, "start_years", "start"),
                                  (self.stop, "stop_years", "stop")):
            bind(widget, self._edit, key, what)

        # Delete only from the list (in a spin box it edits text; see eventFilter); Ctrl+D anywhere
        # in the section
        # (actions, not bare QShortcuts, so the window's F1 list of shortcuts shows them)
        self.duplicate_action = QAction("Duplicate therapy", self)
        self.duplicate_action.setShortcut(QKeySequence("Ctrl+D"))
        self.duplicate_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.duplicate_action.triggered.connect(self.duplicate_selected)
        self.addAction(self.duplicate_action)
        self.remove_action = QAction("Remove therapy", self.list)
        self.remove_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.triggered.connect(self.remove_selected)
        self.list.addAction(self.remove_action)

        document.scenarioChanged.connect(self.refresh)
        document.previewChanged.connect(self._on_preview)
        self.refresh(document.scenario)

    # ---- the Add menu ---------------------------------------------------------------------------
    def _build_add_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        by_group: dict[str, list[Agent]] = {}
        for a in catalogue().values():
            by_group.setdefault(a.group, []).append(a)
        for group, label in GROUPS.items():
            if not by_group.get(group):
                continue
            self._menu_header(menu, label)
            for a in by_group[group]:
                act = QAction(f"{a.name}   (evidence {a.evidence.grade})", menu)
                act.setToolTip(f"{a.drug_class}. Usual: {significant(a.usual_dose)} {a.dose_unit} {a.routes[0]}")
                act.setData(a.id)
                act.triggered.connect(lambda _checked=False, aid=a.id: self.add_agent(aid))
                menu.addAction(act)
        self._menu_header(menu, "Lifestyle / loading")
        for level, label in ACTIVITY_LEVELS.items():
            act = QAction(f"Activity change: {label}", menu)
            act.setData(f"activity:{level}")
            act.triggered.connect(lambda _checked=False, lv=level: self.activityChangeRequested.emit(lv))
            menu.addAction(act)
        return menu

    @staticmethod
    def _menu_header(menu: QMenu, text: str) -> None:
        label = QLabel(text)
        label.setFont(scaled_font(menu, 1.0, bold=True))
        label.setContentsMargins(8, 6, 8, 2)
        set_text_colour(label, "#1f3a5f")
        wa = QWidgetAction(menu)
        wa.setDefaultWidget(label)
        wa.setEnabled(False)
        menu.addAction(wa)

    # ---- reading --------------------------------------------------------------------------------
    @property
    def selected_index(self) -> int | None:
        row = self.list.currentRow()
        return row if 0 <= row < len(self.document.scenario.therapies) else None

    def select(self, index: int) -> None:
        self.list.setCurrentRow(index)

    # ---- commands -------------------------------------------------------------------------------
    def add_agent(self, agent_id: str) -> None:
        s = self.document.scenario
        a = catalogue()[agent_id]
        self._commit_selecting(s.add_therapy(new_therapy(a, s.span_years)), f"Add {a.name}", len(s.therapies))

    def duplicate_selected(self) -> None:
        i = self.selected_index
        if i is None:
            return
        s = self.document.scenario
        ts = s.therapies[: i + 1] + (s.therapies[i],) + s.therapies[i + 1 :]
        self._commit_selecting(dc_replace(s, therapies=ts), f"Duplicate {agent_name(s.therapies[i].agent)}", i + 1)

    def remove_selected(self) -> None:
        i = self.selected_index
        if i is None:
            return
        s = self.document.scenario
        after = min(i, len(s.therapies) - 2)
        self._commit_selecting(s.remove_therapy(i), f"Remove {agent_name(s.therapies[i].agent)}",
                               after if after >= 0 else None)

    def set_enabled(self, index: int, on: bool) -> None:
        s = self.document.scenario
        if s.therapies[index].enabled == on:
            return
        name = agent_name(s.therapies[index].agent)
        self._commit_selecting(s.with_therapy(index, enabled=on), f"Switch {'on' if on else 'off'} {name}", index)

    def _commit_selecting(self, new: Scenario, text: str, row: int | None) -> None:
        self._want_row = row
        try:
            err = commit_edit(self.document, new, text, None, None, text)
        finally:
            self._want_row = None
        self.message.setText(err or "")
        self.message.setVisible(bool(err))

    def _edit(self, key: str, what: str, value) -> None:
        if self._refreshing:
            return
        i = self.selected_index
        if i is None:
            return
        s = self.document.scenario
        t = s.therapies[i]
        label = {"dose": "Dose", "route": "Route", "interval_days": "Interval", "start_years": "Start year",
                 "stop_years": "Stop year"}[key]
        path = f"therapies[{i}].{key}"
        field = self.fields[key]
        start = value if key == "start_years" else t.start_years
        stop = value if key == "stop_years" else t.stop_years
        if key in ("start_years", "stop_years") and stop <= start:
            field.show_error(f"{label}: a therapy must stop after it starts (start year {significant(start)}, "
                             f"stop year {significant(stop)})")
            return
        commit_edit(self.document, s.with_therapy(i, **{key: value}), f"Change {what} of {agent_name(t.agent)}",
                    path, field, label, path)

    # ---- widget events ----------------------------------------------------------------------------
    def _on_row_changed(self, row: int) -> None:
        if self._refreshing:
            return
        self._show_editor(self.document.scenario)
        self._announce_agent(force=True)
        QTimer.singleShot(0, self, self.reveal_editor)  # after the layout has placed the editor

    def reveal_editor(self) -> None:
        """Scroll the protocol dock so the picked therapy's fields are in view: on a 1000-px
        screen they start below the fold, under the list."""
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None and self.editor.isVisible():
            area.ensureWidgetVisible(self.editor, 0, 8)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._refreshing:
            return
        row = self.list.row(item)
        if 0 <= row < len(self.document.scenario.therapies):
            self.set_enabled(row, item.checkState() == Qt.CheckState.Checked)

    def _on_enabled_toggled(self, on: bool) -> None:
        if not self._refreshing and self.selected_index is not None:
            self.set_enabled(self.selected_index, on)

    # ---- document -> widgets ----------------------------------------------------------------------
    def refresh(self, s: Scenario) -> None:
        old_row = self.list.currentRow()
        self._refreshing = True
        try:
            n = len(s.therapies)
            if self.list.count() != n:
                self.list.clear()
                for _ in range(n):
                    item = QListWidgetItem()
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    self.list.addItem(item)
            for i, t in enumerate(s.therapies):
                self._fill_item(self.list.item(i), t)
            row = self._want_row if self._want_row is not None else old_row
            if n and (row is None or row < 0):
                row = 0
            row = min(row, n - 1) if n else -1
            self.list.setCurrentRow(row)
            self.message.hide()
            self.empty_hint.setVisible(n == 0)
            self._fit_list_height()
        finally:
            self._refreshing = False
        self._show_editor(s)
        self._announce_agent()

    def _announce_agent(self, force: bool = False) -> None:
        agent = self._current_agent
        if force or agent != self._emitted_agent:
            self._emitted_agent = agent
            self.agentSelected.emit(agent)

    def _on_preview(self, s: Scenario) -> None:
        """Follow a drag in the timeline (no undo step): summaries and the editor show the
        candidate; the commit on release (or the reset on cancel) refreshes as usual."""
        if len(s.therapies) != self.list.count():
            return
        self._refreshing = True
        try:
            for i, t in enumerate(s.therapies):
                self._fill_item(self.list.item(i), t)
        finally:
            self._refreshing = False
        self._show_editor(s)

    def _show_dose_flag(self, t: Therapy) -> None:
        flag = dose_flag(t)
        if flag:
            self.dose_flag.setText(f"⚠ {flag[0].upper()}{flag[1:]}: above the usual range "
                                   f"({usual_range_text(t.agent)}). A model, not dosing advice.")
        self.dose_flag.setVisible(bool(flag))

    @property
    def _current_agent(self) -> str:
        i = self.selected_index
        return self.document.scenario.therapies[i].agent if i is not None else ""

    def _fill_item(self, item: QListWidgetItem, t: Therapy) -> None:
        text = therapy_summary(t)
        if item.text() != text:
            item.setText(text)
        item.setCheckState(Qt.CheckState.Checked if t.enabled else Qt.CheckState.Unchecked)
        f = QFont(self.list.font())  # item.font() would be the application default size
        f.setItalic(not t.enabled)
        item.setFont(f)
        item.setForeground(QBrush(DISABLED_COLOUR) if not t.enabled else QBrush())
        item.setToolTip(f"{text}\n{'On' if t.enabled else 'Switched off: not simulated'}")

    def eventFilter(self, watched, event) -> bool:
        if watched is self.list:
            if event.type() == QEvent.Type.FontChange:  # items carry their own (italic) fonts
                for i, t in enumerate(self.document.scenario.therapies[: self.list.count()]):
                    self._fill_item(self.list.item(i), t)
            if list_event(self, event):
                return True
        return super().eventFilter(watched, event)

    def _fit_list_height(self) -> None:
        """Show every row without an inner scroll bar (up to eight rows)."""
        rows = fit_wrapped_rows(self.list, 8)
        frame = 2 * self.list.frameWidth() + 4
        self.list.setFixedHeight(max(rows, self.list.fontMetrics().height() + 8) + frame)
        self.list.setVisible(self.list.count() > 0)

    def _show_editor(self, s: Scenario) -> None:
        i = self.selected_index
        self.editor.setVisible(i is not None)
        self.duplicate_button.setEnabled(i is not None)
        self.remove_button.setEnabled(i is not None)
        for f in self.fields.values():
            f.clear_error()
        if i is None:
            return
        t = s.therapies[i]
        a = catalogue()[t.agent]
        self._refreshing = True
        widgets = (self.enabled, self.dose, self.route, self.interval, self.start, self.stop)
        try:
            with signals_blocked(*widgets):
                # what depends on the agent and the span only is set when they change: a drag's
                # previews (one a mouse move) then change values, not ranges, routes or hints
                if self._editor_for != (t.agent, s.span_years):
                    self._editor_for = (t.agent, s.span_years)
                    self._set_up_editor(a, s.span_years)
                self.enabled.setChecked(t.enabled)
                self.dose.setValue(t.dose)
                self._show_dose_flag(t)
                self.route.setCurrentIndex(max(0, self.route.findData(t.route)))
                self.interval.setValue(t.interval_days)
                self.start.setValue(t.start_years)
                self.stop.setValue(t.stop_years)
        finally:
            self._refreshing = False

    def _set_up_editor(self, a, span_years: float) -> None:
        """The editor's title, allowed ranges, hints and routes for agent ``a``."""
        self.editor_title.setText(a.name)
        self.editor_title.setToolTip(a.drug_class)
        dose_step = nice_step(a.usual_dose)
        self.dose.set_allowed(a.dose_min, a.dose_max, unit=a.dose_unit, step=dose_step,
                              decimals=decimals_for(a.dose_min, a.dose_max, a.usual_dose, dose_step))
        self.dose_field.set_hint(f"{significant(a.dose_min)}-{significant(a.dose_max)}")
        self.route.clear()
        for r in a.routes:
            self.route.addItem(r, r)
        iv_step = 1.0 if a.interval_min_days >= 1 else a.interval_min_days
        self.interval.set_allowed(a.interval_min_days, a.interval_max_days, unit="d", step=iv_step,
                                  decimals=decimals_for(a.interval_min_days, a.interval_max_days, a.usual_interval_days))
        self.interval_field.set_hint(f"{significant(a.interval_min_days)}-{significant(a.interval_max_days)}")
        self.interval.setEnabled(a.interval_min_days != a.interval_max_days)
        for spin, field in ((self.start, self.start_field), (self.stop, self.stop_field)):
            spin.set_allowed(0.0, span_years, unit="y", step=0.5, decimals=2)
            field.set_hint(f"0-{significant(span_years)}")
