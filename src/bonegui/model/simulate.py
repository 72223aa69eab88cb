"""simulate(scenario) -> Result, and iter_simulate(...) that yields it in chunks.

Pipeline: validate -> endocrine layer (daily hormone levels, overrides applied) -> loading series
-> modulators -> bone-cell core + tissue loop -> markers, BMD, T-scores.

The start state is the patient's own history: the same model is run (coarse steps, physiology
only: no therapies or overrides, habitual loading) from the young-adult peak at 25 y to the
start age, so a 70-year-old woman starts with her post-menopausal cell state, her mechanostat
already adapted to the bone she has lost, and an age-typical BMD. A given baseline T-score only
rescales the absolute BMD (the person's own peak), not the history.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Callable, Iterator, NamedTuple

import numpy as np

from bonegui.model.units import DAYS_PER_YEAR
from bonegui.model import bone, tissue
from bonegui.model.loading import age_loading_factor, loading_series
from bonegui.model.modulators import (
    androgen_receptor_effect,
    estradiol_effects,
    igf1_effects,
)
from bonegui.model.parameters import MODULATION, TISSUE
from bonegui.model.result import SERIES_UNITS, Result
from bonegui.scenario import ActivitySegment, Scenario, check_scenario

HISTORY_STEP_DAYS = 5.0  # coarse steps for the history run (smooth physiology only)
HORMONE_NAMES = ("estradiol_pg_ml", "testosterone_ng_dl", "igf1_ng_ml", "progesterone_ng_ml", "lh_rel", "gh_rel")

_M = {k: c.value for k, c in MODULATION.items()}
STEP_CONSTANTS = bone.StepConstants(
    spine_k_per_day=tissue.site_turnover_per_day("spine"),
    hip_k_per_day=tissue.site_turnover_per_day("hip"),
    mineralisation_lag_days=TISSUE["mineralisation_lag"].value,
    mech_overload_slope=_M["mech_overload_slope"],
    mech_overload_cap=_M["mech_overload_cap"],
    mech_disuse_rankl=_M["mech_disuse_rankl"],
    mech_bv_exponent=_M["mech_bv_exponent"],
)
X_REF = tuple(float(v) for v in bone.steady_state())
_SIG_REF = bone.signals(*X_REF)
RANKL_OPG_REF = float(_SIG_REF.rankl_pm / _SIG_REF.opg_pm)


def time_grid_days(scenario: Scenario, step_days: float = 1.0) -> np.ndarray:
    n = int(np.floor(scenario.span_years * DAYS_PER_YEAR / step_days + 1e-9)) + 1
    return np.arange(n, dtype=np.float64) * step_days


HormoneSource = Callable[[Scenario, np.ndarray], dict]


def hormone_levels(scenario: Scenario, t_days: np.ndarray) -> dict[str, np.ndarray]:
    """The endocrine layer's daily levels as a dict of float64 arrays (HORMONE_NAMES)."""
    from bonegui.model.endocrine import hormone_levels as _levels

    h = _levels(scenario, t_days)
    return {k: np.asarray(getattr(h, k), dtype=np.float64) for k in HORMONE_NAMES}


def build_drive(hormones: dict[str, np.ndarray], loading_rel: np.ndarray) -> bone.Drive:
    e2 = estradiol_effects(hormones["estradiol_pg_ml"])
    igf = igf1_effects(hormones["igf1_ng_ml"])
    return bone.Drive(
        f_obu=igf.f_obu * androgen_receptor_effect(hormones["testosterone_ng_dl"]),
        f_ocp=igf.f_ocp,
        f_rankl=e2.f_rankl,
        f_opg=e2.f_opg,
        f_oc_apoptosis=e2.f_oc_apoptosis,
        f_ob_apoptosis=e2.f_ob_apoptosis,
        pth_scale=np.ones_like(np.asarray(loading_rel, dtype=np.float64)),
        loading_rel=np.asarray(loading_rel, dtype=np.float64),
    )


