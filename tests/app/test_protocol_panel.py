"""Protocol builder: the panel edits the shared ScenarioDocument through real key and mouse
events, refuses bad values with a message naming the field and its range, and follows edits
made elsewhere (undo, the timeline, file loads)."""

from __future__ import annotations

from dataclasses import replace as dc_replace

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QLabel, QListWidget

from bonegui.app.document import ScenarioDocument
from bonegui.app.protocol.summary import therapy_summary
from bonegui.app.protocol.therapy_section import new_therapy
from bonegui.app.protocol.panel import MIN_WIDTH_PX, ProtocolPanel
from bonegui.catalogue import GROUPS, catalogue
from bonegui.model.simulate import simulate
from bonegui.scenario import ActivitySegment, Patient, Scenario, Therapy, presets

#: series that carry physiology (not the clock): if a change matters, one of these moves
PHYSIOLOGY = ("estradiol_pg_ml", "testosterone_ng_dl", "igf1_ng_ml", "rankl_opg_ratio", "bmd_spine_g_cm2")


def physiology_differs(a, b) -> bool:
    n = min(len(a), len(b))
    return any(not np.allclose(a[k][:n], b[k][:n], rtol=1e-6, atol=0.0) for k in PHYSIOLOGY)


def trt_case(span_years: float = 2.0) -> Scenario:
    c = catalogue()
    s = Scenario(title="TRT case", description="Hypogonadal man on weekly testosterone.",
                 patient=Patient(sex="male", age_years=55.0, conditions=("hypogonadism",)), span_years=span_years)
    return s.add_therapy(new_therapy(c["testosterone_cypionate"], span_years)).add_therapy(
        new_therapy(c["anastrozole"], span_years))


@pytest.fixture
def panel(qtbot):
    doc = ScenarioDocument(trt_case())
    w = ProtocolPanel(doc)
    qtbot.addWidget(w)
    w.resize(380, 900)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w


def type_into(qtbot, spin, text: str) -> None:
    """Replace a spin box's text by typing, then press Enter (as a user does)."""
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


def list_texts(lst: QListWidget) -> list[str]:
    return [lst.item(i).text() for i in range(lst.count())]


# ---- presets ---------------------------------------------------------------------------------------

def preset_ids():
    return [p.id for p in presets()] or ["<none installed>"]


@pytest.mark.parametrize("preset_id", preset_ids())
def test_load_preset_lists_its_therapies_and_shows_its_purpose(panel, preset_id):
    if not presets():
        pytest.skip("no presets installed yet")
    preset = next(p for p in presets() if p.id == preset_id)
    doc = panel.document
    act = next(a for a in panel.preset_bar.menu.actions() if a.data() == preset_id)
    act.trigger()
    assert doc.scenario == preset.scenario
    assert list_texts(panel.therapy_list) == [therapy_summary(t) for t in preset.scenario.therapies]
    assert panel.preset_bar.purpose_label.text() == preset.purpose
    assert panel.preset_bar.title_label.text() == preset.title
    assert doc.undo_stack.undoText().startswith("Load preset")
    doc.undo_stack.undo()  # loading a preset is one ordinary undo step
    assert doc.scenario == trt_case()
    assert len(list_texts(panel.therapy_list)) == 2


def test_loading_a_preset_with_therapy_changes_the_result(panel):
    with_therapy = [p for p in presets() if p.scenario.enabled_therapies]
    if not with_therapy:
        pytest.skip("no preset with an enabled therapy installed yet")
    preset = min(with_therapy, key=lambda p: p.scenario.span_years)  # the quickest to simulate
    doc = panel.document
    doc.replace(Scenario(span_years=preset.scenario.span_years, patient=preset.scenario.patient))
    before = simulate(doc.scenario)
    panel.preset_bar.load(preset)
    assert panel.therapy_list.count() == len(preset.scenario.therapies)
    assert physiology_differs(before, simulate(doc.scenario))


def test_preset_menu_lists_every_preset():
    doc = ScenarioDocument()
    w = ProtocolPanel(doc)
    ids = [a.data() for a in w.preset_bar.menu.actions() if a.data()]
    assert ids == [p.id for p in presets()]
    # grouped by topic: a disabled heading before each topic's presets
    heads = [a.text() for a in w.preset_bar.menu.actions() if not a.data() and not a.isEnabled()]
    assert heads == list(dict.fromkeys(p.topic for p in presets()))
    assert "Menopause and estrogen" in heads and "Other" not in heads
    for a in w.preset_bar.menu.actions():
        if a.data():
            assert a.toolTip()  # the teaching purpose, before loading
    w.deleteLater()


