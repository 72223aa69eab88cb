"""The Cohort switch in the full window (issue 18 item 3): the real action starts a queued cohort
job after the live result, the BMD and marker rows draw the median and the 5-95 % band, the
readout shows the WHO shares and the fracture risk at the cursor, switching off removes it all,
pinned runs draw their cohort's median, and lesson 07 turns the switch on with its N.
Small cohorts (20 people) keep these tests to a few seconds."""

from __future__ import annotations

import re
import threading

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from bonegui.app.simulation import cohort as cohort_app
from bonegui.app.main_window import MainWindow
from bonegui.model import cohort as cohort_model
from bonegui.scenario import PinnedRun

N = 20


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BONEGUI_DATA_DIR", str(tmp_path / "data"))


def _settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)


def _window(qtbot, tmp_path, settings=None):
    w = MainWindow(settings=settings or _settings(tmp_path), restore_layout=False)
    qtbot.addWidget(w)
    w.workshop.files.prompts_enabled = False
    w.resize(1280, 900)
    w.show()
    qtbot.waitUntil(lambda: w.last_result is not None, timeout=30_000)
    return w


def _window_with_cohort(qtbot, tmp_path):
    """A window with the Cohort switch on (N people) and its first cohort drawn."""
    w = _window(qtbot, tmp_path)
    w.cohort.set_people(N)
    w.cohort.set_on(True)
    qtbot.waitUntil(lambda: _complete(w), timeout=20_000)
    return w


def _complete(w, n=N):
    c = w.cohort.shown
    return c is not None and c.n == n and w.cohort.shown_generation == w.cohort.generation


def _percent(text: str) -> float:
    m = re.fullmatch(r"(\d+(?:[.,]\d+)?) %", text)
    assert m, text
    return float(m.group(1).replace(",", "."))


def test_the_switch_draws_the_median_and_band_computed_in_the_simulation_thread(qtbot, tmp_path, monkeypatch):
    threads: list[int] = []
    real = cohort_model.iter_cohort

    def recording(scenario, **kw):
        threads.append(threading.get_ident())
        return real(scenario, **kw)

    monkeypatch.setattr(cohort_model, "iter_cohort", recording)
    w = _window(qtbot, tmp_path)
    assert w.cohort.action in w.menus["view"].actions() and w.cohort.action in w.plots_bar.actions()
    assert not any(b.visible for b in w.plots.cohort_bands("bmd").values())
    w.cohort.set_people(N)
    w.cohort.action.trigger()  # the real action, as a click would
    assert w.cohort.on
    qtbot.waitUntil(lambda: _complete(w), timeout=20_000)
    w.plots.flush()
    assert threads and threading.get_ident() not in threads  # never on the GUI thread
    assert w.simulation.counts["cohort"] >= 1

    expected = cohort_model.simulate_cohort(w.simulation.last_scenario, n=N, seed=cohort_app.SEED)
    for key, names in (("bmd", ("tscore_spine", "tscore_hip")), ("markers", ("ctx_rel", "p1np_rel"))):
        bands = w.plots.cohort_bands(key)
        assert set(bands) == set(names)
        for name, band in bands.items():
            assert band.visible and band.fill.isVisible()
            x, lo, mid, hi = band.drawn()
            assert len(x) == len(expected["t_years"]) > 100
            assert np.all(lo <= mid + 1e-12) and np.all(mid <= hi + 1e-12)
            assert np.any(hi - lo > 0.05)  # a band, not a line
            np.testing.assert_allclose(mid, expected[f"{name}_p50"])  # the cohort of this scenario
            np.testing.assert_allclose(lo, expected[f"{name}_p05"])
    header = [e.text for e in w.plots.rows["bmd"].header.entries]
    assert f"5–95 % of {N} people" in header
    assert f"5–95 % of {N} people" in [e.text for e in w.plots.rows["markers"].header.entries]
    # the y range holds the band
    (_x0, _x1), (y0, y1) = w.plots.rows["bmd"].vb.viewRange()
    x, lo, _mid, hi = w.plots.cohort_bands("bmd")["tscore_spine"].drawn()
    assert y0 <= lo.min() and hi.max() <= y1


