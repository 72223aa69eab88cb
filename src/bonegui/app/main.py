"""Start the window: ``run_app(screenshot=None, preset=None, presentation=False, scenario_file=None)``.

``bonegui --screenshot FILE.png`` opens the window offscreen at a fixed size (``--size WxH``,
default 1600x1000), waits until the simulation has finished and been drawn, saves
``window.grab()`` and exits (the README picture and the visual checks); ``--layout-report
F.json`` also writes bonegui.app.layout.report's measurement of that window. The screenshot
never reads or writes the user's settings and never shows the first-start disclaimer.
"""

from __future__ import annotations

import os
import signal
import sys

# Importing QtCore does not pick the platform; QT_QPA_PLATFORM only has to be set before the
# QApplication exists (run_app does that for --screenshot).
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal

SCREENSHOT_SIZE = (1600, 1000)
SCREENSHOT_TIMEOUT_MS = 180_000
#: how often Python gets control while Qt's event loop runs, so a SIGTERM handler runs promptly
SIGNAL_POLL_MS = 250


def install_sigterm(window):
    """SIGTERM (logout, ``kill``, a classroom manager) closes the window through the event loop
    like File → Quit, but without asking: unsaved work stays in the autosave, the simulation
    thread is stopped before exit. Python runs signal handlers only between bytecodes, so a
    timer hands control to Python every SIGNAL_POLL_MS while Qt waits. Returns the timer (None
    where SIGTERM cannot be handled, e.g. not in the main thread)."""
    def handler(_signum, _frame) -> None:
        QTimer.singleShot(0, window, window.terminate)

    try:
        signal.signal(signal.SIGTERM, handler)
    except (ValueError, OSError, AttributeError):  # not the main thread, or no SIGTERM here
        return None
    timer = QTimer(window)
    timer.setInterval(SIGNAL_POLL_MS)
    timer.timeout.connect(lambda: None)
    timer.start()
    return timer


def _initial_document(preset: str | None, scenario_file: str | None):
    """(scenario, pinned, file_path, error message or None); falls back to the default."""
    from bonegui.scenario import Scenario, ScenarioError, load_document, load_preset

    try:
        if scenario_file:
            scenario, pinned = load_document(scenario_file)
            from bonegui.fileio import remove_stale_temp_files

            remove_stale_temp_files(os.path.dirname(os.path.abspath(scenario_file)))
            return scenario, pinned, scenario_file, None
        if preset:
            return load_preset(preset), (), None, None
    except ScenarioError as e:
        return Scenario(), (), None, str(e)
    except OSError as e:
        return Scenario(), (), None, f"{scenario_file}: cannot read ({e.strerror})"
    return Scenario(), (), None, None


def run_app(screenshot: str | None = None, preset: str | None = None, presentation: bool = False,
            scenario_file: str | None = None, size: tuple[int, int] | None = None,
            layout_report: str | None = None) -> int:
    from bonegui.app.startup_probe import from_env as startup_probe

    probe = startup_probe()  # benchmarks/bench_startup.py: milestones on stderr
    if probe:
        probe.mark("run_app")
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QMessageBox

    from bonegui import APP_ID, __version__
    from bonegui.app import style
    from bonegui.app.dialogs.about import APP_NAME
    from bonegui.app.document import ScenarioDocument
    from bonegui.app.main_window import MainWindow, app_icon
    from bonegui.app.settings import ORGANIZATION, temporary_settings

    if probe:
        probe.mark("imported")
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "bonegui"])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)  # Wayland app_id and taskbar grouping: packaging/linux/APP_ID.desktop
    app.setWindowIcon(app_icon())
    style.configure_pyqtgraph()
    style.apply_app_style(app, presentation)

    scenario, pinned, file_path, error = _initial_document(preset, scenario_file)
    if error and screenshot:
        print(f"bonegui: {error}", file=sys.stderr)
        return 2
    document = ScenarioDocument(scenario)
    if file_path or pinned:
        document.replace(scenario, file_path=file_path, pinned=pinned)

    if screenshot:
        with temporary_settings() as settings:
            window = MainWindow(document, settings=settings, restore_layout=False)
            try:
                return _screenshot(app, window, screenshot, presentation, size or SCREENSHOT_SIZE, layout_report)
            finally:
                window.close()
                window.deleteLater()

    from bonegui import logs

    logs.install()  # idempotent (`bonegui` has already called it): file, excepthook, faulthandler
    window = MainWindow(document)
    install_sigterm(window)
    app.aboutToQuit.connect(window.shutdown)  # however the loop ends, the thread stops first
    if size:
        window.resize(*size)
    window.show()
    if probe:
        probe.mark("window")
        probe.watch(window)
    if presentation:  # after show(): on a real display presentation mode goes full screen
        window.set_presentation(True)
    if error:
        window.status(error, 0)
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME,
                          f"{error}\n\nStarting with the default scenario instead.",
                          QMessageBox.StandardButton.Ok, window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
    window.show_disclaimer_if_first_start()
    return app.exec()


def _screenshot(app, window, path: str, presentation: bool, size=SCREENSHOT_SIZE,
                report_path: str | None = None) -> int:
    window.resize(*size)
    window.show()
    if presentation:
        window.set_presentation(True)
    waiter = _DrawnWaiter(window)
    loop = QEventLoop()
    waiter.done.connect(loop.quit)
    timeout = QTimer()
    timeout.setSingleShot(True)
    timeout.timeout.connect(loop.quit)
    timeout.start(SCREENSHOT_TIMEOUT_MS)
    waiter.check()
    if not waiter.finished:
        loop.exec()
    timeout.stop()
    for _ in range(12):  # let layouts settle (the timeline lines up with the plots) and paint
        app.processEvents()
        window.plots.flush()
    image = window.grab()
    if image.width() != window.width() or image.isNull():
        print("bonegui: --screenshot: the window could not be rendered", file=sys.stderr)
        return 1
    if not image.save(path):
        print(f"bonegui: --screenshot: cannot write {path!r} (use a .png path in a writable folder)", file=sys.stderr)
        return 2
    if report_path:
        import json

        from bonegui.app.layout.report import layout_report

        try:
            with open(report_path, "w", encoding="utf-8") as f:
                json.dump(layout_report(window), f, indent=1, ensure_ascii=False)
        except OSError as e:
            print(f"bonegui: --layout-report: cannot write {report_path!r} ({e.strerror})", file=sys.stderr)
            return 2
    if not waiter.finished:
        print(f"bonegui: --screenshot: the simulation did not finish within {SCREENSHOT_TIMEOUT_MS // 1000} s; saved what was drawn", file=sys.stderr)
        return 1
    if waiter.error:
        print(f"bonegui: --screenshot: {waiter.error}", file=sys.stderr)
        return 1
    return 0


class _DrawnWaiter(QObject):
    """Finished when the newest generation's complete result is on the curves (or failed)."""

    done = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        self.finished = False
        self.error: str | None = None
        window.plots.drawn.connect(self._on_drawn)
        window.simulation.failed.connect(self._on_failed)

    def check(self) -> None:
        w = self._window
        if w.plots.drawn_generation == w.simulation.generation and not w.simulation.busy:
            self._finish()

    def _on_drawn(self, _generation: int) -> None:
        self.check()

    def _on_failed(self, message: str, _generation: int) -> None:
        self.error = message
        self._finish()

    def _finish(self) -> None:
        if not self.finished:
            self.finished = True
            self.done.emit()
