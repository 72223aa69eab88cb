"""Protocol builder (left dock). PLACEHOLDER: replaced by the protocol-builder work."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ProtocolPanel(QWidget):
    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        QVBoxLayout(self).addWidget(QLabel("Protocol builder"))
