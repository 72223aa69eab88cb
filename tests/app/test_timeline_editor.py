"""TimelineEditor with real mouse events on the pyqtgraph scene (offscreen).

Mouse events go to the view's viewport as QMouseEvents (QApplication.sendEvent), which is
what a real mouse produces: ``drag(qtbot, view, from_scene, to_scene, steps=10)`` hovers,
presses the left button, moves in ``steps`` with the button held, and releases. pyqtgraph's
scene drops move events closer than 10 ms apart (mouseRateLimit), so each step waits 15 ms.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from bonegui.app.document import ScenarioDocument
from bonegui.app.timeline.demo import demo_scenario
from bonegui.app.timeline.editor import TimelineEditor
from bonegui.model.simulate import simulate

LEFT = Qt.MouseButton.LeftButton
NO_BUTTON = Qt.MouseButton.NoButton
NO_MOD = Qt.KeyboardModifier.NoModifier


# ---- real mouse and key events ----------------------------------------------------------------
def _viewport_point(view, scene_pt: QPointF) -> QPointF:
    return QPointF(view.mapFromScene(scene_pt))


def _mouse(view, etype, scene_pt, button, buttons, modifiers=NO_MOD):
    vp = view.viewport()
    local = _viewport_point(view, scene_pt)
    ev = QMouseEvent(etype, local, QPointF(vp.mapToGlobal(local.toPoint())), button, buttons, modifiers)
    QApplication.sendEvent(vp, ev)


def drag(qtbot, view, from_scene: QPointF, to_scene: QPointF, steps: int = 10, modifiers=NO_MOD):
    """Hover at ``from_scene``, press the left button, move in ``steps`` with it held, release
    at ``to_scene`` (scene coordinates)."""
    _mouse(view, QEvent.Type.MouseMove, from_scene, NO_BUTTON, NO_BUTTON, modifiers)
    qtbot.wait(15)
    _mouse(view, QEvent.Type.MouseButtonPress, from_scene, LEFT, LEFT, modifiers)
    for k in range(1, steps + 1):
        qtbot.wait(15)  # pyqtgraph ignores moves < 10 ms apart
        p = from_scene + (to_scene - from_scene) * (k / steps)
        _mouse(view, QEvent.Type.MouseMove, p, NO_BUTTON, LEFT, modifiers)
    qtbot.wait(15)
    _mouse(view, QEvent.Type.MouseButtonRelease, to_scene, LEFT, NO_BUTTON, modifiers)
    qtbot.wait(5)


def click(qtbot, view, scene_pt: QPointF, button=LEFT):
    _mouse(view, QEvent.Type.MouseMove, scene_pt, NO_BUTTON, NO_BUTTON)
    qtbot.wait(15)
    _mouse(view, QEvent.Type.MouseButtonPress, scene_pt, button, button)
    _mouse(view, QEvent.Type.MouseButtonRelease, scene_pt, button, NO_BUTTON)
    qtbot.wait(5)


def double_click(qtbot, view, scene_pt: QPointF):
    """The event sequence of a real double-click: press, release, double-click, release."""
    _mouse(view, QEvent.Type.MouseMove, scene_pt, NO_BUTTON, NO_BUTTON)
    qtbot.wait(15)
    _mouse(view, QEvent.Type.MouseButtonPress, scene_pt, LEFT, LEFT)
    _mouse(view, QEvent.Type.MouseButtonRelease, scene_pt, LEFT, NO_BUTTON)
    _mouse(view, QEvent.Type.MouseButtonDblClick, scene_pt, LEFT, LEFT)
    _mouse(view, QEvent.Type.MouseButtonRelease, scene_pt, LEFT, NO_BUTTON)
    qtbot.wait(5)


def key(view, k, modifiers=NO_MOD):
    QApplication.sendEvent(view, QKeyEvent(QEvent.Type.KeyPress, k, modifiers))


# ---- fixtures ---------------------------------------------------------------------------------
@pytest.fixture
def doc():
    return ScenarioDocument(demo_scenario())


@pytest.fixture
def editor(qtbot, doc):
    w = TimelineEditor(doc)
    qtbot.addWidget(w)
    w.resize(1400, 420)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(20)
    return w


def block_point(editor, i: int, x_years: float, where: float = 0.85) -> QPointF:
    """A scene point inside therapy lane i at ``x_years``; ``where`` 0 = top, 1 = bottom (0.85
    stays clear of the dose line, which sits mid-lane for the demo doses)."""
    ln = editor.lane(("therapy", i))
    return editor.to_scene(x_years, ln.y0 + where * ln.height)


def keyframe_point(editor, hormone: str, t: float, level: float) -> QPointF:
    lane = editor.hormone_lane(hormone)
    return editor.to_scene(t, lane.level_to_y(level))


def result_differs(a, b, series: str) -> bool:
    return not (a[series] == b[series]).all()


def assert_result_changes(before, after, series: str, probe) -> None:
    """The edit made in the GUI changes the simulated ``series``. While the model is still the
    provisional stand-in that ignores therapies/overrides (``probe``, a scenario edit made
    without the GUI, changes nothing either), the check is reported as xfail, not passed."""
    if result_differs(simulate(after), simulate(before), series):
        return
    if not result_differs(simulate(probe(before)), simulate(before), series):
        pytest.xfail(f"the model does not respond to this edit yet ({series} unchanged)")
    raise AssertionError(f"{series} did not change after the GUI edit")


# ---- therapy blocks ---------------------------------------------------------------------------
def test_dragging_a_block_moves_it_by_the_snapped_amount_in_one_undo_step(qtbot, editor, doc):
    from bonegui.app.timeline.geometry import fmt_time

    before = doc.scenario
    previews, said = [], []
    doc.previewChanged.connect(previews.append)
    doc.previewChanged.connect(lambda _s: said.append(editor.drag_message))  # the drag tooltip's text
    drag(qtbot, editor.view, block_point(editor, 0, 4.5), block_point(editor, 0, 5.53))
    t = doc.scenario.therapies[0]
    assert (t.start_years, t.stop_years) == (2.0, 9.0)  # moved 1.03 y -> snapped to 1 y (months)
    assert said and said[-1].startswith(f"start {fmt_time(2.0, doc.scenario.patient.age_years)}"), said[-3:]
    assert doc.scenario.therapies[1:] == before.therapies[1:]
    assert len(previews) >= 2, "plots should follow the drag with previews"
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText().startswith("Move Estradiol patch")
    assert editor.therapy_block(0).block_rect().left() == pytest.approx(2.0)
    after = doc.scenario
    # undo restores the exact previous Scenario, and the block follows
    doc.undo_stack.undo()
    assert doc.scenario == before
    assert editor.therapy_block(0).therapy == before.therapies[0]
    doc.undo_stack.redo()
    assert doc.scenario == after
    assert_result_changes(before, after, "bmd_spine_g_cm2",
                          lambda s: s.with_therapy(0, start_years=0.0, stop_years=10.0, dose=200.0))


def test_a_drag_skips_the_hover_search_and_hover_works_again_after_it(qtbot, editor, doc):
    """Mid-drag no item may take a hover, so the scene does not look for the items under the
    cursor at every move (editor._no_hover_while_dragging); before and after the drag it does."""
    scene = editor.view.scene()
    looked = []
    plain = scene.itemsNearEvent
    scene.itemsNearEvent = lambda *a, **k: (looked.append(scene.dragButtons[:]), plain(*a, **k))[1]
    drag(qtbot, editor.view, block_point(editor, 0, 4.5), block_point(editor, 0, 5.53))
    assert doc.scenario.therapies[0].start_years == 2.0  # the drag itself still worked
    assert looked and not any(buttons for buttons in looked)  # hovers only without a drag
    n = len(looked)
    qtbot.wait(20)
    _mouse(editor.view, QEvent.Type.MouseMove, block_point(editor, 0, 3.0), NO_BUTTON, NO_BUTTON)
    assert len(looked) == n + 1  # a plain move hovers again
    assert editor.therapy_block(0).cursor().shape() == Qt.CursorShape.OpenHandCursor  # the move grab


def test_dragging_the_right_edge_changes_only_the_stop(qtbot, editor, doc):
    blk = editor.therapy_block(1)
    px = blk.pixelWidth()
    drag(qtbot, editor.view, block_point(editor, 1, 8.0 - 3 * px), block_point(editor, 1, 6.0 - 3 * px))
    t = doc.scenario.therapies[1]
    assert (t.start_years, t.stop_years) == (1.0, 6.0)
    assert doc.undo_stack.undoText() == "Change stop of Micronised progesterone"


def test_a_block_dragged_past_the_span_stops_at_the_limit_and_says_why(qtbot, editor, doc):
    drag(qtbot, editor.view, block_point(editor, 0, 4.5), block_point(editor, 0, 9.8))
    t = doc.scenario.therapies[0]
    assert (t.start_years, t.stop_years) == (3.0, 10.0)  # 7-year block pinned to the end
    assert "stops at the end of the scenario (10 y)" in editor.drag_message
    drag(qtbot, editor.view, block_point(editor, 0, 5.0), block_point(editor, 0, -0.3))
    assert doc.scenario.therapies[0].start_years == 0.0
    assert "scenario start" in editor.drag_message


def test_the_left_edge_cannot_pass_the_stop(qtbot, editor, doc):
    blk = editor.therapy_block(2)  # 3-6 y
    px = blk.pixelWidth()
    drag(qtbot, editor.view, block_point(editor, 2, 3.0 + 2 * px), block_point(editor, 2, 9.0))
    t = doc.scenario.therapies[2]
    assert t.start_years < t.stop_years == 6.0
    assert t.stop_years - t.start_years == pytest.approx(7 / 365.25)
    assert "at least 1 week" in editor.drag_message


def test_dragging_the_dose_line_steps_by_the_agents_dose_step(qtbot, editor, doc):
    """7 px up is about two dose steps (5 mcg/day each for the patch), whatever the lane's
    height; a long drag stops at the agent's maximum and says why."""
    from bonegui.app.timeline.geometry import DOSE_STEP_PX

    blk = editor.therapy_block(0)  # estradiol patch 50 mcg/day, range 12.5-200
    start = editor.to_scene(4.0, blk.dose_y())
    px = blk.pixelHeight()
    drag(qtbot, editor.view, start, editor.to_scene(4.0, blk.dose_y() - 2 * DOSE_STEP_PX * px))
    assert doc.scenario.therapies[0].dose == pytest.approx(60.0)
    assert doc.scenario.therapies[0].start_years == 1.0  # a dose drag does not move the block
    blk = editor.therapy_block(0)
    drag(qtbot, editor.view, editor.to_scene(4.0, blk.dose_y()), editor.to_scene(4.0, blk.dose_y() - 60 * DOSE_STEP_PX * px),
         steps=20)
    assert doc.scenario.therapies[0].dose == 200.0
    assert "maximum dose" in editor.drag_message and "12.5-200 mcg/day" in editor.drag_message


