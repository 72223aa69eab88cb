"""Where the app keeps its files: data (autosaves, settings, recent files), logs and caches.

Floor 1 (no Qt), so the CLI, the window and the compiled-kernel cache agree. One switch moves
everything: ``BONEGUI_DATA_DIR`` (portable mode: a USB stick, a classroom share, the tests)
puts data, settings, logs and caches under that one folder. Otherwise the platform's own
per-user places (platformdirs): on Linux ``~/.local/share/bonegui``, ``~/.local/state/bonegui/log``
and ``~/.cache/bonegui``; on macOS ``~/Library/Application Support``, ``Logs`` and ``Caches``;
on Windows ``%LOCALAPPDATA%\\bonegui``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_DATA_DIR = "BONEGUI_DATA_DIR"
APP_DIR_NAME = "bonegui"


def portable_root() -> Path | None:
    """The folder named by BONEGUI_DATA_DIR, or None when it is not set."""
    env = os.environ.get(ENV_DATA_DIR, "").strip()
    return Path(env).expanduser() if env else None


def _ensure(d: Path) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    return d


def data_dir() -> Path:
    """Autosaves, settings and recent files (created if missing)."""
    root = portable_root()
    return _ensure(root if root is not None else Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)))


def log_dir() -> Path:
    """The rotating log file's folder (created if missing)."""
    root = portable_root()
    return _ensure(root / "logs" if root is not None else Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False)))


def cache_dir() -> Path:
    """Caches that can be rebuilt at any time, e.g. compiled model code (created if missing)."""
    root = portable_root()
    return _ensure(root / "cache" if root is not None else Path(platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False)))
