"""MainWindow: protocol builder (left dock), timeline (top of the centre), plots below, readout
(right dock), playback and plot toolbars, status bar; the simulation thread behind them.

How it fits small screens and the projector: bonegui.app.layout (docks, toolbars, presentation
mode) and bonegui.app.plots.rows (which plot rows fit)."""

from __future__ import annotations

import weakref
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QGuiApplication, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from bonegui import logs
from bonegui.app import style
from bonegui.app.layout.window_layout import WindowLayout
from bonegui.app.workshop.drops import FileDrops
from bonegui.app.simulation.cohort import CohortController
from bonegui.app.dialogs.about import APP_NAME, AboutDialog, show_first_start_disclaimer
from bonegui.app.dialogs.validation_menu import install as install_validation
from bonegui.app.document import ScenarioDocument
from bonegui.app.layout.adaptive import AdaptiveLayout
from bonegui.app.playback import Playback
from bonegui.app.plots.area import PlotArea
from bonegui.app.plots.readout import ReadoutPanel
from bonegui.app.plots.series import relevant_hormones
from bonegui.app.plots.time_range import TimeRange
from bonegui.app.protocol.panel import ProtocolPanel
from bonegui.app.settings import app_settings
from bonegui.app.timeline.editor import TimelineEditor
from bonegui.app.workshop.install import install as install_workshop
from bonegui.app.simulation.service import SimulationService
from bonegui.model.result import Result
from bonegui.resources_access import resource_path
from bonegui.scenario import Scenario


#: open windows, newest last, by weak reference: an uncaught exception is shown in the newest
#: one (bonegui.logs has one listener for the process; a strong reference would keep every
#: closed window's Python wrappers alive)
_exception_windows: list[weakref.ref] = []


def _show_uncaught_exception(message: str, log_file: Path) -> None:
    """bonegui.logs' listener: the newest open window shows the dialog."""
    for ref in reversed(_exception_windows):
        win = ref()
        if win is not None and not win._closed:
            win._on_uncaught_exception(message, log_file)
            return


def open_url(url: QUrl) -> bool:
    """QDesktopServices.openUrl (one place, so tests can replace it)."""
    return QDesktopServices.openUrl(url)


def app_icon() -> QIcon:
    """The app icon, drawn as SVG (resources/icons/bonegui.svg), loaded from the package data."""
    pix = QPixmap()
    try:
        pix.loadFromData(resource_path("icons", "bonegui.svg").read_bytes(), "SVG")
    except OSError:
        return QIcon()
    return QIcon(pix)


def _prompts_available() -> bool:
    """Modal questions need a screen; headless runs (tests, --screenshot) never pop a dialog."""
    return QGuiApplication.platformName() not in ("offscreen", "minimal")


