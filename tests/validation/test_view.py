"""Help -> "Model vs evidence": the menu entry, the table and figure filled from a run on the
window's simulation service (never the GUI thread), the sources, and a clean stop on close."""

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMenu

from bonegui.app.dialogs.validation_menu import install as install_validation
from bonegui.app.simulation.service import SimulationService
from bonegui.validation import load_cases

N_PARTS = sum(len(c.parts) for c in load_cases())


class StandInWindow(QMainWindow):
    """The part of MainWindow the view uses: ``menus["help"]`` and ``simulation``."""

    def __init__(self):
        super().__init__()
        self.menus = {"help": self.menuBar().addMenu("&Help")}
        self.simulation = SimulationService(self)

    def closeEvent(self, event):  # noqa: N802 - Qt API
        super().closeEvent(event)
        self.simulation.shutdown()


@pytest.fixture
def window(qtbot):
    w = StandInWindow()
    qtbot.addWidget(w)
    install_validation(w)
    yield w
    w.close()  # the view's event filter cancels its run; the window stops its service


def _action(window):
    menu: QMenu = window.menus["help"]
    acts = [a for a in menu.actions() if a.text().replace("&", "").startswith("Model vs evidence")]
    assert len(acts) == 1
    return acts[0]


def test_help_menu_has_model_vs_evidence(window):
    assert _action(window).objectName() == "action_model_vs_evidence"


def test_dialog_runs_the_cases_on_the_service_and_fills_table_figure_sources(window, qtbot):
    _action(window).trigger()
    dlg = window.validation_menu.dialog
    assert dlg is not None and dlg.isVisible() and dlg.service is window.simulation
    qtbot.waitUntil(lambda: dlg.run_result is not None, timeout=120_000)
    service = window.simulation
    assert service.thread_ident is not None and service.thread_ident != threading.get_ident()
    n_scenarios = sum(len(c.scenarios) for c in load_cases())
    assert service.counts == {"validation": n_scenarios}  # every case scenario, through the service
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


def test_closing_the_dialog_cancels_the_run_and_opening_it_runs_again(window, qtbot):
    dlg = window.validation_menu.open()
    assert dlg.is_running and window.simulation.pending_jobs("validation") == 1
    dlg.close()
    assert not dlg.is_running and dlg.status.text() == "Stopped."
    assert window.simulation.pending_jobs("validation") == 0
    dlg = window.validation_menu.open()
    assert dlg.is_running
    qtbot.waitUntil(lambda: dlg.run_result is not None, timeout=120_000)
    assert dlg.table.rowCount() == N_PARTS


def test_closing_the_window_cancels_the_run_and_stops_the_service(window, qtbot):
    dlg = window.validation_menu.open()
    qtbot.waitUntil(lambda: window.simulation.is_running, timeout=5000)
    assert dlg.is_running
    window.close()
    assert not window.simulation.is_running and window.simulation.pending_jobs() == 0
    assert dlg.run_result is None and not dlg.is_running


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
    assert w.simulation.counts["validation"] > 0 and dlg.service is w.simulation
    w.close()
    assert not w.simulation.is_running
