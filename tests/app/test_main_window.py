"""MainWindow with the real model: layout, menus, live results, errors, cursor, close, screenshot.

Settings go to a temporary INI file, never the user's.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QApplication

from bonegui import DISCLAIMER, __version__
from bonegui.app.dialogs import about
from bonegui.app.document import ScenarioDocument
from bonegui.app.main_window import MainWindow
from bonegui.model import simulate as simulate_module
from bonegui.scenario import Scenario


def xy(item):
    """The series given to a curve (xData/yData are the points drawn for the view)."""
    return item.full_xy


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def settled(win) -> bool:
    """The newest request's complete result is on the curves."""
    return not win.simulation.busy and win.plots.drawn_generation == win.simulation.generation


@pytest.fixture
def window(qtbot, settings):
    w = MainWindow(ScenarioDocument(Scenario()), settings=settings)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: settled(w) and w.last_result is not None, timeout=30000)
    yield w
    w.set_presentation(False)  # presentation mode changes the app-wide font: restore it
    w.close()


def test_layout_and_api(window):
    from PySide6.QtWidgets import QDockWidget

    assert window.windowTitle().endswith("Bone Remodeling Lab")
    assert window.dockWidgetArea(window.protocol_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert window.protocol_dock.features() & QDockWidget.DockWidgetFeature.DockWidgetMovable
    assert window.splitter.widget(0) is window.timeline and window.splitter.widget(1) is window.plots
    assert list(window.menus) == ["file", "edit", "view", "lessons", "help"]
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:5] == ["&File", "&Edit", "&View", "&Lessons", "&Help"]
    assert window.undo_action.shortcut() == QKeySequence("Ctrl+Z")
    assert window.redo_action.shortcut() == QKeySequence("Ctrl+Shift+Z")
    assert window.about_action in window.menus["help"].actions()
    assert window.presentation_action.shortcut() == QKeySequence("F11")
    assert window.statusBar() is not None
    assert window.font().pointSize() >= 11 and window.readout.font().pointSize() >= 11


def test_every_plot_on_screen_has_data_from_the_model(qtbot, window):
    r = window.last_result
    plots = window.plots
    for key in list(plots.rows):  # each row in turn (a row off screen is drawn when it shows)
        plots.choice.show(key)
        plots.flush()
        assert key in plots.shown_rows
        for name, c in plots.rows[key].curves.items():
            x, y = xy(c)
            assert len(x) == len(r), (key, name)
            assert np.isfinite(y).all(), (key, name)


def test_plots_change_after_the_scenario_changes(qtbot, window):
    before = xy(window.plots._curves["hormones"]["estradiol_pg_ml"])[1].copy()
    s = window.document.scenario.with_patient(menopause="surgical", surgery_years=1.0)
    window.document.commit(s, "Oophorectomy at year 1")
    qtbot.waitUntil(lambda: settled(window) and window.simulation.last_scenario == s, timeout=30000)
    after = xy(window.plots._curves["hormones"]["estradiol_pg_ml"])[1]
    assert after[len(after) // 2] < before[len(before) // 2]  # estradiol falls after surgery
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: settled(window) and window.simulation.last_scenario == Scenario(), timeout=30000)
    np.testing.assert_allclose(xy(window.plots._curves["hormones"]["estradiol_pg_ml"])[1], before)


def test_previews_during_a_drag_reach_the_plots(qtbot, window):
    base = window.document.scenario
    for age in np.linspace(45.0, 60.0, 20):  # a drag: many previews, only the newest matters
        window.document.preview(base.with_patient(age_years=float(age)))
    qtbot.waitUntil(lambda: settled(window) and window.simulation.last_scenario == base.with_patient(age_years=60.0),
                    timeout=30000)
    assert window.plots.displayed.age_years[0] == 60.0


def test_a_model_error_is_shown_and_the_window_recovers(qtbot, window, monkeypatch):
    good = window.last_result

    def broken(scenario, **kw):
        raise RuntimeError("ODE step failed")
        yield  # pragma: no cover (a generator, like the real one)

    monkeypatch.setattr(simulate_module, "iter_simulate", broken)
    s = window.document.scenario.with_patient(age_years=50.0)
    with qtbot.waitSignal(window.simulation.failed, timeout=30000):
        window.document.commit(s, "Age 50")
    assert window.error_banner.isVisible()
    assert "ODE step failed" in window.error_banner.label.text()
    assert "ODE step failed" in window.statusBar().currentMessage()
    assert window.last_result is good
    window.plots.flush()
    assert len(xy(window.plots._curves["bmd"]["tscore_spine"])[0]) == len(good)
    monkeypatch.undo()
    s2 = window.document.scenario.with_patient(age_years=55.0)
    window.document.commit(s2, "Age 55")
    qtbot.waitUntil(lambda: settled(window) and window.simulation.last_scenario == s2, timeout=30000)
    assert not window.error_banner.isVisible()
    assert window.last_result.age_years[0] == 55.0


