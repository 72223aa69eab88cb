"""PlotArea and the readout: curves follow results, streaming grows, pins overlay, cursor drags."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from bonegui.app.plots.area import PlotArea
from bonegui.app.plots.readout import ReadoutPanel
from bonegui.app.plots.series import HORMONE_RANGES, PLOTS
from bonegui.app import style
from bonegui.model.result import SERIES_UNITS, Result
from bonegui.model.tissue import bmd_from_tscore, tscore_to_bmd_map, who_class

LEFT, NO_BUTTON = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton


def xy(item):
    """The series given to a curve (xData/yData are the points drawn for the view)."""
    return item.full_xy


def synthetic(span: float = 10.0, e2_after: float = 10.0, age0: float = 48.0) -> Result:
    """Every series; estradiol falls from 120 to ``e2_after`` pg/mL at year 3; T-score/BMD linear."""
    t = np.arange(0, int(span * 365.25) + 1, dtype=np.float64) / 365.25
    s = {k: np.ones_like(t) for k in SERIES_UNITS}
    s["t_years"], s["age_years"] = t, age0 + t
    s["estradiol_pg_ml"] = np.where(t < 3, 120.0, e2_after)
    s["tscore_spine"] = -0.5 - 0.2 * t
    s["bmd_spine_g_cm2"] = 1.047 + 0.11 * s["tscore_spine"]
    s["tscore_hip"] = -0.3 - 0.1 * t
    s["bmd_hip_g_cm2"] = 0.942 + 0.12 * s["tscore_hip"]
    s["ctx_rel"] = 1.0 + 0.5 * (t > 3)
    return Result(s)


@pytest.fixture
def area(qtbot):
    a = PlotArea()
    qtbot.addWidget(a)
    a.resize(1000, 800)
    a.set_span(10.0)
    a.show()
    qtbot.waitExposed(a)
    return a


def curve(area, key, name):
    return area._curves[key][name]


def test_rows_name_themselves_and_share_one_time_range(area):
    """Each row's header names it (title, unit, a legend line per series); every row and the
    timeline share one time range: panning one moves all."""
    from bonegui.app.plots.series import ROWS

    assert list(area.plot_items) == ["hormones", "cells", "bmd", "markers"]
    assert list(area.rows) == [r.key for r in ROWS]
    area.set_result(synthetic(), 1)
    area.flush()
    for key in area.shown_rows:
        row = area.rows[key]
        texts = [t for t, _r in row.header.text_rects()]
        assert texts[:2] == [row.spec.title, row.spec.unit], texts
        if row.spec.kind != "hormone":
            assert texts[2:] == [s.label for s in row.spec.series]
    first, other = (area.rows[k].vb for k in area.shown_rows[:2])
    first.setXRange(2.0, 6.0, padding=0)
    assert other.viewRange()[0] == pytest.approx([2.0, 6.0])
    assert area.rows["markers"].vb.viewRange()[0] == pytest.approx([2.0, 6.0])  # also a row off screen
    area.time_range.fit()
    assert first.viewRange()[0][0] < 0.0 and first.viewRange()[0][1] > 10.0


def test_set_result_draws_each_series_float64(area):
    r = synthetic()
    area.choice.show("markers")
    area.set_result(r, generation=7)
    area.flush()
    x, y = xy(curve(area, "markers", "ctx_rel"))
    assert x.dtype == np.float64 and len(x) == len(r)
    np.testing.assert_array_equal(y, r["ctx_rel"])
    assert area.drawn_generation == 7


def test_hormones_are_drawn_in_their_units_on_a_log_scale_with_life_stage_bands(area):
    """Estradiol in pg/mL (log10 in the view), with the band of each life stage over the years
    it holds: a woman whose final period comes at year 3 has the premenopausal band before it
    and the postmenopausal band after it, so 10 pg/mL then sits inside a band, not below one."""
    from bonegui.app.plots.axes import LogLevelAxis
    from bonegui.app.plots.series import HORMONE_BANDS
    from bonegui.scenario import Patient

    area.set_patient(Patient(sex="female", age_years=48.0, menopause="natural", final_period_age_years=51.0))
    area.set_result(synthetic(e2_after=10.0))
    area.flush()
    row = area.rows["hormones:estradiol"]
    _x, y = xy(row.curves["estradiol_pg_ml"])
    assert 10 ** y[0] == pytest.approx(120.0) and 10 ** y[-1] == pytest.approx(10.0)
    axis = row.plot.getAxis("left")
    assert isinstance(axis, LogLevelAxis)
    ticks = axis.tickValues(*row.vb.viewRange()[1], 300)[0][1]
    levels = [10 ** v for v in ticks]
    assert len(levels) >= 3 and 10.0 in [round(v, 6) for v in levels]  # round levels in pg/mL
    assert all(round(v / 10 ** np.floor(np.log10(v)), 6) in (1, 1.5, 2, 3, 4, 5, 6, 7, 8) for v in levels)
    assert axis.tickStrings([1.0, 2.0, np.log10(20.0)], 1, 1) == ["10", "100", "20"]
    bands = HORMONE_BANDS["estradiol_pg_ml"]
    rects = [(r.left(), r.right(), 10 ** r.top(), 10 ** r.bottom()) for r, _c in row.bands.rects]
    pre, post = rects
    assert pre[1] == pytest.approx(3.0) and post[0] == pytest.approx(3.0)
    assert (pre[2], pre[3]) == pytest.approx(bands["premenopausal"].lower_upper())
    assert (post[2], post[3]) == pytest.approx(bands["postmenopausal"].lower_upper())
    assert post[2] <= 10.0 <= post[3]
    # after it the premenopausal band stays as a faint wash, what hormone therapy aims for
    (wash, _c), = row.bands.washes
    assert wash.left() == pytest.approx(3.0) and 10 ** wash.top() == pytest.approx(bands["premenopausal"].lower)
    header = [t for t, _r in row.header.text_rects()]
    assert header[:2] == ["Estradiol", "pg/mL"] and "before menopause" in header and "after menopause" in header
    area.set_sex("male")  # the same 10 pg/mL against the male band (15-40 pg/mL): below it
    area.flush()
    (male,) = row.bands.rects
    assert 10 ** male[0].top() == pytest.approx(15.0) and "adult men" in [t for t, _r in row.header.text_rects()]


def test_plot_bands_are_the_endocrine_layers_reference_ranges():
    """One source of truth: the bands, the readout's low/normal/high and the model's table."""
    from bonegui.model.endocrine import REFERENCE_RANGES

    for name, by_sex in HORMONE_RANGES.items():
        for sex, r in by_sex.items():
            assert (r.lower, r.upper) == REFERENCE_RANGES[name][sex]


def test_a_new_result_replaces_the_curves(area):
    area.set_result(synthetic(e2_after=10.0))
    area.flush()
    before = xy(curve(area, "hormones", "estradiol_pg_ml"))[1].copy()
    area.set_result(synthetic(e2_after=90.0))
    area.flush()
    after = xy(curve(area, "hormones", "estradiol_pg_ml"))[1]
    assert after[-1] > before[-1]


def test_streamed_chunks_grow_across_the_plot(area):
    r = synthetic()
    n = len(r)
    area.append_chunk(r.slice(0, 365))
    area.flush()
    assert len(xy(curve(area, "bmd", "tscore_spine"))[0]) == 365
    area.append_chunk(r.slice(365, 730))
    area.flush()
    assert len(xy(curve(area, "bmd", "tscore_spine"))[0]) == 730
    area.set_result(r, 1)
    area.flush()
    assert len(xy(curve(area, "bmd", "tscore_spine"))[0]) == n


def test_an_edit_streams_over_the_previous_run(area):
    old, new = synthetic(e2_after=10.0), synthetic(e2_after=90.0)
    area.set_result(old, 1)
    area.flush()
    area.append_chunk(new.slice(0, 1500), 2)
    area.flush()
    x, y = xy(curve(area, "hormones", "estradiol_pg_ml"))
    assert len(x) == len(old)  # the previous run still fills the rest of the span
    assert 10 ** y[1400] == pytest.approx(90.0)
    assert 10 ** y[-1] == pytest.approx(10.0)


def test_pinned_runs_are_dashed_overlays_named_in_a_band_of_their_own(qtbot, area):
    area.set_result(synthetic(), 1)
    pins = [(f"run {i}", synthetic(e2_after=20.0 * (i + 1))) for i in range(5)]
    area.set_overlays(pins)
    area.flush()
    qtbot.wait(20)
    styles = []
    for i in range(4):
        c = area._pin_curves[i]["hormones"]["estradiol_pg_ml"]
        assert c.isVisible() and len(xy(c)[0]) == len(pins[i][1])
        styles.append(c.opts["pen"].style())
    assert len(set(styles)) == 4 and Qt.PenStyle.SolidLine not in styles
    names = [t for t, _r in area.pins_band.text_rects()]
    assert names == ["Pinned runs (dashed):"] + [f"run {i}" for i in range(4)]
    # the band sits under the time axis: no data area is covered by it
    band = area.pins_band.sceneBoundingRect()
    for key in area.shown_rows:
        assert not band.intersects(area.rows[key].vb.sceneBoundingRect()), key
    area.set_overlays([])
    area.flush()
    assert not area._pin_curves[0]["hormones"]["estradiol_pg_ml"].isVisible()
    assert area.pins_band.scene() is None


def test_bmd_axes_convert_tscore_to_g_per_cm2(area):
    # the model's reference map (one home: bonegui.model.tissue), for the patient's sex
    spine, hip = area.plot_items["bmd"].getAxis("right"), area._hip_axis
    assert spine.map is None and hip.map is None  # no values before the first result
    area.set_result(synthetic(), 1)
    area.flush()
    assert spine.map == pytest.approx(tscore_to_bmd_map("spine", "female"))
    assert hip.map == pytest.approx(tscore_to_bmd_map("hip", "female"))
    offset, scale = spine.map
    assert offset + scale * -2.5 == pytest.approx(bmd_from_tscore(-2.5, "spine", "female"))
    area.set_sex("male")
    area.flush()
    assert hip.map == pytest.approx(tscore_to_bmd_map("hip", "male")) != tscore_to_bmd_map("hip", "female")


def test_reveal_shows_curves_up_to_the_playback_time(area):
    r = synthetic()
    area.set_result(r, 1)
    area.set_reveal(2.0)
    area.flush()
    x = xy(curve(area, "cells", "rankl_opg_ratio"))[0]
    assert x[-1] <= 2.0 and x[-1] > 1.99
    area.set_reveal(None)
    area.flush()
    assert xy(curve(area, "cells", "rankl_opg_ratio"))[0][-1] == r.t_years[-1]


def test_presentation_mode_uses_large_ticks_and_thick_lines(area):
    area.set_presentation(True)
    for plot in area.plot_items.values():
        assert plot.getAxis("left").style["tickFont"].pointSize() >= 16
    assert curve(area, "bmd", "tscore_hip").opts["pen"].widthF() >= 4
    area.set_presentation(False)
    for plot in area.plot_items.values():
        assert plot.getAxis("left").style["tickFont"].pointSize() >= 11
    assert style.DEFAULT.font_pt >= 11 and style.PRESENTATION.tick_pt >= 16


def test_headers_and_the_cursor_label_never_cover_the_data_area(qtbot, area):
    """Names, legends and the cursor's time sit beside and above the data areas."""
    area.set_result(synthetic(), 1)
    area.set_cursor(5.0)
    for on in (False, True, False):
        area.set_presentation(on)
        area.flush()
        qtbot.wait(30)  # layouts settle
        data = [area.rows[k].vb.sceneBoundingRect() for k in area.shown_rows]
        texts = [r for k in area.shown_rows for _t, r in area.rows[k].header.text_rects()]
        texts += [r for _t, r in area.cursor_band.text_rects()]
        assert area.cursor_band.text_rects(), "the cursor's time is shown"
        for t in texts:
            for d in data:
                inter = t.intersected(d)
                assert inter.width() < 1 or inter.height() < 1, (on, t, d)


