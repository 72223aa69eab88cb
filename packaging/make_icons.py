"""Render the one icon source (resources/icons/bonegui.svg) to the formats the bundles need.

    python packaging/make_icons.py OUT_DIR

writes OUT_DIR/bonegui.png (256 px: Linux .desktop, the window), bonegui-512.png,
bonegui.ico (256 px, Windows executable) and bonegui.icns (512 px, macOS app). Qt does all of
it (QtSvg renders, the ico and icns image plugins of PySide6 write), so no build dependency
beyond PySide6; each .ico/.icns holds one size, which Windows and macOS scale. Runs offscreen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

SOURCE = Path(__file__).resolve().parents[1] / "resources" / "icons" / "bonegui.svg"
OUTPUTS = (("bonegui.png", 256, b"png"), ("bonegui-512.png", 512, b"png"),
           ("bonegui.ico", 256, b"ico"), ("bonegui.icns", 512, b"icns"))


def render(size: int) -> QImage:
    renderer = QSvgRenderer(QByteArray(SOURCE.read_bytes()))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {SOURCE} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def main(out: Path) -> int:
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (image plugins need it)
    out.mkdir(parents=True, exist_ok=True)
    supported = {bytes(f).decode() for f in QImageWriter.supportedImageFormats()}
    for name, size, fmt in OUTPUTS:
        if fmt.decode() not in supported:
            raise SystemExit(f"make_icons: this Qt cannot write {fmt.decode()} (has: {', '.join(sorted(supported))})")
        writer = QImageWriter(str(out / name), fmt)
        if not writer.write(render(size)):
            raise SystemExit(f"make_icons: cannot write {out / name}: {writer.errorString()}")
        print(f"make_icons: {out / name} ({size} px)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python packaging/make_icons.py OUT_DIR")
    raise SystemExit(main(Path(sys.argv[1])))
