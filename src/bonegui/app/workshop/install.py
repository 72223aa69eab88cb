"""Workshop features: files and autosave, compare runs, export, glossary, lessons, shortcuts.

``install(window)`` is called once at the end of MainWindow.__init__. It adds its actions to
``window.menus["file"|"view"|"lessons"|"help"]`` and keeps its objects on ``window.workshop``.
Presentation mode (F11) is the window's own (``window.set_presentation``); this module only
lists its shortcut in the F1 table like every other action.

Closing: an event filter on the window sees the Close event first; with unsaved changes it asks
Save / Discard / Cancel (Cancel ignores the event). An accepted close removes the autosave; the
window's own closeEvent then runs as usual and stops the simulation service (pins, exports).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox

from bonegui.app.dialogs import glossary
from bonegui.app.workshop.autosave import AutosaveController, Orphan, find_orphans
from bonegui.app.workshop.export import ExportController
from bonegui.app.workshop.files import FileController
from bonegui.app.workshop.lesson_dialog import LessonsController
from bonegui.app.workshop.compare_runs import CompareRunsController
from bonegui.app.dialogs.shortcuts import ShortcutsDialog, shortcuts_action
from bonegui.fileio import remove_stale_temp_files, stored_path_problem
from bonegui.scenario import Scenario, ScenarioError, load_document


class Workshop(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.files = FileController(window)
        self.autosave = AutosaveController(window.document, lambda: self.files.is_dirty, self)
        self.files.autosave = self.autosave
        # temp files of saves and autosaves that a kill -9 or power cut interrupted
        remove_stale_temp_files(self.autosave.session.directory)
        # a failed autosave stays on screen until one succeeds again (a transient message would
        # scroll away while the user goes on working on what is no longer being kept)
        self.autosave_warning = QLabel()
        self.autosave_warning.setObjectName("autosave_warning")
        self.autosave_warning.setStyleSheet("color: #B5400B; font-weight: bold;")
        self.autosave_warning.hide()
        window.statusBar().addPermanentWidget(self.autosave_warning)
        self.autosave.errorChanged.connect(self._on_autosave_error)
        self.keep_autosave = False  # SIGTERM: close without asking, leave the work to restore
        self.cache = window.simulation.results  # pins and exports run on the window's service
        self.pins = CompareRunsController(window, self.cache)
        self.export = ExportController(window, self.cache, self.pins)
        self.lessons = LessonsController(window, self.files, on_term=self.show_glossary)
        self.glossary_dialog: glossary.GlossaryDialog | None = None
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.restore_box: QMessageBox | None = None
        self._closed = False
        self._build_menus()
        self.tooltips_set = glossary.install_plot_tooltips(getattr(window.plots, "headers", None) or window.plots.plot_items)
        # other panels' fixed labels (protocol form, readout rows); they can also call
        # glossary.tooltip_for(term) themselves
        self.tooltips_set += sum(glossary.install_widget_tooltips(getattr(window, name, None))
                                 for name in ("protocol_panel", "readout"))
        window.installEventFilter(self)

    # ---- menus -------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        m = self.window.menus
        # File: New, Open, Recent, Save, Save As, Export ▸, separator, (the window's own items)
        self.files.add_to_menu(m["file"])
        acts = m["file"].actions()
        pos = acts.index(self.files.save_as_action)
        m["file"].insertMenu(acts[pos + 1] if pos + 1 < len(acts) else None, self.export.menu)

        view = m["view"]
        view.addSeparator()
        view.addMenu(self.pins.menu)
        bar = getattr(self.window, "plots_bar", None)
        if bar is not None:  # compare runs on the toolbar, beside the plots they draw into
            bar.addSeparator()
            bar.addAction(self.pins.pin_action)
            bar.addAction(self.pins.clear_action)

        self.lessons.populate(m["lessons"])

        help_menu = m["help"]
        first_help = help_menu.actions()[0] if help_menu.actions() else None
        self.shortcuts_action = shortcuts_action(self.window)
        self.shortcuts_action.triggered.disconnect()
        self.shortcuts_action.triggered.connect(lambda _c=False: self.show_shortcuts())
        self.glossary_action = QAction("&Glossary", self.window)
        self.glossary_action.setShortcut("Ctrl+Shift+G")
        self.glossary_action.setStatusTip("Look up a term: searchable definitions of every term the app uses")
        self.glossary_action.triggered.connect(lambda _c=False: self.show_glossary())
        help_menu.insertAction(first_help, self.shortcuts_action)
        help_menu.insertAction(first_help, self.glossary_action)
        if first_help is not None:
            help_menu.insertSeparator(first_help)

    def show_glossary(self, term: str = "") -> glossary.GlossaryDialog:
        if self.glossary_dialog is None:
            self.glossary_dialog = glossary.GlossaryDialog(self.window)
        if term:
            self.glossary_dialog.show_term(term)
        self.glossary_dialog.show()
        self.glossary_dialog.raise_()
        return self.glossary_dialog

    def show_shortcuts(self) -> ShortcutsDialog:
        if self.shortcuts_dialog is not None:
            self.shortcuts_dialog.deleteLater()
        self.shortcuts_dialog = ShortcutsDialog(self.window)  # rebuilt: actions may have changed
        self.shortcuts_dialog.show()
        return self.shortcuts_dialog

    # ---- restore after a crash ---------------------------------------------------------------
    def offer_restore(self) -> Orphan | None:
        """If an earlier session died with unsaved work, offer it (non-modal, never blocks).
        Returns the orphan offered, or None."""
        orphans = find_orphans(self.autosave.session.directory)
        if not orphans:
            return None
        orphan = orphans[0]
        if not self.files.prompts_enabled:
            return orphan  # headless (tests, --screenshot): never ask, never touch it
        box = QMessageBox(QMessageBox.Icon.Question, "Restore unsaved work?",
                          "Bone Remodeling Lab did not close normally last time.", parent=self.window)
        box.setInformativeText(f"Restore {orphan.describe()}?")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard it", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)

        def done(_r) -> None:
            clicked = box.clickedButton()
            if clicked is restore:
                self.restore(orphan)
            elif clicked is discard:
                orphan.discard()
            self.restore_box = None

        box.finished.connect(done)
        self.restore_box = box
        box.open()
        return orphan

    def restore(self, orphan: Orphan) -> bool:
        """Load an orphaned autosave as *unsaved* work: the file it came from (if any) is the
        saved state, the autosaved scenario one undo step on top of it."""
        try:
            scenario, pinned = orphan.load()
        except ScenarioError as e:
            self.files.show_error("Cannot restore", f"The autosave is damaged and was kept for inspection: {e}")
            return False
        base, base_pinned, path = None, (), None
        if orphan.file_path:
            # the metadata's path is a suggestion: Save goes there again only if it is still a
            # file (or a new one in an existing folder) and the user says so
            problem = stored_path_problem(orphan.file_path)
            if problem is None and self.ask_reuse_path(orphan.file_path):
                try:
                    base, base_pinned = load_document(orphan.file_path)
                    path = orphan.file_path
                except ScenarioError:
                    base = None
            elif problem is not None:
                self.window.status(f"The restored work is not tied to {orphan.file_path} ({problem}); Save asks for a name", 10_000)
        if base is None:
            base = Scenario()
        self.files.replace(base, path, base_pinned)
        self.window.document.commit(scenario, "Restore unsaved work")
        self.window.document.set_pinned(pinned)
        self.autosave.autosave()  # the restored work now lives in this session's autosave
        orphan.discard()
        self.window.status(f"Restored {orphan.describe()}", 6000)
        return True

    def ask_reuse_path(self, file_path: str) -> bool:
        """Should Save write the restored work back to ``file_path`` (from the autosave's
        metadata)? Headless (tests, --screenshot) nobody can answer: no, Save will ask."""
        if not self.files.prompts_enabled:
            return False
        answer = QMessageBox.question(
            self.window, "Save to the same file?",
            f"The restored work was last saved as\n{file_path}\n\nShould Save write to that file again? "
            "(No: Save asks for a name.)",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _on_autosave_error(self, message: str) -> None:
        self.autosave_warning.setText(f"⚠ {message}" if message else "")
        self.autosave_warning.setToolTip(message + "\nSave the scenario to keep your work." if message else "")
        self.autosave_warning.setVisible(bool(message))
        if message:
            self.window.status(f"{message}. Save the scenario to keep your work.", 15_000)

    # ---- closing -----------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if obj is self.window and event.type() == QEvent.Type.Close and not self._closed:
            if not self.keep_autosave and not self.files.maybe_save("close"):
                event.ignore()
                return True  # the window stays open; its closeEvent does not run
            self.shutdown()
        return False

    def shutdown(self) -> None:
        """Clean exit: remove the autosave (the window's close stops the simulation service).
        With ``keep_autosave`` (SIGTERM) unsaved work stays in the autosave for the next start."""
        if self._closed:
            return
        self._closed = True
        if self.keep_autosave and self.files.is_dirty:
            self.autosave.autosave()
            self.autosave.timer.stop()
            self.autosave.session.release()
        else:
            self.autosave.close()


def install(window) -> Workshop:
    """Add the workshop menus/actions to a MainWindow. Called once at the end of its __init__."""
    ws = Workshop(window)
    window.workshop = ws
    QTimer.singleShot(0, window, ws.offer_restore)  # after the window is shown (not if it is gone)
    QTimer.singleShot(0, window, ws.files.update_title)  # after the window's own __init__ titled it
    return ws
