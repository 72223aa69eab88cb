"""GUI latency during a real drag: edit -> plots showing its result, and event-loop stalls.

Opens the main window offscreen (1600x1000) on a scenario with therapies, then drags the first
therapy block of the timeline with real mouse events (hover, press, 100 moves ~16 ms apart as
a 60 Hz mouse sends them, release) sent to the timeline view's viewport.

- latency of an edit: from the document's preview (the edit) to the first completed paint of
  the plots showing a result of that edit's generation or a newer one (a newer result contains
  the edit: the previews in between are coalesced on purpose);
- stall: a 1 ms QTimer heartbeat runs throughout; the longest gap between two beats, minus
  1 ms, is the longest the GUI thread was blocked.

The last line is ``drag_p50_ms=A drag_p95_ms=B max_stall_ms=C`` (budget, issue 16, on the
team's 2-core machine: B <= 50, C <= 33). Note the machine's load with the figures.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui_latency.py [--moves 100] [--repeat 1] [--cohort N]

``--cohort N`` drags with the Cohort switch on (N people): the cohort jobs share the thread.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QEventLoop, QObject, QPointF, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

LEFT, NO_BUTTON = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton


class Heartbeat(QObject):
    """A timer beating every ``interval_ms``; ``max_gap_ms`` is the longest time between two
    beats. Each beat runs Python on the GUI thread and so takes the GIL from the simulation
    thread: a 1 ms beat slows the model it is watching, which is why --beat-ms exists."""

    def __init__(self, interval_ms: int = 1) -> None:
        super().__init__()
        self.interval_ms = interval_ms
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._beat)
        self.last = 0.0
        self.max_gap_ms = 0.0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.max_gap_ms = 0.0
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.max_gap_ms = max(self.max_gap_ms, (now - self.last) * 1000.0)
        self.last = now


class Recorder(QObject):
    """Edit times by generation, and paint times of the plots with the generation they show."""

    def __init__(self, window) -> None:
        super().__init__()
        self.window = window
        self.edits: list[tuple[float, int]] = []
        self.paints: list[tuple[float, int]] = []
        self.paint_ms: list[float] = []
        # connected after the window's own slot: the worker has already bumped the generation
        window.document.previewChanged.connect(self._on_edit)
        window.plots.painted.connect(self._on_paint)

    def _on_edit(self, _scenario) -> None:
        self.edits.append((time.perf_counter(), self.window.simulation.generation))

    def _on_paint(self, generation: int) -> None:
        self.paints.append((time.perf_counter(), generation))
        self.paint_ms.append(self.window.plots.canvas.last_paint_ms)

    def latencies_ms(self) -> list[float]:
        out = []
        for t_edit, gen in self.edits:
            shown = [t for t, g in self.paints if g >= gen and t >= t_edit]
            if shown:
                out.append((min(shown) - t_edit) * 1000.0)
        return out


def _qwait(ms: int) -> None:
    """Run the event loop for ``ms`` like the app's own loop does. Not QTest.qWait: PySide6's
    qWait keeps the GIL while it waits (measured: a Python thread ran 1 iteration in a 500 ms
    qWait, ~490 in a QEventLoop), so the simulation thread could only run while the GUI thread
    ran Python, which the real app (QApplication.exec releases the GIL) never does."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(loop.quit)
    timer.start(ms)
    loop.exec()


def _mouse(view, etype, scene_pt: QPointF, button, buttons) -> None:
    vp = view.viewport()
    local = QPointF(view.mapFromScene(scene_pt))
    ev = QMouseEvent(etype, local, QPointF(vp.mapToGlobal(local.toPoint())), button, buttons,
                     Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, ev)


def _settled(window) -> bool:
    return not window.simulation.busy and window.plots.drawn_generation == window.simulation.generation


def _wait(app, cond, timeout_s: float = 60.0) -> None:
    end = time.perf_counter() + timeout_s
    while not cond():
        if time.perf_counter() > end:
            raise SystemExit("benchmark: the window did not settle in time")
        _qwait(5)


def scenario():
    """A perimenopausal woman with an estradiol patch (years 1-8) and oral progesterone."""
    from bonegui.scenario import Patient, Scenario, Therapy

    return Scenario(
        title="Latency benchmark",
        patient=Patient(sex="female", age_years=48.0, menopause="natural", final_period_age_years=51.0),
        therapies=(
            Therapy("estradiol_transdermal", 50.0, "mcg/day", "transdermal", 3.5, 1.0, 8.0),
            Therapy("progesterone_oral", 100.0, "mg", "oral", 1.0, 1.0, 8.0),
        ),
        span_years=10.0,
    )