def test_block_edges_grab_over_twelve_pixels_with_a_resize_cursor(qtbot, editor, doc):
    from bonegui.app.timeline.lane_item import EDGE_PX

    blk = editor.therapy_block(1)  # 1-8 y
    px = blk.pixelWidth()
    ln = editor.lane(("therapy", 1))
    y = ln.y0 + 0.85 * ln.height  # clear of the dose line
    grabs = {round(dx): blk.hit(QPointF(8.0 + dx * px, y)) for dx in range(-8, 9)}
    stop_zone = [d for d, g in grabs.items() if g == "stop"]
    assert stop_zone[0] <= -5 and stop_zone[-1] >= 5 and stop_zone[-1] - stop_zone[0] >= 10  # ≥ 10 px
    assert grabs[-8] == "move" and grabs[8] is None and 2 * EDGE_PX >= 10
    assert blk.hover_feedback("stop")[0] == Qt.CursorShape.SizeHorCursor
    # just outside the block still grabs its edge: drag from 4 px past the stop
    drag(qtbot, editor.view, editor.to_scene(8.0 + 4 * px, y), editor.to_scene(6.0 + 4 * px, y))
    assert doc.scenario.therapies[1].stop_years == 6.0


def test_shift_suspends_snapping_and_weeks_snap_to_weeks(qtbot, editor, doc):
    shift = Qt.KeyboardModifier.ShiftModifier
    drag(qtbot, editor.view, block_point(editor, 0, 4.5), block_point(editor, 0, 4.87), modifiers=shift)
    start = doc.scenario.therapies[0].start_years
    assert start == pytest.approx(1.37, abs=0.01) and abs(start * 12 - round(start * 12)) > 1e-6
    editor.snap_combo.setCurrentText("Weeks")
    drag(qtbot, editor.view, block_point(editor, 1, 4.5), block_point(editor, 1, 4.6))
    weeks = doc.scenario.therapies[1].start_years * 365.25 / 7
    assert weeks == pytest.approx(round(weeks), abs=1e-9) and round(weeks) == 57  # 1.1 y -> week 57


