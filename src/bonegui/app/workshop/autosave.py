"""Autosave of the working scenario, and restore after a crash.

Each window session owns ``autosave-<pid>-<n>.bonelab.json`` (a normal scenario file, pinned runs
included) plus ``.meta.json`` (which file it was editing, when) in the data directory, and holds
a ``QLockFile`` of the same stem while it runs. A clean exit removes all three. After a crash or
``kill -9`` the lock is stale (its process is gone), so the next start finds the autosave as an
*orphan* and offers to restore it.

Data directory: ``bonegui.paths.data_dir()`` (``$BONEGUI_DATA_DIR`` if set: tests, portable
installs). Files are written with ``bonegui.fileio.atomic_write_text(fsync=False)`` (a crash
never leaves half a file; no fsync, so an autosave every edit never stalls on a slow disk) and the
meta data is read with ``bonegui.fileio.read_autosave_meta`` (regular file, size cap, strict
fields). The file path the meta data names is only a suggestion: restoring asks before the next
Save goes there again. A failed autosave is reported at once (``errorChanged``: the window shows a
persistent warning in its status bar until an autosave succeeds again).
"""

from __future__ import annotations

import itertools
import os
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from bonegui.paths import data_dir
from bonegui.scenario import FILE_SUFFIX, PinnedRun, Scenario, ScenarioError, load_document, scenario_to_json
from bonegui.fileio import AutosaveMeta, atomic_write_text, autosave_meta_json, read_autosave_meta

AUTOSAVE_INTERVAL_MS = 30_000
_PREFIX = "autosave-"
_session_counter = itertools.count(1)


@dataclass(frozen=True)
class Orphan:
    """An autosave left behind by a session that did not exit cleanly."""

    path: Path  # the scenario file
    file_path: str | None  # the file the session was editing (None: never saved)
    saved_at: float  # time.time() of the last autosave

    @property
    def meta_path(self) -> Path:
        return _meta_for(self.path)

    @property
    def lock_path(self) -> Path:
        return _lock_for(self.path)

    def load(self) -> tuple[Scenario, tuple[PinnedRun, ...]]:
        """The autosaved scenario and pinned runs (ScenarioError if the file is damaged)."""
        return load_document(self.path)

    def discard(self) -> None:
        for p in (self.path, self.meta_path, self.lock_path):
            try:
                p.unlink()
            except FileNotFoundError:
                pass

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        what = Path(self.file_path).name if self.file_path else "an unsaved scenario"
        return f"{what}, autosaved {when}"


def _stem(path: Path) -> str:
    return path.name.removesuffix(FILE_SUFFIX)


def _meta_for(path: Path) -> Path:
    return path.with_name(_stem(path) + ".meta.json")


def _lock_for(path: Path) -> Path:
    return path.with_name(_stem(path) + ".lock")


class AutosaveSession:
    """One running session's autosave slot (no Qt event loop needed: scripts and tests use it)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory else data_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        stem = f"{_PREFIX}{os.getpid()}-{next(_session_counter)}"
        self.path = self.directory / (stem + FILE_SUFFIX)
        self._lock = QLockFile(str(_lock_for(self.path)))
        self._lock.setStaleLockTime(0)  # stale only when the owning process is gone
        self._lock.tryLock(0)
        self._last_text: str | None = None

    def write(self, scenario: Scenario, pinned: tuple[PinnedRun, ...] = (), file_path: str | None = None) -> bool:
        """Write the autosave if it changed; returns True when the file was (re)written."""
        text = scenario_to_json(scenario, tuple(pinned))
        if text == self._last_text and self.path.exists():
            return False
        meta = AutosaveMeta(file_path, time.time(), os.getpid())
        atomic_write_text(self.path, text, fsync=False)  # the content first: it is what matters
        atomic_write_text(_meta_for(self.path), autosave_meta_json(meta), fsync=False)
        self._last_text = text
        return True

    def clear(self) -> None:
        """Remove the autosave (the work is saved, or discarded on purpose); keep the lock."""
        for p in (self.path, _meta_for(self.path)):
            try:
                p.unlink()
            except OSError:  # gone already, or a read-only folder: nothing to lose either way
                pass
        self._last_text = None

    def close(self) -> None:
        """Clean exit: remove the autosave and release the lock."""
        self.clear()
        self.release()

    def release(self) -> None:
        """Release the lock but keep the autosave: the next start offers it (SIGTERM exit)."""
        if self._lock.isLocked():
            self._lock.unlock()  # also deletes the lock file


def find_orphans(directory: Path | None = None) -> list[Orphan]:
    """Autosaves whose session is gone (crash, kill -9), newest first."""
    d = Path(directory) if directory else data_dir()
    out = []
    for p in d.glob(f"{_PREFIX}*{FILE_SUFFIX}"):
        lock = QLockFile(str(_lock_for(p)))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            continue  # its session is alive (this or another process)
        lock.unlock()
        file_path, saved_at = None, p.stat().st_mtime
        try:
            meta = read_autosave_meta(_meta_for(p))  # never hangs on a FIFO, never reads a huge file
            file_path, saved_at = meta.file_path, meta.saved_at
        except (OSError, ScenarioError):
            pass  # the scenario file is what matters; the meta data is a nicety
        out.append(Orphan(p, file_path, saved_at))
    _remove_stale_locks(d)
    return sorted(out, key=lambda o: o.saved_at, reverse=True)


def _remove_stale_locks(d: Path) -> None:
    """Locks of dead sessions that had nothing unsaved (no autosave file) are just litter."""
    for lock_path in d.glob(f"{_PREFIX}*.lock"):
        if lock_path.with_name(lock_path.name.removesuffix(".lock") + FILE_SUFFIX).exists():
            continue
        lock = QLockFile(str(lock_path))
        lock.setStaleLockTime(0)
        if lock.tryLock(0):
            lock.unlock()  # deletes the stale file


class AutosaveController(QObject):
    """Writes the document's scenario every 30 s and after every committed edit while it has
    unsaved changes; removes the autosave when the document is saved or clean again.

    ``errorChanged(message)``: an autosave failed (message: one line) or, with "", works again."""

    errorChanged = Signal(str)

    def __init__(self, document, is_dirty, parent: QObject | None = None, directory: Path | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._is_dirty = is_dirty  # callable: unsaved changes (edits or pinned runs)?
        self.session = AutosaveSession(directory)
        self.last_error: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()
        document.scenarioChanged.connect(self._on_changed)
        document.pinnedChanged.connect(self._on_changed)
        document.fileStateChanged.connect(self._on_changed)

    def _on_changed(self, *_args) -> None:
        self.autosave()

    def autosave(self) -> None:
        if not self._is_dirty():
            self.session.clear()
            self._set_error(None)
            return
        try:
            self.session.write(self.document.scenario, self.document.pinned, self.document.file_path)
        except (OSError, ScenarioError) as e:  # a full disk must not take the editor down
            self._set_error(f"Autosave failed: {e}")
            return
        self._set_error(None)

    def _set_error(self, message: str | None) -> None:
        if message != self.last_error:
            self.last_error = message
            self.errorChanged.emit(message or "")

    def close(self) -> None:
        self.timer.stop()
        self.session.close()
