"""Fuzz soak of the user-file readers (issue 14): a benchmark-style script, not a test.

Runs N mutated scenario and lesson files (tests/fuzz_mutations.py; default 10,000 scenario +
2,500 lesson) through the real loaders in a worker process with a per-file timeout, plus a
FIFO, a directory, a symlink to a FIFO and /dev/zero every 500 files. A file whose load raises
anything but the ScenarioError family, or whose error is not one clean line, counts as a
traceback; one that takes longer than the timeout counts as a hang (the worker is killed and
restarted). Every 20th valid load is simulated (span capped at 2 years) and must be finite.
The last line is::

    fuzz_files=N tracebacks=T hangs=H

    python benchmarks/fuzz_soak.py [--scenarios 10000] [--lessons 2500] [--seed 1] [--timeout 20]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SPECIAL = ("fifo", "folder", "fifo_link", "dev_zero")


def _special(kind: str, folder: Path, i: int) -> Path:
    p = folder / f"special-{i}.json"
    if kind == "fifo":
        os.mkfifo(p)
    elif kind == "folder":
        p.mkdir()
    elif kind == "fifo_link":
        target = folder / f"special-{i}.fifo"
        os.mkfifo(target)
        p.symlink_to(target)
    else:
        p = Path("/dev/zero")
    return p


def _worker(conn, folder: str) -> None:
    from tests.fuzz_mutations import check_file, mutated_file, simulates_finite

    folder_path = Path(folder)
    valid_seen = 0
    while True:
        job = conn.recv()
        if job is None:
            return
        kind, seed, i, special = job
        t0 = time.perf_counter()
        try:
            if special:
                path = _special(special, folder_path, i)
            else:
                path = folder_path / (f"f{i}.bonelab.json" if kind == "scenario" else f"f{i}.json")
                path.write_bytes(mutated_file(kind, seed, i))
            outcome, value = check_file(kind, path)
            simulated = False
            if outcome == "valid":
                if valid_seen % 20 == 0:
                    simulates_finite(value)
                    simulated = True
                valid_seen += 1
                value = ""
            conn.send(("ok", outcome, value, simulated, time.perf_counter() - t0))
        except BaseException:  # noqa: BLE001 - the soak counts these
            conn.send(("traceback", "", traceback.format_exc(limit=6), False, time.perf_counter() - t0))
        finally:
            if not special or special != "dev_zero":
                try:
                    if path.is_dir() and not path.is_symlink():
                        path.rmdir()
                    else:
                        path.unlink()
                except (OSError, UnboundLocalError):
                    pass


class Worker:
    def __init__(self, folder: str) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, folder), daemon=True)
        self.proc.start()

    def run(self, job, timeout: float):
        self.conn.send(job)
        if self.conn.poll(timeout):
            return self.conn.recv()
        return None

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join()

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(10)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenarios", type=int, default=10_000)
    ap.add_argument("--lessons", type=int, default=2_500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per file before it counts as a hang")
    args = ap.parse_args(argv)

    jobs = [("scenario", args.seed, i, None) for i in range(args.scenarios)]
    jobs += [("lesson", args.seed, i, None) for i in range(args.lessons)]
    if hasattr(os, "mkfifo"):
        n = len(jobs)
        for k, pos in enumerate(range(0, n, 500)):
            special = SPECIAL[k % len(SPECIAL)]
            if special == "dev_zero" and not Path("/dev/zero").exists():
                continue
            jobs.insert(pos + k, ("scenario" if k % 2 else "lesson", args.seed, 10**7 + k, special))

    counts: Counter = Counter()
    tracebacks, hangs, simulated, slowest, longest, slowest_job = 0, 0, 0, 0.0, "", None
    first_failures: list[str] = []
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bonegui-fuzz-") as folder:
        worker = Worker(folder)
        for job in jobs:
            reply = worker.run(job, args.timeout)
            if reply is None:
                hangs += 1
                first_failures.append(f"hang: {job}")
                worker.kill()
                worker = Worker(folder)
                continue
            status, outcome, text, sim, seconds = reply
            if seconds > slowest:
                slowest, slowest_job = seconds, job
            if status == "traceback":
                tracebacks += 1
                if len(first_failures) < 5:
                    first_failures.append(f"traceback in {job}:\n{text}")
                continue
            counts[f"{job[0]}:{outcome}" + (f":{job[3]}" if job[3] else "")] += 1
            simulated += sim
            if outcome == "error":
                rest = text.split(": ", 1)[1] if ": " in text else text
                longest = max(longest, rest, key=len)
        worker.close()
    elapsed = time.perf_counter() - t_start

    for line in first_failures:
        print(line)
    for key in sorted(counts):
        print(f"{key:32s} {counts[key]}")
    print(f"simulated (every 20th valid, span <= 2 y): {simulated}")
    print(f"longest message after the file name: {len(longest)} characters")
    print(f"slowest file: {slowest * 1000:.0f} ms {slowest_job}; total {elapsed:.1f} s ({elapsed / max(1, len(jobs)) * 1000:.1f} ms per file)")
    print(f"fuzz_files={len(jobs)} tracebacks={tracebacks} hangs={hangs}")
    return 0 if tracebacks == hangs == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
