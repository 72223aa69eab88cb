"""Help → Keyboard shortcuts (F1): every action of the window that has a shortcut, collected
from the menus and the window's own actions, so the list never goes stale."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("…", "").strip()


#: Keys that panels handle themselves (key filters, not actions), so no action lists them:
#: timeline/keys.py (``handle_key``) and the protocol lists' Delete filters.
PANEL_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Left, Right", "Nudge the selected block or keyframe in time (Shift: finer)", "Timeline"),
    ("Up, Down", "Change the selected dose or keyframe level", "Timeline"),
    ("Del, Backspace", "Remove the selected keyframe or activity change", "Timeline"),
    ("Esc", "Cancel a drag in progress", "Timeline"),
    ("Del", "Remove the selected activity change", "Protocol builder (lifestyle list)"),
)


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
        add(a, _panel_of(a))
    return rows


def _panel_of(action: QAction) -> str:
    """The dock or tool bar an action lives in (its title), else "Window"."""
    obj = action.parent()
    while obj is not None:
        if isinstance(obj, (QDockWidget, QToolBar)) and obj.windowTitle():
            return obj.windowTitle()
        obj = obj.parent()
    return "Window"


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        f = self.font()
        f.setPointSizeF(max(12.0, f.pointSizeF()))  # readable at a projector
        self.setFont(f)
        rows = collect_shortcuts(window)
        if hasattr(window, "timeline"):  # the real window: its panels' own keys too
            rows += list(PANEL_KEYS)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Shortcut", "Action", "Where"])
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
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        self.resize(860, min(820, 100 + 38 * max(4, len(rows))))


def shortcuts_action(window: QWidget) -> QAction:
    a = QAction("&Keyboard shortcuts", window)
    a.setShortcut(QKeySequence(Qt.Key.Key_F1))
    a.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    a.setStatusTip("List every keyboard shortcut")
    a.triggered.connect(lambda _c=False: ShortcutsDialog(window).open())
    return a
