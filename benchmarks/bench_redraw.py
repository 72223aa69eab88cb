"""Redrawing every curve after a result: the GUI thread's cost from ``PlotArea.set_result`` to a
finished paint of the plots.

Opens the main window offscreen (default 1600x1000) on the combined protocol (weekly
testosterone injections, an aromatase inhibitor and GH peptides: three hormone rows, rippled
curves, the most rows on screen), waits for its result, then hands the plots ``--repeat``
results alternating between it and the result of a small edit (the testosterone dose 5 %
higher), as a drag or a typed dose produces them, so every curve really changes. Each sample is
``set_result`` + ``flush`` (the curves' setData, y ranges, side axes) + a synchronous repaint
of the whole canvas. Samples are taken idle and during a drag (``set_interactive(True)``),
which draws the same line widths. ``--far`` alternates with a scenario five years older
instead, whose y ranges differ, so every axis redraws its ticks too.

The last lines are ``redraw_interactive_ms_median=`` and ``redraw_ms_median=`` (budget: <= 8,
issue 16 item 4).

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_redraw.py [--repeat 40] [--size 1600x1000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("BONEGUI_INPROCESS", "1")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def _wait(app, cond, timeout_s: float = 120.0) -> None:
    end = time.perf_counter() + timeout_s
    while not cond():
        if time.perf_counter() > end:
            raise SystemExit("bench_redraw: the simulation did not finish in time")
        app.processEvents()
        time.sleep(0.005)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=40)
    ap.add_argument("--size", default="1600x1000")
    ap.add_argument("--presentation", action="store_true")
    ap.add_argument("--far", action="store_true", help="alternate with a very different result (every axis changes)")
    args = ap.parse_args()
    w, h = (int(v) for v in args.size.lower().split("x"))

    from bonegui.app import style
    from bonegui.app.document import ScenarioDocument
    from bonegui.app.main_window import MainWindow
    from bonegui.model.simulate import simulate
    from bonegui.scenario import load_preset

    app = QApplication.instance() or QApplication([sys.argv[0]])
    style.configure_pyqtgraph()
    style.apply_app_style(app, args.presentation)
    scenario = load_preset("combined_protocol_seed")
    if args.far:
        other = simulate(scenario.with_patient(age_years=scenario.patient.age_years + 5))
    else:
        other = simulate(scenario.with_therapy(0, dose=scenario.therapies[0].dose * 1.05))
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ScenarioDocument(scenario), settings=settings, restore_layout=False)
        window.resize(w, h)
        window.show()
        if args.presentation:
            window.set_presentation(True)
        _wait(app, lambda: window.last_result is not None and not window.simulation.busy)
        for _ in range(5):
            app.processEvents()
        plots = window.plots
        results = (window.last_result, other)
        viewport = plots.canvas.viewport()

        def sample(i: int) -> float:
            t0 = time.perf_counter()
            plots.set_result(results[i % 2], 1000 + i)
            plots.flush()
            viewport.repaint()
            return (time.perf_counter() - t0) * 1000.0

        figures = {}
        for label, interactive in (("redraw_interactive_ms", True), ("redraw_ms", False)):
            plots.set_interactive(interactive)
            plots.flush()
            for i in range(5):  # warm-up: first paints build caches
                sample(i)
            times = [sample(i) for i in range(args.repeat)]
            figures[label] = times
        plots.set_interactive(False)
        window.shutdown()
        window.close()
    for label, times in figures.items():
        print(f"{label}: median {statistics.median(times):.2f} ms, min {min(times):.2f}, "
              f"max {max(times):.2f} ({len(times)} samples, {w}x{h}{' presentation' if args.presentation else ''})")
    for label, times in figures.items():
        print(f"{label}_median={statistics.median(times):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
