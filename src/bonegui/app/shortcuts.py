"""Help → Keyboard shortcuts (F1): every action of the window that has a shortcut, collected
from the menus and the window's own actions, so the list never goes stale."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("…", "").strip()


def collect_shortcuts(window: QWidget) -> list[tuple[str, str, str]]:
    """(shortcut, action, where) for every action with a shortcut, menus first, sorted by place."""
    seen: set[int] = set()
    rows: list[tuple[str, str, str]] = []

    def add(action: QAction, where: str) -> None:
        if id(action) in seen or action.isSeparator():
            return
        seen.add(id(action))
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        if keys and action.text():
            rows.append((", ".join(keys), _clean(action.text()), where))

    def walk(menu: QMenu, where: str) -> None:
        for a in menu.actions():
            if a.menu() is not None:
                walk(a.menu(), f"{where} → {_clean(a.menu().title())}")
            else:
                add(a, where)

    menubar = window.menuBar() if hasattr(window, "menuBar") else None
    if menubar is not None:
        for a in menubar.actions():
            if a.menu() is not None:
                walk(a.menu(), _clean(a.menu().title()))
    for a in window.findChildren(QAction):
        add(a, "Window")
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        f = self.font()
        f.setPointSizeF(max(12.0, f.pointSizeF()))  # readable at a projector
        self.setFont(f)
        rows = collect_shortcuts(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Shortcut", "Action", "Menu"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, (keys, text, where) in enumerate(rows):
            for c, v in enumerate((keys, text, where)):
                it = QTableWidgetItem(v)
                if c == 0:
                    f = it.font()
                    f.setBold(True)
                    it.setFont(f)
                self.table.setItem(r, c, it)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        self.resize(700, min(760, 100 + 38 * max(4, len(rows))))


def shortcuts_action(window: QWidget) -> QAction:
    a = QAction("&Keyboard shortcuts", window)
    a.setShortcut(QKeySequence(Qt.Key.Key_F1))
    a.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    a.setStatusTip("List every keyboard shortcut")
    a.triggered.connect(lambda _c=False: ShortcutsDialog(window).open())
    return a
