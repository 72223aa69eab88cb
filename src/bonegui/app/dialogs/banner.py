"""The red banner over the plots that says why the last simulation failed (the window keeps the
last good result on screen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from bonegui.app import style


class ErrorBanner(QFrame):
    """A non-modal message above the plots: what failed, and that the last good result stays."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error_banner")
        self.setStyleSheet(f"#error_banner {{ background: #FCE8DC; border: 1px solid {style.VERMILLION}; border-radius: 4px; }}")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.label, 1)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        lay.addWidget(close)
        self.hide()

    def show_message(self, message: str) -> None:
        self.label.setText(f"⚠ Could not simulate this scenario: {message}\n"
                           "The plots keep showing the last result that worked.")
        self.show()
