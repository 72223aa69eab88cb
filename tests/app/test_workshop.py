"""Workshop features on a window: menus, pins (compare runs), export, lessons, glossary, F1.

Runs on the real MainWindow when it exists, else on a stand-in with the same API (the real
PlotArea and ScenarioDocument), so these tests cover the workshop code either way.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMainWindow

from bonegui.app.document import ScenarioDocument
from bonegui.model.simulate import simulate

# screenshots for a human look; BONEGUI_SHOTS=/some/dir keeps them (default: a temp dir)
SHOTS = Path(os.environ.get("BONEGUI_SHOTS") or tempfile.mkdtemp(prefix="bonegui-shots-"))


class FakeWindow(QMainWindow):
    """The window API the workshop relies on; simulates synchronously (test only)."""

    cursorMoved = Signal(float)

    def __init__(self):
        from bonegui.app import style
        from bonegui.app.workshop.install import install
        from bonegui.app.plots.area import PlotArea

        style.configure_pyqtgraph()

        super().__init__()
        self.document = ScenarioDocument()
        self.plots = PlotArea()
        self.setCentralWidget(self.plots)
        from bonegui.app.simulation.service import SimulationService

        self.simulation = SimulationService(self)  # pins and exports; the live run is run_now
        self.last_result = None
        self.messages: list[str] = []
        self.menus = {k: self.menuBar().addMenu(k.capitalize()) for k in ("file", "edit", "view", "lessons", "help")}
        self.menus["file"].addAction("Quit").setShortcut("Ctrl+Q")
        self.menus["edit"].addAction("Undo").setShortcut("Ctrl+Z")
        self.plots.cursorMoved.connect(self.cursorMoved)
        self.document.scenarioChanged.connect(self.run_now)
        self.run_now(self.document.scenario)
        self.resize(1000, 800)
        install(self)

    @property
    def cursor_t_years(self) -> float:
        return self.plots.cursor_t_years

    def run_now(self, scenario):
        self.last_result = simulate(scenario)
        self.plots.set_span(scenario.span_years)
        self.plots.set_result(self.last_result, 1)
        self.simulation.resultReady.emit(self.last_result, 1)

    def closeEvent(self, event):  # noqa: N802 - Qt API
        super().closeEvent(event)
        if event.isAccepted():
            self.simulation.shutdown()

    def status(self, msg, timeout_ms=0):
        self.messages.append(msg)
        self.statusBar().showMessage(msg, timeout_ms)

    def set_presentation(self, on):
        pass


def make_window(qtbot, tmp_path=None):
    """The real MainWindow (settings in a temp ini) once it exists, else the stand-in."""
    from bonegui.app import style

    style.configure_pyqtgraph()
    try:
        from bonegui.app.main_window import MainWindow
    except ImportError:
        win = FakeWindow()
    else:
        from PySide6.QtCore import QSettings

        ini = str((tmp_path or Path(os.environ["BONEGUI_DATA_DIR"])) / "window.ini")
        win = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat), restore_layout=False)
        win.resize(1400, 950)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.last_result is not None, timeout=30_000)
    return win


def last_message(win) -> str:
    return win.statusBar().currentMessage()


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    monkeypatch.setenv("BONEGUI_DATA_DIR", str(d))
    return d


@pytest.fixture
def win(qtbot, data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    w = make_window(qtbot)
    yield w
    w.workshop.files.prompts_enabled = False
    w.close()


def _titles(menu):
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_menus_are_installed(win):
    ws = win.workshop
    file_titles = _titles(win.menus["file"])
    for t in ("New", "Open…", "Open Recent", "Save", "Save As…", "Export"):
        assert t in file_titles, file_titles
    assert "Compare runs" in _titles(win.menus["view"])
    lessons = _titles(win.menus["lessons"])
    assert len(lessons) >= 7 and lessons[0].startswith("1. ") and "Open a lesson file…" in lessons
    help_titles = _titles(win.menus["help"])
    assert "Keyboard shortcuts" in help_titles and "Glossary" in help_titles
    assert ws.shortcuts_action.shortcut().toString() == "F1"


def test_f1_lists_shortcuts_from_all_menus(win, qtbot):
    from bonegui.app.dialogs.shortcuts import collect_shortcuts

    rows = collect_shortcuts(win)
    keys = {r[0]: r[1] for r in rows}
    assert keys["F1"] == "Keyboard shortcuts"
    assert keys["Ctrl+S"] == "Save" and keys["Ctrl+Q"] == "Quit" and keys["Ctrl+Z"] == "Undo"
    assert any(r[2] == "View → Compare runs" for r in rows)
    dlg = win.workshop.show_shortcuts()
    qtbot.waitExposed(dlg)
    assert dlg.table.rowCount() >= len(rows) >= 8
    listed = [tuple(dlg.table.item(r, c).text() for c in range(3)) for r in range(dlg.table.rowCount())]
    # each thing a key does is listed once (Del on a therapy was listed twice)
    removes_therapy = [row for row in listed if "Del" in row[0].split(", ") and "therapy" in row[1].lower()]
    assert len(removes_therapy) == 1, removes_therapy
    SHOTS.mkdir(exist_ok=True)
    dlg.grab().save(str(SHOTS / "workshop_shortcuts.png"))
    dlg.close()


def test_pins_draw_overlays_and_read_out_the_difference(win, qtbot):
    ws = win.workshop
    doc = win.document
    base = doc.scenario
    assert ws.pins.pin_current("No change")
    qtbot.waitUntil(lambda: ws.pins.pinned_results() is not None and len(ws.pins.pinned_results()) == 1, timeout=20_000)
    # a different current run: surgical menopause at year 0 loses bone vs the pinned run
    with qtbot.waitSignal(win.simulation.resultReady, timeout=30_000):
        doc.commit(base.with_patient(menopause="surgical", surgery_years=0.0), "surgery")
    win.plots.set_cursor(5.0)
    text = ws.pins.readout_text()
    assert text.startswith("spine BMD at 5 y: ") and "vs 'No change'" in text
    pinned = ws.cache.get(base)
    cur = simulate(doc.scenario)
    expect = (np.interp(5.0, cur.t_years, cur.bmd_spine_g_cm2) / np.interp(5.0, pinned.t_years, pinned.bmd_spine_g_cm2) - 1) * 100
    assert f"{expect:+.1f} %" in text
    qtbot.waitUntil(lambda: ws.pins.readout.isVisible(), timeout=5000)
    # names stay unique, at most 4, unpin and clear
    for _ in range(4):
        ws.pins.pin_current("No change")
    assert [p.name for p in doc.pinned] == ["No change", "No change (2)", "No change (3)", "No change (4)"]
    assert not ws.pins.pin_action.isEnabled()
    assert "Up to 4 runs" in last_message(win)
    ws.pins.unpin(1)
    assert [p.name for p in doc.pinned] == ["No change", "No change (3)", "No change (4)"]
    qtbot.waitUntil(lambda: len(win.plots._overlays) == 3, timeout=20_000)
    ws.pins.clear()
    assert doc.pinned == () and not ws.pins.readout.isVisible()


def _not_blank(path: Path) -> int:
    img = QImage(str(path))
    assert not img.isNull()
    small = img.scaled(120, 120)
    colours = {small.pixel(x, y) for x in range(small.width()) for y in range(small.height())}
    return len(colours)


@pytest.mark.parametrize("scale", [2, 4])
def test_png_export_of_one_plot_has_the_requested_size_and_its_caption(win, tmp_path, scale):
    from bonegui import DISCLAIMER
    from bonegui.app.workshop.export import figure_rects

    plots = win.plots
    plots.choice.show("bmd")
    plots.flush()
    rects = figure_rects(plots, "bmd")
    row = plots.rows["bmd"]
    assert rects[0].contains(row.plot.sceneBoundingRect()) and rects[0].contains(row.header.sceneBoundingRect())
    fig = win.workshop.export.figure("bmd")
    assert fig.height > sum(r.height() for r in rects)  # the caption above and the disclaimer below
    heads = [t for t, _f, _h in fig.head]
    assert heads[0].startswith("Bone density") and win.document.scenario.title in heads[0]
    assert any("y simulated" in t for t in heads) and any(t.startswith("Simulated with Bone Remodeling Lab on 20")
                                                          for t in heads)
    assert " ".join(t for t, _f, _h in fig.foot) == " ".join(DISCLAIMER.split())
    out = win.workshop.export.export_figure("bmd", "png", scale, str(tmp_path / "bmd.png"))
    img = QImage(out)
    assert (img.width(), img.height()) == (round(fig.width * scale), round(fig.height * scale))
    assert _not_blank(Path(out)) > 20
    # the time axis strip is in the picture: dark pixels (tick labels) in the strip's rows
    if len(rects) > 1:
        top = round((fig.head_h + rects[0].height()) * scale)
        strip = img.copy(0, top, img.width(), round(rects[1].height() * scale))
    else:
        strip = img.copy(0, round((fig.head_h + rects[0].height() - 30) * scale), img.width(), round(30 * scale))
    dark = sum(1 for x in range(0, strip.width(), 2) for y in range(0, strip.height(), 2)
               if strip.pixelColor(x, y).lightness() < 100)
    assert dark > 50, "an exported plot must show its time axis"


def test_png_export_of_the_whole_plot_area_and_svg(win, qtbot, tmp_path):
    ex = win.workshop.export
    win.resize(1280, 960)
    qtbot.waitUntil(lambda: win.plots.height() > 400, timeout=5000)
    out = ex.export_figure("all", "png", 2, str(tmp_path / "all"))
    assert out.endswith(".png")
    img = QImage(out)
    fig = ex.figure("all")
    assert (img.width(), img.height()) == (round(fig.width * 2), round(fig.height * 2))
    assert _not_blank(Path(out)) > 20
    SHOTS.mkdir(exist_ok=True)
    img.save(str(SHOTS / "workshop_export_all_2x.png"))
    bmd = ex.export_figure("bmd", "png", 4, str(tmp_path / "bmd4.png"))
    QImage(bmd).save(str(SHOTS / "workshop_export_bmd_4x.png"))
    from xml.dom import minidom

    for target in ("hormones", "all"):
        svg = ex.export_figure(target, "svg", None, str(tmp_path / f"{target}.svg"))
        assert svg is not None, last_message(win)
        dom = minidom.parse(svg)
        shapes = dom.getElementsByTagName("path") + dom.getElementsByTagName("polyline")
        assert len(shapes) > (10 if target == "all" else 5)  # curves, bands, axes stay vectors
        assert not any("nan" in p.getAttribute("d") for p in shapes)
        texts = " ".join(t.firstChild.data for t in dom.getElementsByTagName("text") if t.firstChild
                         and t.firstChild.nodeType == t.TEXT_NODE)
        assert "Estradiol" in texts and "educational model" in texts, (texts, win.plots.shown_rows)
        title = dom.getElementsByTagName("title")[0].firstChild.data
        assert title.startswith("Hormones —" if target == "hormones" else "Hormones, bone cells")


def test_file_dialogs_open_in_the_folder_used_last(win, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from bonegui.app.settings import last_folder

    seen = []
    folder = tmp_path / "class 3b"
    folder.mkdir()

    def save_name(_parent, _title, start, _filter):
        seen.append(start)
        return str(folder / "figure.png"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    assert win.workshop.export.export_figure("bmd", "png", 2) == str(folder / "figure.png")
    assert last_folder(win.settings) == str(folder)
    win.workshop.export.export_figure("cells", "png", 2)
    assert seen[-1].startswith(str(folder))  # the second dialog starts where the first ended
    opened = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda _p, _t, start, _f: (opened.append(start), ("", ""))[1]))
    win.workshop.files.ask_open_path()
    win.workshop.lessons.ask_lesson_path()
    assert opened == [str(folder), str(folder)]


def test_csv_export_has_the_current_and_pinned_runs(win, qtbot, tmp_path):
    ws = win.workshop
    ws.pins.pin_current("Baseline, untreated")  # a comma in the name must stay one CSV field
    done = []
    ws.export.export_csv(str(tmp_path / "runs"), on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert done[0].endswith("runs.csv")
    import csv

    rows = list(csv.reader(open(done[0], encoding="utf-8")))
    assert rows[0][:2] == ["run", "t_years"]
    runs = {r[0] for r in rows[1:]}
    assert runs == {"current", "Baseline, untreated"}
    n = len(simulate(win.document.scenario))
    assert len(rows) == 1 + 2 * n


def test_glossary_tooltips_and_dialog(win, qtbot):
    assert win.workshop.tooltips_set >= 4
    tips = [h.toolTip() for h in win.plots.headers.values()]
    assert any("RANKL" in t for t in tips) and any("Bone mineral density" in t for t in tips)
    readout = getattr(win, "readout", None)
    if readout is not None:  # the real window's readout rows get definitions, keeping the series id
        from PySide6.QtWidgets import QTreeWidgetItemIterator

        it, tips = QTreeWidgetItemIterator(readout), {}
        while it.value() is not None:
            tips[it.value().text(0).strip()] = it.value().toolTip(0)
            it += 1
        assert "decoy" in tips["OPG"] and "series: opg_pm" in tips["OPG"]
    dlg = win.workshop.show_glossary()
    qtbot.waitExposed(dlg)
    qtbot.keyClicks(dlg.search, "osteoprot")
    assert dlg.list.currentItem().text() == "OPG"
    assert "decoy" in dlg.view.toPlainText()
    dlg.search.clear()
    qtbot.keyClicks(dlg.search, "ctx")
    assert dlg.list.currentItem().text() == "CTX"
    SHOTS.mkdir(exist_ok=True)
    dlg.grab().save(str(SHOTS / "workshop_glossary.png"))
    dlg.close()


def test_lesson_dialog_predict_run_explain(win, qtbot):
    from bonegui.lesson_format import lessons

    lesson = lessons()[0]
    win.menus["lessons"].actions()[0].trigger()
    dlg = win.workshop.lessons.dialog
    assert dlg is not None and dlg.lesson.id == lesson.id
    qtbot.waitExposed(dlg)
    SHOTS.mkdir(exist_ok=True)
    dlg.grab().save(str(SHOTS / "workshop_lesson_question.png"))
    assert not dlg.run_button.isEnabled()
    # the scenario is not loaded before the prediction (no spoilers)
    assert win.document.scenario != lesson.scenario
    wrong = next(i for i, c in enumerate(lesson.choices) if not c.correct)
    qtbot.mouseClick(dlg.choice_buttons[wrong], Qt.MouseButton.LeftButton)
    assert dlg.run_button.isEnabled()
    qtbot.mouseClick(dlg.run_button, Qt.MouseButton.LeftButton)
    assert win.document.scenario == lesson.scenario
    assert not win.document.is_modified
    assert dlg.feedback.isVisible() and "Not quite" in dlg.feedback.text()
    assert lesson.choices[lesson.correct_index].text in dlg.feedback.text()
    from bonegui.app.workshop.lesson_dialog import evidence_label

    assert evidence_label(lesson.evidence.grade) in dlg.explanation.text()
    assert "✔" in dlg.choice_labels[lesson.correct_index].text() and "✘" in dlg.choice_labels[wrong].text()
    assert win.plots.cursor_t_years == pytest.approx(lesson.cursor_years)
    # glossary terms in the explanation are links to the glossary
    assert "href='glossary:" in dlg.explanation.text()
    dlg.explanation.linkActivated.emit("glossary:RANKL/OPG ratio")
    assert win.workshop.glossary_dialog.list.currentItem().text() == "RANKL/OPG ratio"
    win.workshop.glossary_dialog.close()
    dlg.resize(680, 1000)
    dlg.grab().save(str(SHOTS / "workshop_lesson_answer.png"))
    dlg.close()


def test_teacher_lesson_file_errors_are_shown(win, tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"lesson_format": 1, "title": "x"}', encoding="utf-8")
    assert win.workshop.lessons.open_lesson_file(str(bad)) is None
    assert "broken.json" in last_message(win) and "is missing" in last_message(win)


def test_a_pin_that_cannot_be_simulated_is_reported_and_skipped(win, qtbot, monkeypatch):
    from bonegui.model import simulate as simulate_module
    from bonegui.scenario import PinnedRun

    real = simulate_module.iter_simulate

    def fussy(scenario, **kw):
        if scenario.title == "Broken":
            raise RuntimeError("model blew up")
        return real(scenario, **kw)

    monkeypatch.setattr(simulate_module, "iter_simulate", fussy)
    good = win.document.scenario
    bad = good.__class__(title="Broken", patient=good.patient, span_years=good.span_years)
    win.document.set_pinned((PinnedRun("Bad", bad), PinnedRun("Good", good)))
    qtbot.waitUntil(lambda: "could not be simulated" in last_message(win), timeout=20_000)
    qtbot.waitUntil(lambda: win.workshop.pins.pinned_results() is not None, timeout=20_000)
    assert [n for n, _r in win.workshop.pins.pinned_results()] == ["Good"]
    assert "'Bad'" in last_message(win) and "model blew up" in last_message(win)


def test_keyboard_f1_and_ctrl_s_work_on_the_window(win, qtbot, tmp_path):
    win.activateWindow()
    qtbot.waitUntil(lambda: win.isActiveWindow(), timeout=5000)
    qtbot.keyClick(win, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: win.workshop.shortcuts_dialog is not None and win.workshop.shortcuts_dialog.isVisible(), timeout=5000)
    win.workshop.shortcuts_dialog.close()
    win.activateWindow()
    qtbot.waitUntil(lambda: win.isActiveWindow(), timeout=5000)
    target = tmp_path / "by-keyboard.bonelab.json"
    win.workshop.files.ask_save_path = lambda: str(target)
    qtbot.keyClick(win, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(target.exists, timeout=5000)


def test_default_pin_names():
    from bonegui.app.workshop.compare_runs import default_pin_name
    from bonegui.scenario import Scenario, Therapy

    assert default_pin_name(Scenario()) == "No therapy"
    s = Scenario().add_therapy(Therapy("estradiol_transdermal", 50.0, "mcg/day", "transdermal", 3.5, 0.0, 5.0))
    s = s.add_therapy(Therapy("progesterone_oral", 100.0, "mg", "oral", 1.0, 0.0, 5.0))
    assert default_pin_name(s).count(" + ") == 1
    assert default_pin_name(Scenario(title="HRT at 50")) == "HRT at 50"



def test_lesson_summary_names_conditions_and_hormones_as_students_read_them():
    from bonegui.app.workshop.lesson_dialog import scenario_summary
    from bonegui.lesson_format import lessons

    gh = next(les for les in lessons() if les.scenario.overrides and "gh_deficiency" in les.scenario.patient.conditions)
    text = scenario_summary(gh.scenario)
    assert "GH deficiency" in text and "Drawn IGF-1 curve (ng/mL)" in text
    assert "gh deficiency" not in text and "igf1" not in text
