"""Files, autosave and crash restore: save -> open round trip (with pinned runs), bad files,
the unsaved-changes prompt on close, autosave after an edit, restore after kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from bonegui.app.workshop.autosave import AutosaveSession, find_orphans
from bonegui.scenario import FILE_SUFFIX, PinnedRun, load_document
from tests.app._file_fixtures import HRT, data_dir, win  # noqa: F401 (shared fixtures)
from tests.app.test_workshop import make_window


def _edited(win):
    s = win.document.scenario.with_patient(age_years=52.0, menopause="natural", final_period_age_years=51.0)
    return s.add_therapy(HRT)


def test_save_then_open_gives_an_equal_scenario_and_pins(win, tmp_path):
    files, doc = win.workshop.files, win.document
    doc.commit(_edited(win), "edit")
    win.workshop.pins.pin_current("Untreated")
    assert files.is_dirty and win.isWindowModified()
    path = tmp_path / "mine"
    files.ask_save_path = lambda: str(path)  # the user types a name without the suffix
    assert files.save()
    saved = str(path) + FILE_SUFFIX
    assert doc.file_path == str(Path(saved).resolve()) and not files.is_dirty
    assert win.windowTitle().startswith("mine.bonelab.json") and not win.isWindowModified()
    scenario, pinned = doc.scenario, doc.pinned
    assert files.new()
    assert doc.scenario != scenario and doc.pinned == ()
    assert files.open_path(saved)
    assert doc.scenario == scenario
    assert doc.pinned == pinned and pinned[0].name == "Untreated"
    assert not doc.is_modified and not win.isWindowModified()
    assert files.recent_files()[0] == str(Path(saved).resolve())
    # pinned runs are in the file itself
    assert json.loads(Path(saved).read_text(encoding="utf-8"))["pinned"][0]["name"] == "Untreated"


def test_a_bad_file_is_explained_and_changes_nothing(win, tmp_path):
    files, doc = win.workshop.files, win.document
    doc.commit(_edited(win), "edit")
    before = doc.scenario
    shown = []
    files.show_error = lambda title, text: shown.append(text)
    bad = tmp_path / "bad.bonelab.json"
    bad.write_text('{"format_version": 1, "span_years": 10, "patient": {"sex": "female", "age_years": 7}}', encoding="utf-8")
    assert not files.open_path(str(bad))
    assert shown and str(bad) in shown[0] and "patient.age_years: 7 is outside 18-95 years" in shown[0]
    assert doc.scenario == before and doc.is_modified
    (tmp_path / "broken.bonelab.json").write_text("{not json", encoding="utf-8")
    assert not files.open_path(str(tmp_path / "broken.bonelab.json"))
    assert "not valid JSON (line 1" in shown[-1]
    assert doc.scenario == before


def test_save_failure_keeps_the_work(win, tmp_path):
    files, doc = win.workshop.files, win.document
    doc.commit(_edited(win), "edit")
    shown = []
    files.show_error = lambda title, text: shown.append(text)
    assert not files.save_to(str(tmp_path / "no" / "such" / "dir" / "x.bonelab.json"))
    assert shown[0].startswith(f"cannot save {tmp_path}") and "your work is unchanged" in shown[0]
    assert doc.is_modified and files.is_dirty
    assert win.workshop.autosave.session.path.exists()


def test_close_asks_about_unsaved_changes(win, qtbot, tmp_path):
    files, doc = win.workshop.files, win.document
    files.prompts_enabled = True
    asked = []
    files.ask_unsaved = lambda doing: asked.append(doing) or "cancel"
    doc.commit(_edited(win), "edit")
    win.close()
    assert asked == ["close"] and win.isVisible()  # Cancel keeps the window open
    files.ask_unsaved = lambda doing: "save"
    files.ask_save_path = lambda: str(tmp_path / "closing.bonelab.json")
    autosave = win.workshop.autosave.session.path
    win.close()
    assert not win.isVisible()
    assert load_document(tmp_path / "closing.bonelab.json")[0] == doc.scenario
    assert not autosave.exists()  # a clean exit leaves no autosave behind


def test_autosave_follows_edits_and_disappears_on_save(win, tmp_path):
    session = win.workshop.autosave.session
    assert not session.path.exists()  # nothing unsaved yet
    edited = _edited(win)
    win.document.commit(edited, "edit")
    assert session.path.exists()  # written on the commit itself, not only every 30 s
    assert load_document(session.path)[0] == edited
    win.workshop.pins.pin_current("A pin")
    assert load_document(session.path)[1][0].name == "A pin"
    assert win.workshop.files.save_to(str(tmp_path / "s.bonelab.json"))
    assert not session.path.exists()


CHILD = textwrap.dedent("""
    import sys, time
    from bonegui.app.workshop.autosave import AutosaveSession
    from bonegui.scenario import PinnedRun, Scenario, Therapy
    s = Scenario(title="Work before the crash").with_patient(age_years=61.0)
    s = s.add_therapy(Therapy("estradiol_transdermal", 75.0, "mcg/day", "transdermal", 3.5, 0.0, 4.0))
    session = AutosaveSession()
    session.write(s, (PinnedRun("Baseline", Scenario()),), sys.argv[1])
    print("written", flush=True)
    time.sleep(120)
