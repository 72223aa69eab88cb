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
from bonegui.model import bone, drive_kernel, kernel, modulators, outputs_kernel, tissue
from bonegui.model import memo as memo_module
from bonegui.model.loading import age_loading_factor, loading_series
from bonegui.model.modulators import (
    androgen_receptor_effect,
    estradiol_effects,
    estradiol_signal,
    igf1_effects,
    pth_age_scale,
)
from bonegui.model.parameters import TISSUE
from bonegui.model.result import SERIES_UNITS, Result
from bonegui.scenario import ActivitySegment, Scenario, check_scenario

HISTORY_STEP_DAYS = 5.0  # coarse steps for the history run (smooth physiology only)
HORMONE_NAMES = ("estradiol_pg_ml", "testosterone_ng_dl", "igf1_ng_ml", "progesterone_ng_ml", "lh_rel", "gh_rel")



def step_constants() -> bone.StepConstants:
    """The loop constants from the parameter tables (read at call time, so a calibration that
    swaps a table value is picked up)."""
    m, r = modulators.MODULATION, tissue.REMODELLING
    return bone.StepConstants(
        spine_k_per_day=tissue.site_turnover_per_day("spine"),
        hip_k_per_day=tissue.site_turnover_per_day("hip"),
        refill_delay_days=r.refill_delay,
        overfill_max=r.overfill_max,
        hip_space_share=r.hip_space_share,
        mech_overload_slope=m.mech_overload_slope,
        mech_overload_cap=m.mech_overload_cap,
        mech_disuse_rankl=m.mech_disuse_rankl,
        mech_disuse_formation_exponent=m.mech_disuse_formation_exponent,
        mech_overload_rankl_exponent=m.mech_overload_rankl_exponent,
        mech_bv_exponent=m.mech_bv_exponent,
    )


STEP_CONSTANTS = step_constants()
X_REF = tuple(float(v) for v in bone.steady_state())
_SIG_REF = bone.signals(*X_REF)
#: the displayed RANKL/OPG ratio is RANKL offered by the osteoblast lineage over OPG, the pair
#: that sets free RANKL and so osteoclastogenesis (bone.Signals.rankl_available_pm)
RANKL_OPG_REF = float(_SIG_REF.rankl_available_pm / _SIG_REF.opg_pm)


def time_grid_days(scenario: Scenario, step_days: float = 1.0) -> np.ndarray:
    n = int(np.floor(scenario.span_years * DAYS_PER_YEAR / step_days + 1e-9)) + 1
    return np.arange(n, dtype=np.float64) * step_days


HormoneSource = Callable[[Scenario, np.ndarray], dict]


def hormone_levels(scenario: Scenario, t_days: np.ndarray, memo: dict | None = None) -> dict[str, np.ndarray]:
    """The endocrine layer's daily levels as a dict of float64 arrays (HORMONE_NAMES).
    ``memo``: endocrine.hormone_levels' (a Simulator keeps one)."""
    from bonegui.model.endocrine import hormone_levels as _levels

    h = _levels(scenario, t_days, memo)
    out = {k: np.asarray(getattr(h, k), dtype=np.float64) for k in HORMONE_NAMES}
    for k in ESTRADIOL_TIMING:
        if getattr(h, k) is not None:
            out[k] = np.asarray(getattr(h, k), dtype=np.float64)
    return out


#: optional endocrine series for bone (endocrine.HormoneLevels): how estradiol is delivered over
#: time, and the IGF-1 bone sees; without them bone sees the serum means as steady
ESTRADIOL_TIMING = ("ovarian_cycling", "estradiol_acyclic_pg_ml", "igf1_skeletal_ng_ml", "estrone_as_e2_pg_ml")