def test_an_edit_elsewhere_moves_the_block_and_a_new_therapy_gets_a_lane(qtbot, editor, doc):
    rect_before = editor.therapy_block(1).sceneBoundingRect()
    doc.commit(doc.scenario.with_therapy(1, start_years=2.5, stop_years=7.0), "Edit in protocol panel")
    blk = editor.therapy_block(1)
    assert (blk.block_rect().left(), blk.block_rect().right()) == (2.5, 7.0)
    assert blk.sceneBoundingRect().left() > rect_before.left()
    doc.commit(doc.scenario.add_therapy(doc.scenario.therapies[0]), "Add therapy")
    assert len(editor.lanes) == len(doc.scenario.therapies) + 2  # + activity + the drawn estradiol
    assert editor.therapy_block(3).therapy == doc.scenario.therapies[3]
    doc.undo_stack.undo()
    assert len([ln for ln in editor.lanes if ln.key[0] == "therapy"]) == 3


def test_arrow_keys_nudge_the_selected_block_by_one_snap_unit(qtbot, editor, doc):
    click(qtbot, editor.view, block_point(editor, 1, 4.0))
    assert editor.selection == ("therapy", 1)
    key(editor.view, Qt.Key.Key_Right)
    key(editor.view, Qt.Key.Key_Right)
    assert doc.scenario.therapies[1].start_years == pytest.approx(1.0 + 2 / 12)
    assert doc.undo_stack.count() == 1  # consecutive nudges merge into one step
    key(editor.view, Qt.Key.Key_Up)
    assert doc.scenario.therapies[1].dose > 100.0