""")


def test_restore_after_kill_9(qtbot, data_dir, tmp_path):
    # the file the crashed session had open: it becomes the saved state, the crash work sits on top
    original = tmp_path / "lesson-plan.bonelab.json"
    from bonegui.scenario import Scenario, save_scenario

    save_scenario(original, Scenario(title="Saved version"))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(original)], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert child.stdout.readline().strip() == "written"
        assert find_orphans(data_dir) == []  # alive: not an orphan
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    orphans = find_orphans(data_dir)
    assert len(orphans) == 1 and orphans[0].file_path == str(original)
    win = make_window(qtbot)
    try:
        ws = win.workshop
        assert ws.offer_restore() == orphans[0]
        ws.ask_reuse_path = lambda path: path == str(original)  # "Save to the same file?" Yes
        assert ws.restore(orphans[0])
        doc = win.document
        assert doc.scenario.title == "Work before the crash" and doc.scenario.patient.age_years == 61.0
        assert doc.pinned == (PinnedRun("Baseline", Scenario()),)
        assert doc.file_path == str(original) and doc.is_modified  # restored work is unsaved work
        doc.undo_stack.undo()
        assert doc.scenario.title == "Saved version"
        doc.undo_stack.redo()
        assert find_orphans(data_dir) == []  # taken over by this session's autosave
        assert ws.autosave.session.path.exists()
    finally:
        win.workshop.files.prompts_enabled = False
        win.close()
    assert not any(data_dir.glob("autosave-*"))  # clean exit


def test_stale_lock_without_work_is_removed(data_dir):
    stale = data_dir / "autosave-999999-1.lock"  # a dead session that never had unsaved work
    from PySide6.QtCore import QSysInfo

    stale.write_text(f"999999\nbonegui\n{QSysInfo.machineHostName()}\n", encoding="utf-8")
    assert find_orphans(data_dir) == []
    assert not stale.exists()


def test_clean_session_leaves_no_orphan(data_dir):
    from bonegui.scenario import Scenario

    s = AutosaveSession()
    s.write(Scenario(), ())
    assert s.path.exists()
    s.close()
    assert find_orphans(data_dir) == [] and not any(data_dir.glob("autosave-*"))


def test_restore_prompt_buttons(qtbot, data_dir):
    from PySide6.QtCore import Qt

    from bonegui.scenario import Scenario

    crashed = AutosaveSession()
    crashed.write(Scenario(title="Crashed work"), ())
    crashed._lock.unlock()  # as if its process had died: the lock is gone, the autosave stays
    win = make_window(qtbot)
    try:
        ws = win.workshop
        ws.files.prompts_enabled = True
        assert ws.offer_restore() is not None
        box = ws.restore_box
        qtbot.waitExposed(box)
        restore = next(b for b in box.buttons() if b.text() == "Restore")
        qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: win.document.scenario.title == "Crashed work", timeout=5000)
        assert win.document.is_modified and ws.restore_box is None
        assert find_orphans(data_dir) == []
    finally:
        win.workshop.files.prompts_enabled = False
        win.close()