def _mouse(view, etype, scene_pt, button, buttons):
    vp = view.viewport()
    local = QPointF(view.mapFromScene(scene_pt))
    ev = QMouseEvent(etype, local, QPointF(vp.mapToGlobal(local.toPoint())), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, ev)


def test_dragging_the_cursor_moves_it_on_every_plot(qtbot, area):
    area.set_result(synthetic(), 1)
    area.flush()
    moved = []
    area.cursorMoved.connect(moved.append)
    vb = area.rows["cells"].vb
    start, end = vb.mapViewToScene(QPointF(0.0, 1.0)), vb.mapViewToScene(QPointF(6.0, 1.0))
    _mouse(area.canvas, QEvent.Type.MouseMove, start, NO_BUTTON, NO_BUTTON)
    qtbot.wait(15)
    _mouse(area.canvas, QEvent.Type.MouseButtonPress, start, LEFT, LEFT)
    for k in range(1, 11):
        qtbot.wait(15)  # pyqtgraph ignores moves < 10 ms apart
        _mouse(area.canvas, QEvent.Type.MouseMove, start + (end - start) * (k / 10), NO_BUTTON, LEFT)
    _mouse(area.canvas, QEvent.Type.MouseButtonRelease, end, LEFT, NO_BUTTON)
    assert area.cursor_t_years == pytest.approx(6.0, abs=0.1)
    assert moved and moved[-1] == area.cursor_t_years
    assert {round(row.cursor.value(), 6) for row in area.rows.values()} == {round(area.cursor_t_years, 6)}