# ---- hormone keyframes ------------------------------------------------------------------------
def test_add_move_and_delete_keyframes_change_the_override_and_the_result(qtbot, editor, doc):
    base = doc.scenario
    assert ("hormone", "testosterone") not in [ln.key for ln in editor.lanes]  # physiology: no lane
    lane = editor.open_hormone_lane("testosterone")  # as the "Draw a hormone" menu does
    assert doc.scenario.override_for("testosterone") is None
    double_click(qtbot, editor.view, editor.to_scene(4.0, lane.level_to_y(300.0)))
    ov = doc.scenario.override_for("testosterone")
    # the first keyframe holds its level to the end: a keyframe at the span's end follows it
    assert ov is not None and len(ov.keyframes) == 2
    assert ov.keyframes[0].t_years == 4.0 and ov.keyframes[0].level == pytest.approx(300.0, rel=0.1)
    assert (ov.keyframes[1].t_years, ov.keyframes[1].level) == (10.0, ov.keyframes[0].level)
    double_click(qtbot, editor.view, keyframe_point(editor, "testosterone", 6.0, 100.0))
    kfs = doc.scenario.override_for("testosterone").keyframes
    assert [k.t_years for k in kfs] == [4.0, 6.0, 10.0] and kfs[2].level == kfs[1].level
    two_keyframes = doc.scenario
    assert editor.hormone_lane("testosterone").keyframes == kfs  # the curve is drawn from these

    # drag the second keyframe later and higher: one undo step
    k1 = kfs[1]
    drag(qtbot, editor.view, keyframe_point(editor, "testosterone", k1.t_years, k1.level),
         keyframe_point(editor, "testosterone", 7.0, 400.0))
    moved = doc.scenario.override_for("testosterone").keyframes[1]
    assert moved.t_years == 7.0 and moved.level == pytest.approx(400.0, rel=0.1)
    assert doc.scenario.override_for("testosterone").keyframes[2].level == moved.level  # the hold followed
    assert doc.undo_stack.undoText() == "Move Testosterone keyframe"
    moved_scenario = doc.scenario

    # select it and press Delete
    click(qtbot, editor.view, keyframe_point(editor, "testosterone", moved.t_years, moved.level))
    assert editor.selection == ("keyframe", "testosterone", 1)
    key(editor.view, Qt.Key.Key_Delete)
    assert [k.t_years for k in doc.scenario.override_for("testosterone").keyframes] == [4.0, 10.0]
    # the hold turned off leaves one keyframe, which acts on its day only: the lane says so
    editor.set_hold("testosterone", False)
    assert [k.t_years for k in doc.scenario.override_for("testosterone").keyframes] == [4.0]
    assert any("acts on its day only" in t for t, _r in editor.hormone_lane("testosterone").text_rects())

    # the context menu clears the override: physiology again
    menu = editor.hormone_menu("testosterone", None, 5.0, 100.0)
    next(a for a in menu.actions() if a.text().startswith("Clear Testosterone override")).trigger()
    assert doc.scenario.override_for("testosterone") is None
    assert doc.scenario == base  # clearing restores the scenario we started from
    # the simulated level follows the override (checked last: xfail while the model ignores it)
    assert_result_changes(base, two_keyframes, "testosterone_ng_dl", lambda s: two_keyframes)
    assert_result_changes(two_keyframes, moved_scenario, "testosterone_ng_dl", lambda s: moved_scenario)