# ---- therapy edits --------------------------------------------------------------------------------

def test_typed_dose_commits_and_changes_the_simulation(panel, qtbot):
    doc = panel.document
    before = simulate(doc.scenario)
    panel.therapies.select(0)
    type_into(qtbot, panel.therapies.dose, "200")
    assert doc.scenario.therapies[0].dose == 200.0
    assert panel.therapy_list.item(0).text().startswith("Testosterone cypionate 200 mg IM every 7 d")
    assert doc.undo_stack.undoText() == "Change dose of Testosterone cypionate"
    assert physiology_differs(before, simulate(doc.scenario))


def test_a_dose_above_the_usual_range_is_allowed_and_flagged(panel, qtbot):
    from bonegui.app.timeline.therapy_block import therapy_label

    doc = panel.document
    panel.therapies.select(0)
    type_into(qtbot, panel.therapies.dose, "400")
    t = doc.scenario.therapies[0]
    assert t.dose == 400.0  # allowed: within the highest documented use (600 mg/week)
    flag = panel.therapies.dose_flag
    assert flag.isVisible() and flag.text() == (
        "⚠ Supraphysiologic: above the usual range (usual 50-200 mg a week). A model, not dosing advice.")
    assert panel.therapy_list.item(0).text().endswith("years 0-2 · supraphysiologic")
    assert therapy_label(t).endswith("every 7 d · supraphysiologic")
    type_into(qtbot, panel.therapies.dose, "150")
    assert not flag.isVisible() and "supraphysiologic" not in panel.therapy_list.item(0).text()


def test_out_of_range_dose_is_refused_with_its_message(panel, qtbot):
    doc = panel.document
    steps = doc.undo_stack.count()
    panel.therapies.select(0)
    type_into(qtbot, panel.therapies.dose, "5000")
    assert doc.scenario.therapies[0].dose == 100.0
    assert doc.undo_stack.count() == steps
    msg = panel.therapies.dose_field.error_text
    assert "Dose" in msg and "5000" in msg and "10-600 mg" in msg and "Testosterone cypionate" in msg
    assert panel.therapies.dose_field.error.isVisible()
    type_into(qtbot, panel.therapies.dose, "150")  # a good value clears the message
    assert doc.scenario.therapies[0].dose == 150.0
    assert panel.therapies.dose_field.error_text == ""


def test_arrow_steps_stay_in_range_and_merge_into_one_undo_step(panel, qtbot):
    doc = panel.document
    panel.therapies.select(1)  # anastrozole 0.5 mg, range 0.1-10 mg, step 0.05 mg
    steps = doc.undo_stack.count()
    spin = panel.therapies.dose
    spin.setFocus()
    for _ in range(3):
        qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert doc.scenario.therapies[1].dose == pytest.approx(0.65)
    assert doc.undo_stack.count() == steps + 1
    for _ in range(40):
        qtbot.keyClick(spin, Qt.Key.Key_Down)
    assert doc.scenario.therapies[1].dose == pytest.approx(0.1)  # the floor of the range, not below
    doc.undo_stack.undo()
    assert doc.scenario.therapies[1].dose == 0.5


def test_typed_values_are_separate_undo_steps(panel, qtbot):
    doc = panel.document
    panel.therapies.select(0)
    type_into(qtbot, panel.therapies.dose, "200")
    type_into(qtbot, panel.therapies.dose, "300")
    doc.undo_stack.undo()
    assert doc.scenario.therapies[0].dose == 200.0


def test_stop_before_start_is_refused_and_says_why(panel, qtbot):
    doc = panel.document
    panel.therapies.select(0)
    type_into(qtbot, panel.therapies.start, "1.5")
    assert doc.scenario.therapies[0].start_years == 1.5
    type_into(qtbot, panel.therapies.stop, "1")
    assert doc.scenario.therapies[0].stop_years == 2.0
    msg = panel.therapies.stop_field.error_text
    assert "Stop year" in msg and "stop after it starts" in msg
    type_into(qtbot, panel.therapies.stop, "7")  # beyond the 2-year span
    assert "0-2" in panel.therapies.stop_field.error_text
    assert doc.scenario.therapies[0].stop_years == 2.0


