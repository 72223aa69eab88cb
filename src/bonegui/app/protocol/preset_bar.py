"""The case in hand (title and teaching purpose) and a one-click preset menu, the presets
named by their protocol and grouped under topic headings.

Loading a preset is an ordinary undoable edit ("Load preset …"), so a teacher who clicks the
wrong one presses Ctrl+Z.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from bonegui.app.protocol.fields import ERROR_COLOUR, commit_edit, scaled_font, set_text_colour
from bonegui.scenario import Preset, Scenario, presets


class PresetBar(QWidget):
    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        self.load_button = QToolButton()
        self.load_button.setText("Load preset…")
        self.load_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.load_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.load_button.setToolTip("Load a ready-made teaching case (undo with Ctrl+Z)")
        self.menu = QMenu(self)
        self.menu.setToolTipsVisible(True)
        self.load_button.setMenu(self.menu)
        col.addWidget(self.load_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setFont(scaled_font(self, 1.0, bold=True))
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.title_label)
        self.purpose_label = QLabel()
        self.purpose_label.setWordWrap(True)
        self.purpose_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.purpose_label.setAccessibleName("Teaching purpose")
        col.addWidget(self.purpose_label)
        self.message = QLabel()
        self.message.setWordWrap(True)
        set_text_colour(self.message, ERROR_COLOUR, bold=True)
        self.message.hide()
        col.addWidget(self.message)
        self._fill_menu()
        document.scenarioChanged.connect(self.refresh)
        self.refresh(document.scenario)

    def _fill_menu(self) -> None:
        self.menu.clear()
        ps = presets()
        if not ps:
            act = self.menu.addAction("No presets installed")
            act.setEnabled(False)
        topic = None
        for p in ps:
            if p.topic != topic:  # a bold heading per topic, the presets under it
                topic = p.topic
                head = self.menu.addAction(topic)
                head.setEnabled(False)
                f = head.font()
                f.setBold(True)
                head.setFont(f)
            act = QAction(f"   {p.title}", self.menu)
            act.setToolTip(p.purpose)
            act.setStatusTip(p.purpose)
            act.setData(p.id)
            act.triggered.connect(lambda _checked=False, preset=p: self.load(preset))
            self.menu.addAction(act)

    def load(self, preset: Preset) -> None:
        err = commit_edit(self.document, preset.scenario, f"Load preset “{preset.title}”", None, None,
                          f"Preset {preset.id}")
        self.message.setText(err or "")
        self.message.setVisible(bool(err))

    def refresh(self, s: Scenario) -> None:
        self.title_label.setText(s.title)
        self.purpose_label.setText(s.description or "")
        self.purpose_label.setVisible(bool(s.description))
        self.message.hide()
