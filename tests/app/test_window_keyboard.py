"""Keyboard, words and lessons in the full window: Space plays only where no control needs it,
a German decimal comma or point, timeline items by keyboard, overrides from a menu, accessible
names, hints cleared on undo and load, no "seed" anywhere, a lesson after a playback."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from bonegui.app.document import ScenarioDocument
from bonegui.app.main_window import MainWindow
from bonegui.scenario import load_preset


def settled(win) -> bool:
    return not win.simulation.busy and win.plots.drawn_generation == win.simulation.generation


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("BONEGUI_DATA_DIR", str(tmp_path / "data"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(ScenarioDocument(load_preset("female_hrt_seed_protocol")), settings=settings, restore_layout=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: settled(w) and w.last_result is not None, timeout=60_000)
    yield w
    w.workshop.files.prompts_enabled = False
    w.close()


def press_space(qtbot, widget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)  # e.g. {widget!r} cannot take focus
    QTest.keyClick(widget, Qt.Key.Key_Space)


def test_space_plays_only_when_no_control_needs_it(qtbot, window):
    pb, panel = window.playback, window.protocol_panel
    therapies = panel.therapies
    checkbox = next(c for c in panel.findChildren(QAbstractButton) if c.isVisible() and c.isCheckable()
                    and type(c).__name__ == "QCheckBox")
    spin = next(s for s in therapies.findChildren(QWidget) if type(s).__name__ == "RangeSpinBox" and s.isVisible())
    button = window.playback_bar.widgetForAction(window.playback_bar.step_action)
    controls = {"list": therapies.list, "checkbox": checkbox, "spin box": spin,
                "button": button, "readout": window.readout, "combo box": window.timeline.snap_combo}
    for name, widget in controls.items():
        was = checkbox.isChecked() if widget is checkbox else None
        press_space(qtbot, widget)
        assert not pb.playing, f"Space in the {name} started playback"
        if widget is checkbox:  # the check box got its Space: it toggled
            assert checkbox.isChecked() != was
            QTest.keyClick(checkbox, Qt.Key.Key_Space)
        if widget is window.timeline.snap_combo:  # the combo box got its Space: its list opened
            qtbot.waitUntil(lambda: widget.view().isVisible(), timeout=2000)
            widget.hidePopup()
    window.activateWindow()
    for name, widget in {"plots": window.plots.canvas, "timeline": window.timeline.view}.items():
        press_space(qtbot, widget)
        assert pb.playing, f"Space on the {name} did not play"
        QTest.keyClick(widget, Qt.Key.Key_Space)
        assert not pb.playing


def test_a_german_decimal_point_is_not_a_thousands_separator(qtbot, window):
    """"5.5" typed into a dose in a German locale is 5.5, as is "5,5" (it used to become 55)."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        doc = window.document
        therapies = window.protocol_panel.therapies
        therapies.list.setCurrentRow(0)  # the estradiol patch: 12.5-200 mcg/day
        box = therapies.fields["dose"].editor
        box.setLocale(QLocale())
        for typed in ("37.5", "42,5"):
            box.setFocus()
            box.lineEdit().selectAll()
            QTest.keyClicks(box.lineEdit(), typed)
            QTest.keyClick(box.lineEdit(), Qt.Key.Key_Return)
            assert doc.scenario.therapies[0].dose == pytest.approx(float(typed.replace(",", "."))), typed
        assert box.text().startswith("42,5")
    finally:
        QLocale.setDefault(before)


def test_timeline_items_by_keyboard_and_overrides_from_a_menu(qtbot, window):
    tl, doc = window.timeline, window.document
    tl.view.setFocus()
    QTest.keyClick(tl.view, Qt.Key.Key_Tab)
    assert tl.selection == ("therapy", 0)
    start = doc.scenario.therapies[0].start_years
    QTest.keyClick(tl.view, Qt.Key.Key_Left)
    assert doc.scenario.therapies[0].start_years == pytest.approx(start - 1 / 12)
    QTest.keyClick(tl.view, Qt.Key.Key_Tab)
    assert tl.selection == ("therapy", 1)
    # a hormone drawn from the menu: a lane, a keyframe at the cursor holding to the end
    window.set_cursor(2.0)
    tl.override_actions["testosterone"].trigger()
    ov = doc.scenario.override_for("testosterone")
    assert ov is not None and ov.keyframes[0].t_years == pytest.approx(2.0)
    assert ov.keyframes[-1].t_years == doc.scenario.span_years and ov.keyframes[-1].level == ov.keyframes[0].level
    assert ("hormone", "testosterone") in [ln.key for ln in tl.lanes]
    # Tab reaches the keyframe (not its hold), Up raises its level and the hold follows
    while tl.selection is not None and tl.selection[0] != "keyframe":
        QTest.keyClick(tl.view, Qt.Key.Key_Tab)
    assert tl.selection == ("keyframe", "testosterone", 0)
    level = ov.keyframes[0].level
    QTest.keyClick(tl.view, Qt.Key.Key_Up)
    kfs = doc.scenario.override_for("testosterone").keyframes
    assert kfs[0].level > level and kfs[-1].level == kfs[0].level
    QTest.keyClick(tl.view, Qt.Key.Key_Tab)  # past the last item: the focus moves on
    assert tl.selection is None


