"""The bundle's inputs: entry point, desktop entry and app id, icons from the one SVG source.
(The bundle itself is built and run offline by packaging/build_bundle.sh, a step of .ci/run.)"""

import ast
import configparser
import os
import struct
import subprocess
import sys
from pathlib import Path

import bonegui

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"


def test_entry_point_calls_freeze_support_before_anything_else():
    tree = ast.parse((PACKAGING / "bonegui_entry.py").read_text())
    (guard,) = [n for n in tree.body if isinstance(n, ast.If)]
    first = guard.body[0]
    assert ast.unparse(first) == "multiprocessing.freeze_support()"
    assert "from bonegui.cli import main" in ast.unparse(guard)


def test_desktop_entry_is_named_by_the_app_id():
    assert bonegui.APP_ID == "org.boneremodelinglab.bonegui"
    desktop = PACKAGING / "linux" / f"{bonegui.APP_ID}.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(desktop, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Exec"].split()[0] == "bonegui"
    assert entry["Icon"] == bonegui.APP_ID and entry["Terminal"] == "false"
    assert entry["Name"] == "Bone Remodeling Lab" and entry["Categories"].endswith(";")
    spec = (PACKAGING / "bonegui.spec").read_text()
    assert f'bundle_identifier="{bonegui.APP_ID}"' in spec
    assert 'collect_data_files("bonegui.resources")' in spec


def test_the_window_sets_the_desktop_file_name(tmp_path):
    code = ("import sys; from bonegui.app.main import run_app; rc = run_app(screenshot=sys.argv[1]); "
            "from PySide6.QtGui import QGuiApplication; print(rc, QGuiApplication.desktopFileName())")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BONEGUI_INPROCESS": "1", "BONEGUI_DATA_DIR": str(tmp_path)}
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s.png")], capture_output=True, text=True,
                       timeout=240, env=env)
    assert r.stdout.split() == ["0", bonegui.APP_ID], r.stderr[-2000:]


def test_icons_come_from_the_one_svg(tmp_path):
    assert sorted(p.name for p in (ROOT / "resources" / "icons").iterdir()) == ["bonegui.svg"]
    r = subprocess.run([sys.executable, str(PACKAGING / "make_icons.py"), str(tmp_path)], capture_output=True,
                       text=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stderr
    png = (tmp_path / "bonegui.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (256, 256)
    ico = (tmp_path / "bonegui.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, 1) and ico[6] == 0  # one image; width byte 0 means 256
    icns = (tmp_path / "bonegui.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    from PySide6.QtGui import QImage

    image = QImage(str(tmp_path / "bonegui-512.png"))
    assert image.width() == 512
    centre = image.pixelColor(256, 60)  # the blue tile of the SVG, not a blank render
    assert centre.blue() > 150 and centre.red() < 60, centre.name()
