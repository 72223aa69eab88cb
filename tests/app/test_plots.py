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
    """The data given to a curve (getData() returns the downsampled points drawn)."""
    return item.xData, item.yData


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


def test_four_titled_plots_with_linked_time_axes_and_legends(area):
    assert list(area.plot_items) == ["hormones", "cells", "bmd", "markers"]
    first = area.plot_items["hormones"].vb
    for spec in PLOTS:
        plot = area.plot_items[spec.key]
        assert plot.titleLabel.text.startswith(spec.title) or spec.title in plot.titleLabel.text
        assert plot.getAxis("left").labelText == spec.y_label
        names = [label.text for _sample, label in area.legends[spec.key].items]
        assert names == [s.label for s in spec.series]
        if spec.key != "hormones":
            assert plot.vb.linkedView(plot.vb.XAxis) is first
    assert "years" in area.plot_items["markers"].getAxis("bottom").labelText


def test_set_result_draws_each_series_float64(area):
    r = synthetic()
    area.set_result(r, generation=7)
    area.flush()
    x, y = xy(curve(area, "markers", "ctx_rel"))
    assert x.dtype == np.float64 and len(x) == len(r)
    np.testing.assert_array_equal(y, r["ctx_rel"])
    assert area.drawn_generation == 7


def test_hormones_are_shown_within_their_normal_range(area):
    area.set_sex("female")
    area.set_result(synthetic(e2_after=10.0))
    area.flush()
    _x, y = xy(curve(area, "hormones", "estradiol_pg_ml"))
    rng = HORMONE_RANGES["estradiol_pg_ml"]["female"]
    assert rng.position(np.array([rng.lower, rng.upper])) == pytest.approx([0.0, 1.0])
    assert 0.0 < y[0] < 1.0  # 120 pg/mL: inside the premenopausal range
    assert y[-1] < 0.0  # 10 pg/mL: below it
    area.set_sex("male")  # the same 10 pg/mL against the male band (15-40 pg/mL): also low
    area.flush()
    male = HORMONE_RANGES["estradiol_pg_ml"]["male"]
    assert xy(curve(area, "hormones", "estradiol_pg_ml"))[1][-1] == pytest.approx(male.position(np.array([10.0]))[0])
    assert male.position(np.array([10.0]))[0] < 0.0


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
    pos = HORMONE_RANGES["estradiol_pg_ml"]["female"].position
    assert y[1400] == pytest.approx(pos(np.array([90.0]))[0])
    assert y[-1] == pytest.approx(pos(np.array([10.0]))[0])


def test_pinned_runs_are_dashed_overlays_with_a_legend_entry_each(area):
    area.set_result(synthetic(), 1)
    pins = [(f"run {i}", synthetic(e2_after=20.0 * (i + 1))) for i in range(5)]
    area.set_overlays(pins)
    area.flush()
    styles = []
    for i in range(4):
        c = area._pin_curves[i]["hormones"]["estradiol_pg_ml"]
        assert c.isVisible() and len(xy(c)[0]) == len(pins[i][1])
        styles.append(c.opts["pen"].style())
    assert len(set(styles)) == 4 and Qt.PenStyle.SolidLine not in styles
    assert [lab.text for _s, lab in area.pin_legend.items] == [f"Pinned: run {i}" for i in range(4)]
    area.set_overlays([])
    area.flush()
    assert not area._pin_curves[0]["hormones"]["estradiol_pg_ml"].isVisible()
    assert not area.pin_legend.isVisible()


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


def test_legends_never_cover_the_data_area(qtbot, area):
    """Each legend sits in its title row: a curve's peak at the top of a plot stays visible."""
    for on in (False, True, False):
        area.set_presentation(on)
        qtbot.wait(50)  # layouts settle
        for key, legend in area.legends.items():
            legend_rect = legend.mapRectToScene(legend.boundingRect())
            vb = area.plot_items[key].vb
            data_rect = vb.mapRectToScene(vb.boundingRect())
            assert legend_rect.bottom() <= data_rect.top() + 0.5, (key, on, legend_rect.bottom(), data_rect.top())


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
    vb = area.plot_items["cells"].vb
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
    assert {round(line.value(), 6) for line in area._cursor_lines.values()} == {round(area.cursor_t_years, 6)}


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


def test_hormone_plot_tooltip_lists_the_ranges_for_the_sex(area):
    area.set_sex("male")
    tip = area.plot_items["hormones"].vb.toolTip()
    assert "Testosterone: 264–916 ng/dL" in tip and "(male)" in tip
    area.set_sex("female")
    assert "Estradiol: 30–400 pg/mL" in area.plot_items["hormones"].vb.toolTip()


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
    shaded = sorted((tuple(b.getRegion()) for b in area._bands[1:]))
    assert shaded == sorted((lo, hi) for _n, _l, lo, hi in WHO_BANDS)


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
        assert editor.hormone_lane(hormone).colour == QColor(plotted[series]), hormone