def test_a_keyframe_cannot_pass_its_neighbour(qtbot, editor, doc):
    k = doc.scenario.override_for("estradiol").keyframes  # 2, 3, 5 y
    drag(qtbot, editor.view, keyframe_point(editor, "estradiol", k[1].t_years, k[1].level),
         keyframe_point(editor, "estradiol", 8.0, k[1].level))
    kfs = doc.scenario.override_for("estradiol").keyframes
    assert kfs[1].t_years == 5.0 and "next keyframe" in editor.drag_message


def test_right_click_on_a_keyframe_offers_delete(qtbot, editor, doc):
    k = doc.scenario.override_for("estradiol").keyframes[0]
    click(qtbot, editor.view, keyframe_point(editor, "estradiol", k.t_years, k.level), Qt.MouseButton.RightButton)
    menu = editor.last_menu
    assert menu is not None
    menu.hide()
    next(a for a in menu.actions() if a.text() == "Delete keyframe").trigger()
    assert len(doc.scenario.override_for("estradiol").keyframes) == 2


# ---- activity ---------------------------------------------------------------------------------
def test_dragging_an_activity_boundary_and_splitting_a_segment(qtbot, editor, doc):
    ln = editor.lane(("activity",))
    drag(qtbot, editor.view, editor.to_scene(4.0, ln.center), editor.to_scene(6.0, ln.center))
    assert [s.start_years for s in doc.scenario.activity] == [0.0, 6.0]
    menu = editor.activity_menu(0, 2.0)
    next(a for a in menu.actions() if a.text().startswith("Split here")).trigger()
    assert [s.start_years for s in doc.scenario.activity] == [0.0, 2.0, 6.0]
    editor.set_activity_level(1, "bed_rest")
    assert [s.level for s in doc.scenario.activity] == ["sedentary", "bed_rest", "active"]
    assert editor.activity_lane().segments == doc.scenario.activity


# ---- looks ------------------------------------------------------------------------------------
def test_editor_renders_at_projector_size(qtbot, editor, tmp_path):
    editor.resize(1400, 360)
    qtbot.wait(20)
    img = editor.grab().toImage()
    assert (img.width(), img.height()) == (1400, 360)
    assert img.pixelColor(QPoint(700, 180)).isValid()
    assert editor.lane_axis.style["tickFont"].pointSizeF() >= 11
    assert editor.x_axis.tickStrings([2.0], 1, 1.0) == ["2 y"]  # the plots' axis adds the age


# ---- one state, two views; cancelling; simulated levels ----------------------------------------
def test_previews_from_another_view_move_the_block_live(qtbot, editor, doc):
    doc.preview(doc.scenario.with_therapy(0, start_years=3.0))  # protocol panel spin-box drag
    assert editor.therapy_block(0).block_rect().left() == 3.0
    doc.preview(doc.scenario)  # the other view cancels: previews the committed value again
    assert editor.therapy_block(0).block_rect().left() == 1.0
    doc.commit(doc.scenario.with_therapy(0, start_years=3.0), "Edit start")
    assert editor.therapy_block(0).block_rect().left() == 3.0


