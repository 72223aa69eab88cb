"""Start-up: from process start to the window's first plotted result, in fresh processes.

Each run starts ``python -m bonegui`` (the window, as a teacher starts it) offscreen with an
empty data folder, and ``BONEGUI_STARTUP_PROBE`` set to ``time.monotonic()`` taken just before
the process is started (bonegui.app.startup_probe): the app prints its milestones in ms since
then and closes once the plots have painted the first complete result. numba's cache is the
install's (warm after the first run ever); ``--cold-cache`` gives every run an empty one (the
first start after installing: the kernel is compiled).

``--importtime`` adds one run under ``python -X importtime`` and lists the largest imports.

The last line is ``startup_to_plot_ms=M``, the median over the runs (budget, issue 16: <= 1500).

    python benchmarks/bench_startup.py [--runs 7] [--cold-cache] [--importtime]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

MILESTONES = ("run_app", "imported", "window", "first_paint", "first_plot")
#: also reported: the event loop's longest pause between "first_paint" and "first_plot": how
#: responsive the painted window is while the simulation thread loads numba and the model (or
#: compiles the kernel)
GAP = "longest_gap"


def one_run(cold_cache: bool, importtime: bool = False) -> tuple[dict[str, float], str]:
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as numba_cache:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BONEGUI_DATA_DIR=data)
        if cold_cache:
            env["NUMBA_CACHE_DIR"] = numba_cache
        cmd = [sys.executable] + (["-X", "importtime"] if importtime else []) + ["-m", "bonegui"]
        env["BONEGUI_STARTUP_PROBE"] = repr(time.monotonic())
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, cwd=data)
    marks = {}
    for line in p.stderr.splitlines():
        m = re.match(r"bonegui startup: (\w+)_ms=([\d.]+)", line)
        if m:
            marks[m[1]] = float(m[2])
    if "first_plot" not in marks:
        raise SystemExit(f"benchmark: no first plot (exit {p.returncode}):\n{p.stderr[-2000:]}")
    return marks, p.stderr


def largest_imports(stderr: str, min_ms: float = 80.0, max_depth: int = 7) -> list[tuple[float, str]]:
    """(cumulative ms, module indented by depth) of every import of at least ``min_ms``, as a
    tree in import order: the chain that brings in each heavy package."""
    rows = []
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if m and int(m[1]) >= min_ms * 1000 and len(m[2]) // 2 <= max_depth:
            rows.append((int(m[1]) / 1000.0, len(m[2]) // 2, m[3]))
    # importtime prints a child before its parent: reverse each finished subtree into tree order
    out, stack = [], []
    for ms, depth, name in rows:
        children = []
        while stack and stack[-1][1] > depth:
            children.append(stack.pop())
        stack.append((ms, depth, name, children[::-1]))
    def walk(node):
        ms, depth, name, children = node
        out.append((ms, "  " * (depth - 1) + name))
        for c in children:
            walk(c)
    for node in stack:
        walk(node)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--cold-cache", action="store_true", help="an empty numba cache for every run")
    ap.add_argument("--importtime", action="store_true", help="one more run under -X importtime")
    args = ap.parse_args(argv)

    load_before = os.getloadavg()[0]
    runs = [one_run(args.cold_cache)[0] for _ in range(args.runs)]
    load_after = os.getloadavg()[0]
    print(f"{args.runs} fresh processes, numba cache {'empty (cold)' if args.cold_cache else 'warm'}, "
          f"offscreen; load average {load_before:.2f} before, {load_after:.2f} after")
    cols = MILESTONES + (GAP,)
    print("ms since process start:  " + "  ".join(f"{k:>11}" for k in cols))
    for r in runs:
        print("                         " + "  ".join(f"{r.get(k, float('nan')):11.0f}" for k in cols))
    med = {k: statistics.median(r.get(k, float("nan")) for r in runs) for k in cols}
    print("median                   " + "  ".join(f"{med[k]:11.0f}" for k in cols))
    if args.importtime:
        _marks, stderr = one_run(args.cold_cache, importtime=True)
        print("imports of >= 80 ms (cumulative, one run under -X importtime, GUI and simulation thread):")
        for ms, name in largest_imports(stderr):
            print(f"  {ms:7.0f}  {name}")
    print(f"startup_to_plot_ms={med['first_plot']:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
