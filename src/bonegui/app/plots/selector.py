"""The plot selector: which plot rows to show, on the toolbar and under View → Plots.

One checkable action per row (the four hormones, bone cells, bone density, markers); a checked
action is a row on screen. Checking one puts it on screen, and when the window has no room for
another row the one asked for longest ago steps aside (the status bar says which and why);
unchecking takes a row off. The toolbar groups the four hormones under one "Hormones" button
with a menu. See rows.py for the rule.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton, QWidget

from bonegui.app.plots.series import HORMONE_ROWS, ROW_BY_KEY, ROWS
from bonegui.plot_names import PLOT_NAMES

#: short names on the toolbar
SHORT = {"cells": "Bone cells", "bmd": "Bone density", "markers": "Markers"}


class PlotSelector(QObject):
    """``actions``: row key -> checkable QAction; ``menu``: View → Plots."""

    #: a message for the status bar (which row stepped aside, or why a row cannot go)
    message = Signal(str)

    def __init__(self, plots, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plots = plots
        self.actions: dict[str, QAction] = {}
        self.menu = QMenu("&Plots", parent)
        self.menu.setToolTipsVisible(True)
        self.hormone_menu = QMenu("&Hormones", parent)
        for spec in ROWS:
            label = spec.title if spec.kind == "hormone" else PLOT_NAMES[spec.key]
            act = QAction(label, parent)
            act.setCheckable(True)
            act.setToolTip(f"Show the {label} plot" + (f" ({spec.unit})" if spec.kind == "hormone" else ""))
            act.triggered.connect(lambda on, key=spec.key: self.set_shown(key, on))
            self.actions[spec.key] = act
            if spec.kind == "hormone":
                self.hormone_menu.addAction(act)
        self.menu.addMenu(self.hormone_menu)
        for key in ("cells", "bmd", "markers"):
            self.menu.addAction(self.actions[key])
        self.menu.addSeparator()
        self.maximise_note = self.menu.addAction("Double-click a plot's name to show it alone")
        self.maximise_note.setEnabled(False)
        plots.rowsChanged.connect(self._sync)
        self._sync(plots.shown_rows)

    def set_shown(self, key: str, on: bool) -> None:
        choice, plots = self.plots.choice, self.plots
        before = set(plots.shown_rows)
        if on:
            choice.show(key)
            gone = before - set(plots.shown_rows)
            if gone:
                names = ", ".join(ROW_BY_KEY[k].title for k in sorted(gone))
                self.message.emit(f"{names} stepped aside to make room for {ROW_BY_KEY[key].title}: the window "
                                  f"holds {len(plots.shown_rows)} plot(s) at this size (make it taller for more)")
        elif not choice.hide(key):
            self.message.emit("At least one plot stays on screen")
        self._sync(plots.shown_rows)

    def _sync(self, shown) -> None:
        shown = set(shown)
        for key, act in self.actions.items():
            if act.isChecked() != (key in shown):
                act.setChecked(key in shown)


class PlotsToolBar(QToolBar):
    """"Plots:" Hormones ▾ | Bone cells | Bone density | Markers."""

    def __init__(self, selector: PlotSelector, parent: QWidget | None = None) -> None:
        super().__init__("Plots", parent)
        self.setObjectName("plots_toolbar")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.selector = selector
        self.hormones_button = QToolButton()
        self.hormones_button.setText("Hormones")
        self.hormones_button.setCheckable(True)
        self.hormones_button.setMenu(selector.hormone_menu)
        self.hormones_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.hormones_button.setToolTip("Which hormones to plot, each in its own unit")
        self.hormones_button.setAccessibleName("Hormone plots")
        self.addWidget(self.hormones_button)
        for key in ("cells", "bmd", "markers"):
            act = selector.actions[key]
            act.setIconText(SHORT[key])
            self.addAction(act)
        selector.plots.rowsChanged.connect(self._sync)
        self._sync(selector.plots.shown_rows)

    def _sync(self, shown) -> None:
        self.hormones_button.setChecked(any(k in shown for k in (r.key for r in HORMONE_ROWS)))
