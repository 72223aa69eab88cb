"""The start-up probe behind benchmarks/bench_startup.py: a real `python -m bonegui` start prints
its milestones in order and closes itself once the first result is painted (one process, ~3 s)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time


def test_a_real_start_reports_every_milestone_in_order_and_exits(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BONEGUI_DATA_DIR=str(tmp_path))
    env["BONEGUI_STARTUP_PROBE"] = repr(time.monotonic())
    p = subprocess.run([sys.executable, "-m", "bonegui"], env=env, capture_output=True, text=True,
                       timeout=180, cwd=tmp_path)
    assert p.returncode == 0, p.stderr[-2000:]
    marks = re.findall(r"^bonegui startup: (\w+)_ms=(\d+)$", p.stderr, re.MULTILINE)
    names = [m[0] for m in marks]
    assert names == ["run_app", "imported", "window", "first_paint", "first_plot", "longest_gap"]
    times = [int(m[1]) for m in marks[:5]]
    assert times == sorted(times) and times[0] > 0
    assert "Traceback" not in p.stderr
