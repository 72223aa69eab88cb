"""The app's log file: what a teacher sends when something went wrong.

``install()`` (the window calls it at start; so does `bonegui` before it opens the window):

- a rotating file ``bonegui.log`` in ``bonegui.paths.log_dir()`` (BONEGUI_DATA_DIR/logs in
  portable mode), ``MAX_BYTES`` per file, ``BACKUPS`` old files kept, for the ``bonegui``
  logger and every ``bonegui.*`` logger under it;
- ``sys.excepthook`` and ``threading.excepthook``: an uncaught exception (PySide6 hands an
  exception raised in a slot to ``sys.excepthook``) goes to the log with its traceback, then to
  the previous hook (stderr), then to the listener set with ``on_exception`` (the window's
  dialog: one line and the log's path);
- ``faulthandler``: a hard crash (segfault, abort in Qt) writes the Python stack of every thread
  to the same file; re-pointed when the file rotates.

Floor 1: no Qt. If the folder cannot be written, logging stays on stderr and the app goes on.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import platform
import sys
import threading
import traceback
from pathlib import Path
from typing import Callable

from bonegui import __version__, paths

LOG_NAME = "bonegui.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

logger = logging.getLogger("bonegui")

#: (message, log path) -> None; called after an uncaught exception was logged
ExceptionListener = Callable[[str, Path], None]

_handler: "_FaultAwareHandler | None" = None
_listener: ExceptionListener | None = None
_previous_hooks: tuple | None = None


def log_path() -> Path:
    """The current log file (``bonegui.log`` in ``bonegui.paths.log_dir()``)."""
    return paths.log_dir() / LOG_NAME


def log_folder() -> Path:
    """The folder to open for "Help → Open log folder" (created if missing)."""
    return paths.log_dir()


class _FaultAwareHandler(logging.handlers.RotatingFileHandler):
    """A rotating file that faulthandler also writes to, on the file that is current."""

    def _open(self):
        stream = super()._open()
        faulthandler.enable(file=stream, all_threads=True)
        return stream

    def emit(self, record: logging.LogRecord) -> None:
        super().emit(record)
        self.flush()  # a crash right after must not lose buffered lines


def install(*, level: int = logging.INFO) -> Path | None:
    """Start logging to the file and hook uncaught exceptions and crashes; idempotent.
    Returns the log file, or None when the folder cannot be written (stderr only then)."""
    global _handler, _previous_hooks
    if _handler is not None:
        return Path(_handler.baseFilename)
    try:
        path = log_path()
        handler = _FaultAwareHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError as e:
        print(f"bonegui: no log file ({e.strerror}: {e.filename}); logging to stderr only", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(min(level, logger.level or level))
    _handler = handler
    _previous_hooks = (sys.excepthook, threading.excepthook)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    logger.info("bonegui %s start: Python %s, %s, argv %s", __version__, platform.python_version(),
                platform.platform(), sys.argv)
    return path


def uninstall() -> None:
    """Undo install() (tests; a clean shutdown does not need it)."""
    global _handler, _previous_hooks
    if _handler is None:
        return
    faulthandler.disable()
    logger.removeHandler(_handler)
    _handler.close()
    _handler = None
    if _previous_hooks is not None:
        sys.excepthook, threading.excepthook = _previous_hooks
        _previous_hooks = None


def on_exception(listener: ExceptionListener | None) -> ExceptionListener | None:
    """Set the function told about every uncaught exception after it was logged (the window's
    dialog); returns the previous one. ``None`` removes it."""
    global _listener
    previous, _listener = _listener, listener
    return previous


def summary(exc: BaseException) -> str:
    """One line for a dialog: the exception and where the details are."""
    text = f"{type(exc).__name__}: {exc}".replace("\n", " ")
    return f"{text} (details in {log_path()})"


def log_exception(exc_type, exc, tb, where: str = "") -> None:
    """Write one exception with its traceback to the log (and tell the listener)."""
    logger.critical("uncaught exception%s:\n%s", f" in {where}" if where else "",
                    "".join(traceback.format_exception(exc_type, exc, tb)).rstrip())
    if _listener is not None and exc is not None:
        try:
            _listener(summary(exc), log_path())
        except Exception:  # the listener must never turn one error into two
            logger.exception("exception listener failed")


def _excepthook(exc_type, exc, tb) -> None:
    if not issubclass(exc_type, KeyboardInterrupt):
        log_exception(exc_type, exc, tb)
    previous = _previous_hooks[0] if _previous_hooks else sys.__excepthook__
    previous(exc_type, exc, tb)


def _thread_excepthook(args) -> None:
    if args.exc_type is not SystemExit:
        log_exception(args.exc_type, args.exc_value, args.exc_traceback,
                      where=f"thread {args.thread.name if args.thread else '?'}")
    previous = _previous_hooks[1] if _previous_hooks else threading.__excepthook__
    previous(args)