def test_cursor_readout_matches_the_result(qtbot, window):
    moved = []
    window.cursorMoved.connect(moved.append)
    window.set_cursor(3.3)
    assert window.cursor_t_years == pytest.approx(3.3)
    assert moved[-1] == pytest.approx(3.3)
    expected = window.last_result.at(window.cursor_t_years)
    assert window.readout.values == expected
    assert window.readout._rows["bmd_spine_g_cm2"].text(1) == f"{expected['bmd_spine_g_cm2']:.3g}"


def test_the_readout_lists_the_doses_at_the_cursor_and_flags_a_supraphysiologic_one(qtbot, window):
    from bonegui.scenario.presets import load_preset

    s = load_preset("male_trt_seed_protocol")  # therapies from year 1
    window.document.replace(s.with_therapy(0, dose=400.0))
    qtbot.waitUntil(lambda: settled(window), timeout=30000)
    window.set_cursor(0.5)
    assert window.readout.dose_texts() == []
    window.set_cursor(2.0)
    rows = window.readout.dose_texts()
    assert rows[0] == ("Testosterone cypionate", "400 mg", "supraphysiologic")
    assert ("Anastrozole", "0.5 mg", "usual range") in rows
    window.document.replace(s)  # 100 mg: within the usual range
    window.set_cursor(2.0)
    assert window.readout.dose_texts()[0] == ("Testosterone cypionate", "100 mg", "usual range")


def test_playback_moves_the_cursor_and_reveals(qtbot, window):
    window.playback_bar.step_action.trigger()
    step = window.document.scenario.span_years / 50
    assert window.cursor_t_years == pytest.approx(step)
    window.plots.flush()
    x = xy(window.plots._curves["markers"]["ctx_rel"])[0]
    assert x[-1] <= step + 1e-9
    window.playback_bar.reset_action.trigger()
    window.plots.flush()
    assert xy(window.plots._curves["markers"]["ctx_rel"])[0][-1] > step


def test_presentation_mode_toggles_from_the_view_menu(qtbot, window):
    window.presentation_action.trigger()
    assert window.presentation and window.presentation_action.isChecked()
    assert window.plots.plot_items["bmd"].getAxis("bottom").style["tickFont"].pointSize() >= 16
    assert not window.protocol_dock.isVisible()
    window.set_presentation(False)
    assert not window.presentation_action.isChecked()
    assert window.protocol_dock.isVisible()


def test_closing_stops_the_thread(qtbot, settings):
    w = MainWindow(settings=settings)
    w.show()
    qtbot.waitUntil(lambda: w.simulation.is_running, timeout=5000)  # from the event loop's first turn
    w.document.commit(w.document.scenario.with_patient(age_years=70.0), "Age 70")  # work in flight
    assert w.simulation.busy
    assert w.close()
    assert not w.simulation.is_running


def test_layout_persists_between_runs(qtbot, settings):
    screen = QApplication.primaryScreen().availableGeometry()  # restoreGeometry clamps to it
    w = MainWindow(settings=settings)
    least = w.minimumSizeHint()
    size = (max(min(1234, screen.width() - 20), least.width()), max(min(777, screen.height() - 40), least.height()))
    w.resize(*size)
    w.show()
    w.readout_dock.hide()
    w.close()
    w2 = MainWindow(settings=settings)
    qtbot.addWidget(w2)
    assert (w2.width(), w2.height()) == size
    w2.show()
    assert not w2.readout_dock.isVisible()
    w2.close()


def test_disclaimer_at_first_start_only_and_in_about(qtbot, window, settings):
    box = window.show_disclaimer_if_first_start()
    assert box is not None and DISCLAIMER in box.informativeText()
    box.reject()  # closed without "I understand": shown again next time
    assert not about.disclaimer_acknowledged(settings)
    box = window.show_disclaimer_if_first_start()
    box.button(box.StandardButton.Ok).click()
    assert about.disclaimer_acknowledged(settings)
    assert window.show_disclaimer_if_first_start() is None
    dlg = window.show_about()
    text = dlg.text.toPlainText()
    assert __version__ in text and "not a medical device" in text and "Pivonka" in text
    dlg.close()


