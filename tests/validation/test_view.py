"""Help -> "Model vs evidence": the menu entry, the table and figure filled from a run in the
worker thread (never the GUI thread), the sources, and a clean stop on close."""

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMenu

from bonegui.app.dialogs import validation_dialog as validation_view
from bonegui.validation import load_cases

N_PARTS = sum(len(c.parts) for c in load_cases())


class StandInWindow(QMainWindow):
    """The part of MainWindow the view uses: ``menus["help"]``."""

    def __init__(self):
        super().__init__()
        self.menus = {"help": self.menuBar().addMenu("&Help")}


@pytest.fixture
def window(qtbot):
    w = StandInWindow()
    qtbot.addWidget(w)
    validation_view.install(w)
    yield w
    w.close()  # the view's event filter stops its thread


def _action(window):
    menu: QMenu = window.menus["help"]
    acts = [a for a in menu.actions() if a.text().replace("&", "").startswith("Model vs evidence")]
    assert len(acts) == 1
    return acts[0]


def test_help_menu_has_model_vs_evidence(window):
    assert _action(window).objectName() == "action_model_vs_evidence"


def test_dialog_runs_the_cases_in_the_worker_thread_and_fills_table_figure_sources(window, qtbot):
    _action(window).trigger()
    dlg = window.validation_menu.dialog
    assert dlg is not None and dlg.isVisible()
    qtbot.waitUntil(lambda: dlg.run_result is not None, timeout=120_000)
    assert dlg.worker.thread_ident is not None and dlg.worker.thread_ident != threading.get_ident()
    assert dlg.table.rowCount() == N_PARTS
    keys = [dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())]
    assert keys[0] == "C1." + load_cases()[0].parts[0].id
    results = {dlg.table.item(r, dlg.table.columnCount() - 1).text() for r in range(dlg.table.rowCount())}
    assert results <= {"PASS", "FAIL", "NOT RUN", "ERROR"}
    assert "cases pass" in dlg.status.text()
    assert dlg.figure.height() > 800
    html = dlg.sources.toPlainText()
    for c in load_cases():
        assert c.source in html
    # a table cell carries the case's source as its tooltip
    assert "Source:" in dlg.table.item(0, 0).toolTip()


def test_run_again_button_reruns_through_a_real_click(window, qtbot):
    dlg = window.validation_menu.open()
    qtbot.waitUntil(lambda: dlg.run_result is not None, timeout=120_000)
    first = dlg.run_result
    assert dlg.rerun_button.isEnabled()
    qtbot.mouseClick(dlg.rerun_button, Qt.LeftButton)
    assert dlg.is_running and not dlg.rerun_button.isEnabled()
    qtbot.waitUntil(lambda: dlg.run_result is not None, timeout=120_000)
    assert dlg.run_result is not first
    assert dlg.table.rowCount() == N_PARTS


def test_closing_the_window_stops_the_thread(window, qtbot):
    dlg = window.validation_menu.open()
    thread = dlg._thread
    assert thread.isRunning()
    window.close()
    assert not thread.isRunning()


def test_dialog_fonts_are_readable(window, qtbot, tmp_path):
    dlg = window.validation_menu.open()
    qtbot.waitUntil(lambda: dlg.run_result is not None, timeout=120_000)
    assert dlg.font().pointSizeF() >= 11
    img = dlg.grab()
    assert not img.isNull() and img.width() >= 500  # 90 % of the screen, at most 1500 px
    assert dlg.minimumSizeHint().width() <= 1024  # fits a 1024x768 projector


def test_real_main_window_has_the_entry_and_stops_the_thread_on_close(qtbot, tmp_path):
    main_window = pytest.importorskip("bonegui.app.main_window")
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    w = main_window.MainWindow(settings=settings, restore_layout=False)
    qtbot.addWidget(w)
    action = _action(w)
    texts = [a.text() for a in w.menus["help"].actions()]
    assert texts.index(action.text()) < len(texts) - 1  # "About" stays the last entry
    action.trigger()
    dlg = w.validation_menu.dialog
    qtbot.waitUntil(lambda: dlg.run_result is not None, timeout=120_000)
    assert dlg.table.rowCount() == N_PARTS
    thread = dlg._thread
    w.close()
    assert not thread.isRunning()