def test_the_readout_shows_who_shares_summing_to_100_and_the_risk_from_50_years(qtbot, tmp_path):
    w = _window(qtbot, tmp_path)  # the default patient: 45 y, 10 years
    assert w.readout.cohort_texts() == {}
    w.cohort.set_people(N)
    w.cohort.set_on(True)
    qtbot.waitUntil(lambda: _complete(w), timeout=20_000)
    w.set_cursor(1.0)  # 46 y: the fracture method starts at 50
    texts = w.readout.cohort_texts()
    assert set(texts) == {"normal", "osteopenia", "osteoporosis"}
    w.set_cursor(8.0)  # 53 y
    texts = w.readout.cohort_texts()
    shares = [_percent(texts[k][0]) for k in ("normal", "osteopenia", "osteoporosis")]
    assert sum(shares) == 100
    assert all(texts[k][1] == f"of {N}" for k in ("normal", "osteopenia", "osteoporosis"))
    c = w.cohort.shown
    i = int(np.argmin(np.abs(c["t_years"] - 8.0)))
    assert shares[2] == pytest.approx(100 * c["frac_osteoporosis"][i], abs=0.51)
    hip, major = _percent(texts["hip_fracture"][0]), _percent(texts["major_fracture"][0])
    assert hip == pytest.approx(100 * c["hip_fracture_10y_p50"][i], abs=0.051)
    assert major == pytest.approx(100 * c["major_fracture_10y_p50"][i], abs=0.051)
    assert 0 < hip < major < 50
    assert "estimate, not FRAX" in texts["note"][0]


def test_switching_off_removes_band_legend_and_readout_and_the_settings_remember(qtbot, tmp_path):
    s = _settings(tmp_path)
    w = _window(qtbot, tmp_path, s)
    w.cohort.set_people(N)
    w.cohort.action.trigger()
    qtbot.waitUntil(lambda: _complete(w), timeout=20_000)
    w.set_cursor(8.0)
    assert w.readout.cohort_texts()
    w.cohort.action.trigger()  # off
    assert not w.cohort.on
    w.plots.flush()
    assert w.plots.cohort is None
    for key in ("bmd", "markers"):
        assert not any(b.visible for b in w.plots.cohort_bands(key).values())
        assert not any("people" in e.text for e in w.plots.rows[key].header.entries)
    assert w.readout.cohort_texts() == {}
    # a late job of the old switch-on is dropped
    assert w.cohort._running is None
    w.cohort.set_on(True)
    qtbot.waitUntil(lambda: _complete(w), timeout=20_000)
    assert s.value(cohort_app.COHORT_ON, type=bool) is True
    assert int(s.value(cohort_app.COHORT_PEOPLE)) == N
    w.close()
    w2 = _window(qtbot, tmp_path, _settings(tmp_path))  # the next start: on, with N
    assert w2.cohort.on and w2.cohort.people == N
    qtbot.waitUntil(lambda: _complete(w2), timeout=20_000)


def test_newest_wins_a_superseded_cohort_is_never_drawn(qtbot, tmp_path):
    w = _window_with_cohort(qtbot, tmp_path)
    drawn = []
    w.cohort.shown_changed.connect(lambda g: drawn.append((g, w.cohort.shown)))
    base = w.document.scenario
    older = base.with_patient(age_years=60.0)
    newer = base.with_patient(age_years=62.0)
    g_old = w.cohort.request(older)
    g_new = w.cohort.request(newer)  # a committed request: cancels the older job
    qtbot.waitUntil(lambda: w.cohort.shown_generation == g_new and w.cohort.shown.n == N, timeout=20_000)
    assert all(g != g_old for g, _c in drawn)
    assert (newer, N) in w.cohort.cache and (older, N) not in w.cohort.cache
    np.testing.assert_allclose(w.plots.cohort["tscore_hip_p50"],
                               cohort_model.simulate_cohort(newer, n=N, seed=cohort_app.SEED)["tscore_hip_p50"])
    # a cached scenario answers at once
    g = w.cohort.request(newer)
    assert w.cohort.shown_generation == g


def test_a_stale_cohort_whose_answer_arrives_anyway_is_dropped_by_its_generation(qtbot, tmp_path):
    w = _window_with_cohort(qtbot, tmp_path)
    drawn = []
    w.cohort.shown_changed.connect(lambda g: drawn.append(g))
    base = w.document.scenario
    older, newer = base.with_patient(age_years=60.0), base.with_patient(age_years=62.0)
    g_old = w.cohort.request(older)
    w.cohort._running[0].cancel = lambda: None  # its cancel comes too late: the job finishes
    g_new = w.cohort.request(newer)
    qtbot.waitUntil(lambda: w.cohort.shown_generation == g_new and w.cohort.shown.n == N, timeout=20_000)
    qtbot.waitUntil(lambda: (older, N) in w.cohort.cache, timeout=20_000)  # the old one did answer
    assert g_old not in drawn and w.cohort.dropped_stale >= 1
    assert w.cohort.shown is w.cohort.cache[(newer, N)]