def test_a_click_in_a_plot_moves_the_cursor_there(qtbot, area):
    area.set_result(synthetic(), 1)
    area.flush()
    vb = area.rows["bmd"].vb
    pt = vb.mapViewToScene(QPointF(7.25, -1.0))
    _mouse(area.canvas, QEvent.Type.MouseMove, pt, NO_BUTTON, NO_BUTTON)
    qtbot.wait(15)
    _mouse(area.canvas, QEvent.Type.MouseButtonPress, pt, LEFT, LEFT)
    _mouse(area.canvas, QEvent.Type.MouseButtonRelease, pt, LEFT, NO_BUTTON)
    qtbot.wait(5)
    assert area.cursor_t_years == pytest.approx(7.25, abs=0.05)
    assert area.cursor_text().startswith("7 y 3 mo")


def test_readout_matches_result_at_the_cursor(qtbot):
    panel = ReadoutPanel()
    qtbot.addWidget(panel)
    r = synthetic()
    panel.show_at(r, 4.321)
    assert panel.values == r.at(4.321)
    row = panel._rows["tscore_spine"]
    assert row.text(1) == f"{r.at(4.321)['tscore_spine']:+.2f}"
    assert row.text(2) == "SD (osteopenia)"  # -0.5 - 0.2*4.321 = -1.36
    assert panel._rows["estradiol_pg_ml"].text(2) == "pg/mL · low"
    assert set(panel._rows) == set(SERIES_UNITS)
    assert [who_class(x) for x in (-0.9, -1.0, -2.4, -2.5)] == ["normal", "normal", "osteopenia", "osteoporosis"]


