"""Fracture-risk speed (a benchmark, not a test). A cohort of 1,000 people x 500 time points, each
point asking for the 10-year risks at its age and T-score (``ten_year_risk``), with and without a
spine T-score; then the one-off grid builds and a trajectory call. Prints figures; the last line is

    fracture_1000x500_ms=A fracture_1000x500_spine_ms=B   (medians; budget: A well under 100)

The machine is shared: ``exp_500k_ms`` (one numpy exp over 500,000 numbers, same run) says how
busy it was.

    python benchmarks/bench_fracture.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(1000.0 * (time.perf_counter() - t0))
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    t0 = time.perf_counter()
    from bonegui.model import fracture as F

    print(f"import_ms={1000 * (time.perf_counter() - t0):.1f}")
    for label, call in (("grid_2d_build_ms", lambda: F.ten_year_risk(60.0, ["female", "male"], -1.0)),
                        ("grid_3d_build_ms", lambda: F.ten_year_risk(60.0, ["female", "male"], -1.0, -1.0))):
        t0 = time.perf_counter()
        call()
        print(f"{label}={1000 * (time.perf_counter() - t0):.0f}  (once per process, both sexes)")

    rng = np.random.default_rng(1)
    ages = rng.uniform(50.0, 80.0, (1000, 1)) + np.linspace(0.0, 10.0, 500)[None, :]
    hip = np.clip(rng.normal(-1.5, 1.0, (1000, 500)), -6.0, 3.0)
    spine = hip + rng.normal(0.0, 0.5, hip.shape)
    x = rng.random(500_000)

    exp_med, exp_min = timed(lambda: np.exp(x), args.repeat)
    a_med, a_min = timed(lambda: F.ten_year_risk(ages, "female", hip), args.repeat)
    b_med, b_min = timed(lambda: F.ten_year_risk(ages, "female", hip, spine), args.repeat)
    times = np.linspace(0.0, 10.0, 41)
    traj = np.repeat(hip[:, :1], 41, axis=1) - np.linspace(0.0, 0.5, 41)[None, :]
    c_med, c_min = timed(lambda: F.ten_year_risk_trajectory(ages[:, 0], "female", times, traj), args.repeat)
    print(f"exp_500k_ms median={exp_med:.2f} min={exp_min:.2f}")
    print(f"ten_year_risk 1000x500: median={a_med:.1f} ms min={a_min:.1f} ms")
    print(f"ten_year_risk 1000x500 with spine: median={b_med:.1f} ms min={b_min:.1f} ms")
    print(f"ten_year_risk_trajectory 1000 people x 41 times: median={c_med:.1f} ms min={c_min:.1f} ms")
    print(f"fracture_1000x500_ms={a_med:.1f} fracture_1000x500_spine_ms={b_med:.1f}")


if __name__ == "__main__":
    main()