def test_accessible_names_and_a_focusable_readout(window):
    assert window.plots.canvas.accessibleName() == "Plots"
    assert window.timeline.view.accessibleName() == "Timeline"
    assert window.readout.accessibleName() == "Readout at the cursor"
    assert window.readout.focusPolicy() & Qt.FocusPolicy.TabFocus
    window.readout.setFocus()
    assert window.readout.hasFocus()


def test_hints_are_cleared_on_undo_and_load(qtbot, window):
    from bonegui.app.timeline.header import DEFAULT_HINT

    tl = window.timeline
    tl.view.setFocus()
    QTest.keyClick(tl.view, Qt.Key.Key_Tab)
    QTest.keyClick(tl.view, Qt.Key.Key_Left)
    assert window.document.undo_stack.count() == 1
    assert tl.status.text() != DEFAULT_HINT  # "start 5 mo (age …)"
    window.undo_action.trigger()
    assert tl.status.text() == DEFAULT_HINT
    QTest.keyClick(tl.view, Qt.Key.Key_Tab)
    assert tl.status.text().startswith("Selected")
    window.workshop.files.replace(load_preset("man_ageing_untreated"), None, ())
    assert tl.status.text() == DEFAULT_HINT and tl.selection is None


def test_no_seed_anywhere_in_the_interface(qtbot, window):
    """Every label, button, menu, tooltip, preset, evidence text and glossary entry a user can
    read, for every agent: the word "seed" (the source text's name inside the team) is not one."""
    from bonegui.app.dialogs.glossary import entries
    from bonegui.catalogue import catalogue
    from bonegui.lesson_format import lessons
    from bonegui.scenario import presets

    texts = []
    for w in window.findChildren(QWidget):
        texts += [w.toolTip(), w.accessibleName(), w.accessibleDescription(), w.windowTitle()]
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
    for menu in window.menus.values():
        stack = [menu]
        while stack:
            m = stack.pop()
            for a in m.actions():
                texts += [a.text(), a.toolTip(), a.statusTip()]
                if a.menu() is not None:
                    stack.append(a.menu())
    evidence = window.protocol_panel.evidence_panel
    for agent in catalogue().values():
        evidence.show_agent(agent.id)
        texts += [lab.text() for lab in evidence.findChildren(QLabel)]
    texts += [e.definition + e.note + e.source_text for e in entries()]
    texts += [p.title + p.purpose for p in presets()]
    for les in lessons():
        texts += [les.title, les.intro, les.explanation] + [c.text + c.feedback for c in les.choices]
    found = [t for t in texts if t and "seed" in t.lower()]
    assert found == []
    evidence.show_agent("anastrozole")
    assert evidence.warning_title.text() == "⚠ The evidence runs against the usual claim"


def test_a_lesson_after_a_playback_shows_whole_curves_beside_the_plots(qtbot, window):
    from bonegui.lesson_format import lessons

    pb = window.playback
    pb.set_t(2.0)
    pb.step()  # a playback under way reveals the curves only up to its time
    assert pb.active
    lesson = lessons()[0]
    window.workshop.lessons.open_lesson(lesson)
    panel = window.workshop.lessons.dialog
    assert window.lesson_dock.isVisible() and window.lesson_dock.widget() is panel
    assert not window.lesson_dock.isFloating()  # docked beside the plots, not over them
    qtbot.mouseClick(panel.choice_buttons[lesson.correct_index], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert not pb.active and not pb.playing
    qtbot.waitUntil(lambda: settled(window) and window.simulation.last_scenario == lesson.scenario, timeout=60_000)
    window.plots.flush()
    key = window.plots.shown_rows[0]
    x = window.plots.rows[key].curves[window.plots.rows[key].spec.series[0].name].full_xy[0]
    assert x[-1] == pytest.approx(lesson.scenario.span_years, abs=0.01)  # whole curves
    assert set(r.split(":")[0] for r in window.plots.shown_rows) >= {lesson.look_at[0]}
    # the lesson panel and the plots do not overlap on screen
    dock = window.lesson_dock.geometry()
    assert not dock.intersects(window.centralWidget().geometry())
    # a pinned comparison shows in the panel in large type
    window.workshop.pins.pin_current("Before")
    window.document.commit(window.document.scenario.with_patient(habitual_activity="active"), "Active")
    qtbot.waitUntil(lambda: panel.compare.isVisible() and "vs 'Before'" in panel.compare.text(), timeout=60_000)
    assert panel.compare.font().pointSizeF() >= 18 and panel.compare.font().bold()
    assert window.workshop.pins.pin_action in window.plots_bar.actions()  # pin/compare on the toolbar