def test_hormone_row_tooltip_lists_the_bands_with_their_sources(area):
    area.set_sex("male")
    tip = area.rows["hormones:testosterone"].header.toolTip()
    assert "adult men: 264–916 ng/dL" in tip and "Travison 2017" in tip
    area.set_sex("female")
    assert "before menopause: 30–400 pg/mL" in area.rows["hormones:estradiol"].header.toolTip()


def test_short_spans_get_day_ticks_without_a_unit_prefix(area):
    """A single-dose PK demo over ~3 weeks: the time axis labels days, never "(x0.001)"."""
    span = 0.05  # 18 days
    area.set_result(synthetic(span=span, age0=55.0), 1)
    area.set_span(span)
    area.flush()
    axis = area.plot_items["markers"].getAxis("bottom")
    ((step, _offset),) = axis.tickSpacing(0.0, span, 800)
    assert step <= 14 / 365.25 + 1e-12  # at least one labelled tick inside 18 days
    assert axis.tickStrings([7 / 365.25], 1.0, 7 / 365.25) == ["7 d\nage 55.02"]
    assert "x0.001" not in axis.labelString() and axis.autoSIPrefixScale == 1.0
    for key in ("hormones", "cells", "bmd"):
        assert not area.plot_items[key].getAxis("bottom").autoSIPrefix