SETTLE_YEARS = 2.0  # cells settle to their own hormones in weeks; bone volume is not counted


def history_scenario(scenario: Scenario) -> tuple[Scenario, bool]:
    """The patient from the young-adult peak to the start age, physiology only. For a start
    within ``SETTLE_YEARS`` of the peak: two years at the start day's hormones instead, used only
    to settle the cells to this person's hormones (second item True: bone volume stays at peak)."""
    peak = TISSUE["peak_age"].value
    p = scenario.patient
    settle = p.age_years < peak + SETTLE_YEARS
    # A woman's past follows her natural course up to the start, whatever happens after it:
    # "none" keeps her status at the start (endocrine.ovarian_activity) and surgery is at or
    # after the start, so both have the natural history that leads to that status.
    menopause = "natural" if p.sex == "female" else "none"
    return (
        replace(
            scenario,
            patient=replace(p, age_years=p.age_years if settle else peak, menopause=menopause, baseline_tscore=None),
            therapies=(),
            overrides=(),
            activity=(ActivitySegment(0.0, p.habitual_activity),),
            span_years=SETTLE_YEARS if settle else p.age_years - peak,
        ),
        settle,
    )


def initial_state(scenario: Scenario, levels: HormoneSource = hormone_levels) -> bone.LoopState:
    """Loop state at the scenario start, from the patient's history (see module docstring)."""
    start = bone.LoopState(X_REF[0], X_REF[1], X_REF[2], 1.0, 0.0, 0.0)
    hist, settle = history_scenario(scenario)
    span_days = hist.span_years * DAYS_PER_YEAR
    n = max(1, int(math.ceil(span_days / HISTORY_STEP_DAYS)))
    h = span_days / n
    t = np.arange(n + 1, dtype=np.float64) * h
    if settle:  # hold the start day's hormones and loading
        first = levels(hist, t[:1])
        hormones = {k: np.full_like(t, np.asarray(v, dtype=np.float64)[0]) for k, v in first.items()}
        loading = np.full_like(t, float(age_loading_factor(hist.patient.age_years)))
    else:
        hormones = levels(hist, t)
        loading = age_loading_factor(hist.patient.age_years + t / DAYS_PER_YEAR)
    drive = build_drive(hormones, loading)
    state, _ = bone.step_cells(start, bone.step_coefficients(drive), 0, n, h, STEP_CONSTANTS, X_REF)
    return state._replace(log_bv_spine=0.0, log_bv_hip=0.0) if settle else state


class _Setup(NamedTuple):
    t_days: np.ndarray  # internal grid
    m: int  # internal steps per output step
    h: float
    hormones: dict
    drive: bone.Drive
    lists: tuple
    state0: bone.LoopState
    peak_bmd: dict


def _setup(scenario: Scenario, step_days: float, levels: HormoneSource) -> _Setup:
    check_scenario(scenario)
    if not (isinstance(step_days, (int, float)) and math.isfinite(step_days) and 0.01 <= step_days <= DAYS_PER_YEAR):
        raise ValueError(f"step_days: {step_days!r} is outside 0.01-365.25 days")
    m = max(1, int(math.ceil(step_days - 1e-9)))
    h = step_days / m
    t_out = time_grid_days(scenario, step_days)
    t = np.arange((len(t_out) - 1) * m + 1, dtype=np.float64) * h
    hormones = levels(scenario, t)
    drive = build_drive(hormones, loading_series(scenario, t))
    state0 = initial_state(scenario, levels)
    sex = scenario.patient.sex
    peak = {}
    for site, log_bv in (("spine", state0.log_bv_spine), ("hip", state0.log_bv_hip)):
        if scenario.patient.baseline_tscore is None:
            peak[site] = tissue.BMD_REFERENCE[(site, sex)].mean_g_cm2
        else:
            peak[site] = tissue.bmd_from_tscore(scenario.patient.baseline_tscore, site, sex) / math.exp(log_bv)
    return _Setup(t, m, h, hormones, drive, bone.step_coefficients(drive), state0, peak)