def build_drive(hormones: dict[str, np.ndarray], loading_rel: np.ndarray, age_years=None, m=None) -> bone.Drive:
    """Multipliers on the core's rates from hormone levels, loading and age (``age_years`` None:
    no age-dependent PTH term, e.g. for fed-in hormone experiments at a fixed age). Arrays may
    carry a leading patient axis (the virtual cohort); ``m`` replaces the modulation constants
    (the cohort gives each person their own skeletal estrogen sensitivity)."""
    e1 = hormones.get("estrone_as_e2_pg_ml", 0.0)  # oral estradiol's estrone acts on bone too
    acyclic = hormones.get("estradiol_acyclic_pg_ml")
    signal = estradiol_signal(hormones["estradiol_pg_ml"] + e1, hormones.get("ovarian_cycling"),
                              None if acyclic is None else acyclic + e1, m)
    e2 = estradiol_effects(hormones["estradiol_pg_ml"], m, signal=signal)
    igf = igf1_effects(hormones.get("igf1_skeletal_ng_ml", hormones["igf1_ng_ml"]), m)
    ar = androgen_receptor_effect(hormones["testosterone_ng_dl"], m)
    shape = np.broadcast_shapes(np.shape(loading_rel), np.shape(signal), np.shape(ar))
    ones = np.ones(shape)
    loading = np.asarray(loading_rel, dtype=np.float64) * ones
    pth = ones if age_years is None else pth_age_scale(age_years, signal, m) * ones
    return bone.Drive(
        f_obu=igf.f_obu * ar * ones,
        f_rankl=e2.f_rankl * igf.f_rankl * ones,
        f_opg=e2.f_opg * ones,
        f_oc_apoptosis=e2.f_oc_apoptosis * ones,
        f_ob_apoptosis=e2.f_ob_apoptosis * ones,
        f_apposition=igf.f_apposition * ones,
        pth_scale=pth,
        loading_rel=loading,
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


_HISTORY_CACHE: dict = {}
_HISTORY_CACHE_SIZE = 64


def _model_token() -> tuple:
    """Everything a history depends on besides the patient: the parameter tables as they are now
    (so a calibration that swaps a table never reads a stale history)."""
    from bonegui.model import endocrine_params, loading

    return (modulators.MODULATION, tissue.TISSUE, tissue.REMODELLING, tuple(loading.ACTIVITY_STIMULUS.items()),
            tuple(endocrine_params.table().items()))


def initial_state(scenario: Scenario, levels: HormoneSource = hormone_levels) -> bone.LoopState:
    """Loop state at the scenario start, from the patient's history (see module docstring).
    Histories are cached by patient (a drag never changes the patient)."""
    hist, _settle = history_scenario(scenario)
    key = (hist.patient, hist.span_years, levels, _model_token())
    hit = _HISTORY_CACHE.get(key)
    if hit is None:
        hit = _initial_state(scenario, levels)
        if len(_HISTORY_CACHE) >= _HISTORY_CACHE_SIZE:
            _HISTORY_CACHE.pop(next(iter(_HISTORY_CACHE)))
        _HISTORY_CACHE[key] = hit
    return hit


def _initial_state(scenario: Scenario, levels: HormoneSource) -> bone.LoopState:
    c = step_constants()
    start = bone.reference_state(X_REF, c)
    hist, settle = history_scenario(scenario)
    span_days = hist.span_years * DAYS_PER_YEAR
    n = max(1, int(math.ceil(span_days / HISTORY_STEP_DAYS)))
    h = span_days / n
    t = np.arange(n + 1, dtype=np.float64) * h
    if settle:  # hold the start day's hormones and loading
        first = levels(hist, t[:1])
        hormones = {k: np.full_like(t, np.asarray(v, dtype=np.float64)[0]) for k, v in first.items()}
        loading = np.full_like(t, float(age_loading_factor(hist.patient.age_years)))
        age = np.full_like(t, hist.patient.age_years)
    else:
        hormones = levels(hist, t)
        age = hist.patient.age_years + t / DAYS_PER_YEAR
        loading = age_loading_factor(age)
    _drive, coeffs = drive_and_coefficients(hormones, loading, age, c)
    state, _ = bone.step_cells(start, coeffs, 0, n, h, c, X_REF)
    return state._replace(log_bv_spine=0.0, log_bv_hip=0.0) if settle else state


class _Setup(NamedTuple):
    t_days: np.ndarray  # internal grid
    m: int  # internal steps per output step
    h: float
    hormones: dict
    drive: bone.Drive
    lists: np.ndarray
    state0: bone.LoopState
    peak_bmd: dict
    constants: bone.StepConstants
    loading: np.ndarray  # loading_rel on the grid (also drive.loading_rel)
    model: tuple  # _model_token() when it was made: a swapped parameter table makes it stale
    #: first grid point whose inputs differ from the setup it continued (None: identical;
    #: 0 for a setup made from scratch)
    first_difference: int | None = 0


def drive_and_coefficients(hormones: dict[str, np.ndarray], loading: np.ndarray, age: np.ndarray | None,
                           c: bone.StepConstants, start: int = 0,
                           last: tuple[bone.Drive, np.ndarray] | None = None) -> tuple[bone.Drive, np.ndarray]:
    """``build_drive`` and ``bone.step_coefficients`` for one patient on a grid. Compiled, in one
    pass (drive_kernel); then ``last`` (the drive and coefficients of a run whose inputs were the
    same before grid point ``start``) keeps its values before ``start`` and the rest is
    computed again. Without numba, the numpy form, whole."""
    fill = drive_kernel.compiled()
    if fill is None or np.ndim(loading) != 1:
        drive = build_drive(hormones, loading, age)
        return drive, bone.step_coefficients(drive, c)
    n = len(loading)
    if last is None or start == 0:
        start, rows, coeffs = 0, np.empty((len(bone.Drive._fields), n)), np.empty((len(kernel.COEFFS), n - 1))
    else:
        rows, coeffs = np.array(last[0]), last[1].copy()
    zeros = np.zeros(n)

    def series(name, default):
        v = hormones.get(name)
        return default if v is None else np.ascontiguousarray(v, dtype=np.float64)

    e2 = series("estradiol_pg_ml", zeros)
    drive_kernel.run(fill, e2, series("estrone_as_e2_pg_ml", zeros), series("ovarian_cycling", zeros),
                     series("estradiol_acyclic_pg_ml", e2), series("igf1_skeletal_ng_ml", series("igf1_ng_ml", zeros)),
                     series("testosterone_ng_dl", zeros), np.ascontiguousarray(loading, dtype=np.float64),
                     zeros if age is None else np.ascontiguousarray(age, dtype=np.float64),
                     drive_kernel.constants(modulators.MODULATION, c, bone.PIVONKA, age is not None), start,
                     tuple(rows), tuple(coeffs))
    return bone.Drive(*rows), coeffs


def _first_difference(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> int | None:
    """First index where any series of ``a`` differs from ``b``'s (None: all equal)."""
    if set(a) != set(b):
        return 0
    return memo_module.first_difference(a.values(), (b[k] for k in a))


def _loading(scenario: Scenario, t: np.ndarray, memo: dict | None) -> np.ndarray:
    """loading_series, kept in ``memo`` while the patient, the activity lane and the grid stay."""
    key = (scenario.patient, scenario.activity, len(t), float(t[-1]), modulators.MODULATION)
    return memo_module.kept(memo, "loading", key, lambda: loading_series(scenario, t))


def _setup(scenario: Scenario, step_days: float, levels: HormoneSource, state0: bone.LoopState | None = None,
           memo: dict | None = None, last: "_Setup | None" = None) -> _Setup:
    """Everything a run needs before its bone loop. ``last``: the setup of the previous run of
    the same patient on the same grid; the drive is then computed only from the first grid
    point whose inputs differ (``first_difference``)."""
    check_scenario(scenario)
    if not (isinstance(step_days, (int, float)) and math.isfinite(step_days) and 0.01 <= step_days <= DAYS_PER_YEAR):
        raise ValueError(f"step_days: {step_days!r} is outside 0.01-365.25 days")
    m = max(1, int(math.ceil(step_days - 1e-9)))
    h = step_days / m
    t_out = time_grid_days(scenario, step_days)
    t = np.arange((len(t_out) - 1) * m + 1, dtype=np.float64) * h
    hormones = levels(scenario, t) if memo is None else levels(scenario, t, memo)
    loading = _loading(scenario, t, memo)
    state0 = initial_state(scenario, levels) if state0 is None else state0
    c = step_constants()
    token = _model_token()
    j = 0
    if last is not None and last.t_days.shape == t.shape and last.h == h and last.constants == c \
            and last.model == token:
        j = _first_difference({**hormones, "loading": loading}, {**last.hormones, "loading": last.loading})
    if j is None:
        drive, coeffs = last.drive, last.lists
    else:
        drive, coeffs = drive_and_coefficients(hormones, loading, scenario.patient.age_years + t / DAYS_PER_YEAR, c,
                                               j, None if j == 0 else (last.drive, last.lists))
    sex = scenario.patient.sex
    peak = {}
    for site, log_bv in (("spine", state0.log_bv_spine), ("hip", state0.log_bv_hip)):
        if scenario.patient.baseline_tscore is None:
            peak[site] = tissue.BMD_REFERENCE[(site, sex)].mean_g_cm2
        else:
            peak[site] = tissue.bmd_from_tscore(scenario.patient.baseline_tscore, site, sex) / math.exp(log_bv)
    return _Setup(t, m, h, hormones, drive, coeffs, state0, peak, c, loading, token, j)


def _rows(scenario: Scenario, s: _Setup, idx: np.ndarray, states: tuple[np.ndarray, ...]) -> Result:
    """Result rows for internal-grid indices ``idx`` given loop states at those points."""
    obp, oba, oca, _c1, cavity_2, lbs, lbh = states
    fill = outputs_kernel.compiled()
    if fill is not None and np.ndim(s.drive.loading_rel) == 1:
        return _rows_compiled(fill, scenario, s, idx, states)
    d = bone.Drive(*(a[idx] for a in s.drive))
    _psi, p_mech, f_mech = bone.mechanostat(d.loading_rel, lbs, s.constants)
    sig = bone.signals(obp, oba, oca, pth_scale=d.pth_scale, f_rankl=d.f_rankl * f_mech, f_opg=d.f_opg, p_rankl_mech=p_mech)
    formation = d.f_apposition * (2.0 / s.constants.refill_delay_days) * cavity_2  # bone laid down now, rel. to ref
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
        "rankl_opg_ratio": sig.rankl_available_pm / sig.opg_pm / RANKL_OPG_REF,
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


def _rows_compiled(fill, scenario: Scenario, s: _Setup, idx: np.ndarray, states: tuple[np.ndarray, ...]) -> Result:
    """_rows by outputs_kernel (one compiled pass; ``idx`` is a regular run of grid points)."""
    obp, oba, oca, _c1, cavity_2, lbs, lbh = (np.ascontiguousarray(a, dtype=np.float64) for a in states)
    n = len(idx)
    out = np.empty((len(outputs_kernel.OUTPUTS), n))
    if n:
        k = outputs_kernel.constants(s.constants, bone.PIVONKA, X_REF, RANKL_OPG_REF, s.peak_bmd, scenario.patient.sex)
        outputs_kernel.run(fill, obp, oba, oca, cavity_2, lbs, lbh, tuple(s.drive), int(idx[0]), s.m, k, tuple(out))
    t_years = s.t_days[idx] / DAYS_PER_YEAR
    series = {
        "t_years": t_years,
        "age_years": scenario.patient.age_years + t_years,
        **{k: s.hormones[k][idx] for k in HORMONE_NAMES},
        "loading_rel": s.drive.loading_rel[idx],
        "obp_pm": obp,
        "oba_pm": oba,
        "oca_pm": oca,
        **dict(zip(outputs_kernel.OUTPUTS, out)),
    }
    return Result({k: series[k] for k in SERIES_UNITS})


def iter_simulate(
    scenario: Scenario,
    *,
    step_days: float = 1.0,
    chunk_days: float = DAYS_PER_YEAR,
    cancelled: Callable[[], bool] | None = None,
    levels: HormoneSource = hormone_levels,
    simulator: "Simulator | None" = None,
) -> Iterator[Result]:
    """Yield consecutive row blocks of the Result; their concatenation equals simulate().
    Stops early (without error) when ``cancelled()`` returns True. ``levels`` replaces the
    endocrine layer (tests feed hormone arrays directly: ``levels(scenario, t_days) -> dict``).
    ``simulator``: a Simulator to run it (it re-simulates from the first day that differs from
    its last run; the window's live run keeps one); ``levels`` is then the Simulator's."""
    sim = Simulator(levels) if simulator is None else simulator
    yield from sim.iter_simulate(scenario, step_days=step_days, chunk_days=chunk_days, cancelled=cancelled)


def simulate(scenario: Scenario, *, step_days: float = 1.0, levels: HormoneSource = hormone_levels) -> Result:
    return Simulator(levels).simulate(scenario, step_days=step_days)


class _Run(NamedTuple):
    """What a Simulator keeps of its last complete run, to restart the next one mid-way."""

    scenario: Scenario
    step_days: float
    setup: _Setup
    states: np.ndarray  # (len(LoopState), n internal points): the loop state at every point
    result: Result


class Simulator:
    """simulate() that remembers its last run: an edit re-simulates from the first day whose
    inputs changed, starting from the loop state stored for that day, so a drag late in a long
    scenario costs a fraction of a full run. The result equals a full run bit for bit (same
    inputs, same kernel arithmetic from the same state; tests/model/test_incremental.py). The
    patient's history (25 y to the start) is also reused while the patient is unchanged.
    One Simulator per thread; it is not shared between threads."""

    def __init__(self, levels: HormoneSource = hormone_levels) -> None:
        self._levels = levels
        self._last: _Run | None = None
        #: the endocrine layer's memo (the HPG loop restarts from the first changed day); only
        #: for the model's own endocrine layer, not a stand-in ``levels``
        self._memo: dict | None = {} if levels is hormone_levels else None
        #: rows re-simulated by the last call (statistics for tests and benchmarks)
        self.last_rows_simulated = 0

    def last_result(self, scenario: Scenario) -> Result | None:
        """The Result of the last complete run if it was of ``scenario`` (this very object):
        the parts its iter_simulate yielded, joined once (the caller need not join them again)."""
        last = self._last
        return last.result if last is not None and last.scenario is scenario else None

    def simulate(self, scenario: Scenario, *, step_days: float = 1.0) -> Result:
        for _part in self.iter_simulate(scenario, step_days=step_days, chunk_days=float("inf")):
            pass
        return self._last.result  # the parts joined once, for the next run to start from

    def iter_simulate(self, scenario: Scenario, *, step_days: float = 1.0, chunk_days: float = DAYS_PER_YEAR,
                      cancelled: Callable[[], bool] | None = None) -> Iterator[Result]:
        last = self._last
        # the history depends on the patient and the parameter tables only
        reuse_history = last is not None and last.scenario.patient == scenario.patient \
            and last.setup.model == _model_token()
        s = _setup(scenario, step_days, self._levels, state0=last.setup.state0 if reuse_history else None,
                   memo=self._memo, last=last.setup if reuse_history and last.step_days == step_days else None)
        n_out = (len(s.t_days) - 1) // s.m + 1
        per = max(1, int(round(chunk_days / step_days))) if math.isfinite(chunk_days) else n_out
        r_start, state, prefix = 0, s.state0, None
        states = np.empty((len(bone.LoopState._fields), len(s.t_days)))
        if reuse_history and last.step_days == step_days and last.setup.peak_bmd == s.peak_bmd \
                and last.setup.constants == s.constants:
            j = s.first_difference
            if j is None:
                self.last_rows_simulated = 0
                self._last = last._replace(scenario=scenario)
                yield last.result
                return
            r_start = max(0, j - 1) // s.m
            if r_start > 0:
                i0 = r_start * s.m
                states[:, : i0 + 1] = last.states[:, : i0 + 1]
                state = bone.LoopState(*(float(v) for v in last.states[:, i0]))
                prefix = last.result.slice(0, r_start)
        self.last_rows_simulated = n_out - r_start
        parts = [] if prefix is None else [prefix]
        if prefix is not None:
            yield prefix
        for r0 in range(r_start, n_out, per):
            if cancelled is not None and cancelled():
                return
            r1 = min(n_out, r0 + per)
            end = r1 == n_out
            i0, i1 = r0 * s.m, (r1 - 1) * s.m if end else r1 * s.m
            state, rec = bone.step_cells(state, s.lists, i0, i1, s.h, s.constants, X_REF)
            states[:, i0:i1] = rec
            if end:
                states[:, i1] = state
            # the rows' states (the end state too in the last chunk), a copy the Result may keep
            arrays = tuple(states[:, i0 : i1 + (1 if end else 0) : s.m].copy())
            chunk = _rows(scenario, s, np.arange(r0, r1) * s.m, arrays)
            parts.append(chunk)
            yield chunk
        self._last = _Run(scenario, step_days, s, states, Result.concat(parts))


