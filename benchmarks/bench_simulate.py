"""Simulation speed (a benchmark, not a test). Prints figures; the last lines are

    scenario_30y_median_ms=X          30-year scenario, two therapies, one override (budget <= 5)
    speedup_vs_python_kernel=S        the bone loop of that scenario, numba vs plain Python (>= 10)
    incremental_edit_median_ms=I      moving its block that starts at year 15 (Simulator; <= 3)
    core_30y_ratio_vs_bone_models=R   unmodulated core, 30 y, vs bone_models 0.1.0 (budget >= 5)

The core comparison runs the identical case in both (steady state, then a PTH infusion of
1000 pM/d on days 20-80, then 30 years in total, daily output) and checks that the states agree
to 1e-4 relative. bone_models is only a `bench` extra: pip install bonegui[bench].

    python benchmarks/bench_simulate.py [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import time

import numpy as np

from bonegui.model import bone
from bonegui.model.simulate import simulate
from bonegui.scenario import ActivitySegment, Keyframe, Patient, Scenario, Therapy

DAYS_30Y = 10958.0
PTH_CASE = {"PTH": 1000.0}, 20.0, 80.0


def scenario_30y() -> Scenario:
    s = Scenario(
        title="benchmark: 30 y, two therapies, one override",
        patient=Patient(sex="male", age_years=45.0, habitual_activity="sedentary"),
        therapies=(
            Therapy("testosterone_cypionate", 100.0, "mg", "IM", 7.0, 2.0, 28.0),
            Therapy("anastrozole", 0.5, "mg", "oral", 3.5, 10.0, 20.0),
        ),
        activity=(ActivitySegment(0.0, "sedentary"), ActivitySegment(5.0, "active")),
        span_years=30.0,
    )
    return s.with_override("igf1", (Keyframe(12.0, 180.0), Keyframe(15.0, 320.0), Keyframe(18.0, 180.0)))


def timed(fn, repeat: int) -> tuple[list[float], object]:
    out = fn()  # warm-up (imports, caches)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return times, out


def bone_models_core(days: float):
    """bone_models 0.1.0's Pivonka model on the PTH case: its steady state and its right-hand
    side with its own solver settings (solve_ivp RK45, rtol = atol = 1e-8), daily output."""
    from bone_models.load_cases.pivonka_load_cases import Pivonka_Load_Case_1
    from bone_models.models.pivonka_model import Pivonka_Model
    from scipy.integrate import solve_ivp

    lc = Pivonka_Load_Case_1()
    (infusion, lc.start_time, lc.end_time) = PTH_CASE
    lc.PTH_injection = infusion["PTH"]
    model = Pivonka_Model(lc)
    with contextlib.redirect_stdout(io.StringIO()):
        x0 = model.calculate_steady_state()
    # integrated piecewise between the infusion switches (as ours is): one RK45 step across a
    # discontinuity smears it, which alone costs ~1e-3 relative at the switch days
    t_all = np.arange(0.0, days + 0.5)
    out, x = [], x0
    cuts = [0.0, lc.start_time, lc.end_time, days]
    for k, (a, b) in enumerate(zip(cuts[:-1], cuts[1:])):
        t_eval = t_all[(t_all >= a) & (t_all <= b)] if k == 0 else t_all[(t_all > a) & (t_all <= b)]
        mid = 0.5 * (a + b)  # the load case switches on t; hold each segment's own input
        sol = solve_ivp(lambda t, z: model.bone_cell_population_model(z, mid), (a, b), x,
                        rtol=1e-8, atol=1e-8, t_eval=t_eval, dense_output=False)
        out.append(sol.y)
        x = sol.y[:, -1] if t_eval[-1] == b else x
    return np.hstack(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=11)
    args = ap.parse_args()

    import os
    from dataclasses import replace

    from bonegui.model import kernel
    from bonegui.model.simulate import STEP_CONSTANTS, X_REF, Simulator, _setup, hormone_levels

    print(f"kernel: {kernel.warm_up()}; load average {os.getloadavg()[0]:.2f}")
    scn = scenario_30y()
    times, res = timed(lambda: simulate(scn), args.repeat)
    print(f"scenario: {scn.title}; {len(res)} daily rows")
    print(f"scenario_30y_ms min={min(times):.1f} median={statistics.median(times):.1f} max={max(times):.1f}")

    # the bone loop alone, both kernels on the same inputs
    st = _setup(scn, 1.0, hormone_levels)
    n = len(st.t_days) - 1
    fast, _ = timed(lambda: bone.step_cells(st.state0, st.lists, 0, n, 1.0, STEP_CONSTANTS, X_REF), args.repeat)
    slow, _ = timed(lambda: bone.step_cells(st.state0, st.lists, 0, n, 1.0, STEP_CONSTANTS, X_REF, python=True),
                    max(3, args.repeat // 3))
    speedup = statistics.median(slow) / statistics.median(fast)
    print(f"bone loop ms: numba median={statistics.median(fast):.2f}, python median={statistics.median(slow):.1f}")

    # incremental: a block starting at year 15 moved by a month back and forth
    base = scn.with_therapy(1, start_years=15.0, stop_years=20.0)
    sim = Simulator()
    sim.simulate(base)
    edits = [base.with_therapy(1, start_years=15.0 + (k % 2) / 12.0, stop_years=20.0 + (k % 2) / 12.0)
             for k in range(1, args.repeat + 2)]
    inc = []
    for e in edits:
        t0 = time.perf_counter()
        sim.simulate(e)
        inc.append((time.perf_counter() - t0) * 1e3)
    rows = sim.last_rows_simulated
    assert sim.simulate(edits[-1]).equals(simulate(edits[-1]))
    print(f"incremental edit ms min={min(inc):.2f} median={statistics.median(inc):.2f} max={max(inc):.2f}; "
          f"rows re-simulated {rows} of {len(res)}")
    extra = [f"scenario_30y_median_ms={statistics.median(times):.1f}", f"speedup_vs_python_kernel={speedup:.0f}",
             f"incremental_edit_median_ms={statistics.median(inc):.2f}"]

    ours_t, ours = timed(lambda: bone.run_core(DAYS_30Y, *PTH_CASE), args.repeat)
    ours_y = np.vstack([ours["obp_pm"], ours["oba_pm"], ours["oca_pm"]])
    try:
        bm_t, bm_y = timed(lambda: bone_models_core(DAYS_30Y), max(3, args.repeat // 3))
    except ImportError:
        print("bone_models not installed (pip install bonegui[bench]); no ratio")
        print("\n".join(extra))
        return
    rel = float(np.max(np.abs(ours_y / bm_y - 1.0)))
    print(f"core_30y_ms ours median={statistics.median(ours_t):.1f}  bone_models median={statistics.median(bm_t):.1f}")
    print(f"core_30y_max_rel_state_difference={rel:.2e} (required <= 1e-4): {'OK' if rel <= 1e-4 else 'MISMATCH'}")
    print("\n".join(extra))
    print(f"core_30y_ratio_vs_bone_models={statistics.median(bm_t) / statistics.median(ours_t):.1f}")


if __name__ == "__main__":
    main()
