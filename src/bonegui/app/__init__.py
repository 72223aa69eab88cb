"""Floor 2: the Qt application (PySide6 + pyqtgraph)."""
