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
