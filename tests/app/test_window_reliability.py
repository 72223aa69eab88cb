"""Issue 14 (items 1, 4, 5, 6) and issue 17 (item 4) in the full window: a malformed file by
every way in changes nothing and shows its one line; failed saves and autosaves are shown and
the window keeps working; stale temp files go at start; a restore asks before reusing the stored
path; CSV text cells are neutralised; every close path stops the simulation thread; the undo
stack has a limit; an exception in a slot shows a dialog naming the log; Help → Open log folder.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QObject, QPointF, Qt, QUrl, Signal, qInstallMessageHandler
from PySide6.QtGui import QDropEvent

from bonegui.app.workshop.autosave import AutosaveSession, find_orphans
from bonegui.fileio import SaveError
from bonegui.scenario import Scenario, load_document, save_scenario, scenario_to_json
from tests.app.test_workshop import make_window

from tests.app._file_fixtures import HRT, data_dir, win  # noqa: F401 (shared fixtures)


def _edited(win):
    return win.document.scenario.with_patient(age_years=52.0).add_therapy(HRT)


def _surrogate_file(tmp_path) -> Path:
    """A file whose title was cut inside an emoji: JSON allows it, UTF-8 cannot save it."""
    p = tmp_path / "cut-emoji.bonelab.json"
    p.write_text(scenario_to_json(Scenario()).replace('"title": "', '"title": "Lesson \\ud83e ', 1), encoding="utf-8")
    return p


def _surrogate_message(p: Path) -> str:
    return (f"{p}: title: holds a lone surrogate (\\ud83e, half of an emoji or other character), "
            "which cannot be saved; retype that text")


# ---------------------------------------------------------------------------- item 1: bad files
def test_a_malformed_file_by_open_recent_and_drop_shows_one_line_and_changes_nothing(win, qtbot, tmp_path):
    files, doc = win.workshop.files, win.document
    doc.commit(_edited(win), "edit")
    before, undo_count = doc.scenario, doc.undo_stack.count()
    shown = []
    files.show_error = lambda title, text: shown.append((title, text))
    bad = _surrogate_file(tmp_path)
    expected = ("Cannot open scenario", _surrogate_message(bad))

    files.ask_open_path = lambda: str(bad)  # File → Open
    files.open_action.trigger()
    assert shown == [expected]

    files._remember(str(bad))  # Open Recent (the file went bad since it was last opened)
    files._fill_recent()
    recent = next(a for a in files.recent_menu.actions() if a.toolTip() == str(bad))
    recent.trigger()
    assert shown == [expected] * 2

    mime = QMimeData()  # dropped on the window
    mime.setUrls([QUrl.fromLocalFile(str(bad))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    win.dropEvent(drop)
    qtbot.waitUntil(lambda: len(shown) == 3, timeout=3000)
    assert shown == [expected] * 3
    assert doc.scenario == before and doc.undo_stack.count() == undo_count and doc.is_modified
    assert doc.file_path is None


def test_a_good_dropped_file_opens(win, qtbot, tmp_path):
    good = tmp_path / "dropped.bonelab.json"
    save_scenario(good, Scenario(title="Dropped"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good))])
    win.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                             Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: win.document.scenario.title == "Dropped", timeout=3000)
    assert win.document.file_path == str(good.resolve())


def test_scenario_option_with_a_malformed_file_gives_its_line_and_the_default(tmp_path):
    from bonegui.app.main import _initial_document

    bad = _surrogate_file(tmp_path)
    scenario, pinned, path, error = _initial_document(None, str(bad))
    assert error == _surrogate_message(bad)
    assert scenario == Scenario() and pinned == () and path is None


# ---------------------------------------------------------------------------- item 4: saves
def test_a_failed_save_is_shown_and_the_window_keeps_working(win, tmp_path, monkeypatch):
    import bonegui.scenario.io as scenario_io

    files, doc = win.workshop.files, win.document
    doc.commit(_edited(win), "edit")
    shown = []
    files.show_error = lambda title, text: shown.append((title, text))
    target = tmp_path / "x.bonelab.json"

    def failing(path, text, **_kw):
        raise SaveError(path, "No space left on device", 28)

    monkeypatch.setattr(scenario_io, "atomic_write_text", failing)
    files.ask_save_path = lambda: str(target)
    assert not files.save_as()
    assert shown == [("Cannot save scenario",
                      f"cannot save {target} (No space left on device); your work is unchanged and still autosaved.")]
    assert doc.is_modified and doc.file_path is None and not target.exists()
    monkeypatch.undo()  # the disk has room again: the same window saves, edits, undoes
    assert files.save_as() and load_document(target)[0] == doc.scenario
    doc.commit(doc.scenario.with_patient(age_years=60.0), "edit 2")
    doc.undo_stack.undo()
    assert doc.scenario == load_document(target)[0] and not win.simulation._closed


def test_a_failed_autosave_stays_on_screen_until_one_works(win, monkeypatch):
    import bonegui.app.workshop.autosave as autosave_mod

    calls = []
    real = autosave_mod.atomic_write_text

    def spy(path, text, **kw):
        calls.append(kw)
        return real(path, text, **kw)

    monkeypatch.setattr(autosave_mod, "atomic_write_text", spy)
    win.document.commit(_edited(win), "edit")
    assert calls and all(kw == {"fsync": False} for kw in calls)  # autosave never waits on fsync

    def failing(path, text, **_kw):
        raise SaveError(path, "Read-only file system", 30)

    monkeypatch.setattr(autosave_mod, "atomic_write_text", failing)
    win.document.commit(win.document.scenario.with_patient(age_years=55.0), "edit 2")
    label = win.workshop.autosave_warning
    session = win.workshop.autosave.session
    assert not label.isHidden()
    assert label.text() == f"⚠ Autosave failed: cannot save {session.path} (Read-only file system)"
    assert win.statusBar().currentMessage().startswith("Autosave failed: cannot save")
    win.document.commit(win.document.scenario.with_patient(age_years=56.0), "edit 3")
    assert not label.isHidden()  # persistent: still there after more edits
    monkeypatch.setattr(autosave_mod, "atomic_write_text", real)
    win.document.commit(win.document.scenario.with_patient(age_years=57.0), "edit 4")
    assert label.isHidden() and load_document(session.path)[0].patient.age_years == 57.0


def test_stale_temp_files_are_removed_at_start_and_beside_an_opened_file(qtbot, data_dir, tmp_path):
    dead = 999_999  # no such process
    in_data = data_dir / f".autosave-1-1.bonelab.json.bonegui-tmp-{dead}-1"
    in_data.write_text("half a file", encoding="utf-8")
    keep = data_dir / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    folder = tmp_path / "class"
    folder.mkdir()
    good = folder / "plan.bonelab.json"
    save_scenario(good, Scenario(title="Plan"))
    beside = folder / f".plan.bonelab.json.bonegui-tmp-{dead}-3"
    beside.write_text("half", encoding="utf-8")
    w = make_window(qtbot)
    try:
        assert not in_data.exists() and keep.exists()
        assert beside.exists()
        assert w.workshop.files.open_path(str(good))
        assert not beside.exists() and good.exists()
    finally:
        w.close()


def _orphan_for(file_path: str, title: str = "Crashed work") -> None:
    crashed = AutosaveSession()
    crashed.write(Scenario(title=title).with_patient(age_years=63.0), (), file_path)
    crashed._lock.unlock()  # as if its process had died


def test_restore_asks_before_reusing_the_stored_path(win, data_dir, tmp_path):
    original = tmp_path / "lesson.bonelab.json"
    save_scenario(original, Scenario(title="Saved version"))
    ws = win.workshop
    asked = []
    ws.ask_reuse_path = lambda p: asked.append(p) or False
    _orphan_for(str(original))
    assert ws.restore(find_orphans(data_dir)[0])
    doc = win.document
    assert asked == [str(original)]
    assert doc.scenario.title == "Crashed work" and doc.scenario.patient.age_years == 63.0  # content back
    assert doc.file_path is None and win.workshop.files.is_dirty  # Save will ask for a name
    assert load_document(original)[0].title == "Saved version"

    ws.ask_reuse_path = lambda p: asked.append(p) or True
    _orphan_for(str(original), "Crashed again")
    assert ws.restore(find_orphans(data_dir)[0])
    assert doc.scenario.title == "Crashed again" and doc.file_path == str(original)
    assert len(asked) == 2


def test_restore_never_offers_a_path_that_is_no_longer_a_file(win, data_dir, tmp_path):
    ws = win.workshop
    asked = []
    ws.ask_reuse_path = lambda p: asked.append(p) or True
    gone = tmp_path / "gone-folder" / "x.bonelab.json"
    _orphan_for(str(gone))
    assert ws.restore(find_orphans(data_dir)[0])
    assert asked == [] and win.document.file_path is None
    assert win.document.scenario.title == "Crashed work"
    # a folder where the file was: not a regular file, not offered either
    folder = tmp_path / "now-a-folder.bonelab.json"
    folder.mkdir()
    _orphan_for(str(folder))
    assert ws.restore(find_orphans(data_dir)[0])
    assert asked == [] and win.document.file_path is None


def test_restore_headless_does_not_reuse_the_path(win, data_dir, tmp_path):
    original = tmp_path / "lesson.bonelab.json"
    save_scenario(original, Scenario(title="Saved version"))
    _orphan_for(str(original))
    assert win.workshop.restore(find_orphans(data_dir)[0])  # nobody to ask: no
    assert win.document.file_path is None and win.document.scenario.title == "Crashed work"


# ---------------------------------------------------------------------------- item 5: CSV
def test_csv_export_neutralises_formula_names():
    from bonegui.app.workshop.export import runs_to_csv
    from bonegui.model.simulate import simulate

    result = simulate(Scenario(span_years=1.0))
    text = runs_to_csv([("current", result), ('=HYPERLINK("http://x","y")', result), ("@SUM(A1)", result),
                        ("-1+2", result)])
    import csv
    import io

    labels = {row[0] for row in list(csv.reader(io.StringIO(text)))[1:]}
    assert labels == {"current", '\'=HYPERLINK("http://x","y")', "'@SUM(A1)", "'-1+2"}
    assert not any(line.startswith(("=", "@", "-", "+", '"=', '"@')) for line in text.splitlines())


# ---------------------------------------------------------------------------- item 6: closing
@pytest.fixture
def qt_warnings():
    seen = []

    def handler(_mode, _context, message):
        seen.append(message)

    previous = qInstallMessageHandler(handler)
    yield seen
    qInstallMessageHandler(previous)


def _heavy_run(win, qtbot):
    qtbot.waitUntil(lambda: win.simulation.is_running, timeout=5000)
    s = Scenario(span_years=40.0).add_therapy(HRT)
    win.document.commit(s, "a long run")
    qtbot.waitUntil(lambda: win.simulation.busy, timeout=3000)


@pytest.mark.parametrize("how", ["button", "quit", "close", "sigterm"])
def test_every_close_path_stops_the_simulation_thread(qtbot, data_dir, qt_warnings, how):
    w = make_window(qtbot)
    w.show()
    _heavy_run(w, qtbot)
    thread = w.simulation._thread
    if how == "button":  # what the title bar's close button sends
        from PySide6.QtGui import QCloseEvent
        from PySide6.QtWidgets import QApplication

        QApplication.sendEvent(w, QCloseEvent())
    elif how == "quit":
        w.quit_action.trigger()
    elif how == "close":
        w.close()
    else:
        from bonegui.app.main import install_sigterm

        previous = signal.getsignal(signal.SIGTERM)
        try:
            assert install_sigterm(w) is not None
            os.kill(os.getpid(), signal.SIGTERM)
            qtbot.waitUntil(lambda: w._closed, timeout=5000)
        finally:
            signal.signal(signal.SIGTERM, previous)
        # unsaved work was kept for the next start, not lost
        orphans = find_orphans(data_dir)
        assert len(orphans) == 1 and orphans[0].load()[0].span_years == 40.0
    assert w._closed and not thread.isRunning()
    qtbot.wait(10)
    assert not [m for m in qt_warnings if "QThread" in m]


def test_screenshot_end_stops_the_thread(tmp_path, qt_warnings, monkeypatch):
    from bonegui.app import main as app_main
    from bonegui.app.main_window import MainWindow

    windows = []
    real_init = MainWindow.__init__

    def record(self, *a, **kw):
        real_init(self, *a, **kw)
        windows.append(self)

    monkeypatch.setattr(MainWindow, "__init__", record)
    png = tmp_path / "shot.png"
    assert app_main.run_app(screenshot=str(png), size=(1000, 700)) == 0
    assert png.exists() and windows[0]._closed and not windows[0].simulation.is_running
    assert not [m for m in qt_warnings if "QThread" in m]


def test_the_undo_stack_has_a_limit():
    from bonegui.app.document import UNDO_LIMIT, ScenarioDocument

    doc = ScenarioDocument()
    assert doc.undo_stack.undoLimit() == UNDO_LIMIT == 500
    s = doc.scenario
    for i in range(UNDO_LIMIT + 20):
        s = s.with_patient(age_years=30.0 + (i % 60) + (i // 60) / 100)
        doc.commit(s, f"edit {i}")
    assert doc.undo_stack.count() == UNDO_LIMIT


def test_a_document_with_undo_steps_is_freed_by_reference_counting_not_by_the_collector():
    """Undo steps hold their document weakly: a cycle document -> stack -> step -> document was
    broken by the garbage collector in an order that crashed in QUndoStack::clear."""
    import gc
    import weakref

    from bonegui.app.document import ScenarioDocument

    doc = ScenarioDocument()
    for age in (40.0, 41.0, 42.0):
        doc.commit(doc.scenario.with_patient(age_years=age), f"age {age}")
    doc.undo_stack.undo()  # the steps still work through their weak reference
    assert doc.scenario.patient.age_years == 41.0
    ref = weakref.ref(doc)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        del doc
        assert ref() is None
    finally:
        if was_enabled:
            gc.enable()


# ---------------------------------------------------------------------------- issue 17: logs
class _Emitter(QObject):
    fire = Signal()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_a_dialog_naming_the_log(win, qtbot, data_dir, monkeypatch, capsys):
    from bonegui import logs
    from bonegui.app import main_window

    monkeypatch.setattr(main_window, "_prompts_available", lambda: True)  # as on a real screen
    import faulthandler

    was_enabled = faulthandler.is_enabled()  # pytest's own, to stderr
    log_file = logs.install()
    try:
        assert log_file == data_dir / "logs" / "bonegui.log"
        emitter = _Emitter()

        def broken_slot():
            raise ValueError("boom in a slot")

        emitter.fire.connect(broken_slot)
        emitter.fire.emit()
        qtbot.waitUntil(lambda: win.exception_box is not None, timeout=3000)
        expected = f"ValueError: boom in a slot (details in {log_file})"
        assert win.last_exception_message == expected
        box = win.exception_box
        assert not box.isModal() or box.windowModality() != Qt.WindowModality.ApplicationModal
        assert str(log_file) in box.informativeText() and expected in box.informativeText()
        assert "boom in a slot" in log_file.read_text(encoding="utf-8")
        box.close()
        # the window goes on working
        win.document.commit(_edited(win), "after the error")
        assert win.document.is_modified
    finally:
        logs.uninstall()
        if was_enabled:
            import sys

            faulthandler.enable(file=sys.__stderr__)
    capsys.readouterr()


def test_help_menu_opens_the_log_folder(win, data_dir, monkeypatch):
    from bonegui.app import main_window

    opened = []
    monkeypatch.setattr(main_window, "open_url", lambda url: opened.append(url) or True)
    texts = [a.text() for a in win.menus["help"].actions()]
    assert "Open &log folder" in texts
    win.open_log_action.trigger()
    assert opened == [QUrl.fromLocalFile(str(data_dir / "logs"))]