def drag_block(window, moves: int, move_ms: int) -> None:
    """Press in the middle of therapy block 0, move it 3 years right and back, release."""
    editor = window.timeline
    view = editor.view
    t0 = window.document.scenario.therapies[0]
    lane = editor.lane(("therapy", 0))
    y = lane.y0 + 0.85 * lane.height  # low in the block: clear of the dose handle
    mid = 0.5 * (t0.start_years + t0.stop_years)
    start = editor.to_scene(mid, y)
    _mouse(view, QEvent.Type.MouseMove, start, NO_BUTTON, NO_BUTTON)
    _qwait(20)
    _mouse(view, QEvent.Type.MouseButtonPress, start, LEFT, LEFT)
    for k in range(1, moves + 1):
        _qwait(move_ms)
        frac = k / moves
        dx = 1.5 * np.sin(np.pi * frac) + 0.5 * frac  # out and most of the way back
        _mouse(view, QEvent.Type.MouseMove, editor.to_scene(mid + dx, y), NO_BUTTON, LEFT)
    _qwait(move_ms)
    _mouse(view, QEvent.Type.MouseButtonRelease, editor.to_scene(mid + 0.5, y), LEFT, NO_BUTTON)


def _kernel_name() -> str:
    try:
        from bonegui.model import kernel
    except ImportError:
        return "python"
    return kernel.kernel_name()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=100)
    ap.add_argument("--move-ms", type=int, default=16, help="time between mouse moves (60 Hz mouse: 16)")
    ap.add_argument("--repeat", type=int, default=1, help="drags to run (figures pool all of them)")
    ap.add_argument("--beat-ms", type=int, default=1, help="heartbeat interval for the stall measure (default 1)")
    ap.add_argument("--cohort", type=int, default=0, metavar="N", help="drag with the Cohort switch on, N people")
    args = ap.parse_args(argv)

    from bonegui.app import style
    from bonegui.app.document import ScenarioDocument
    from bonegui.app.main_window import MainWindow

    app = QApplication.instance() or QApplication(["bench_gui_latency"])
    style.configure_pyqtgraph()
    style.apply_app_style(app)
    tmp = tempfile.TemporaryDirectory()
    settings = QSettings(os.path.join(tmp.name, "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ScenarioDocument(scenario()), settings=settings, restore_layout=False)
    window.resize(1600, 1000)
    window.show()
    _wait(app, lambda: _settled(window) and window.last_result is not None)
    # the drag is measured with the compiled model (on a cold numba cache its compile takes ~8 s)
    _wait(app, lambda: getattr(window.simulation, "compiled", True), timeout_s=180.0)
    if args.cohort:
        window.cohort.set_people(args.cohort, remember=False)
        window.cohort.set_on(True, remember=False)
        _wait(app, lambda: window.cohort.shown is not None and window.cohort.shown.n == args.cohort)
    _qwait(200)

    t_sim = time.perf_counter()
    from bonegui.model.simulate import simulate

    simulate(window.document.scenario)
    sim_ms = (time.perf_counter() - t_sim) * 1000.0

    beat = Heartbeat(args.beat_ms)
    beat.start()  # the noise floor: the same heartbeat while nothing happens in the app
    _qwait(1500)
    beat.stop()
    idle_stall = max(0.0, beat.max_gap_ms - args.beat_ms)

    cohort_shown: list[int] = []
    if args.cohort:
        window.cohort.shown_changed.connect(cohort_shown.append)
    recorder = Recorder(window)
    undo_before = window.document.undo_stack.count()
    stalls = []
    for _ in range(args.repeat):
        beat.start()
        drag_block(window, args.moves, args.move_ms)
        _wait(app, lambda: _settled(window))
        if args.cohort:  # the band of the released state
            _wait(app, lambda: window.cohort.shown_generation == window.cohort.generation
                  and window.cohort.shown.n == args.cohort)
        _qwait(100)
        beat.stop()
        stalls.append(max(0.0, beat.max_gap_ms - args.beat_ms))
        _qwait(200)

    lat = np.array(recorder.latencies_ms())
    edits = len(recorder.edits)
    steps = window.document.undo_stack.count() - undo_before
    moved = window.document.scenario.therapies[0].start_years != scenario().therapies[0].start_years
    counts = getattr(window.simulation, "counts", None)
    cohort_note = (f"; cohort bands drawn (growing or complete): {len(cohort_shown)}, stale dropped: "
                   f"{window.cohort.dropped_stale}") if args.cohort else ""
    kernel = _kernel_name()
    window.close()
    print(f"model runs in the simulation service's thread ({kernel} kernel); simulations by kind: {counts}")
    print(f"one simulate() of this 10-year scenario: {sim_ms:.0f} ms (GUI thread idle meanwhile)")
    print(f"idle app, 1.5 s: longest heartbeat gap {idle_stall:.0f} ms (machine noise floor; load average {os.getloadavg()[0]:.2f})")
    print(f"previews (edits): {edits}, drawn frames: {len(recorder.paints)}, undo steps added: {steps}, block moved: {moved}"
          + cohort_note)
    if not len(lat):
        print("benchmark: the drag produced no edits (is the timeline editor in place?)", file=sys.stderr)
        return 1
    pm = np.array(recorder.paint_ms)
    print(f"plots paint ms: median {np.median(pm):.0f}  max {pm.max():.0f} ({len(pm)} paints)")
    print(f"latency ms: min {lat.min():.0f}  p50 {np.percentile(lat, 50):.0f}  p95 {np.percentile(lat, 95):.0f}  max {lat.max():.0f}")
    print(f"drag_p50_ms={np.percentile(lat, 50):.0f} drag_p95_ms={np.percentile(lat, 95):.0f} max_stall_ms={max(stalls):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