def test_during_a_drag_no_cohort_runs_until_the_hand_rests_then_only_the_newest(qtbot, tmp_path):
    w = _window_with_cohort(qtbot, tmp_path)
    started = w.simulation.jobs_started.get("cohort", 0)
    base = w.document.scenario
    previews = [base.with_patient(age_years=50.0 + i) for i in range(4)]
    gens = [w.cohort.request(s, preview=True) for s in previews]  # faster than REST_MS apart
    assert w.cohort._running is None and w.cohort._pending[1] == gens[-1]
    assert all(b.faded for b in w.plots.cohort_bands("bmd").values())  # the old band, faded
    qtbot.waitUntil(lambda: w.cohort.shown_generation == gens[-1] and w.cohort.shown.n == N, timeout=20_000)
    assert w.simulation.jobs_started["cohort"] == started + 1  # only the newest ran
    assert not any(b.faded for b in w.plots.cohort_bands("bmd").values())
    assert all((s, N) not in w.cohort.cache for s in previews[:3]) and (previews[3], N) in w.cohort.cache


def test_a_pinned_runs_overlay_is_its_cohorts_median(qtbot, tmp_path):
    w = _window(qtbot, tmp_path)
    w.cohort.set_people(N)
    w.cohort.set_on(True)
    other = w.document.scenario.with_patient(age_years=60.0)
    w.document.set_pinned((PinnedRun("Sixty", other),))
    qtbot.waitUntil(lambda: bool(w.plots._pin_cohorts) and w.plots._pin_cohorts[0] is not None, timeout=30_000)
    w.plots.flush()
    expected = cohort_model.simulate_cohort(other, n=N, seed=cohort_app.SEED)
    pin = w.plots.rows["bmd"].pins[0]["tscore_spine"]
    assert pin.isVisible()
    x, y = pin.full_xy
    np.testing.assert_allclose(x, expected["t_years"])
    np.testing.assert_allclose(y, expected["tscore_spine_p50"])
    assert [text for text, _rect in w.plots.pins_band.text_rects()][1:] == ["Sixty (cohort median)"]
    from bonegui.app.layout.report import layout_report

    report = layout_report(w)  # the pins' band: its longer label is neither cut nor over anything
    assert report["overlaps"] == [], report["overlaps"]
    assert not [c for c in report["clipped"] if "Sixty" in c or "Pinned" in c], report["clipped"]
    w.cohort.set_on(False)  # off: the pin is its typical run again
    w.plots.flush()
    x, y = w.plots.rows["bmd"].pins[0]["tscore_spine"].full_xy
    assert len(x) != len(expected["t_years"])
    assert [text for text, _rect in w.plots.pins_band.text_rects()][1:] == ["Sixty"]


def test_lesson_07_turns_the_cohort_on_with_its_people_without_changing_the_settings(qtbot, tmp_path):
    from bonegui.lesson_format import lessons

    s = _settings(tmp_path)
    w = _window(qtbot, tmp_path, s)
    (lesson,) = [les for les in lessons() if les.cohort_people]
    assert lesson.cohort_people == 500
    assert not w.cohort.on
    w.workshop.lessons.open_lesson(lesson)
    assert w.cohort.on and w.cohort.action.isChecked()
    assert w.cohort.people == 500 and w.cohort.people_button.text() == "500 people"
    assert s.value(cohort_app.COHORT_ON, False, type=bool) is False  # the lesson's, not the user's
    w.cohort.set_on(False)


@pytest.mark.parametrize("presentation", [False, True], ids=["default", "presentation"])
@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)], ids=["1024x768", "1280x720"])
def test_with_the_cohort_on_no_text_overlaps_or_is_cut_off(qtbot, tmp_path, size, presentation):
    from PySide6.QtWidgets import QApplication

    from bonegui.app.layout.report import layout_report

    w = _window(qtbot, tmp_path)
    try:
        w.resize(*size)
        if presentation:
            w.set_presentation(True)
        w.cohort.set_people(N)
        w.cohort.set_on(True)
        qtbot.waitUntil(lambda: _complete(w), timeout=20_000)
        w.set_cursor(8.0)  # the fracture rows and the note show
        for _ in range(10):
            QApplication.processEvents()
            w.plots.flush()
            qtbot.wait(10)
        assert "note" in w.readout.cohort_texts()
        report = layout_report(w)
        assert report["overlaps"] == [], report["overlaps"][:5]
        assert report["clipped"] == [], report["clipped"][:5]
        for key in ("bmd", "markers"):
            if key in w.plots.shown_rows:
                assert not w.plots.rows[key].header.overflow(), key  # the band's legend entry fits
    finally:
        w.set_presentation(False)
        w.close()


def test_the_windows_people_range_is_the_models():
    assert cohort_app.N_RANGE == cohort_model.N_RANGE
    assert cohort_model.N_RANGE[0] <= min(cohort_app.PEOPLE_CHOICES)
    assert max(cohort_app.PEOPLE_CHOICES) <= cohort_model.N_RANGE[1]
