"""Reading a user's file: only regular files, never more than a cap, UTF-8 only.

A FIFO, device, socket or folder is refused before it is opened (a FIFO would block the reader
for ever, ``/dev/zero`` would fill the memory); the file is opened with O_NONBLOCK and checked
again on the open descriptor, so one swapped in between cannot block either. The cap counts
the bytes actually read, so a file whose size reads as 0 (``/proc``) cannot bypass it.
"""

from __future__ import annotations

import os
import stat

from bonegui.fileio.errors import ScenarioError

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_CHUNK = 1 << 16


def _size_text(n: int) -> str:
    value, unit = (n / 1e6, "MB") if n >= 1_000_000 else (n / 1e3, "kB")
    return f"{value:.2g} {unit}" if value < 10 else f"{value:.0f} {unit}"


def _kind_problem(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    what = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"is {what}, not a saved file; only regular files can be opened"


def regular_file_problem(path: str | os.PathLike) -> str | None:
    """None if ``path`` (through any symlinks) is an existing regular file, else why not in
    words (for a stored path the app is about to reuse, e.g. after an autosave restore)."""
    try:
        return _kind_problem(os.stat(path).st_mode)
    except OSError as e:
        return f"cannot be read ({e.strerror})"


def read_user_bytes(path: str | os.PathLike, max_bytes: int, error: type[ScenarioError] = ScenarioError,
                    kind: str = "files of this kind") -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; ``error`` (naming the file) else."""
    name = str(path)
    try:
        problem = _kind_problem(os.stat(path).st_mode)
    except OSError as e:
        raise error("", f"cannot read the file ({e.strerror})", name) from None
    if problem:
        raise error("", problem, name)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as e:
        raise error("", f"cannot read the file ({e.strerror})", name) from None
    try:
        st = os.fstat(fd)
        problem = _kind_problem(st.st_mode)
        if problem:
            raise error("", problem, name)
        too_big = f"{kind} are at most {_size_text(max_bytes)}"
        if st.st_size > max_bytes:
            raise error("", f"the file is {_size_text(st.st_size)}; {too_big}", name)
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise error("", f"the file is over {_size_text(max_bytes)}; {too_big}", name)
        return b"".join(chunks)
    except BlockingIOError:
        raise error("", "is not a regular file (reading it would block)", name) from None
    except OSError as e:
        raise error("", f"cannot read the file ({e.strerror})", name) from None
    finally:
        os.close(fd)


def decode_utf8(raw: bytes, error: type[ScenarioError] = ScenarioError, source: str | None = None) -> str:
    """Strict UTF-8 (a leading BOM is left for the JSON parser to judge)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise error("", "is not UTF-8 text (it starts like UTF-16); save it as UTF-8", source)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise error("", f"is not UTF-8 text (byte 0x{raw[e.start]:02x} at offset {e.start}); save it as UTF-8", source) from None


def read_user_text(path: str | os.PathLike, max_bytes: int, error: type[ScenarioError] = ScenarioError,
                   kind: str = "files of this kind") -> str:
    """``read_user_bytes`` decoded as strict UTF-8; ``error`` naming the file for any problem."""
    return decode_utf8(read_user_bytes(path, max_bytes, error, kind), error, str(path))
