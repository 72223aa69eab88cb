"""AdaptiveLayout: the window's rules for small screens and the projector.

- **Narrow window** (under ``NARROW_PX``, e.g. 1024 or 1280 px wide): the protocol builder and
  the readout share the left side as tabs, so the plots keep most of the width; wider, the
  readout goes back to the right. Applied when the width crosses the threshold (and at the
  first show of a window without a saved layout), never against a layout the user restored.
- **Toolbars** wrap to a second row when they do not fit side by side (a toolbar cut short
  hides its buttons behind an arrow).
- **Presentation mode** (F11): large type and thick lines, the docks step aside (the View menu
  brings them back) and the timeline folds to its header row, so the plots get the height; all
  of it comes back as it was when the mode ends.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from bonegui.app import style

NARROW_PX = 1400  # below this width the two side docks are tabs on the left
DOCK_PX = 370  # the side docks' width in a narrow window (the readout's: its own need)


class AdaptiveLayout(QObject):
    def __init__(self, window, restored: bool) -> None:
        super().__init__(window)
        self.window = window
        self._narrow: bool | None = (window.width() < NARROW_PX) if restored else None
        self._break = False
        self._before_presentation: dict | None = None
        window.installEventFilter(self)

    def eventFilter(self, obj, ev) -> bool:  # noqa: N802 (Qt API)
        if obj is self.window and ev.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange):
            self.update()
        return False

    def update(self) -> None:
        if not self.window.isVisible():
            return
        self._arrange_docks()
        self._arrange_toolbars()

    # ---- docks
    def _arrange_docks(self) -> None:
        w = self.window
        narrow = w.width() < NARROW_PX
        if narrow == self._narrow or w.presentation:
            return
        self._narrow = narrow
        protocol, readout = w.protocol_dock, w.readout_dock
        if narrow:
            w.tabifyDockWidget(protocol, readout)
            protocol.raise_()
            w.resizeDocks([protocol], [DOCK_PX], Qt.Orientation.Horizontal)
        elif w.dockWidgetArea(readout) != Qt.DockWidgetArea.RightDockWidgetArea or w.tabifiedDockWidgets(readout):
            shown = readout.isVisible()
            w.removeDockWidget(readout)
            w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, readout)
            readout.setVisible(shown)
            w.resizeDocks([protocol, readout], [DOCK_PX, w.readout.needed_width()], Qt.Orientation.Horizontal)

    @property
    def narrow(self) -> bool:
        return bool(self._narrow)

    # ---- toolbars
    def _arrange_toolbars(self) -> None:
        w = self.window
        bars = [b for b in (w.playback_bar, w.plots_bar) if b.isVisible()]
        need = sum(b.sizeHint().width() for b in bars) + 12
        want_break = len(bars) == 2 and need > w.width()
        if want_break != self._break:
            self._break = want_break
            if want_break:
                w.insertToolBarBreak(w.plots_bar)
            else:
                w.removeToolBarBreak(w.plots_bar)

    # ---- presentation
    def set_presentation(self, on: bool) -> None:
        """Large type, thick lines; docks aside and the timeline folded; full screen on a real
        display. Off: everything as it was."""
        w = self.window
        size = w.size()
        app = QApplication.instance()
        if app is not None:
            style.apply_app_style(app, on)
        w.plots.set_presentation(on)
        w.timeline.set_presentation(on)
        docks = {"protocol": w.protocol_dock, "readout": w.readout_dock}
        lesson = getattr(w, "lesson_dock", None)
        if on:
            self._before_presentation = {
                "docks": {k: d.isVisible() for k, d in docks.items()},
                "collapsed": w.timeline.collapsed,
            }
            for d in docks.values():
                d.hide()
            w.timeline.set_collapsed(True)
            if lesson is not None and lesson.isVisible():
                lesson.raise_()  # a lesson in progress stays beside the plots
        elif self._before_presentation is not None:
            before, self._before_presentation = self._before_presentation, None
            for k, d in docks.items():
                d.setVisible(before["docks"].get(k, True))
            w.timeline.set_collapsed(before["collapsed"])
        if w.isVisible() and QGuiApplication.platformName() not in ("offscreen", "minimal"):
            w.showFullScreen() if on else w.showNormal()
        elif w.size() != size:  # larger type made a dock ask for more room: the window keeps its size
            w.resize(size)
        self._arrange_toolbars()
        QTimer.singleShot(0, self, self._arrange_toolbars)  # after the new fonts resized the buttons