class MainWindow(WindowLayout, FileDrops, QMainWindow):
    """The Bone Remodeling Lab window.

    API for the other parts of the app (workshop, dialogs, tests):

    - ``document``: the ScenarioDocument (the whole editable state; undo stack).
    - ``protocol_panel`` (ProtocolPanel, left dock), ``timeline`` (TimelineEditor, top of the
      centre), ``plots`` (PlotArea: ``rows`` and ``plot_items`` "hormones"/"cells"/"bmd"/"markers",
      ``set_result``, ``append_chunk``, ``set_overlays([(name, Result), ...])`` for up to 4 pins;
      ``plots.choice`` is which rows the user wants), ``time_range`` (the shared time range),
      ``plot_selector`` (View → Plots and the plots toolbar).
    - ``simulation``: the SimulationService, owner of the simulation thread; every simulation
      goes through it. ``request(scenario)`` runs the live simulation; signals
      ``resultReady(result, generation)`` (complete, newest only) and ``chunkReady(rows,
      generation)`` while streaming, ``failed(message, generation)``. ``results`` (pinned runs
      and exports by scenario) and ``submit(kind, work, ...)`` for queued jobs.
    - ``last_result``: the last complete good Result on screen (None before the first).
    - ``menus``: dict of QMenu "file", "edit" (Undo Ctrl+Z, Redo Ctrl+Shift+Z), "view",
      "lessons", "help" (About), created in that order.
    - ``set_presentation(bool)`` / ``presentation``: projector mode (F11, View menu).
    - ``status(message, timeout_ms=0)``: a status-bar message.
    - ``cursor_t_years`` and the signal ``cursorMoved(float)``: the time cursor (years from start).
    - ``playback`` (Playback clock), ``readout`` (ReadoutPanel of every series at the cursor).
    - ``cohort``: the Cohort switch (bonegui.app.simulation.cohort: ``action``, ``set_on``, ``set_people``).
    """

    cursorMoved = Signal(float)

    def __init__(self, document: ScenarioDocument | None = None, *, settings: QSettings | None = None,
                 restore_layout: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document if document is not None else ScenarioDocument(parent=self)
        self._settings = settings if settings is not None else app_settings()
        self._persist_layout = restore_layout
        self.presentation = False
        self.last_result: Result | None = None
        self.cursor_t_years = 0.0
        self._closed = False
        self._docks_before_presentation: dict[str, bool] = {}
        self._splitter_before_presentation: list[int] = []
        self._reference_pending: Result | None = None

        app = QApplication.instance()
        if app is not None and app.font().pointSize() < style.DEFAULT.font_pt:
            style.apply_app_style(app)  # built without run_app (tests, embedding): same look
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setObjectName("main_window")
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        style.configure_pyqtgraph()  # idempotent; also when the window is built without run_app (tests, notebooks)
        self.simulation = SimulationService(self)
        self.time_range = TimeRange(self)
        self.plots = PlotArea(time_range=self.time_range)
        self.timeline = TimelineEditor(self.document)
        self.timeline.attach_time_range(self.time_range)
        self.protocol_panel = ProtocolPanel(self.document)
        self.playback = Playback(self)
        self.readout = ReadoutPanel()
        self._build_layout()
        self._build_menus()
        self._connect()

        self._drag_end = QTimer(self)  # a drag that stops previewing without a commit
        self._drag_end.setSingleShot(True)
        self._drag_end.setInterval(400)
        self._drag_end.timeout.connect(self._end_interactive)

        # the timeline shares the plots' time range; _align_timeline gives it their x pixels
        self._align_timer = QTimer(self)
        self._align_timer.setSingleShot(True)
        self._align_timer.setInterval(0)
        self._align_timer.timeout.connect(self._align_timeline)
        self.plots.canvas.installEventFilter(self)
        self.timeline.view.installEventFilter(self)

        self._on_scenario_changed(self.document.scenario)
        self.plots.choice.reset(relevant_hormones(self.document.scenario))
        restored = self._restore_layout() if restore_layout else False
        self.adaptive = AdaptiveLayout(self, restored)
        install_workshop(self)
        self.cohort = CohortController(self)  # after the workshop: it draws the pins' cohorts too
        self._install_cohort()
        install_validation(self)
        self._finish_file_menu()
        self._update_title()
        self.setAcceptDrops(True)  # a scenario file dropped on the window opens like File → Open
        #: the last uncaught exception's one line (with the log's path), shown in a dialog
        self.last_exception_message: str | None = None
        self.exception_box: QMessageBox | None = None
        _exception_windows.append(weakref.ref(self))
        logs.on_exception(_show_uncaught_exception)

    # ------------------------------------------------------------------------------ building

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus = {
            "file": bar.addMenu("&File"),
            "edit": bar.addMenu("&Edit"),
            "view": bar.addMenu("&View"),
            "lessons": bar.addMenu("&Lessons"),
            "help": bar.addMenu("&Help"),
        }
        undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        self.undo_action, self.redo_action = undo, redo
        self.menus["edit"].addAction(undo)
        self.menus["edit"].addAction(redo)

        view = self.menus["view"]
        self.presentation_action = QAction("&Presentation mode", self)
        self.presentation_action.setCheckable(True)
        self.presentation_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.presentation_action.setToolTip("Large type and thick lines for a projector (F11)")
        self.presentation_action.toggled.connect(self.set_presentation)
        view.addAction(self.presentation_action)
        view.addSeparator()
        view.addMenu(self.plot_selector.menu)
        view.addAction(self.timeline.lanes_action)
        view.addSeparator()
        view.addAction(self.protocol_dock.toggleViewAction())
        view.addAction(self.readout_dock.toggleViewAction())
        view.addAction(self.playback_bar.toggleViewAction())
        view.addAction(self.plots_bar.toggleViewAction())
        view.addSeparator()
        self.reset_zoom_action = QAction("Show the &whole span", self)
        self.reset_zoom_action.setShortcut(QKeySequence("Ctrl+0"))
        self.reset_zoom_action.triggered.connect(self._reset_zoom)
        view.addAction(self.reset_zoom_action)

        self.open_log_action = QAction("Open &log folder", self)
        self.open_log_action.setStatusTip("The folder with bonegui.log: send it when something went wrong")
        self.open_log_action.triggered.connect(lambda _c=False: self.open_log_folder())
        self.menus["help"].addAction(self.open_log_action)
        self.about_action = QAction(f"&About {APP_NAME}", self)
        self.about_action.triggered.connect(self.show_about)
        self.menus["help"].addAction(self.about_action)

    def _install_cohort(self) -> None:
        """View → Cohort and Cohort size, and the plots toolbar's Cohort button and N."""
        view = self.menus["view"]
        actions = view.actions()
        i = actions.index(self.timeline.lanes_action) + 1 if self.timeline.lanes_action in actions else len(actions)
        before = actions[i] if i < len(actions) else None  # right after Plots and the lanes
        view.insertAction(before, self.cohort.action)
        view.insertMenu(before, self.cohort.people_menu)
        self.plots_bar.addSeparator()
        self.plots_bar.addAction(self.cohort.action)
        self.plots_bar.addWidget(self.cohort.people_button)

    def _finish_file_menu(self) -> None:
        """Quit goes last, after whatever the workshop added to File."""
        file_menu = self.menus["file"]
        if file_menu.actions():
            file_menu.addSeparator()
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

    def _connect(self) -> None:
        self.document.scenarioChanged.connect(self._on_scenario_changed)
        self.document.previewChanged.connect(self._on_preview)
        self.document.fileStateChanged.connect(self._on_file_state)
        self.simulation.chunkReady.connect(self._on_chunk)
        self.simulation.resultReady.connect(self._on_result)
        self.simulation.failed.connect(self._on_failed)
        self.simulation.busyChanged.connect(self._on_busy)
        self.plots.cursorMoved.connect(self._on_cursor)
        self.plots.rowsChanged.connect(lambda _rows: self._align_timeline_later())
        self.timeline.collapsedChanged.connect(self._on_timeline_collapsed)
        self.timeline.lanesChanged.connect(self._fit_timeline_height)
        self.playback.tChanged.connect(self._on_playback_t)
        self.playback.activeChanged.connect(self._on_playback_active)

    # ------------------------------------------------------------------------------ scenario
    def _on_scenario_changed(self, scenario: Scenario) -> None:
        after_drag = self.plots.interactive  # the release of a drag: its previews already showed it
        self._end_interactive()
        self._apply_scenario_frame(scenario)
        self.simulation.request(scenario, stream=not after_drag)

    def _on_preview(self, scenario: Scenario) -> None:
        """A drag in progress: cheap, coalesced, no streaming; the commit follows on release."""
        self.plots.set_interactive(True)
        self._drag_end.start()
        self._apply_scenario_frame(scenario)
        self.simulation.request(scenario, stream=False, preview=True)

    def _end_interactive(self) -> None:
        self._drag_end.stop()
        if self.plots.interactive:
            self.plots.set_interactive(False)
            self._feed_timeline()

    def _apply_scenario_frame(self, scenario: Scenario) -> None:
        self.plots.set_span(scenario.span_years)
        self.plots.set_patient(scenario.patient)
        self.plots.choice.set_relevant(relevant_hormones(scenario))
        self.readout.set_stages(self.plots.life_stages)
        self.readout.set_therapies(scenario)
        self.playback.set_span(scenario.span_years)
        self.playback_bar.set_start_age(scenario.patient.age_years)

    # ------------------------------------------------------------------------------ results
    def _on_chunk(self, chunk: Result, generation: int) -> None:
        self.plots.append_chunk(chunk, generation)

    def _on_result(self, result: Result, generation: int) -> None:
        self.last_result = result
        self.plots.set_result(result, generation)
        self.readout.show_at(result, self.cursor_t_years)
        self.error_banner.hide()
        self._reference_pending = result
        if not self.plots.interactive:
            self._feed_timeline()

    def _feed_timeline(self) -> None:
        """The timeline draws the simulated hormones faintly in its lanes; during a drag it gets
        them on release (repainting the lanes under the hand for every preview costs a frame)."""
        result, self._reference_pending = self._reference_pending, None
        set_reference = getattr(self.timeline, "set_reference_result", None)
        if result is not None and set_reference is not None:
            set_reference(result)

    def _on_failed(self, message: str, generation: int) -> None:
        self.status(message, 15000)
        if not self.plots.interactive:  # mid-drag the status bar is enough: no layout jumps
            self.error_banner.show_message(message)
        if self.last_result is not None:  # a stream that died half-way: back to the last good run
            self.plots.set_result(self.last_result, generation)

    def _on_busy(self, busy: bool) -> None:
        self.busy_label.setText("Simulating…" if busy else "")

    # ------------------------------------------------------------------------------ cursor
    def _on_cursor(self, t_years: float) -> None:
        self.cursor_t_years = t_years
        self.timeline.set_cursor(t_years)
        self.readout.show_at(self.last_result, t_years)
        self.playback.set_t(t_years)
        self.cursorMoved.emit(t_years)

    def set_cursor(self, t_years: float) -> None:
        self.plots.set_cursor(t_years)

    def _on_playback_t(self, t_years: float) -> None:
        if self.playback.active:
            self.plots.set_reveal(t_years)
        self.plots.set_cursor(t_years)

    def _on_playback_active(self, active: bool) -> None:
        self.plots.set_reveal(self.playback.t_years if active else None)


    def resizeEvent(self, ev) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(ev)
        self._fit_timeline_height()

    def showEvent(self, ev) -> None:  # noqa: N802 (Qt API)
        super().showEvent(ev)
        self._fit_timeline_height()

    def _reset_zoom(self) -> None:
        self.time_range.fit()

    # ------------------------------------------------------------------------------ public
    @property
    def settings(self) -> QSettings:
        """The window's settings (a test's own file, or the app's)."""
        return self._settings

    def status(self, message: str, timeout_ms: int = 0) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def open_log_folder(self) -> Path:
        """Help → Open log folder: the file manager on the folder of bonegui.log."""
        folder = logs.log_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        if not open_url(QUrl.fromLocalFile(str(folder))):
            self.status(f"The log folder is {folder}", 15_000)
        return folder

    def _on_uncaught_exception(self, message: str, log_file: Path) -> None:
        """bonegui.logs calls this after logging an uncaught exception (one raised in a slot
        reaches sys.excepthook): one line and where the details are; the window goes on."""
        if self._closed:
            return
        self.last_exception_message = message
        self.status(f"Internal error: {message}", 0)
        if not _prompts_available():
            return  # headless (tests, --screenshot): the status bar and the log are enough
        if self.exception_box is not None:
            self.exception_box.close()
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "Something went wrong inside the app.",
                          QMessageBox.StandardButton.Ok, self)
        box.setInformativeText(f"{message}\n\nYour work is still open. The log file is\n{log_file}\n"
                               "(Help → Open log folder); please send it with a note of what you did.")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: setattr(self, "exception_box", None))
        self.exception_box = box
        box.open()

    # ---- drag and drop -------------------------------------------------------------------------


    def show_about(self) -> AboutDialog:
        dlg = AboutDialog(self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            self._align_timeline_later()
        return super().eventFilter(watched, event)


    def show_disclaimer_if_first_start(self):
        return show_first_start_disclaimer(self, self._settings)

    def set_presentation(self, on: bool) -> None:
        """Projector mode: ≥ 16 pt type, thick lines, high contrast; the docks step aside and the
        timeline folds to its header (View menu brings them back); full screen on a real display."""
        on = bool(on)
        if self.presentation_action.isChecked() != on:
            self.presentation_action.setChecked(on)  # re-enters through toggled
            return
        if on == self.presentation:
            return
        self.presentation = on
        self.adaptive.set_presentation(on)
        self._align_timeline_later()
        self.status("Presentation mode on (F11 to leave)" if on else "Presentation mode off", 4000)

    def _on_file_state(self) -> None:
        doc = self.document
        if doc.undo_stack.count() == 0 and self.simulation.busy and self.simulation.last_scenario != doc.scenario:
            # a new or loaded scenario (replace(): history cleared, its run just requested):
            # the previous curves mean nothing here, so this run grows across empty plots
            self.plots.clear()
            self.plots.choice.reset(relevant_hormones(doc.scenario))
            self.last_result = None
            self.readout.show_at(None, self.cursor_t_years)
        self._update_title()

    def _update_title(self) -> None:
        """A fallback title; the workshop's file manager owns it once installed."""
        if getattr(self, "workshop", None) is not None:
            return
        doc = self.document
        name = doc.file_path.rsplit("/", 1)[-1] if doc.file_path else doc.scenario.title
        self.setWindowTitle(f"{name}{' *' if doc.is_modified else ''} — {APP_NAME}")

    # ------------------------------------------------------------------------------ persistence


    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        super().closeEvent(event)
        if not event.isAccepted():  # e.g. the workshop asked to save and the user cancelled
            return
        self.shutdown()

    def terminate(self) -> None:
        """Close at once without asking (SIGTERM, the session ending): unsaved work stays in
        the autosave, which the next start offers to restore; the simulation thread stops."""
        ws = getattr(self, "workshop", None)
        if ws is not None:
            ws.keep_autosave = True
        self.close()
        self.shutdown()  # also when a close event was refused

    def shutdown(self) -> None:
        """Stop playback and the simulation thread (waits for it). Idempotent. Every way of
        closing ends here: closeEvent (window button, File → Quit, close()), terminate()
        (SIGTERM), the end of --screenshot, and QApplication.aboutToQuit (run_app)."""
        if self._closed:
            return
        self._closed = True
        _exception_windows[:] = [r for r in _exception_windows if r() not in (None, self)]
        if self._persist_layout and not self.presentation:
            self.save_layout()
        self.playback.pause()
        self._drag_end.stop()
        self.cohort.shutdown()
        if not self.simulation.shutdown():  # a run far from its next chunk boundary: wait longer
            self.simulation.shutdown(timeout_ms=60_000)
