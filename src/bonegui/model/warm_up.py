"""Compile every compiled loop of the model before a run needs it (numba, cached on disk).

numba compiles a loop at its first call: ~8 s for all of them on a cold cache on the team's
2-core machine (the first launch after installing), ~1 s to load them from the cache later.
``warm_up()`` pays it at once, by running two short scenarios that reach every loop; the
window does it in a background thread and simulates uncompiled meanwhile
(app/simulation/warm_up.py).
"""

from __future__ import annotations

from bonegui.model import kernel
from bonegui.scenario import Patient, Scenario, Therapy


def warm_up_scenarios() -> tuple[Scenario, ...]:
    """Short runs that reach every compiled loop: a man's lagged HPG loop under testosterone
    and an aromatase inhibitor (the HPG solve, the lags), a woman's cycling estradiol
    with oral estradiol's estrone (the pointwise passes' every branch)."""
    man = Scenario(patient=Patient(sex="male", age_years=55.0),
                   therapies=(Therapy("testosterone_cypionate", 100.0, "mg", "IM", 7.0, 0.0, 0.2),
                              Therapy("anastrozole", 0.5, "mg", "oral", 3.5, 0.0, 0.2)), span_years=0.25)
    woman = Scenario(patient=Patient(sex="female", age_years=49.0, menopause="natural", final_period_age_years=51.0),
                     therapies=(Therapy("estradiol_oral", 1.0, "mg", "oral", 1.0, 0.0, 0.2),), span_years=0.25)
    return man, woman


def warm_up() -> str:
    """Compile (or load from numba's cache) every compiled loop now, in this thread. Returns
    the kernel name: "numba", or "python" where numba is missing (nothing to do)."""
    name = kernel.warm_up()
    if name == "numba":
        from bonegui.model.simulate import simulate

        for s in warm_up_scenarios():
            simulate(s)
    return name
