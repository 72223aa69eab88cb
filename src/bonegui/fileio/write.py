"""Saving files: one atomic writer for the whole code base.

``atomic_write_bytes`` / ``atomic_write_text`` write a temporary file beside the target, fsync
it, and rename it over the target, so a crash leaves either the old file or the new one, never
half of one. Also:

- the target keeps its permission bits (and, where allowed, its owner); a new file gets the
  umask's bits (0666 & ~umask), like any other program's files, not mkstemp's 0600;
- a symlink is written *through*: the file it points at is replaced, the link stays;
- the temporary file is named ``.<name>.bonegui-tmp-<pid>-<n>`` and removed on any exception;
  one left by a killed process is removed by ``remove_stale_temp_files(folder)`` at the next
  start (only names of that form whose process is gone, or older than an hour);
- a failed save raises ``SaveError`` (an OSError) whose text is one line for the user.
"""

from __future__ import annotations

import errno as errno_codes
import itertools
import os
import re
import stat
import sys
import time
from pathlib import Path

TEMP_MARK = ".bonegui-tmp-"
STALE_AFTER_SECONDS = 3600.0
_counter = itertools.count(1)
_TEMP_NAME = re.compile(r"^\..+" + re.escape(TEMP_MARK) + r"(\d+)-\d+$", re.S)
# left by earlier versions: tempfile.mkstemp beside a saved file, and the autosave's own temp
_LEGACY_MKSTEMP = re.compile(r"^\..+\.(?:json|csv)\.[a-z0-9_]{8}\.tmp$", re.S)
_LEGACY_AUTOSAVE = re.compile(r"^\.autosave-(\d+)-\d+\.(?:bonelab|meta)\.json\.tmp$")


class SaveError(OSError):
    """A file could not be saved; ``str()`` is one line: ``cannot save NAME (reason)``."""

    def __init__(self, path: str | os.PathLike, reason: str, code: int | None = None) -> None:
        super().__init__(code or 0, reason, str(path))
        self.line = f"cannot save {path} ({reason})"

    def __str__(self) -> str:
        from bonegui.fileio.errors import printable

        return printable(self.line)


def _resolve(path: Path) -> Path:
    """The file a save should replace: through symlinks, to the final target."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _temp_for(target: Path) -> Path:
    stem = target.name[:180]  # stay under NAME_MAX (255) with the mark and numbers
    return target.with_name(f".{stem}{TEMP_MARK}{os.getpid()}-{next(_counter)}")


def _open_temp(target: Path) -> tuple[int, Path]:
    for _ in range(100):
        tmp = _temp_for(target)
        try:
            # mode 0666: the kernel applies the umask, as for any new file
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0), 0o666)
            return fd, tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno_codes.EEXIST, "no free temporary file name", str(target))


def _copy_mode(fd: int, tmp: Path, st: os.stat_result) -> None:
    mode = stat.S_IMODE(st.st_mode)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows
        os.chmod(tmp, mode)
    if hasattr(os, "fchown") and (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(fd, st.st_uid, st.st_gid)
        except OSError:
            pass  # only root may give a file away; the bits are kept all the same


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | os.PathLike, data: bytes, *, fsync: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically (see the module docstring). ``fsync=False``
    skips the flushes (an autosave guards against the app dying, not the machine)."""
    given = Path(path)
    target = _resolve(given)
    try:
        try:
            st: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            raise SaveError(given, f"it is {kind}", errno_codes.EISDIR if stat.S_ISDIR(st.st_mode) else errno_codes.EINVAL)
        fd, tmp = _open_temp(target)
    except SaveError:
        raise
    except OSError as e:
        raise SaveError(given, e.strerror or type(e).__name__, e.errno) from None
    try:
        try:
            if st is not None:
                _copy_mode(fd, tmp, st)
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            if fsync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError) and not isinstance(e, SaveError):
            raise SaveError(given, e.strerror or str(e) or type(e).__name__, e.errno) from None
        raise
    if fsync:
        _fsync_dir(target.parent)


def atomic_write_text(path: str | os.PathLike, text: str, *, fsync: bool = True) -> None:
    """``atomic_write_bytes`` of ``text`` in UTF-8. Text that cannot be UTF-8 (a lone
    surrogate) raises SaveError before anything is written."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise SaveError(path, f"the text holds a character that cannot be saved (U+{ord(text[e.start]):04X} "
                              f"at position {e.start})", errno_codes.EILSEQ) from None
    atomic_write_bytes(path, data, fsync=fsync)


# ---------------------------------------------------------------------------- stale temp files
def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - os.kill would terminate it; rely on age
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    except OSError:
        return False
    return True


def is_temp_file_name(name: str) -> bool:
    """True for names this module (or an earlier version) gives its temporary files."""
    return bool(_TEMP_NAME.match(name) or _LEGACY_MKSTEMP.match(name) or _LEGACY_AUTOSAVE.match(name))


def remove_stale_temp_files(folder: str | os.PathLike, max_age_seconds: float = STALE_AFTER_SECONDS,
                            now: float | None = None) -> list[Path]:
    """Remove temporary files left in ``folder`` by saves that never finished (a kill -9, a
    power cut). Only regular files with a temp name of ours (``.<name>.bonegui-tmp-<pid>-<n>``,
    and the older ``.<name>.json.XXXXXXXX.tmp`` / ``.autosave-<pid>-<n>.*.json.tmp``) whose
    process is gone or that are older than ``max_age_seconds``; never anything else, never a
    symlink. Returns the paths removed; problems (a folder that is gone) are ignored."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP_NAME.match(entry.name) or _LEGACY_AUTOSAVE.match(entry.name)
        legacy = _LEGACY_MKSTEMP.match(entry.name)
        if not (m or legacy):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        old = now - st.st_mtime > max_age_seconds
        dead = bool(m) and not _pid_alive(int(m.group(1)))
        if old or dead:
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed
