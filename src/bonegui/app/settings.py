"""The app's settings (QSettings): where they live, and every key.

``app_settings()`` is the one way to open them. With ``BONEGUI_DATA_DIR`` set (portable mode,
tests) every setting goes to ``settings.ini`` in ``bonegui.paths.data_dir()``; otherwise the
platform's native store under the organisation and application names that ``run_app`` sets.
``temporary_settings()`` is an ini file in a temporary folder: ``--screenshot`` never reads or
writes the user's settings. Views take a QSettings (the window's ``settings=`` argument), so a
test can hand them its own file.
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from PySide6.QtCore import QCoreApplication, QSettings

from bonegui import __version__, paths

ORGANIZATION = "BoneRemodelingLab"
#: the store's name when no application name is set (scripts, embedding)
FALLBACK_APPLICATION = "bonegui"
INI_NAME = "settings.ini"

# ---- keys
RECENT_FILES = "recentFiles"
#: the version whose educational-use disclaimer the user acknowledged
DISCLAIMER_ACKNOWLEDGED = "disclaimer/acknowledged_version"
WINDOW_GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"
WINDOW_SPLITTER = "window/splitter"
WINDOW_STATE_VERSION = "window/state_version"
#: the folder a file dialog was last used in (open, save, export, lessons)
LAST_FOLDER = "files/last_folder"


def app_settings() -> QSettings:
    """The app's settings: an ini file in the data folder in portable mode, else native."""
    if paths.portable_root() is not None:
        return ini_settings(paths.data_dir() / INI_NAME)
    if QCoreApplication.organizationName():
        return QSettings()  # the app's own (run_app sets organisation and application names)
    return QSettings(ORGANIZATION, FALLBACK_APPLICATION)


def ini_settings(path: str | Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


@contextmanager
def temporary_settings() -> Iterator[QSettings]:
    """Settings in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="bonegui-settings-") as d:
        s = ini_settings(Path(d) / INI_NAME)
        try:
            yield s
        finally:
            s.sync()


def recent_files(s: QSettings) -> list[str]:
    v = s.value(RECENT_FILES, [])
    if isinstance(v, str):  # QSettings returns a lone string for a one-item list
        v = [v]
    return [p for p in (v or []) if isinstance(p, str)]


def set_recent_files(s: QSettings, files: list[str]) -> None:
    s.setValue(RECENT_FILES, list(files))
    s.sync()


def disclaimer_acknowledged(s: QSettings) -> bool:
    return s.value(DISCLAIMER_ACKNOWLEDGED, "", type=str) == __version__


def acknowledge_disclaimer(s: QSettings) -> None:
    s.setValue(DISCLAIMER_ACKNOWLEDGED, __version__)
    s.sync()


def window_settings(window) -> QSettings:
    """The settings a window was given (``MainWindow.settings``), else the app's."""
    s = getattr(window, "settings", None)
    return s if isinstance(s, QSettings) else app_settings()


def last_folder(s: QSettings) -> str:
    """Where file dialogs open: the folder used last, if it still exists, else the home folder."""
    folder = s.value(LAST_FOLDER, "", type=str)
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember_folder(s: QSettings, path: str) -> None:
    """Remember the folder of ``path`` (a file chosen in a dialog) for the next dialog."""
    if path:
        folder = Path(path).parent if not Path(path).is_dir() else Path(path)
        s.setValue(LAST_FOLDER, str(folder))
        s.sync()
