"""Scenario files dropped on the main window (a mixin of MainWindow): one local .json file is
opened through the files controller like File → Open (bad files get its one-line error)."""

from __future__ import annotations

from PySide6.QtCore import QTimer


class FileDrops:
    """Needs MainWindow's ``files`` controller."""

    @staticmethod
    def _dropped_file(event) -> str | None:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return None
        locals_ = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        return locals_[0] if len(locals_) == 1 else None

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self._dropped_file(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt API)
        path = self._dropped_file(event)
        if path and getattr(self, "workshop", None) is not None:
            event.acceptProposedAction()
            # after the drop returns: the unsaved-changes question must not run inside the drag
            QTimer.singleShot(0, self, lambda: self.workshop.files.open(path))  # dropped if the window goes first
        else:
            super().dropEvent(event)
