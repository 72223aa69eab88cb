"""Before the window opens on Linux: can Qt use a display? One line instead of Qt's abort.

Without a display (ssh, a container, CI) or with a library of Qt's xcb plugin missing, Qt
prints "could not load the Qt platform plugin" and aborts (exit 134). ``window_problem()``
finds the same thing first, without creating a QApplication, so `bonegui` can say what is
missing and point to the headless commands (exit 2). Only Linux: Windows and macOS always
have their platform plugin. A platform chosen explicitly (QT_QPA_PLATFORM=offscreen, vnc, ...)
is trusted as it is.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Mapping

HEADLESS_HINT = "headless: bonegui simulate, core, validate, presets, or bonegui --screenshot FILE.png (bonegui --help)"

#: platforms that need a display server; any other explicit QT_QPA_PLATFORM is trusted
_DISPLAY_PLATFORMS = {"xcb", "wayland", "wayland-egl", ""}

#: sonames whose Debian package does not follow the naming rule of Debian policy §8.1
_DEBIAN_EXCEPTIONS = {
    "libc.so.6": "libc6", "libm.so.6": "libc6", "libdl.so.2": "libc6", "libpthread.so.0": "libc6",
    "libgcc_s.so.1": "libgcc-s1", "libz.so.1": "zlib1g",
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0", "libgio-2.0.so.0": "libglib2.0-0",
}


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package that ships a library: libxcb-icccm.so.4 -> libxcb-icccm4,
    libdbus-1.so.3 -> libdbus-1-3 (policy §8.1: name + soversion, a hyphen between two digits)."""
    if soname in _DEBIAN_EXCEPTIONS:
        return _DEBIAN_EXCEPTIONS[soname]
    m = re.fullmatch(r"(.+)\.so\.([0-9.]+)", soname)
    if not m:
        return soname.lower()
    name, version = m.groups()
    sep = "-" if name[-1].isdigit() else ""
    return f"{name}{sep}{version}".lower().replace("_", "-")


def xcb_plugin() -> Path | None:
    """Qt's xcb platform plugin inside the installed (or bundled) PySide6, if it is there."""
    try:
        import PySide6
    except ImportError:
        return None
    plugin = Path(PySide6.__file__).resolve().parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def missing_libraries(library: Path) -> list[str]:
    """Sonames that the dynamic loader cannot find for ``library`` (``ldd``'s "not found"),
    in ldd's order, without repeats; [] when ldd is not available."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        out = subprocess.run([ldd, str(library)], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    missing: list[str] = []
    for line in out.splitlines():
        name, _, where = line.strip().partition(" => ")
        if where.strip() == "not found" and name not in missing:
            missing.append(name)
    return missing


def _x_display_error(display: str) -> str | None:
    """Why the X server named by DISPLAY cannot be reached (via libxcb, as Qt connects), or None."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return None  # reported as a missing library of the plugin
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(display.encode(), None)
    try:
        if xcb.xcb_connection_has_error(conn):
            return f"cannot connect to the X display {display!r} (DISPLAY)"
    finally:
        xcb.xcb_disconnect(conn)
    return None


def window_problem(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """What stops Qt from opening a window here, as one phrase; None when nothing does."""
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return None
    chosen = [c.split(":")[0].strip() for c in env.get("QT_QPA_PLATFORM", "").split(";")]
    if any(c not in _DISPLAY_PLATFORMS for c in chosen):
        return None  # offscreen, minimal, vnc, eglfs ... asked for explicitly
    x11, wayland = env.get("DISPLAY", "").strip(), env.get("WAYLAND_DISPLAY", "").strip()
    wants_xcb_only = chosen == ["xcb"]
    if not x11 and not wayland:
        return "no display (DISPLAY and WAYLAND_DISPLAY are unset)"
    if wayland and not wants_xcb_only:
        return None  # Qt uses its Wayland plugin (or falls back to X11 when DISPLAY is set)
    if not x11:
        return "no X display for QT_QPA_PLATFORM=xcb (DISPLAY is unset)"
    plugin = xcb_plugin()
    if plugin is not None:
        missing = missing_libraries(plugin)
        if missing:
            packages = " ".join(dict.fromkeys(debian_package(m) for m in missing))
            return (f"Qt's xcb plugin cannot load: {', '.join(missing)} not found "
                    f"(Debian/Ubuntu: apt-get install {packages}; the README's apt line has them all)")
    return _x_display_error(x11)


def window_problem_line(problem: str) -> str:
    """The one line `bonegui` prints before exiting with status 2."""
    return f"bonegui: cannot open the window: {problem}; {HEADLESS_HINT}"