def test_screenshot_writes_a_png_of_the_window(tmp_path):
    out = tmp_path / "shot.png"
    code = "import sys; from bonegui.app.main import run_app; sys.exit(run_app(screenshot=sys.argv[1]))"
    proc = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1600, 1000)
    small = img.scaled(80, 50)
    colours = {small.pixel(x, y) for x in range(80) for y in range(50)}
    assert len(colours) > 20  # not blank


def test_screenshot_with_an_unknown_preset_fails_with_one_line(tmp_path):
    code = "import sys; from bonegui.app.main import run_app; sys.exit(run_app(screenshot=sys.argv[1], preset='nope'))"
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.png")], capture_output=True, text=True,
                          timeout=120, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 2
    assert "unknown preset 'nope'" in proc.stderr
    assert not (tmp_path / "x.png").exists()


def test_a_loaded_scenario_grows_across_empty_plots(qtbot, window):
    grown: list[int] = []
    window.simulation.chunkReady.connect(lambda r, g: grown.append(len(window.plots.displayed or ())))
    s = window.document.scenario.with_patient(age_years=60.0)
    window.document.replace(s)
    assert window.plots.displayed is None and window.last_result is None  # the old run is gone
    qtbot.waitUntil(lambda: settled(window) and window.simulation.last_scenario == s, timeout=30000)
    assert len(grown) >= 2 and grown == sorted(grown)  # chunk after chunk, growing
    assert window.last_result.age_years[0] == 60.0


def test_a_bad_scenario_file_gives_a_message_and_the_default_scenario(tmp_path):
    from bonegui.app.main import _initial_document

    bad = tmp_path / "broken.bonelab.json"
    import json

    from bonegui.scenario import scenario_to_dict

    data = scenario_to_dict(Scenario())
    data["span_years"] = "ten"
    bad.write_text(json.dumps(data), encoding="utf-8")
    scenario, pinned, path, error = _initial_document(None, str(bad))
    assert scenario == Scenario() and pinned == () and path is None
    assert "broken.bonelab.json" in error and "span_years" in error
    _s, _p, _path, missing = _initial_document(None, str(tmp_path / "nope.json"))
    assert "nope.json" in missing
    code = "import sys; from bonegui.app.main import run_app; sys.exit(run_app(screenshot=sys.argv[1], scenario_file=sys.argv[2]))"
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.png"), str(bad)], capture_output=True,
                          text=True, timeout=120, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 2 and "broken.bonelab.json" in proc.stderr


def test_f11_key_toggles_presentation_mode(qtbot, window):
    from PySide6.QtTest import QTest

    window.activateWindow()
    window.setFocus()
    QTest.keyClick(window, Qt.Key.Key_F11)
    assert window.presentation
    assert window.plots.plot_items["hormones"].getAxis("left").style["tickFont"].pointSize() >= 16
    QTest.keyClick(window, Qt.Key.Key_F11)
    assert not window.presentation


def _vb_edges(win, vb, view):
    r = view.mapFromScene(vb.sceneBoundingRect()).boundingRect()
    return view.mapTo(win, r.topLeft()).x(), view.mapTo(win, r.topRight()).x()


@pytest.mark.parametrize("presentation", [False, True])
def test_timeline_lines_up_with_the_plots(qtbot, window, presentation):
    """A therapy block sits exactly above the curves it changes: same x pixels for a year."""
    window.set_presentation(presentation)
    assert window.timeline.collapsed == presentation  # presentation folds the lanes away
    if presentation:
        window.timeline.lanes_action.trigger()  # unfold them to drag a block
    window.resize(1300, 850)

    def aligned():
        plot = _vb_edges(window, window.plots.plot_items["hormones"].getViewBox(), window.plots.canvas)
        lanes = _vb_edges(window, window.timeline.vb, window.timeline.view)
        return abs(plot[0] - lanes[0]) <= 2 and abs(plot[1] - lanes[1]) <= 2

    qtbot.waitUntil(aligned, timeout=5000)
    from PySide6.QtCore import QPointF

    def x_of_year(vb, view, year):
        return view.mapTo(window, view.mapFromScene(vb.mapViewToScene(QPointF(year, 0)))).x()

    plot_vb = window.plots.plot_items["hormones"].getViewBox()
    for year in (0.0, 2.5, 7.0, 10.0):
        assert abs(x_of_year(plot_vb, window.plots.canvas, year) - x_of_year(window.timeline.vb, window.timeline.view, year)) <= 2
    # the lane labels keep their full width
    assert window.timeline.lane_axis.width() >= window.timeline.label_width_needed()