def test_escape_cancels_a_drag_without_an_undo_step(qtbot, editor, doc):
    before = doc.scenario
    view = editor.view
    a, b = block_point(editor, 0, 4.5), block_point(editor, 0, 6.5)
    _mouse(view, QEvent.Type.MouseMove, a, NO_BUTTON, NO_BUTTON)
    qtbot.wait(15)
    _mouse(view, QEvent.Type.MouseButtonPress, a, LEFT, LEFT)
    for k in range(1, 6):
        qtbot.wait(15)
        _mouse(view, QEvent.Type.MouseMove, a + (b - a) * (k / 5), NO_BUTTON, LEFT)
    assert editor.therapy_block(0).block_rect().left() == 3.0  # follows the mouse
    assert doc.scenario == before  # nothing committed mid-drag
    previews = []
    doc.previewChanged.connect(previews.append)
    key(view, Qt.Key.Key_Escape)
    qtbot.wait(15)
    _mouse(view, QEvent.Type.MouseButtonRelease, b, LEFT, NO_BUTTON)
    assert doc.scenario == before and doc.undo_stack.count() == 0
    assert previews and previews[-1] == before  # the plots go back too
    assert editor.therapy_block(0).block_rect().left() == 1.0


def test_reference_result_is_drawn_inside_the_hormone_lane(qtbot, editor, doc):
    r = simulate(doc.scenario)
    editor.set_reference_result(r)
    lane = editor.hormone_lane("estradiol")
    xs, ys = lane.reference.getData()
    assert len(xs) > 100 and xs[0] == 0.0 and xs[-1] <= doc.scenario.span_years
    assert (ys >= lane.lane.y0).all() and (ys <= lane.lane.y1).all()
    assert lane.lane_max >= 1.15 * r["estradiol_pg_ml"].max() or lane.lane_max == 2000.0
    editor.set_reference_result(None)
    xs, _ = lane.reference.getData()
    assert xs is None or len(xs) == 0


def test_the_wheel_zooms_time_only_and_fit_shows_the_span(qtbot, editor, doc):
    from PySide6.QtGui import QWheelEvent

    (x0, x1), (y0, y1) = editor.vb.viewRange()
    vp = editor.view.viewport()
    centre = QPointF(editor.view.mapFromScene(editor.to_scene(5.0, 3.0)))
    ev = QWheelEvent(centre, QPointF(vp.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 240),
                     NO_BUTTON, NO_MOD, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(vp, ev)
    (zx0, zx1), (zy0, zy1) = editor.vb.viewRange()
    assert zx1 - zx0 < 0.8 * (x1 - x0)  # zoomed in on time
    assert (zy0, zy1) == pytest.approx((y0, y1))  # lanes stay put
    editor.fit_action.trigger()
    (fx0, fx1), _ = editor.vb.viewRange()
    assert fx0 <= 0.0 and fx1 >= doc.scenario.span_years


def test_a_narrow_block_shows_its_label_beside_it(qtbot, editor, doc):
    blk = editor.therapy_block(0)
    assert not blk.outside_label.isVisible()  # 7 years wide: the label fits inside
    doc.commit(doc.scenario.with_therapy(0, start_years=3.0, stop_years=3.05), "Shorten")
    blk = editor.therapy_block(0)
    assert blk.outside_label.isVisible() and "Estradiol patch" in blk.outside_label.textItem.toPlainText()
    assert blk.sceneBoundingRect().width() < 20  # the block's rect is the block, not its label


def test_lane_labels_do_not_overlap_with_many_therapies(qtbot, doc):
    """Five therapies: a splitter cannot squeeze the lanes below one label height each."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QLabel, QSplitter

    from bonegui.app.timeline.lane_item import label_font
    from bonegui.scenario import load_preset

    doc.replace(load_preset("combined_protocol_seed"))
    split = QSplitter(Qt.Orientation.Vertical)
    qtbot.addWidget(split)
    editor = TimelineEditor(doc)
    split.addWidget(editor)
    split.addWidget(QLabel("plots"))
    split.resize(1400, 1000)
    split.setSizes([150, 850])  # the user (or a default) asks for too little
    split.show()
    qtbot.waitExposed(split)
    qtbot.wait(20)
    assert len(editor.lanes) == len(doc.scenario.therapies) + 1 + len(doc.scenario.overrides) >= 6
    fm = QFontMetrics(label_font())
    ink_px = max(fm.tightBoundingRect(ln.label).height() for ln in editor.lanes)  # glyphs, no leading
    centres = [editor.to_scene(0.0, ln.center).y() for ln in editor.lanes]
    pitches = [b - a for a, b in zip(centres, centres[1:])]
    assert min(pitches) >= ink_px, (pitches, ink_px)
    editor.set_lane_minimum(False)  # presentation mode: the plots may take the height back
    assert editor.view.minimumHeight() == 0
    editor.set_lane_minimum(True)
    assert editor.view.minimumHeight() > 0
