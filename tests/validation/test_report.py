"""`bonegui validate --report DIR` writes validation.md and a non-blank PNG figure."""

import pytest

from bonegui.cli import main


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("report") / "out"
    code = main(["validate", "--report", str(d)])
    assert code in (0, 1)
    return d


def test_markdown_report_lists_every_part_and_source(report_dir):
    from bonegui.validation import load_cases

    md = (report_dir / "validation.md").read_text(encoding="utf-8")
    assert md.startswith("# Validation: the model against the literature")
    assert "![model vs target" in md and "(validation.png)" in md
    for c in load_cases():
        assert f"### {c.id}: " in md
        assert c.source in md
        for p in c.parts:
            assert f"| {c.id}.{p.id} |" in md


def test_png_is_a_non_blank_figure(report_dir):
    from PySide6.QtGui import QImage

    img = QImage(str(report_dir / "validation.png"))
    assert not img.isNull() and img.width() >= 1000 and img.height() > 800
    small = img.scaled(80, 80)
    colours = {small.pixel(x, y) for x in range(80) for y in range(80)}
    assert len(colours) > 20  # text, bands, markers: far from a blank image
    # the tolerance-band colour is present
    from bonegui.app.dialogs.validation_figure import COLORS

    band = COLORS["band"].rgb()
    assert any(img.pixel(x, y) == band for x in range(0, img.width(), 7) for y in range(0, img.height(), 7))
