"""Drag-storm soak: many drag edits in the real window, and how much memory the process grows.

Opens the main window offscreen (1280x800) on the TRT preset and sends EDITS previews of the first
therapy block moving back and forth by a week (what a drag sends on every mouse move), letting the
event loop run between them so results and frames are produced as in use; every 500 edits one is
committed (an undo step, as a release does). The process's resident set size is read from
/proc/self/statm after a warm-up and at the end.

The last line is ``drag_edits=N rss_start_mb=A rss_end_mb=B rss_growth_mb=C``.

    QT_QPA_PLATFORM=offscreen python benchmarks/drag_soak.py [--edits 10000]
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=10_000)
    args = ap.parse_args()
    app = QApplication([])
    from bonegui.app import style
    from bonegui.app.document import ScenarioDocument
    from bonegui.app.main_window import MainWindow
    from bonegui.scenario.presets import load_preset

    style.apply_app_style(app)
    tmp = tempfile.mkdtemp()
    settings = QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat)
    base = load_preset("male_trt_seed_protocol")
    w = MainWindow(ScenarioDocument(base), settings=settings)
    w.resize(1280, 800)
    w.show()

    def run(n: int) -> None:
        t0 = base.therapies[0].start_years
        for k in range(n):
            shift = (k % 2) * 7 / 365.25
            cand = base.with_therapy(0, start_years=t0 + shift)
            if k % 500 == 499:
                w.document.commit(cand, "Soak drag")
            else:
                w.document.preview(cand)
            for _ in range(3):
                app.processEvents()

    run(500)  # warm-up: caches, first compiles, pyqtgraph's pictures
    gc.collect()
    start = rss_mb()
    run(args.edits)
    gc.collect()
    end = rss_mb()
    w.close()
    print(f"undo steps: {w.document.undo_stack.count()}; simulations started: generation {w.simulation.generation}")
    print(f"drag_edits={args.edits} rss_start_mb={start:.1f} rss_end_mb={end:.1f} rss_growth_mb={end - start:.1f}")


if __name__ == "__main__":
    main()