def test_disable_with_space_equals_the_run_without_that_therapy(panel, qtbot):
    doc = panel.document
    full = doc.scenario
    lst = panel.therapy_list
    lst.setFocus()
    lst.setCurrentRow(1)
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    assert doc.scenario.therapies[1].enabled is False
    assert len(doc.scenario.therapies) == 2  # kept, not deleted
    item = lst.item(1)
    assert item.checkState() == Qt.CheckState.Unchecked
    assert item.text().endswith("(off)") and item.font().italic()
    assert item.foreground().color().name() == "#8a8a8a"
    assert simulate(doc.scenario).equals(simulate(full.remove_therapy(1)))
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    assert doc.scenario == full


def test_editor_checkbox_click_switches_a_therapy_off(panel, qtbot):
    panel.therapies.select(0)
    cb = panel.therapies.enabled
    qtbot.mouseClick(cb, Qt.MouseButton.LeftButton, pos=QPoint(8, cb.height() // 2))
    assert panel.document.scenario.therapies[0].enabled is False
    assert panel.therapy_list.item(0).checkState() == Qt.CheckState.Unchecked


def test_delete_and_ctrl_d_on_the_list(panel, qtbot):
    doc = panel.document
    lst = panel.therapy_list
    lst.setFocus()
    lst.setCurrentRow(0)
    qtbot.keyClick(lst, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [t.agent for t in doc.scenario.therapies] == ["testosterone_cypionate", "testosterone_cypionate",
                                                        "anastrozole"]
    assert lst.currentRow() == 1  # the copy is selected
    assert doc.undo_stack.undoText() == "Duplicate Testosterone cypionate"
    qtbot.keyClick(lst, Qt.Key.Key_Delete)
    qtbot.keyClick(lst, Qt.Key.Key_Delete)
    assert [t.agent for t in doc.scenario.therapies] == ["testosterone_cypionate"]
    assert list_texts(lst) == [therapy_summary(doc.scenario.therapies[0])]


def test_shortcuts_are_listed_for_the_help_dialog(panel):
    from bonegui.app.dialogs.shortcuts import collect_shortcuts

    rows = collect_shortcuts(panel)
    assert ("Ctrl+D", "Duplicate therapy") in [(k, a) for k, a, _w in rows]
    assert any(a == "Remove therapy" and "Del" in k for k, a, _w in rows)


def test_ctrl_d_from_the_therapy_editor_duplicates(panel, qtbot):
    panel.therapies.select(1)
    panel.therapies.dose.setFocus()
    qtbot.keyClick(panel.therapies.dose, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [t.agent for t in panel.document.scenario.therapies].count("anastrozole") == 2


def test_delete_in_a_spin_box_edits_text_not_the_therapy(panel, qtbot):
    panel.therapies.select(0)
    spin = panel.therapies.dose
    spin.setFocus()
    spin.lineEdit().setCursorPosition(0)
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Delete)
    assert len(panel.document.scenario.therapies) == 2


def test_add_menu_is_grouped_as_in_the_seed_and_adds_at_usual_dose(panel):
    menu = panel.therapies.add_menu
    headers = [a.defaultWidget().text() for a in menu.actions() if hasattr(a, "defaultWidget")]
    used = [label for g, label in GROUPS.items() if any(a.group == g for a in catalogue().values())]
    assert headers == used + ["Lifestyle / loading"]
    agent_ids = [a.data() for a in menu.actions() if a.data() in catalogue()]
    assert sorted(agent_ids) == sorted(catalogue())
    doc = panel.document
    next(a for a in menu.actions() if a.data() == "estradiol_transdermal").trigger()
    t = doc.scenario.therapies[-1]
    a = catalogue()["estradiol_transdermal"]
    assert (t.agent, t.dose, t.dose_unit, t.interval_days, t.start_years, t.stop_years) == (
        a.id, a.usual_dose, a.dose_unit, a.usual_interval_days, 0.0, doc.scenario.span_years)
    assert panel.therapy_list.currentRow() == 2
    assert panel.evidence_panel.current == "estradiol_transdermal"
    assert panel.therapies.dose.suffix() == " mcg/day"
    assert panel.therapies.dose_field.hint.text() == "12.5-200"


def test_lifestyle_entry_adds_an_activity_change(panel):
    doc = panel.document
    act = next(a for a in panel.therapies.add_menu.actions() if a.data() == "activity:high_intensity")
    act.trigger()
    assert doc.scenario.activity == (ActivitySegment(0.0, "sedentary"), ActivitySegment(1.0, "high_intensity"))
    assert list_texts(panel.activity.list) == ["Sedentary from the start", "High-intensity training from year 1"]
    assert panel.evidence_panel.current == "mechanical_loading"


def test_activity_change_year_is_validated(panel, qtbot):
    doc = panel.document
    panel.activity.add_change("bed_rest")
    panel.activity.list.setCurrentRow(1)
    type_into(qtbot, panel.activity.start, "0.5")
    assert doc.scenario.activity[1] == ActivitySegment(0.5, "bed_rest")
    type_into(qtbot, panel.activity.start, "9")
    assert "From year" in panel.activity.start_field.error_text and "0-2" in panel.activity.start_field.error_text
    assert doc.scenario.activity[1].start_years == 0.5
    panel.activity.list.setFocus()
    qtbot.keyClick(panel.activity.list, Qt.Key.Key_Delete)
    assert len(doc.scenario.activity) == 1
    qtbot.keyClick(panel.activity.list, Qt.Key.Key_Delete)  # the first level cannot go
    assert len(doc.scenario.activity) == 1
    assert "cannot be removed" in panel.activity.message.text()


# ---- patient --------------------------------------------------------------------------------------

def test_patient_age_range_and_menopause_only_for_women(panel, qtbot):
    doc = panel.document
    form = panel.patient_form
    assert not form.menopause.isEnabled()  # a man
    type_into(qtbot, form.age, "120")
    assert doc.scenario.patient.age_years == 55.0
    assert "Age at start" in form.age_field.error_text and "18-95" in form.age_field.error_text
    assert form.age_field.hint.text() == "18-95"
    type_into(qtbot, form.age, "48")
    assert doc.scenario.patient.age_years == 48.0

    form.sex.setFocus()
    qtbot.keyClick(form.sex, Qt.Key.Key_Up)  # Male -> Female
    assert doc.scenario.patient.sex == "female"
    assert form.menopause.isEnabled()
    # each choice is explained, and "None" says it keeps her status at the start
    tip = form.menopause.toolTip()
    assert all(w in tip for w in ("None:", "Natural:", "Surgical:", "status at the start"))
    assert not form.final_period_field.isVisibleTo(form)
    form.menopause.setCurrentIndex(form.menopause.findData("natural"))
    form.menopause.activated.emit(form.menopause.currentIndex())
    assert doc.scenario.patient.menopause == "natural"
    assert form.final_period_field.isVisibleTo(form)
    type_into(qtbot, form.final_period, "30")
    assert "35-62" in form.final_period_field.error_text
    type_into(qtbot, form.final_period, "50")
    assert doc.scenario.patient.final_period_age_years == 50.0
    qtbot.keyClick(form.sex, Qt.Key.Key_Down)  # back to Male: menopause reset so the case stays valid
    assert (doc.scenario.patient.sex, doc.scenario.patient.menopause) == ("male", "none")


def test_conditions_activity_and_tscore(panel, qtbot):
    doc = panel.document
    form = panel.patient_form
    cb = form.conditions["gh_deficiency"]
    qtbot.mouseClick(cb, Qt.MouseButton.LeftButton, pos=QPoint(8, cb.height() // 2))
    assert doc.scenario.patient.conditions == ("hypogonadism", "gh_deficiency")
    form.tscore_measured.setChecked(True)
    assert doc.scenario.patient.baseline_tscore == -1.0
    type_into(qtbot, form.tscore, "-2.6")
    assert doc.scenario.patient.baseline_tscore == -2.6
    type_into(qtbot, form.tscore, "-7")
    assert "-5-3" in form.tscore_field.error_text
    form.tscore_measured.setChecked(False)
    assert doc.scenario.patient.baseline_tscore is None
    form.habitual.setCurrentIndex(form.habitual.findData("active"))
    form.habitual.activated.emit(form.habitual.currentIndex())
    assert doc.scenario.patient.habitual_activity == "active"


def test_shorter_span_that_would_strand_a_therapy_is_refused(panel, qtbot):
    type_into(qtbot, panel.patient_form.span, "1")
    assert panel.document.scenario.span_years == 2.0
    msg = panel.patient_form.span_field.error_text
    assert msg.startswith("Years simulated: not applied") and "stop_years" in msg


# ---- one state, two views -------------------------------------------------------------------------

def test_edits_from_outside_show_in_the_panel(panel):
    doc = panel.document
    panel.therapies.select(0)
    doc.commit(doc.scenario.with_therapy(0, dose=250.0, stop_years=1.5), "Drag in the timeline")
    assert panel.therapy_list.item(0).text() == "Testosterone cypionate 250 mg IM every 7 d, years 0-1.5 · supraphysiologic"
    assert panel.therapies.dose.value() == 250.0
    assert panel.therapies.stop.value() == 1.5
    doc.commit(doc.scenario.with_patient(age_years=61.0), "Edit elsewhere")
    assert panel.patient_form.age.value() == 61.0
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert panel.therapies.dose.value() == 100.0
    assert panel.patient_form.age.value() == 55.0
    doc.replace(Scenario())
    assert panel.therapy_list.count() == 0
    assert panel.therapies.empty_hint.isVisibleTo(panel)
    assert not panel.therapies.editor.isVisibleTo(panel)


def test_timeline_drag_previews_show_without_an_undo_step(panel):
    doc = panel.document
    committed = doc.scenario
    panel.therapies.select(0)
    steps = doc.undo_stack.count()
    moved = committed.with_therapy(0, start_years=0.5)
    moved = dc_replace(moved, activity=(ActivitySegment(0.0, "bed_rest"),))
    doc.preview(moved)
    assert panel.therapy_list.item(0).text().endswith("years 0.5-2")
    assert panel.therapies.start.value() == 0.5
    assert panel.activity.list.item(0).text() == "Bed rest from the start"
    assert doc.scenario == committed and doc.undo_stack.count() == steps
    doc.preview(doc.scenario)  # the timeline's cancel
    assert panel.therapy_list.item(0).text().endswith("years 0-2")
    assert panel.therapies.start.value() == 0.0
    assert panel.activity.list.item(0).text() == "Sedentary from the start"


def test_the_editor_takes_each_agents_ranges_and_routes_and_the_spans_limits(panel, qtbot):
    """The editor sets up ranges, hints and routes only when the agent or the span changes (a
    drag's previews change values only); switching therapy or span must still set them up."""

    doc = panel.document
    doc.commit(doc.scenario.add_therapy(Therapy("anastrozole", 0.5, "mg", "oral", 3.5, 0.0, 1.0)), "add")
    ed = panel.therapies
    for i in (0, len(doc.scenario.therapies) - 1, 0):
        ed.select(i)
        a = catalogue()[doc.scenario.therapies[i].agent]
        assert (ed.dose.lo, ed.dose.hi, ed.dose.unit) == (a.dose_min, a.dose_max, a.dose_unit)
        assert [ed.route.itemData(k) for k in range(ed.route.count())] == list(a.routes)
        assert ed.route.currentData() == doc.scenario.therapies[i].route
        assert ed.editor_title.text() == a.name
    doc.commit(doc.scenario.with_span(doc.scenario.span_years + 3.0), "longer")
    assert ed.stop.hi == doc.scenario.span_years
    doc.preview(doc.scenario.with_therapy(0, dose=150.0))
    assert ed.dose.value() == 150.0


def test_refreshing_from_the_document_commits_nothing(panel):
    doc = panel.document
    steps = doc.undo_stack.count()
    doc.replace(trt_case(5.0))
    doc.commit(doc.scenario.with_patient(sex="female", menopause="surgical", surgery_years=2.0), "x")
    assert doc.undo_stack.count() == 1  # only the external commit; no echo from the widgets
    assert steps == 0


# ---- keyboard and projector -----------------------------------------------------------------------

def test_patient_section_folds_to_a_summary_and_unfolds_with_a_click(panel, qtbot):
    sec = panel.sections["patient"]
    assert not sec.expanded  # folded at start: the therapies are on screen
    assert sec.summary.text() == "Male, 55 y, hypogonadism, sedentary; 2 y simulated"
    assert sec.summary.isVisibleTo(panel) and not panel.patient_form.isVisibleTo(panel)
    qtbot.mouseClick(sec.header, Qt.MouseButton.LeftButton)
    assert sec.expanded and panel.patient_form.isVisibleTo(panel) and not sec.summary.isVisibleTo(panel)
    panel.document.commit(panel.document.scenario.with_patient(age_years=60.0), "outside")
    assert sec.summary.text().startswith("Male, 60 y")
    sec.header.setFocus()
    qtbot.keyClick(sec.header, Qt.Key.Key_Space)
    assert not sec.expanded


def test_every_control_is_reachable_with_tab(panel, qtbot):
    panel.sections["patient"].set_expanded(True)
    controls = [w for kind in (QAbstractSpinBox, QComboBox, QAbstractButton, QListWidget)
                for w in panel.findChildren(kind) if w.isVisibleTo(panel) and w.isEnabled()]
    assert controls
    assert all(w.focusPolicy() & Qt.FocusPolicy.TabFocus for w in controls)
    form = panel.patient_form
    form.sex.setFocus()
    seen = []
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    order = [form.age, form.span, form.conditions["hypogonadism"], form.habitual, panel.therapies.add_button,
             panel.therapy_list]
    positions = [next(i for i, w in enumerate(seen) if w is c or (w is not None and w.parent() is c))
                 for c in order]
    assert positions == sorted(positions)


def test_fonts_readable_and_nothing_clipped_at_minimum_width(panel, qtbot):
    panel.resize(MIN_WIDTH_PX, 900)
    qtbot.wait(10)
    small = [w for w in panel.findChildren(QLabel) if w.isVisibleTo(panel) and w.text()
             and w.font().pointSizeF() < 11]
    assert small == []
    assert all(panel.therapy_list.item(i).font().pointSizeF() >= 11 for i in range(panel.therapy_list.count()))
    body = panel.scroll.widget()
    assert body.minimumSizeHint().width() <= panel.scroll.viewport().width()
    ev = panel.evidence_panel
    for agent_id in catalogue():  # the evidence text wraps instead of running off the right edge
        ev.show_agent(agent_id)
        assert ev.scroll.widget().minimumSizeHint().width() <= ev.scroll.viewport().width(), agent_id
    assert panel.therapies.add_menu.font().pointSizeF() >= 11


def test_selecting_therapies_and_activity_drives_the_evidence_panel(panel, qtbot):
    panel.therapies.select(1)
    assert panel.evidence_panel.current == "anastrozole"
    assert panel.evidence_panel.warning_box.isVisibleTo(panel.evidence_panel)
    panel.activity.list.setFocus()
    assert panel.evidence_panel.current == "mechanical_loading"
    panel.therapy_list.setFocus()
    assert panel.evidence_panel.current == "anastrozole"
    panel.therapies.select(0)
    assert panel.evidence_panel.current == "testosterone_cypionate"
    panel.therapies.remove_selected()  # the row stays, the agent under it changes
    assert panel.therapies.selected_index == 0
    assert panel.evidence_panel.current == "anastrozole"
    panel.document.undo_stack.undo()
    assert panel.evidence_panel.current == panel.document.scenario.therapies[0].agent
    panel.document.replace(Scenario())
    assert panel.evidence_panel.current == ""


def test_picking_a_therapy_scrolls_its_fields_into_view(qtbot):
    """In the window the panel sits in a scroll area; on a 1000-px screen the editor starts below
    the fold. A click on a therapy brings its fields (down to the stop year) into view."""
    from PySide6.QtWidgets import QScrollArea

    from bonegui.scenario import load_preset

    panel = ProtocolPanel(ScenarioDocument(load_preset("combined_protocol_seed")))
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(panel)
    qtbot.addWidget(area)
    area.resize(380, 420)
    area.show()
    qtbot.waitExposed(area)
    sec = panel.therapies
    lst = sec.list
    # the viewport ends just under the list: the editor under it is below the fold
    area.resize(380, lst.mapTo(panel, QPoint(0, lst.height())).y() + 2 * area.frameWidth() + 24)
    qtbot.wait(20)
    area.verticalScrollBar().setValue(0)

    def in_view(w) -> bool:
        top_left = w.mapTo(area.viewport(), QPoint(0, 0))
        return area.viewport().rect().contains(top_left) and area.viewport().rect().contains(
            top_left + QPoint(w.width() - 1, w.height() - 1))

    assert in_view(lst.viewport()) and not in_view(sec.stop_field)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(lst.item(2)).center())
    assert lst.currentRow() == 2
    qtbot.waitUntil(lambda: in_view(sec.stop_field), timeout=2000)
