"""`bonegui` without a usable display: one line naming what is missing and the headless
commands, exit 2, instead of Qt's abort (bonegui.display, checked before any QApplication)."""

import os
import shutil
import subprocess
import sys
import time

import pytest

from bonegui import display

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check runs on Linux only")
HINT = "headless: bonegui simulate, core, validate, presets, or bonegui --screenshot FILE.png (bonegui --help)"


def _env_without_display(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return {**env, **extra}


@linux
def test_no_display_prints_one_line_and_exits_2(tmp_path):
    r = subprocess.run([sys.executable, "-m", "bonegui"], capture_output=True, text=True, timeout=60,
                       env=_env_without_display(BONEGUI_DATA_DIR=str(tmp_path)), cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert r.stderr == ("bonegui: cannot open the window: no display (DISPLAY and WAYLAND_DISPLAY are unset); "
                        f"{HINT}\n")
    assert r.stdout == ""
    assert not (tmp_path / "logs").exists()  # nothing started: no log, no Qt


def test_explicit_offscreen_and_other_systems_pass():
    assert display.window_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display.window_problem({"QT_QPA_PLATFORM": "vnc:size=800x600"}, "linux") is None
    assert display.window_problem({}, "win32") is None and display.window_problem({}, "darwin") is None
    assert display.window_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None


def test_what_is_missing_is_named():
    assert display.window_problem({}, "linux") == "no display (DISPLAY and WAYLAND_DISPLAY are unset)"
    assert display.window_problem({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "linux") == (
        "no X display for QT_QPA_PLATFORM=xcb (DISPLAY is unset)")


@linux
def test_unreachable_x_server_is_named():
    if display.missing_libraries(display.xcb_plugin() or __file__):
        pytest.skip("the xcb plugin's libraries are not installed here")
    got = display.window_problem({"DISPLAY": ":7391"}, "linux")
    assert got == "cannot connect to the X display ':7391' (DISPLAY)"


@pytest.mark.parametrize("soname, package", [
    ("libxcb-icccm.so.4", "libxcb-icccm4"), ("libdbus-1.so.3", "libdbus-1-3"), ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"), ("libEGL.so.1", "libegl1"), ("libz.so.1", "zlib1g"),
    ("libglib-2.0.so.0", "libglib2.0-0"), ("libstdc++.so.6", "libstdc++6"), ("libgcc_s.so.1", "libgcc-s1"),
])
def test_debian_package_names(soname, package):
    assert display.debian_package(soname) == package


@linux
def test_a_missing_plugin_library_is_named_with_its_package(tmp_path, monkeypatch):
    plugin = display.xcb_plugin()
    if plugin is None or shutil.which("ldd") is None:
        pytest.skip("no xcb plugin or no ldd here")
    if display.missing_libraries(plugin):
        pytest.skip("the xcb plugin's libraries are not installed here")  # .ci/run installs them
    # a copy of the plugin whose DT_NEEDED names a library that does not exist (same length),
    # next to a link to Qt's own lib folder so that its RUNPATH ($ORIGIN/../../lib) resolves
    fake = tmp_path / "plugins" / "platforms" / "libqxcb.so"
    fake.parent.mkdir(parents=True)
    data = plugin.read_bytes()
    assert data.count(b"libxcb-icccm.so.4\0") >= 1
    fake.write_bytes(data.replace(b"libxcb-icccm.so.4\0", b"libxcb-iczzm.so.4\0"))
    (tmp_path / "lib").symlink_to(plugin.parents[2] / "lib")
    assert display.missing_libraries(fake) == ["libxcb-iczzm.so.4"]
    monkeypatch.setattr(display, "xcb_plugin", lambda: fake)
    assert display.window_problem({"DISPLAY": ":0"}, "linux") == (
        "Qt's xcb plugin cannot load: libxcb-iczzm.so.4 not found "
        "(Debian/Ubuntu: apt-get install libxcb-iczzm4; the README's apt line has them all)")


@linux
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (apt-get install xvfb)")
def test_a_real_x_server_passes_the_check(tmp_path):
    number = 90 + os.getpid() % 500
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while display.window_problem({"DISPLAY": f":{number}"}, "linux") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert display.window_problem({"DISPLAY": f":{number}"}, "linux") is None
    finally:
        server.terminate()
        server.wait(timeout=20)
