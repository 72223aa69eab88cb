"""A collapsible section: a bold header button and its content; collapsed, it shows a one-line
summary instead (so a teacher can fold the patient away and still see who it is)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from bonegui.app.protocol.fields import plain_font, scaled_font, set_text_colour


class Section(QFrame):
    def __init__(self, title: str, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.content = content
        col = QVBoxLayout(self)
        col.setContentsMargins(6, 4, 6, 6)
        col.setSpacing(4)
        self.header = QToolButton()
        self.header.setText(title)
        self.header.setCheckable(True)
        self.header.setChecked(True)
        self.header.setArrowType(Qt.ArrowType.DownArrow)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setAutoRaise(True)
        self.header.setFont(scaled_font(self, 1.1, bold=True))
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.header.setToolTip(f"Show or hide {title.lower()} (Space)")
        self.header.setAccessibleName(title)
        col.addWidget(self.header)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setFont(plain_font(self))
        set_text_colour(self.summary, "#333333")
        self.summary.hide()
        col.addWidget(self.summary)
        content.setFont(plain_font(self))
        col.addWidget(content)
        self.header.toggled.connect(self.set_expanded)

    @property
    def expanded(self) -> bool:
        return self.header.isChecked()

    def set_expanded(self, on: bool) -> None:
        if self.header.isChecked() != on:
            self.header.setChecked(on)  # re-enters through toggled
            return
        self.header.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.content.setVisible(on)
        self.summary.setVisible(not on and bool(self.summary.text()))
        self.setSizePolicy(QSizePolicy.Policy.Preferred,
                           QSizePolicy.Policy.Preferred if on else QSizePolicy.Policy.Maximum)

    def set_summary(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setVisible(not self.expanded and bool(text))
