"""The main window's layout (a mixin of MainWindow): docks, the timeline/plots splitter and its
fitted height, the timeline's time axis aligned with the plots', and the saved layout (geometry,
dock state and splitter, ignored when STATE_VERSION changed)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget, QFrame, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget,
)

from bonegui.app.dialogs.banner import ErrorBanner
from bonegui.app.playback import PlaybackBar
from bonegui.app.plots.selector import PlotSelector, PlotsToolBar
from bonegui.app.settings import (
    WINDOW_GEOMETRY, WINDOW_SPLITTER, WINDOW_STATE, WINDOW_STATE_VERSION,
)

STATE_VERSION = 2  # bump when docks/toolbars change so an old saved layout is ignored


class WindowLayout:
    """Needs MainWindow's widgets and settings; see MainWindow for the API."""

    def _build_layout(self) -> None:
        self.error_banner = ErrorBanner()
        centre = QWidget()
        vl = QVBoxLayout(centre)
        vl.setContentsMargins(4, 4, 4, 0)
        vl.setSpacing(4)
        vl.addWidget(self.error_banner)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("centre_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.timeline)
        self.splitter.addWidget(self.plots)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([150, 850])  # until the first layout: _fit_timeline_height
        self._splitter_user = False  # the user dragged the splitter: keep what he chose
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        vl.addWidget(self.splitter, 1)
        self.setCentralWidget(centre)

        self.protocol_dock = QDockWidget("Protocol builder", self)
        self.protocol_dock.setObjectName("protocol_dock")
        scroll = QScrollArea()  # lets the dock be narrower than the panel on small screens
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.protocol_panel)
        self.protocol_dock.setWidget(scroll)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.protocol_dock)

        self.readout_dock = QDockWidget("Readout at the cursor", self)
        self.readout_dock.setObjectName("readout_dock")
        self.readout_dock.setWidget(self.readout)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.readout_dock)
        self.resizeDocks([self.protocol_dock, self.readout_dock], [370, self.readout.needed_width()], Qt.Orientation.Horizontal)

        self.playback_bar = PlaybackBar(self.playback, self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.playback_bar)
        self.plot_selector = PlotSelector(self.plots, self)
        self.plot_selector.message.connect(lambda text: self.status(text, 8000))
        self.plots_bar = PlotsToolBar(self.plot_selector, self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.plots_bar)

        self.busy_label = QLabel("")
        self.statusBar().addPermanentWidget(self.busy_label)

    def _on_splitter_moved(self, *_args) -> None:
        self._splitter_user = True

    def _fit_timeline_height(self) -> None:
        """The timeline gets the height its lanes need (at most 45 % of the centre), the plots
        the rest: unless the user has dragged the splitter."""
        total = sum(self.splitter.sizes())
        if total <= 0 or (self._splitter_user and not self.timeline.collapsed):
            return
        if self.timeline.collapsed:
            top = self.timeline.natural_height()
        else:
            top = max(min(self.timeline.natural_height(), int(0.45 * total)), self.timeline.minimumSizeHint().height())
        if self.splitter.sizes()[0] != top:
            self.splitter.setSizes([top, total - top])

    def _on_timeline_collapsed(self, collapsed: bool) -> None:
        """Folded, the timeline keeps only its header row and the plots take the height."""
        if collapsed:
            self._splitter_expanded = self.splitter.sizes() if self._splitter_user else None
            self._fit_timeline_height()
        else:
            before = getattr(self, "_splitter_expanded", None)
            if before and sum(before) == sum(self.splitter.sizes()):
                self.splitter.setSizes(before)
            else:
                self._fit_timeline_height()
        self._align_timeline_later()

    def _align_timeline_later(self) -> None:
        if hasattr(self, "_align_timer"):
            self._align_timer.start()  # after the layouts have settled

    def _align_timeline(self) -> None:
        """Give the timeline the plots' left and right column widths, measured on screen, so a
        therapy block sits exactly above the curves it changes."""
        if not self.plots.shown_rows or not self.timeline.view.isVisible():
            return
        plot_vb = self.plots.rows[self.plots.shown_rows[0]].vb
        lane_vb = self.timeline.vb

        def edges(vb, view):
            r = view.mapFromScene(vb.sceneBoundingRect()).boundingRect()
            return view.mapTo(self, r.topLeft()).x(), view.mapTo(self, r.topRight()).x()

        (pl, pr), (tl, tr) = edges(plot_vb, self.plots.canvas), edges(lane_vb, self.timeline.view)
        if (pl, pr) == (tl, tr) or pr <= pl:
            return
        label_w = self.timeline.lane_axis.width()
        needed_left = tl - label_w + self.timeline.label_width_needed()  # the lanes with whole labels
        if pl < needed_left:  # the plots' left column is narrower than the lane labels: widen it
            self.plots.set_min_left_axis_width(int(self.plots.left_column_px() + needed_left - pl))
            self._align_timeline_later()  # finish once the plots have laid out again
            return
        left = label_w + (pl - tl)
        right_axis = self.timeline.plot.getAxis("right")
        right = (right_axis.width() if right_axis.isVisible() else 0) + (tr - pr)
        self.timeline.set_axis_margins(left, right)

    def _restore_layout(self) -> bool:
        """The saved geometry, docks and splitter; False (and a default size) if none."""
        s = self._settings
        if s.value(WINDOW_STATE_VERSION, 0, type=int) != STATE_VERSION:
            self._default_size()
            return False
        geometry = s.value(WINDOW_GEOMETRY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = s.value(WINDOW_STATE)
        if isinstance(state, QByteArray):
            self.restoreState(state, STATE_VERSION)
        splitter = s.value(WINDOW_SPLITTER)
        if isinstance(splitter, QByteArray):
            self._splitter_user = self.splitter.restoreState(splitter)
        return True

    def _default_size(self) -> None:
        """First start: 1600x1000 (the layout is designed for it), or 90 % of a smaller screen."""
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return
        avail = screen.availableGeometry()
        self.resize(min(1600, int(0.9 * avail.width())), min(1000, int(0.9 * avail.height())))

    def save_layout(self) -> None:
        s = self._settings
        s.setValue(WINDOW_STATE_VERSION, STATE_VERSION)
        s.setValue(WINDOW_GEOMETRY, self.saveGeometry())
        s.setValue(WINDOW_STATE, self.saveState(STATE_VERSION))
        s.setValue(WINDOW_SPLITTER, self.splitter.saveState())
        s.sync()
