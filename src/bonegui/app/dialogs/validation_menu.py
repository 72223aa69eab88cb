"""Help → "Model vs evidence": the menu entry and the one, reused dialog.

Kept apart from ``validation_dialog`` so that building the window imports neither the dialog
nor the validation package (cases, runner, report, figure): they load when the entry is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Slot
from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from bonegui.app.dialogs.validation_dialog import ValidationDialog


class _ValidationController(QObject):
    """Owns the Help action and the (single, reused) dialog."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ValidationDialog | None = None
        self.action = QAction("Model vs &evidence…", window)
        self.action.setObjectName("action_model_vs_evidence")
        self.action.setStatusTip("How far to trust each curve: the model against published trials and cohorts")
        self.action.triggered.connect(self.open)
        # with the other reference entries, before the separator that sets off "About" (kept last)
        menu = window.menus["help"]
        separator = next((a for a in menu.actions() if a.isSeparator()), None)
        if separator is not None:
            menu.insertAction(separator, self.action)
        else:
            menu.addAction(self.action)
        # the window's Close cancels the dialog's run before the window's service shuts down
        window.installEventFilter(self)
        app = _app()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @Slot()
    def open(self) -> ValidationDialog:
        """The dialog (built on first use: the validation package loads only then), shown."""
        if self.dialog is None:
            from bonegui.app.dialogs.validation_dialog import ValidationDialog

            self.dialog = ValidationDialog(self.window)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    @Slot()
    def shutdown(self) -> None:
        if self.dialog is not None:
            self.dialog.shutdown()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if obj is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False


def _app():
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.instance()


def install(window) -> None:
    """Add Help -> Model vs evidence to a MainWindow. Called once at the end of its __init__."""
    window.validation_menu = _ValidationController(window)
