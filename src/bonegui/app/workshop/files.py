"""Scenario files: New / Open / Save / Save As / recent files, the unsaved-changes prompt and the
window title. Files are ``*.bonelab.json`` written atomically by ``scenario.save_scenario`` with
the pinned runs inside; a bad file is reported with its ScenarioError text and changes nothing.

Dialogs go through small ``ask_*``/``show_error`` methods so tests can answer them.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from bonegui.app import settings
from bonegui.app.dialogs.about import APP_NAME
from bonegui.fileio import SaveError, remove_stale_temp_files
from bonegui.scenario import FILE_SUFFIX, Scenario, ScenarioError, load_document, save_scenario

MAX_RECENT = 8
FILE_FILTER = f"Bone Remodeling Lab scenarios (*{FILE_SUFFIX});;JSON files (*.json);;All files (*)"


def with_suffix(path: str) -> str:
    """Give a chosen save path the scenario suffix (``a.json`` -> ``a.bonelab.json``)."""
    if path.endswith(FILE_SUFFIX):
        return path
    if path.lower().endswith(".json"):
        path = path[: -len(".json")]
    return path + FILE_SUFFIX


def prompts_available() -> bool:
    """Modal questions need a screen; headless runs (tests, --screenshot) never block on one."""
    return QGuiApplication.platformName() not in ("offscreen", "minimal")


class FileController(QObject):
    #: emitted after a file was opened or saved (argument: its path)
    fileOpened = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.prompts_enabled = prompts_available()
        self._saved_pinned = self.document.pinned
        self.autosave = None  # set by workshop.install; cleared when the work is saved

        self.new_action = self._action("&New", QKeySequence.StandardKey.New, self.new, "Start a new, default scenario")
        self.open_action = self._action("&Open…", QKeySequence.StandardKey.Open, self.open, "Open a scenario file")
        self.save_action = self._action("&Save", QKeySequence.StandardKey.Save, self.save, "Save the scenario and its pinned runs")
        self.save_as_action = self._action("Save &As…", QKeySequence.StandardKey.SaveAs, self.save_as, "Save under a new name")
        if self.save_as_action.shortcut().isEmpty():  # Linux desktops often map SaveAs to nothing
            self.save_as_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)

        self.document.fileStateChanged.connect(self._on_file_state)
        self.document.pinnedChanged.connect(self._on_file_state)
        self.document.scenarioChanged.connect(self._on_file_state)  # an unsaved scenario's title
        self._on_file_state()

    def _action(self, text, shortcut, slot, tip) -> QAction:
        a = QAction(text, self.window)
        a.setShortcut(QKeySequence(shortcut))
        a.setStatusTip(tip)
        a.triggered.connect(lambda _checked=False: slot())
        return a

    def add_to_menu(self, menu: QMenu) -> None:
        first = menu.actions()[0] if menu.actions() else None
        for a in (self.new_action, self.open_action):
            menu.insertAction(first, a)
        menu.insertMenu(first, self.recent_menu)
        for a in (self.save_action, self.save_as_action):
            menu.insertAction(first, a)
        if first is not None:
            menu.insertSeparator(first)

    # ---- state -------------------------------------------------------------------------------
    @property
    def is_dirty(self) -> bool:
        """Unsaved changes: an edit since the last save/load, or changed pinned runs."""
        return self.document.is_modified or self.document.pinned != self._saved_pinned

    def display_name(self) -> str:
        p = self.document.file_path
        return Path(p).name if p else (self.document.scenario.title.strip() or "Untitled")

    def _on_file_state(self, *_args) -> None:
        doc = self.document
        if doc.file_path and not doc.is_modified and doc.pinned == self._saved_pinned:
            self._remember(doc.file_path)
        self.update_title()

    def update_title(self) -> None:
        """"name.bonelab.json* — Bone Remodeling Lab" (the * while there are unsaved changes)."""
        self.window.setWindowTitle(f"{self.display_name()}[*] — {APP_NAME}")
        self.window.setWindowModified(self.is_dirty)

    # ---- dialogs (tests replace these) ---------------------------------------------------------
    def ask_open_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open scenario", self._start_dir(), FILE_FILTER)
        settings.remember_folder(settings.window_settings(self.window), path)
        return path or None

    def ask_save_path(self) -> str | None:
        start = self.document.file_path or os.path.join(self._start_dir(), _slug(self.document.scenario.title) + FILE_SUFFIX)
        path, _ = QFileDialog.getSaveFileName(self.window, "Save scenario as", start, FILE_FILTER)
        settings.remember_folder(settings.window_settings(self.window), path)
        return with_suffix(path) if path else None

    def ask_unsaved(self, doing: str) -> str:
        """'save', 'discard' or 'cancel'."""
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME,
                          f"“{self.display_name()}” has unsaved changes.",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        box.setInformativeText(f"Save them before you {doing}?")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard"}.get(
            QMessageBox.StandardButton(answer), "cancel")

    def show_error(self, title: str, text: str) -> None:
        self.window.status(text, 10_000)
        if self.prompts_enabled:
            QMessageBox.warning(self.window, title, text)

    def _start_dir(self) -> str:
        """The folder a file dialog used last (open, save, export, lessons), else home."""
        return settings.last_folder(settings.window_settings(self.window))

    # ---- commands ----------------------------------------------------------------------------
    def maybe_save(self, doing: str = "continue") -> bool:
        """Ask about unsaved changes; False means the user cancelled (or saving failed).
        Without a screen (offscreen: tests, --screenshot) nothing is asked and the answer is yes."""
        if not self.is_dirty or not self.prompts_enabled:
            return True
        answer = self.ask_unsaved(doing)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new(self) -> bool:
        if not self.maybe_save("start a new scenario"):
            return False
        self.replace(Scenario(), None, ())
        self.window.status("New scenario", 3000)
        return True

    def open(self, path: str | None = None) -> bool:
        if not self.maybe_save("open another file"):
            return False
        path = path or self.ask_open_path()
        if not path:
            return False
        return self.open_path(path)

    def open_path(self, path: str) -> bool:
        """Load a file into the document; on any problem show why and change nothing."""
        try:
            scenario, pinned = load_document(path)
        except ScenarioError as e:  # every malformed or unreadable file: one line naming it
            self.show_error("Cannot open scenario", str(e))
            return False
        except (OSError, RecursionError, MemoryError) as e:  # last guard; floor 1 turns these into ScenarioError
            self.show_error("Cannot open scenario", f"{path}: cannot read the file ({getattr(e, 'strerror', None) or type(e).__name__})")
            return False
        remove_stale_temp_files(Path(path).resolve().parent)  # left beside it by a save that was killed
        self.replace(scenario, str(Path(path).resolve()), pinned)
        self.window.status(f"Opened {Path(path).name}", 4000)
        self.fileOpened.emit(str(path))
        return True

    def replace(self, scenario: Scenario, file_path: str | None, pinned) -> None:
        self._saved_pinned = tuple(pinned)
        self.document.replace(scenario, file_path=file_path, pinned=tuple(pinned))
        self._on_file_state()

    def save(self) -> bool:
        if not self.document.file_path:
            return self.save_as()
        return self.save_to(self.document.file_path)

    def save_as(self) -> bool:
        path = self.ask_save_path()
        if not path:
            return False
        return self.save_to(with_suffix(path))

    def save_to(self, path: str) -> bool:
        doc = self.document
        try:
            save_scenario(path, doc.scenario, doc.pinned)
        except (OSError, ScenarioError) as e:  # SaveError is an OSError with a one-line text
            reason = str(e) if isinstance(e, (SaveError, ScenarioError)) else f"{path}: cannot write the file ({e.strerror or e})"
            self.show_error("Cannot save scenario", f"{reason}; your work is unchanged and still autosaved.")
            return False
        self._saved_pinned = doc.pinned
        doc.mark_saved(str(Path(path).resolve()))
        self._remember(doc.file_path)
        if self.autosave is not None:
            self.autosave.session.clear()
        self._on_file_state()
        self.window.status(f"Saved {Path(path).name}", 4000)
        self.fileOpened.emit(str(path))
        return True

    # ---- recent files ------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        return settings.recent_files(settings.app_settings())

    def _remember(self, path: str) -> None:
        recent = [p for p in self.recent_files() if p != path]
        recent.insert(0, path)
        settings.set_recent_files(settings.app_settings(), recent[:MAX_RECENT])
        settings.remember_folder(settings.window_settings(self.window), path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for i, p in enumerate(recent, 1):
            a = self.recent_menu.addAction(f"&{i} {Path(p).name}")
            a.setToolTip(p)
            a.setStatusTip(p)
            a.setEnabled(os.path.exists(p))
            a.triggered.connect(lambda _c=False, path=p: self.open(path))
        if not recent:
            self.recent_menu.addAction("(no recent files)").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear list", self._clear_recent)

    def _clear_recent(self) -> None:
        settings.set_recent_files(settings.app_settings(), [])


def _slug(title: str) -> str:
    keep = "".join(c if c.isalnum() or c in " -_" else " " for c in title).strip()
    return "-".join(keep.lower().split())[:60] or "scenario"
