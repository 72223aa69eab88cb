"""Patient + therapies -> hormone levels: the bone model's inputs and the hormone plot.

``hormone_levels(scenario, t_days)``: daily-grid levels (each value the mean over its day).
``fine_view(scenario, t0_days, t1_days, step_hours)``: the same model resolved within the day
(injection peaks and troughs, GH and LH pulses) for the hormone plot.
``REFERENCE_BANDS``: reference bands by life stage (premenopausal, postmenopausal, male), and
``REFERENCE_RANGES``, the young-adult band per sex, with ``REFERENCE_SOURCES``.

Physiology (women's ovary and menopause, men's ageing testis, GH decline), pharmacology
(pharmacology.py) and feedback (hpg.py, endocrine_gh.py) meet here; timeline overrides are
applied last. Constants: endocrine_params.py and the catalogue's ``pk`` entries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping

import numpy as np

from bonegui.model import endocrine_params as P
from bonegui.model.endocrine_cycle import estradiol_pattern, lh_pattern, progesterone_pattern
from bonegui.model.endocrine_gh import first_order_lag, gh_base, gh_level, gh_level_fine, igf1_steady
from bonegui.model import jit
from bonegui.model import memo as memo_module
from bonegui.model.hpg import _solve_points, female_lh, male_axis, male_estradiol
from bonegui.model.pharmacology import Exposures, exposures
from bonegui.model.units import DAYS_PER_YEAR
from bonegui.scenario.model import Patient, Scenario

#: series produced here, in the units of bonegui.model.result.SERIES_UNITS
HORMONE_SERIES = ("estradiol_pg_ml", "testosterone_ng_dl", "igf1_ng_ml", "progesterone_ng_ml", "lh_rel", "gh_rel")

#: timeline override hormone -> series
OVERRIDE_SERIES = MappingProxyType({
    "estradiol": "estradiol_pg_ml",
    "testosterone": "testosterone_ng_dl",
    "igf1": "igf1_ng_ml",
    "progesterone": "progesterone_ng_ml",
})

#: Reference bands by life stage (low, high) in the series' units: what a lab report calls the
#: reference interval for a premenopausal woman (the band spans the whole menstrual cycle), a
#: postmenopausal woman and an adult man. Display references for the plots' bands and the
#: readout's low / in range / high, not model parameters; sources in REFERENCE_BAND_SOURCES.
LIFE_STAGES = ("premenopausal", "postmenopausal", "male")
REFERENCE_BANDS: Mapping[str, Mapping[str, tuple[float, float]]] = MappingProxyType({
    "estradiol_pg_ml": MappingProxyType({"premenopausal": (30.0, 400.0), "postmenopausal": (5.0, 20.0),
                                         "male": (15.0, 40.0)}),
    "testosterone_ng_dl": MappingProxyType({"premenopausal": (15.0, 70.0), "postmenopausal": (15.0, 70.0),
                                            "male": (264.0, 916.0)}),
    "igf1_ng_ml": MappingProxyType({"premenopausal": (115.0, 360.0), "postmenopausal": (115.0, 360.0),
                                    "male": (115.0, 360.0)}),
    "progesterone_ng_ml": MappingProxyType({"premenopausal": (0.2, 20.0), "postmenopausal": (0.1, 0.5),
                                            "male": (0.1, 1.0)}),
    "lh_rel": MappingProxyType({"premenopausal": (0.4, 2.0), "postmenopausal": (0.4, 2.0), "male": (0.4, 2.0)}),
    "gh_rel": MappingProxyType({"premenopausal": (0.5, 2.0), "postmenopausal": (0.5, 2.0), "male": (0.5, 2.0)}),
})

#: The young-adult band per sex (a woman's is the premenopausal one): the readout's and the
#: tests' shorthand, read from REFERENCE_BANDS (one table).
REFERENCE_RANGES: Mapping[str, Mapping[str, tuple[float, float]]] = MappingProxyType({
    name: MappingProxyType({"female": bands["premenopausal"], "male": bands["male"]})
    for name, bands in REFERENCE_BANDS.items()
})

REFERENCE_SOURCES: Mapping[str, str] = MappingProxyType({
    "estradiol_pg_ml": "Premenopausal women: the band spans the cycle, early follicular about 30 to the "
                       "mid-cycle peak about 400 pg/mL (Stricker 2006 Clin Chem Lab Med 44:883; LC-MS/MS "
                       "phase intervals 8-780 pg/mL, Verdonk 2019 Clin Chim Acta 495:198). Postmenopausal "
                       "women: 5-20 pg/mL from peripheral aromatisation (Randolph 2011 JCEM 96:746, SWAN; "
                       "LC-MS/MS reads lower, < 7 pg/mL, Verdonk 2019). Men: 15-40 pg/mL (Khosla 1998 "
                       "JCEM 83:2266; Finkelstein 2013 NEJM 369:1011).",
    "testosterone_ng_dl": "Men 19-39 y, non-obese: 264-916 ng/dL (Travison 2017 JCEM 102:1161). Women: "
                          "15-70 ng/dL, falling with age rather than at the menopause (Davison 2005 "
                          "JCEM 90:3847).",
    "igf1_ng_ml": "About the 2.5-97.5th percentiles at 25 y (Bidlingmaier 2014 JCEM 99:1712); approximate, "
                  "assay-dependent; IGF-1 falls with age, so older adults read near or below the band.",
    "progesterone_ng_ml": "Premenopausal women: follicular < 1 to luteal ~20 ng/mL across the cycle; "
                          "postmenopausal women and men < 0.5-1 ng/mL, adrenal (Stricker 2006).",
    "lh_rel": "Relative to the young-adult mean: men 1.7-8.6 IU/L around ~4.5; women follicular ~2-12 IU/L "
              "around ~6 (approximate).",
    "gh_rel": "Daily-mean GH relative to the young-adult mean; assumed band (GH is pulsatile and varies widely).",
})


@dataclass(frozen=True)
class HormoneLevels:
    """Hormone series on the grid ``t_days`` (days from the scenario start)."""

    t_days: np.ndarray
    estradiol_pg_ml: np.ndarray
    testosterone_ng_dl: np.ndarray
    igf1_ng_ml: np.ndarray
    progesterone_ng_ml: np.ndarray
    lh_rel: np.ndarray
    gh_rel: np.ndarray
    #: share of time the ovary is cycling (1 before the menopausal transition, 0 after it and in
    #: men); the rest of the time serum estradiol is ``estradiol_acyclic_pg_ml``. The mean over
    #: both is ``estradiol_pg_ml``. Bone answers to the time course, not only the mean
    #: (modulators.estradiol_signal), so intermittent anovulation in the late transition costs
    #: bone while the mean E2 is still 60-100 pg/mL.
    ovarian_cycling: np.ndarray | None = None
    estradiol_acyclic_pg_ml: np.ndarray | None = None
    #: the GH-driven IGF-1 bone answers to: serum IGF-1 without the liver's first-pass fall under
    #: oral estrogen (bone IGF-1 is largely made in bone under GH, Yakar 2002 JCI 110:771; oral
    #: and transdermal estradiol protect bone alike although only oral lowers serum IGF-1,
    #: Weissberger 1991 JCEM 72:374)
    igf1_skeletal_ng_ml: np.ndarray | None = None
    #: estrogen action of estrone from oral estradiol, as E2 pg/mL (pharmacology; 0 otherwise)
    estrone_as_e2_pg_ml: np.ndarray | None = None
    #: the drug exposures behind these levels (the virtual cohort varies each person's response)
    exposures: Exposures | None = None

    def as_series(self) -> dict[str, np.ndarray]:
        """The six hormone series by their Result names."""
        return {name: getattr(self, name) for name in HORMONE_SERIES}


# ----------------------------------------------------------------------------- women's ovary
def _logistic_down(x: np.ndarray, scale: float) -> np.ndarray:
    return 0.5 * (1.0 - np.tanh(0.5 * x / scale))  # 1/(1+exp(x/scale)) without overflow


def ovarian_activity(p: Patient, t: np.ndarray, lead_years: float = 0.0) -> np.ndarray:
    """Ovarian estradiol output relative to premenopausal (1 -> 0 through menopause).

    natural: SWAN-shaped logistic around the final menstrual period; none: the status at the
    scenario start is kept (no menopause happens within the scenario); surgical: that status
    until the oophorectomy, then a fall within days."""
    age = p.age_years + t / DAYS_PER_YEAR
    s = P.MENOPAUSE_TRANSITION_SCALE.value
    fmp = p.final_period_age_years - lead_years
    if p.menopause == "none":
        return np.full_like(t, float(_logistic_down(np.array(p.age_years - fmp), s)))
    act = _logistic_down(age - fmp, s)
    if p.menopause == "surgical":
        t_s = p.surgery_years * DAYS_PER_YEAR
        act = np.where(t >= t_s, act * np.exp(-np.maximum(t - t_s, 0.0) / P.SURGICAL_DROP_TAU.value), act)
    return act


def _surgical_factor(p: Patient, t: np.ndarray) -> np.ndarray:
    """1 before an oophorectomy, falling to 0 within days after it (the ovary's own androgens)."""
    if p.menopause != "surgical":
        return np.ones_like(t)
    t_s = p.surgery_years * DAYS_PER_YEAR
    return np.where(t >= t_s, np.exp(-np.maximum(t - t_s, 0.0) / P.SURGICAL_DROP_TAU.value), 1.0)


def _own_course(memo: dict | None, name: str, p: Patient, t: np.ndarray, make):
    """``make()``: a series of the person's own physiology on grid ``t`` (no drugs, no
    overrides), kept in ``memo`` while the patient and the grid stay the same: an edit to a
    therapy does not compute the menopause, the Leydig decline or the GH decline again."""
    key = (p, len(t), float(t[0]) if len(t) else 0.0, float(t[-1]) if len(t) else 0.0)
    return memo_module.kept(memo, "own_course:" + name, key, make)


def _female_course(p: Patient, t: np.ndarray, age: np.ndarray):
    """(cycling share, ovarian output, luteal activity, endogenous T) of a woman without drugs."""
    cycling = ovarian_activity(p, t)
    luteal = ovarian_activity(p, t, lead_years=P.LUTEAL_LEAD.value)
    ovary = cycling
    if "hypogonadism" in p.conditions:
        ovary = ovary * P.HYPOGONADISM_FEMALE_OVARY.value
        luteal = luteal * P.HYPOGONADISM_FEMALE_OVARY.value
    androgen_age = np.exp(-P.ANDROGEN_DECLINE_FEMALE.value * np.maximum(age - 25.0, 0.0))
    share = P.T_FEMALE_OVARIAN_SHARE.value
    t_endo = P.T_FEMALE_YOUNG.value * androgen_age * ((1.0 - share) + share * _surgical_factor(p, t))
    return cycling, ovary, luteal, t_endo


def _female(p: Patient, t: np.ndarray, age: np.ndarray, ex: Exposures, cycle: bool = False, memo: dict | None = None):
    """Women's levels; ``cycle`` (fine view) resolves the menstrual cycle around its average."""
    cycling, ovary, luteal, t_endo = _own_course(memo, "female", p, t, lambda: _female_course(p, t, age))
    testosterone = t_endo + ex.testosterone_ng_dl
    keep = 1.0 - ex.aromatase_inhibition  # every estrogen is made by aromatase, ovarian too
    other_e2 = keep * (P.E2_PERIPHERAL_POSTMENOPAUSAL.value + P.AROMATASE_FEMALE_T.value * ex.testosterone_ng_dl)
    ovarian_e2 = keep * P.E2_PREMENOPAUSAL.value * ovary
    estradiol = ovarian_e2 + other_e2 + ex.estradiol_pg_ml
    luteal_p4 = P.P4_PREMENOPAUSAL.value * luteal
    # LH answers the cycle-average E2 (its negative feedback); the cycle's surge is drawn below
    lh = female_lh(estradiol, ex.gnrh_lh_drive, ex.pituitary_desensitisation)
    if cycle:
        estradiol = ovarian_e2 * estradiol_pattern(t) + other_e2 + ex.estradiol_pg_ml
        luteal_p4 = luteal_p4 * progesterone_pattern(t)
        lh = lh * (1.0 + luteal * (lh_pattern(t) - 1.0))
    progesterone = luteal_p4 + P.P4_BASAL.value + ex.progesterone_ng_ml
    return estradiol, testosterone, progesterone, lh, cycling, other_e2 + ex.estradiol_pg_ml


def _male_course(p: Patient, age: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(Leydig capacity, hypothalamic GnRH drive) of a man at these ages, relative to young."""
    years_past = np.maximum(age - P.HPG_AGE_START.value, 0.0)
    capacity = np.exp(-P.LEYDIG_DECLINE.value * years_past)
    drive = np.exp(-P.GNRH_DRIVE_DECLINE.value * years_past)
    if "hypogonadism" in p.conditions:
        capacity = capacity * P.HYPOGONADISM_LEYDIG.value
        drive = drive * P.HYPOGONADISM_DRIVE.value
    return capacity, drive


def _male(p: Patient, age: np.ndarray, ex: Exposures, dt: float, reserve: np.ndarray | None = None,
          memo: dict | None = None):
    """Men's steroids: the HPG loop with the pituitary's slow LH reserve.

    When a drug acts on the axis the reserve lags the steroid feedback by days (time constant
    PITUITARY_RESERVE_TAU) and the loop is solved day by day with it (hpg.male_axis, ``lag_a``);
    otherwise the axis changes only with age, over years, and sits at its quasi-steady state.
    ``reserve`` given (fine view): use it as is. ``memo``: see ``hormone_levels``."""
    capacity, drive = _own_course(memo, "male", p, age, lambda: _male_course(p, age))
    lag_a = None
    if reserve is None and _acts_on_axis(ex):
        lag_a = math.exp(-dt / P.PITUITARY_RESERVE_TAU.value)
    inputs = (ex.testosterone_ng_dl, ex.estradiol_pg_ml, ex.aromatase_inhibition, ex.gnrh_lh_drive,
              ex.pituitary_desensitisation)
    if memo is None or reserve is not None:
        testosterone, estradiol, lh, _, reserve = male_axis(*inputs, capacity, drive, reserve, lag_a=lag_a)
    else:
        testosterone, estradiol, lh, reserve = _male_axis_from(memo, (p, dt, float(age[0]), len(age), lag_a),
                                                               inputs, capacity, drive, lag_a)
    progesterone = P.P4_BASAL.value + ex.progesterone_ng_ml
    return estradiol, testosterone, progesterone, lh, reserve


def _male_axis_from(memo: dict, key: tuple, inputs: tuple, capacity: np.ndarray, drive: np.ndarray,
                    lag_a: float | None):
    """male_axis for a run that differs from the memo's last one from some day on: the days
    before it are kept and the loop continues from the day before it (the solver is sequential,
    so the arithmetic is that of the uninterrupted run: bit-identical)."""
    last = memo.get("male_axis")
    j = 0
    compiled = jit.compiled(_solve_points) is not None  # the uncompiled QSS solve is vectorised, not sequential
    if last is not None and last[0] == key and compiled:
        j = memo_module.first_difference(inputs, last[1])
        j = len(capacity) if j is None else j
    if j == 0:
        out = male_axis(*inputs, capacity, drive, lag_a=lag_a)
        out = (out[0], out[1], out[2], out[4])
    elif j == len(capacity):
        out = last[2]
    else:
        prev = last[2]
        tail = male_axis(*(a[j:] for a in inputs), capacity[j:], drive[j:], lag_a=lag_a,
                         before=(prev[0][j - 1], prev[3][j - 1], inputs[0][j - 1]))
        out = tuple(np.concatenate((p[:j], q)) for p, q in zip(prev, (tail[0], tail[1], tail[2], tail[4])))
    memo["male_axis_restarted_at"] = j  # statistics for tests
    if not compiled:
        memo.pop("male_axis", None)
        return out
    for a in out:
        a.flags.writeable = False  # kept for the next run: nobody may change them in place
    memo["male_axis"] = (key, inputs, out)
    return out


def _acts_on_axis(ex: Exposures) -> bool:
    return bool(ex.testosterone_ng_dl.any() or ex.estradiol_pg_ml.any() or ex.aromatase_inhibition.any()
                or ex.gnrh_lh_drive.any() or ex.pituitary_desensitisation.any())


# ----------------------------------------------------------------------------- public API
def _grid_step(t: np.ndarray) -> float:
    """The grid's step: the mean step of a uniform grid (np.median over 11,000 steps cost 0.3 ms
    a run), else the median step."""
    if len(t) < 2:
        return 1.0
    d = np.diff(t)
    lo, hi = float(d.min()), float(d.max())
    if hi - lo <= 1e-9 * abs(hi):
        return float(t[-1] - t[0]) / (len(t) - 1)
    return float(np.median(d))


def _is_uniform(t: np.ndarray, dt: float) -> bool:
    """Every step within 1e-9 + 1e-6*dt of dt (np.allclose's test, from the extreme steps)."""
    if len(t) < 3:
        return True
    d = np.diff(t)
    return bool(max(d.max() - dt, dt - d.min()) <= 1e-9 + 1e-6 * abs(dt))


def _levels(s: Scenario, t: np.ndarray, window: float, ex: Exposures | None = None,
            reserve: np.ndarray | None = None, cycle: bool = False, memo: dict | None = None) -> dict[str, np.ndarray]:
    p = s.patient
    age = p.age_years + t / DAYS_PER_YEAR
    if ex is None:
        ex = exposures(s.enabled_therapies, p.sex, t, window, memo)
    out = {}
    if p.sex == "male":
        e2, tt, p4, lh, out["pituitary_reserve"] = _male(p, age, ex, window, reserve, memo)
        cycling, acyclic = np.zeros_like(t), e2
    else:
        e2, tt, p4, lh, cycling, acyclic = _female(p, t, age, ex, cycle, memo)
    gh_def = "gh_deficiency" in p.conditions
    gh = gh_level(age, gh_def, ex.ghrh_stim, ex.ghrp_stim, base=_own_course(memo, "gh", p, t, lambda: gh_base(age, gh_def)))
    out.update({"estradiol_pg_ml": e2, "testosterone_ng_dl": tt, "progesterone_ng_ml": p4, "lh_rel": lh, "gh_rel": gh,
                "oral_estradiol_pg_ml": ex.oral_estradiol_pg_ml, "ovarian_cycling": cycling,
                "estradiol_acyclic_pg_ml": acyclic, "estrone_as_e2_pg_ml": ex.estrone_as_e2_pg_ml, "_exposures": ex})
    return out


def _igf1_daily(s: Scenario, t: np.ndarray, series: dict[str, np.ndarray], dt: float) -> np.ndarray:
    if _is_uniform(t, dt) and dt > 0:
        return first_order_lag(igf1_steady(series["gh_rel"], series["oral_estradiol_pg_ml"]), dt, P.IGF1_TAU.value)
    # irregular grid: run the lag on a daily grid and sample it
    lo = max(0.0, float(t.min()) - 10.0 * P.IGF1_TAU.value)
    grid = np.arange(lo, float(t.max()) + 1.0, 1.0)
    d = _levels(s, grid, 1.0)
    igf1 = first_order_lag(igf1_steady(d["gh_rel"], d["oral_estradiol_pg_ml"]), 1.0, P.IGF1_TAU.value)
    return np.interp(t, grid, igf1)


def _override_window(ov, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(inside mask, interpolated level) of one override on ``t``."""
    kt = np.array([k.t_years for k in ov.keyframes]) * DAYS_PER_YEAR
    kv = np.array([k.level for k in ov.keyframes], dtype=np.float64)
    return (t >= kt[0]) & (t <= kt[-1]), np.interp(t, kt, kv)


def _apply_overrides(s: Scenario, t: np.ndarray, series: dict[str, np.ndarray]) -> None:
    """Overrides replace a serum level between their first and last keyframe. What the body makes
    from that hormone follows it: a man's estradiol is mostly aromatised testosterone, so an
    overridden testosterone carries his estradiol with it (unless estradiol is overridden too).
    An overridden estradiol is steady (no ovarian cycling) for the bone model."""
    ovs = {ov.hormone: ov for ov in s.overrides if ov.keyframes and ov.hormone in OVERRIDE_SERIES}
    t_ov = ovs.get("testosterone")
    if t_ov is not None and s.patient.sex == "male" and "_exposures" in series:
        inside, level = _override_window(t_ov, t)
        ex = series["_exposures"]
        e2 = male_estradiol(level, ex.aromatase_inhibition, ex.estradiol_pg_ml)
        series["estradiol_pg_ml"] = np.where(inside, e2, series["estradiol_pg_ml"])
        series["estradiol_acyclic_pg_ml"] = np.where(inside, e2, series["estradiol_acyclic_pg_ml"])
    for hormone, ov in ovs.items():
        name = OVERRIDE_SERIES[hormone]
        inside, level = _override_window(ov, t)
        if inside.any():
            series[name] = np.where(inside, level, series[name])
            if hormone == "igf1":
                series["igf1_skeletal_ng_ml"] = series[name]
            if hormone == "estradiol":
                series["ovarian_cycling"] = np.where(inside, 0.0, series["ovarian_cycling"])
                series["estrone_as_e2_pg_ml"] = np.where(inside, 0.0, series["estrone_as_e2_pg_ml"])
                series["estradiol_acyclic_pg_ml"] = np.where(inside, level, series["estradiol_acyclic_pg_ml"])


def _finish(s: Scenario, t: np.ndarray, series: dict[str, np.ndarray]) -> HormoneLevels:
    series = dict(series)
    _apply_overrides(s, t, series)
    extra = {k: np.ascontiguousarray(series[k], dtype=np.float64)
             for k in ("ovarian_cycling", "estradiol_acyclic_pg_ml", "igf1_skeletal_ng_ml", "estrone_as_e2_pg_ml")
             if k in series}
    return HormoneLevels(t_days=t, **{k: np.ascontiguousarray(series[k], dtype=np.float64) for k in HORMONE_SERIES},
                         **extra, exposures=series.get("_exposures"))


def hormone_levels(scenario: Scenario, t_days: np.ndarray, memo: dict | None = None) -> HormoneLevels:
    """Hormone levels on ``t_days`` (days from the scenario start; normally the daily grid, each
    value then being the mean over its step). Enabled therapies act between their start and stop;
    timeline overrides replace a hormone between their first and last keyframe.

    Slow states (IGF-1, the pituitary's LH reserve) start at steady state at ``t_days[0]`` and are
    integrated along the grid, so pass the whole uniform grid from 0, not isolated times.

    ``memo``: a dict the caller keeps between calls (``simulate.Simulator`` does); the men's HPG
    loop then continues the last call's solution from the first day its inputs differ instead
    of solving the whole span again (same numbers, bit for bit)."""
    t = np.asarray(t_days, dtype=np.float64)
    if t.size == 0:
        return HormoneLevels(t, *(np.zeros(0) for _ in HORMONE_SERIES))
    if memo is not None:
        token = tuple(P.table().items())  # a swapped constant makes everything kept stale
        if memo.get("endocrine_constants") != token:
            memo.clear()
            memo["endocrine_constants"] = token
    dt = _grid_step(t)
    series = _levels(scenario, t, dt, memo=memo)
    series["igf1_ng_ml"] = _igf1_daily(scenario, t, series, dt)
    if np.any(series["oral_estradiol_pg_ml"]):
        series["igf1_skeletal_ng_ml"] = _igf1_daily(scenario, t, {**series, "oral_estradiol_pg_ml": np.zeros_like(t)}, dt)
    else:
        series["igf1_skeletal_ng_ml"] = series["igf1_ng_ml"]
    return _finish(scenario, t, series)


# ----------------------------------------------------------------------------- fine view
#: endogenous GH pulses: (hour of day, relative size); the largest follows sleep onset
GH_PULSES = ((23.5, 3.0), (2.5, 1.5), (6.0, 0.8), (10.5, 0.8), (14.5, 0.8), (18.5, 0.8))
GH_PULSE_SD_H = 0.6  # assumed pulse width (GH half-life ~15-20 min, secretory bursts ~1 h)
GH_TROUGH = 0.2  # share of daily GH that is interpulse (trough) secretion; assumed


def gh_pulse_pattern(t_days: np.ndarray) -> np.ndarray:
    """Endogenous GH pulsatility with daily mean 1 (for the fine view only)."""
    hour = (np.asarray(t_days) % 1.0) * 24.0
    total = sum(w for _, w in GH_PULSES)
    shape = np.zeros_like(hour)
    for h0, w in GH_PULSES:
        d = (hour - h0 + 12.0) % 24.0 - 12.0
        shape += w / total * np.exp(-0.5 * (d / GH_PULSE_SD_H) ** 2) / (GH_PULSE_SD_H * np.sqrt(2 * np.pi)) * 24.0
    return GH_TROUGH + (1.0 - GH_TROUGH) * shape


def fine_view(scenario: Scenario, t0_days: float, t1_days: float, step_hours: float = 1.0) -> HormoneLevels:
    """Levels from t0 to t1 (days) every ``step_hours``, resolving injection peaks and troughs,
    GH / LH pulses and, before menopause, the menstrual cycle (endocrine_cycle.py). Each value is
    the mean over its step. IGF-1 (hours-to-days kinetics) comes from the daily model."""
    if not np.isfinite(t0_days) or t0_days < 0.0:
        raise ValueError(f"fine_view: t0_days ({t0_days}) must be >= 0 (days from the scenario start)")
    if not np.isfinite(t1_days) or t1_days <= t0_days:
        raise ValueError(f"fine_view: t1_days ({t1_days}) must be after t0_days ({t0_days})")
    if not (0.05 <= step_hours <= 24.0):
        raise ValueError(f"fine_view: step_hours {step_hours} is outside 0.05-24")
    step = step_hours / 24.0
    t = np.arange(t0_days, t1_days + 1e-9, step, dtype=np.float64)
    p = scenario.patient
    ex = exposures(scenario.enabled_therapies, p.sex, t, step)
    gnrh_fast = ex.gnrh_lh_drive
    gonadorelin = tuple(th for th in scenario.enabled_therapies if th.agent == "gonadorelin")
    if gonadorelin:
        # the testes answer an LH spike over hours: steroids see the GnRH-driven LH through a lag,
        # the LH trace shows each spike
        day_mean = exposures(gonadorelin, p.sex, t[:1], 1.0).gnrh_lh_drive[0]
        smooth = first_order_lag(gnrh_fast, step, P.LEYDIG_RESPONSE_TAU.value, y0=day_mean)
        ex = replace(ex, gnrh_lh_drive=smooth)
    # slow states (IGF-1, the pituitary's LH reserve) come from the daily model with its history
    lo = max(0.0, float(np.floor(t0_days)) - 10.0 * max(P.IGF1_TAU.value, P.PITUITARY_RESERVE_TAU.value))
    grid = np.arange(lo, np.ceil(t1_days) + 2.0, 1.0)
    daily = _levels(scenario, grid, 1.0)
    reserve = np.interp(t, grid, daily["pituitary_reserve"]) if "pituitary_reserve" in daily else None
    series = _levels(scenario, t, step, ex, reserve, cycle=True)
    series["lh_rel"] = series["lh_rel"] + (1.0 - ex.pituitary_desensitisation) * (gnrh_fast - ex.gnrh_lh_drive)
    # GH: the endogenous pulse pattern (window means over each step) with the drugs' pulses on top
    sub = (np.arange(4) + 0.5) / 4.0 - 0.5
    pattern = gh_pulse_pattern((t[:, None] + step * sub[None, :]).ravel()).reshape(len(t), 4).mean(axis=1)
    series["gh_rel"] = gh_level_fine(p.age_years + t / DAYS_PER_YEAR, "gh_deficiency" in p.conditions,
                                     ex.ghrh_stim - ex.ghrh_pulse_stim, ex.ghrh_pulse_stim + ex.ghrp_stim, pattern)
    igf1_daily = first_order_lag(igf1_steady(daily["gh_rel"], daily["oral_estradiol_pg_ml"]), 1.0, P.IGF1_TAU.value)
    series["igf1_ng_ml"] = np.interp(t, grid, igf1_daily)
    return _finish(scenario, t, series)
