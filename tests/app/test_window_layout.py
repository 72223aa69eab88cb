"""The window at the projector: the layout report at 1024x768 and 1280x720, default and
presentation; the plots toolbar; folding the timeline; the shared time range; presentation
mode leaving no trace. Real MainWindow, real model (in the worker thread), offscreen.

The report is computed from the widgets (bonegui.app.layout.report); nothing here hard-codes a
model number, so the physiology may change under these tests.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from bonegui.app.document import ScenarioDocument
from bonegui.app.layout.report import layout_report
from bonegui.app.main_window import MainWindow
from bonegui.scenario import load_preset

#: (window size, presentation) -> smallest data-area height of every plot on screen (issue 15)
MIN_DATA_PX = {((1024, 768), False): 100, ((1280, 720), False): 120,
               ((1024, 768), True): 120, ((1280, 720), True): 150}


def settled(win) -> bool:
    return not win.simulation.busy and win.plots.drawn_generation == win.simulation.generation


def open_window(qtbot, tmp_path, preset: str, size, presentation: bool) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(ScenarioDocument(load_preset(preset)), settings=settings, restore_layout=False)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    if presentation:
        w.set_presentation(True)
    qtbot.waitUntil(lambda: settled(w) and w.last_result is not None, timeout=60_000)
    for _ in range(10):  # let the timeline line up with the plots and every layout settle
        QApplication.processEvents()
        w.plots.flush()
        qtbot.wait(10)
    return w


@pytest.mark.parametrize("presentation", [False, True], ids=["default", "presentation"])
@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)], ids=["1024x768", "1280x720"])
@pytest.mark.parametrize("preset", ["female_hrt_seed_protocol", "combined_protocol_seed"])
def test_every_plot_on_screen_is_tall_enough_and_no_text_overlaps_or_is_cut_off(qtbot, tmp_path, preset, size,
                                                                                 presentation):
    w = open_window(qtbot, tmp_path, preset, size, presentation)
    try:
        report = layout_report(w)
        assert report["window"] == list(size)
        shown = {k: v for k, v in report["plots"].items() if v["visible"]}
        assert len(shown) >= 2, report["plots"]  # the hormones and bone density at least
        least = MIN_DATA_PX[(size, presentation)]
        for key, plot in shown.items():
            x, y, width, height = plot["data_rect"]
            assert height >= least, (key, plot, least)
            assert width >= 300 and x >= 0 and x + width <= size[0] and y + height <= size[1], (key, plot)
        assert report["overlaps"] == [], report["overlaps"][:5]
        assert report["clipped"] == [], report["clipped"][:5]
        # a plot waiting for room is named on its toolbar button as off, not drawn squeezed
        for key, act in w.plot_selector.actions.items():
            assert act.isChecked() == (key in shown), key
    finally:
        w.set_presentation(False)
        w.close()


def test_the_layout_report_finds_overlapping_and_cut_off_text(qtbot, tmp_path):
    """The report can fail: a label pushed onto a header and a row too short for its legend."""
    w = open_window(qtbot, tmp_path, "woman_menopause_untreated", (1280, 720), False)
    try:
        row = w.plots.rows[w.plots.shown_rows[0]]
        (_text, first), *_ = row.header.text_rects()
        band = next(lab for lab, _lo, _hi in w.plots.rows["bmd"].band_labels)
        if "bmd" not in w.plots.shown_rows:
            w.plots.choice.show("bmd")
            w.plots.flush()
        band.setVisible(True)
        band.setPos(row.vb.mapSceneToView(first.center()))  # onto the header's text
        band.setParentItem(row.vb.childGroup)
        report = layout_report(w)
        assert any(any("band:" in t for t in pair) for pair in report["overlaps"]), report["overlaps"]
        row.header.set_entries(row.header.entries * 12)  # far more legend than the row holds
        report = layout_report(w)
        assert any("lines left out" in c for c in report["clipped"]), report["clipped"]
    finally:
        w.close()


def test_screenshot_size_and_layout_report_from_the_command_line(tmp_path):
    shot, rep = tmp_path / "w.png", tmp_path / "w.json"
    proc = subprocess.run([sys.executable, "-m", "bonegui", "--screenshot", str(shot), "--size", "1024x768",
                           "--layout-report", str(rep), "--preset", "woman_menopause_untreated"],
                          capture_output=True, text=True, timeout=180,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    from PySide6.QtGui import QImage

    assert (QImage(str(shot)).width(), QImage(str(shot)).height()) == (1024, 768)
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["window"] == [1024, 768] and set(report) == {"window", "plots", "overlaps", "clipped"}
    assert any(p["visible"] for p in report["plots"].values())
    bad = subprocess.run([sys.executable, "-m", "bonegui", "--screenshot", str(shot), "--size", "big"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.strip() == "bonegui: --size: 'big' is not WxH (for example 1024x768)"


def test_plots_toolbar_shows_and_hides_rows_and_a_header_double_click_shows_one(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path, "male_trt_seed_protocol", (1280, 720), False)
    try:
        plots, sel = w.plots, w.plot_selector
        before = plots.shown_rows
        assert "hormones:testosterone" in before  # a man's telling hormone comes first
        sel.actions["markers"].trigger()  # not on screen: it comes, the oldest choice steps aside
        assert "markers" in plots.shown_rows and len(plots.shown_rows) == len(before)
        assert "stepped aside" in w.statusBar().currentMessage()
        sel.actions["markers"].trigger()  # and off again
        assert "markers" not in plots.shown_rows
        plots.choice.show("bmd")
        plots.flush()
        tall = plots.rows["bmd"].vb.height()
        header = plots.rows["bmd"].header
        pos = header.mapToScene(header.boundingRect().center())
        view = plots.canvas
        local = QPointF(view.mapFromScene(pos))
        for etype in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
                      QEvent.Type.MouseButtonRelease):
            buttons = Qt.MouseButton.LeftButton if etype != QEvent.Type.MouseButtonRelease else Qt.MouseButton.NoButton
            QApplication.sendEvent(view.viewport(), QMouseEvent(etype, local, QPointF(view.viewport().mapToGlobal(local.toPoint())),
                                                                Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier))
        assert plots.shown_rows == ("bmd",)
        plots.flush()
        assert plots.rows["bmd"].vb.height() > 1.5 * tall  # the one plot takes the height
        plots.choice.toggle_maximised("bmd")
        assert len(plots.shown_rows) > 1
    finally:
        w.close()


def test_folding_the_timeline_gives_the_plots_its_height(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path, "combined_protocol_seed", (1280, 720), False)
    try:
        rows, data_h = len(w.plots.shown_rows), w.plots.data_height(len(w.plots.shown_rows))
        w.timeline.lanes_action.trigger()
        assert w.timeline.collapsed and not w.timeline.view.isVisible()
        qtbot.waitUntil(lambda: (len(w.plots.shown_rows), w.plots.data_height(len(w.plots.shown_rows))) > (rows, data_h),
                        timeout=5000)
        w.timeline.lanes_action.trigger()
        assert not w.timeline.collapsed and w.timeline.view.isVisible()
    finally:
        w.close()


def test_panning_the_timeline_moves_the_plots_and_back(qtbot, tmp_path):
    """One shared time range: a wheel zoom in the timeline zooms the plots; a drag in a plot
    pans the timeline; "Show the whole span" brings both back."""
    w = open_window(qtbot, tmp_path, "female_hrt_seed_protocol", (1280, 800), False)
    try:
        tl_vb, plot_vb = w.timeline.vb, w.plots.rows[w.plots.shown_rows[0]].vb
        vp = w.timeline.view.viewport()
        centre = QPointF(w.timeline.view.mapFromScene(w.timeline.to_scene(5.0, 0.5)))
        QApplication.sendEvent(vp, QWheelEvent(centre, QPointF(vp.mapToGlobal(centre.toPoint())), QPointF().toPoint(),
                                               QPointF(0, 360).toPoint(), Qt.MouseButton.NoButton,
                                               Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False))
        zoomed = tl_vb.viewRange()[0]
        assert zoomed[1] - zoomed[0] < 8.0
        assert plot_vb.viewRange()[0] == pytest.approx(zoomed)
        w.plots.flush()
        w.plots.set_result(w.last_result, w.simulation.generation)  # a new result keeps the zoom
        w.plots.flush()
        assert plot_vb.viewRange()[0] == pytest.approx(zoomed)
        # drag the plot to the left: both views move later in time
        canvas = w.plots.canvas
        a = QPointF(canvas.mapFromScene(plot_vb.mapViewToScene(QPointF(zoomed[0] + 0.6 * (zoomed[1] - zoomed[0]), 0))))
        b = a - QPointF(120, 0)
        for etype, pt, buttons in ((QEvent.Type.MouseMove, a, Qt.MouseButton.NoButton),
                                   (QEvent.Type.MouseButtonPress, a, Qt.MouseButton.LeftButton),
                                   *[(QEvent.Type.MouseMove, a + (b - a) * (k / 6), Qt.MouseButton.LeftButton) for k in range(1, 7)],
                                   (QEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton)):
            qtbot.wait(15)
            button = Qt.MouseButton.NoButton if etype == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
            QApplication.sendEvent(canvas.viewport(), QMouseEvent(etype, pt, QPointF(canvas.viewport().mapToGlobal(pt.toPoint())),
                                                                  button, buttons, Qt.KeyboardModifier.NoModifier))
        panned = plot_vb.viewRange()[0]
        assert panned[0] > zoomed[0] + 0.1
        assert tl_vb.viewRange()[0] == pytest.approx(panned)
        w.reset_zoom_action.trigger()
        span = w.document.scenario.span_years
        for vb in (tl_vb, plot_vb):
            lo, hi = vb.viewRange()[0]
            assert lo <= 0.0 and hi >= span
    finally:
        w.close()


def test_timeline_and_plot_time_ticks_agree(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path, "female_hrt_seed_protocol", (1280, 800), False)
    try:
        from bonegui.app.layout.report import axis_text_rects

        plot_axis = w.plots.rows[w.plots.shown_rows[-1]].plot.getAxis("bottom")
        tl = [(t, round(r.center().x())) for t, r in axis_text_rects(w.timeline.x_axis)]
        pl = [(t.split("\n")[0], round(r.center().x())) for t, r in axis_text_rects(plot_axis)]
        assert tl and [t for t, _x in tl] == [t for t, _x in pl]
        # the same years at the same x (within 2 px) on screen
        win_x = [w.timeline.view.mapTo(w, w.timeline.view.mapFromScene(QPointF(x, 0))).x() for _t, x in tl]
        plot_x = [w.plots.canvas.mapTo(w, w.plots.canvas.mapFromScene(QPointF(x, 0))).x() for _t, x in pl]
        assert all(abs(a - b) <= 2 for a, b in zip(win_x, plot_x)), (win_x, plot_x)
    finally:
        w.close()


def test_presentation_mode_leaves_no_trace(qtbot, tmp_path):
    """Fonts, docks and the timeline come back as they were (a style-sheeted banner kept 16 pt)."""
    from PySide6.QtWidgets import QWidget

    w = open_window(qtbot, tmp_path, "female_hrt_seed_protocol", (1400, 900), False)
    try:
        widgets = w.findChildren(QWidget)
        before = {id(x): x.font().pointSizeF() for x in widgets}
        docks = (w.protocol_dock.isVisible(), w.readout_dock.isVisible())
        w.set_presentation(True)
        assert w.timeline.collapsed and not w.protocol_dock.isVisible()
        assert w.error_banner.font().pointSizeF() >= 16
        w.set_presentation(False)
        changed = [(type(x).__name__, before[id(x)], x.font().pointSizeF()) for x in widgets
                   if x.font().pointSizeF() != before[id(x)]]
        assert changed == []
        assert (w.protocol_dock.isVisible(), w.readout_dock.isVisible()) == docks and not w.timeline.collapsed
        assert w.plots.rows["bmd"].plot.getAxis("left").style["tickFont"].pointSize() == 11
    finally:
        w.close()
