"""Virtual cohort speed (a benchmark, not a test). Prints figures; the last line is

    cohort_1000x10y_ms=X     1,000 people x 10 years, weekly output (budget <= 1000 on 2 cores)

    python benchmarks/bench_cohort.py [--repeat N] [--preset ID]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--preset", default="female_hrt_seed_protocol")
    a = ap.parse_args()
    from bonegui.model import kernel
    from bonegui.model.cohort import simulate_cohort
    from bonegui.scenario import load_preset

    s = load_preset(a.preset).with_span(10.0)
    t0 = time.perf_counter()
    simulate_cohort(s, n=20, seed=1)  # imports, the compiled kernel (loaded from its cache or compiled)
    print(f"warm-up (imports, kernel {kernel.kernel_name()}): {(time.perf_counter() - t0) * 1e3:.0f} ms")
    times = []
    for i in range(a.repeat):
        t0 = time.perf_counter()
        r = simulate_cohort(s, n=1000, seed=1 + i)
        times.append((time.perf_counter() - t0) * 1e3)
    print(f"preset {a.preset}, 10 y, weekly rows ({len(r['t_years'])}), 1000 people; load {os.getloadavg()[0]:.2f}")
    print(f"cohort_1000x10y_ms min={min(times):.0f} median={statistics.median(times):.0f} max={max(times):.0f}")
    print(f"cohort_1000x10y_ms={statistics.median(times):.0f}")


if __name__ == "__main__":
    main()