def test_who_bands_follow_the_model_s_classes(area):
    from bonegui.app.plots.series import WHO_BANDS

    for name, _label, lo, hi in WHO_BANDS:
        for t in (lo + 1e-6, hi - 1e-6):
            assert who_class(t) == name, (name, t)
    shaded = sorted((round(r.top(), 9), round(r.bottom(), 9)) for r, _c in area.rows["bmd"].bands.rects)
    assert shaded == sorted((lo, hi) for _n, _l, lo, hi in WHO_BANDS)


def test_a_who_band_label_moves_off_the_curves_that_cross_its_band(area, qtbot):
    """T-scores near 0 ran through the middle of "Normal", where its label sat: the label moves
    to the edge of its band that the curves leave free, and back when they leave the middle."""
    r = synthetic()
    flat = dict(r.series)
    for site in ("spine", "hip"):  # both curves through the Normal band's middle at the right
        flat[f"tscore_{site}"] = np.full(len(r), 0.0)
    area.set_result(Result(flat))
    area.flush()
    (_x0, x1), (y0, y1) = area.rows["bmd"].vb.viewRange()
    label, lo, hi = next(b for b in area.rows["bmd"].band_labels if b[0].toPlainText().startswith("Normal"))
    assert label.isVisible()
    px_per_unit = area.rows["bmd"].vb.height() / (y1 - y0)
    half = 0.5 * (label.boundingRect().height() + 2) / px_per_unit
    y = label.pos().y()
    assert not (y - half <= 0.0 <= y + half)  # clear of the curves
    assert max(lo, y0) + half - 1e-9 <= y <= min(hi, y1) - half + 1e-9  # inside its band
    area.set_result(synthetic())  # curves at -0.5 .. -2.5: the middle of "Normal" is free
    area.flush()
    (_x0, x1), (y0, y1) = area.rows["bmd"].vb.viewRange()
    assert label.pos().y() == pytest.approx(0.5 * (max(lo, y0) + min(hi, y1)))


def test_each_hormone_has_one_colour_in_the_plots_and_the_timeline(qtbot):
    from PySide6.QtGui import QColor

    from bonegui.app.document import ScenarioDocument
    from bonegui.app.timeline.demo import demo_scenario
    from bonegui.app.timeline.editor import TimelineEditor
    from bonegui.model.endocrine import OVERRIDE_SERIES

    editor = TimelineEditor(ScenarioDocument(demo_scenario()))
    qtbot.addWidget(editor)
    plotted = {s.name: s.colour for s in PLOTS[0].series}
    for hormone, series in OVERRIDE_SERIES.items():
        assert editor.open_hormone_lane(hormone).colour == QColor(plotted[series]), hormone


def test_every_line_colour_has_at_least_3_to_1_contrast_on_white():
    """WCAG 1.4.11: the curves, pinned runs and timeline lines read on the white plots."""
    from bonegui.app.plots.series import ROWS

    colours = {s.colour for r in ROWS for s in r.series} | set(style.HORMONE_COLOURS.values())
    colours |= {style.HIP_AXIS_COLOUR, *style.LINE_COLOURS}
    low = {c: round(style.contrast_ratio(c), 2) for c in colours if style.contrast_ratio(c) < 3.0}
    assert not low, low
    assert style.contrast_ratio("#E69F00") < 3.0  # why the orange was darkened