def _rows(scenario: Scenario, s: _Setup, idx: np.ndarray, states: tuple[np.ndarray, ...]) -> Result:
    """Result rows for internal-grid indices ``idx`` given loop states at those points."""
    obp, oba, oca, _flag, lbs, lbh = states
    d = bone.Drive(*(a[idx] for a in s.drive))
    _psi, _f, p_mech = bone.mechanostat(d.loading_rel, lbs, STEP_CONSTANTS)
    sig = bone.signals(obp, oba, oca, pth_scale=d.pth_scale, f_rankl=d.f_rankl, f_opg=d.f_opg, p_rankl_mech=p_mech)
    formation = oba / X_REF[1]
    resorption = oca / X_REF[2]
    bmd_spine = s.peak_bmd["spine"] * np.exp(lbs)
    bmd_hip = s.peak_bmd["hip"] * np.exp(lbh)
    t_years = s.t_days[idx] / DAYS_PER_YEAR
    sex = scenario.patient.sex
    series = {
        "t_years": t_years,
        "age_years": scenario.patient.age_years + t_years,
        **{k: s.hormones[k][idx] for k in HORMONE_NAMES},
        "loading_rel": d.loading_rel,
        "rankl_pm": sig.rankl_pm,
        "opg_pm": sig.opg_pm,
        "rankl_opg_ratio": sig.rankl_pm / sig.opg_pm / RANKL_OPG_REF,
        "obp_pm": obp,
        "oba_pm": oba,
        "oca_pm": oca,
        "formation_rel": formation,
        "resorption_rel": resorption,
        "ctx_rel": tissue.ctx_rel(resorption),
        "p1np_rel": tissue.p1np_rel(formation),
        "bmd_spine_g_cm2": bmd_spine,
        "bmd_hip_g_cm2": bmd_hip,
        "tscore_spine": tissue.tscore(bmd_spine, "spine", sex),
        "tscore_hip": tissue.tscore(bmd_hip, "hip", sex),
    }
    return Result({k: np.asarray(series[k], dtype=np.float64) for k in SERIES_UNITS})


def iter_simulate(
    scenario: Scenario,
    *,
    step_days: float = 1.0,
    chunk_days: float = DAYS_PER_YEAR,
    cancelled: Callable[[], bool] | None = None,
    levels: HormoneSource = hormone_levels,
) -> Iterator[Result]:
    """Yield consecutive row blocks of the Result; their concatenation equals simulate().
    Stops early (without error) when ``cancelled()`` returns True. ``levels`` replaces the
    endocrine layer (tests feed hormone arrays directly: ``levels(scenario, t_days) -> dict``)."""
    s = _setup(scenario, step_days, levels)
    n_out = (len(s.t_days) - 1) // s.m + 1
    per = max(1, int(round(chunk_days / step_days))) if math.isfinite(chunk_days) else n_out
    state = s.state0
    for r0 in range(0, n_out, per):
        if cancelled is not None and cancelled():
            return
        r1 = min(n_out, r0 + per)
        last = r1 == n_out
        i0, i1 = r0 * s.m, (r1 - 1) * s.m if last else r1 * s.m
        state, rec = bone.step_cells(state, s.lists, i0, i1, s.h, STEP_CONSTANTS, X_REF)
        arrays = [np.asarray(a, dtype=np.float64)[:: s.m] for a in rec]
        if last:
            arrays = [np.r_[a, v] for a, v in zip(arrays, state)]
        idx = np.arange(r0, r1) * s.m
        yield _rows(scenario, s, idx, tuple(arrays))


def simulate(scenario: Scenario, *, step_days: float = 1.0, levels: HormoneSource = hormone_levels) -> Result:
    return Result.concat(iter_simulate(scenario, step_days=step_days, chunk_days=float("inf"), levels=levels))
