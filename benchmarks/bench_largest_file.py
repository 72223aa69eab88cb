"""The largest scenario file the format allows (docs/scenario-format.md, "Limits"): how long it
takes to load, to run the endocrine layer and to simulate. A benchmark, not a test.

The file: span 60 years, MAX_THERAPIES courses of the two most expensive agents
(MAX_COURSES_PER_AGENT each), MAX_ACTIVITY_SEGMENTS activity segments, all four hormone
overrides with MAX_KEYFRAMES keyframes each, and MAX_PINNED pinned runs that are copies of it.
Also: the cost of gonadorelin's desensitisation against its number of courses (linear since
issue 14; it was quadratic).

    python benchmarks/bench_largest_file.py [--repeat 3]

Last lines::

    largest_file_bytes=B load_ms=L
    largest_endocrine_ms=E largest_simulate_ms=S   (budget: simulate < 1000)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bonegui.catalogue import catalogue
from bonegui.model.endocrine import hormone_levels
from bonegui.model.pharmacology import pituitary_desensitisation
from bonegui.model.simulate import simulate, time_grid_days
from bonegui.scenario import (
    HORMONES,
    ActivitySegment,
    Keyframe,
    Patient,
    PinnedRun,
    Scenario,
    Therapy,
    load_document,
    save_scenario,
)
from bonegui.scenario.model import (
    MAX_ACTIVITY_SEGMENTS,
    MAX_COURSES_PER_AGENT,
    MAX_KEYFRAMES,
    MAX_PINNED,
    MAX_THERAPIES,
    SPAN_RANGE_YEARS,
)

SPAN = SPAN_RANGE_YEARS[1]
AGE = 110.0 - SPAN  # the oldest start that allows the longest span


def _courses(agent_id: str, n: int, offset: float = 0.0) -> list[Therapy]:
    a = catalogue()[agent_id]
    out = []
    for k in range(n):
        start = SPAN * (k + offset) / n
        out.append(Therapy(a.id, a.usual_dose, a.dose_unit, a.routes[0], a.interval_min_days,
                           start, min(SPAN, start + SPAN / n * 0.8)))
    return out


def _best_of(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _endocrine_ms(s: Scenario, repeat: int) -> float:
    t = time_grid_days(s)
    return 1000 * _best_of(lambda: hormone_levels(s, t), repeat)


def costliest_agents(repeat: int) -> list[str]:
    base = Scenario(patient=Patient(sex="male", age_years=AGE), span_years=SPAN)
    cost = {}
    for agent_id in catalogue():
        s = Scenario(patient=base.patient, therapies=tuple(_courses(agent_id, MAX_COURSES_PER_AGENT)), span_years=SPAN)
        cost[agent_id] = _endocrine_ms(s, repeat)
    for agent_id, ms in sorted(cost.items(), key=lambda kv: -kv[1]):
        print(f"endocrine, {MAX_COURSES_PER_AGENT} courses of {agent_id:30s} {ms:7.1f} ms")
    return sorted(cost, key=lambda a: -cost[a])[:2]


def largest_scenario(agents: list[str]) -> Scenario:
    per = MAX_THERAPIES // len(agents)
    ths = [th for i, a in enumerate(agents) for th in _courses(a, min(per, MAX_COURSES_PER_AGENT), offset=0.1 * i)]
    levels = ("bed_rest", "sedentary", "active", "high_intensity")
    act = tuple(ActivitySegment(SPAN * i / MAX_ACTIVITY_SEGMENTS, levels[i % 4]) for i in range(MAX_ACTIVITY_SEGMENTS))
    s = Scenario(title="largest allowed file", patient=Patient(sex="male", age_years=AGE), therapies=tuple(ths),
                 activity=act, span_years=SPAN)
    for h, spec in HORMONES.items():
        kfs = tuple(Keyframe(SPAN * j / (MAX_KEYFRAMES - 1), spec.max_level * (0.2 + 0.1 * (j % 5))) for j in range(MAX_KEYFRAMES))
        s = s.with_override(h, kfs)
    return s


def gonadorelin_scaling(repeat: int) -> None:
    t = np.arange(0.0, SPAN * 365.25 + 1.0)
    for n in (50, 500, 5000):
        ths = _courses("gonadorelin", n)
        ms = 1000 * _best_of(lambda: pituitary_desensitisation(ths, t), repeat)
        print(f"gonadorelin desensitisation, {n:5d} courses, 60 y daily grid: {ms:7.1f} ms")


def therapy_scaling(agents: list[str], repeat: int) -> None:
    """Endocrine cost per course stays flat as courses are added (linear in therapies)."""
    for n in (10, 20, 50, 100):
        per = n // len(agents)
        ths = tuple(th for i, a in enumerate(agents) for th in _courses(a, per, offset=0.1 * i))
        s = Scenario(patient=Patient(sex="male", age_years=AGE), therapies=ths, span_years=SPAN)
        ms = _endocrine_ms(s, repeat)
        print(f"endocrine, {len(ths):3d} courses: {ms:6.1f} ms ({ms / len(ths):.2f} ms per course)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    gonadorelin_scaling(args.repeat)
    agents = costliest_agents(args.repeat)
    therapy_scaling(agents, args.repeat)
    s = largest_scenario(agents)
    pins = tuple(PinnedRun(f"copy {i}", s) for i in range(MAX_PINNED))
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "largest.bonelab.json"
        save_scenario(path, s, pins)
        size = os.path.getsize(path)
        load_ms = 1000 * _best_of(lambda: load_document(path), args.repeat)
        assert load_document(path) == (s, pins)
    endo_ms = _endocrine_ms(s, args.repeat)
    sim_ms = 1000 * _best_of(lambda: simulate(s), args.repeat)
    r = simulate(s)
    assert all(np.isfinite(r[k]).all() for k in r.names)
    print(f"largest file: {len(s.therapies)} therapies ({', '.join(agents)}), {len(s.activity)} segments, "
          f"{len(s.overrides)} x {MAX_KEYFRAMES} keyframes, {len(pins)} pinned copies, span {SPAN:g} y")
    print(f"each pinned run is one more simulate on load: {MAX_PINNED} x {sim_ms:.0f} ms in the background")
    print(f"largest_file_bytes={size} load_ms={load_ms:.0f}")
    print(f"largest_endocrine_ms={endo_ms:.0f} largest_simulate_ms={sim_ms:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
