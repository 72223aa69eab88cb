"""Timeline editor. PLACEHOLDER: replaced by the timeline work."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class TimelineEditor(QWidget):
    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        QVBoxLayout(self).addWidget(QLabel("Timeline editor"))
