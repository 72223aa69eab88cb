"""People like her: a virtual cohort around a scenario's patient, with its spread.

Every curve of ``simulate()`` is one typical person. A cohort draws N people who share the
scenario (age, sex, conditions, therapies, loading) but differ the way people are documented to
differ (``VARIATION``, each with its source): their young-adult peak BMD, their own hormone
levels, the age of their final period, how fast their skeleton answers to losing estrogen (fast
and slow losers), and how much of a drug reaches their blood. Each person is simulated with the
same model (the compiled bone loop, one person at a time, their inputs built in batches with a
patient axis); the cohort reports percentiles per output step, the share in each WHO class and
the 10-year fracture risks (``bonegui.model.fracture``).

Deterministic for a seed: the draws come from ``numpy.random.default_rng(seed)`` in a fixed
order, so the same seed gives the same file.
"""

from __future__ import annotations

import itertools
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields, replace
from types import MappingProxyType, SimpleNamespace
from typing import Callable, Iterator, Mapping

import numpy as np

from bonegui.model import bone, endocrine, kernel, modulators, tissue
from bonegui.model.endocrine import HORMONE_SERIES, ovarian_activity
from bonegui.model.hpg import male_estradiol
from bonegui.model.loading import age_loading_factor, loading_series
from bonegui.model.parameters import Constant
from bonegui.model.simulate import (
    X_REF,
    build_drive,
    history_scenario,
    step_constants,
    time_grid_days,
)
from bonegui.model.units import DAYS_PER_YEAR
from bonegui.scenario import Scenario, check_scenario


def _c(value: float, unit: str, source: str) -> Constant:
    return Constant(float(value), unit, source)


#: Between-person variation, one row per documented source of spread (log-normal factors are
#: exp(sd * z) with z standard normal, so the median person is the typical one).
VARIATION: Mapping[str, Constant] = MappingProxyType({
    "peak_tscore_sd": _c(1.0, "SD", "young-adult peak BMD: the T-score has SD 1 by definition (about 0.11-0.12 g/cm2 at the spine, Looker 2012 Osteoporos Int 23:1351; BMD_REFERENCE)"),
    "peak_site_correlation": _c(0.65, "1", "correlation of spine and hip BMD between people (r about 0.6-0.7; Melton 1993 JBMR 8:1227); assumed 0.65"),
    "final_period_age_sd": _c(4.0, "y", "age at the final menstrual period, SD about 4 y around 51 (Gold 2001 Am J Epidemiol 153:865, SWAN; McKinlay 1992 Maturitas 14:103), limited to 40-60 y"),
    "estradiol_log_sd": _c(0.45, "1 (log)", "a woman's own estradiol (ovary and peripheral aromatisation) between women, log-SD ~0.45 (postmenopausal E2 IQR ~2-fold, Randolph 2011 JCEM 96:746; Ziv-Gal 2013); also a man's aromatised E2 beyond his T (Finkelstein 2013 NEJM 369:1011)"),
    "testosterone_log_sd": _c(0.32, "1 (log)", "a person's own testosterone between people: men's 2.5-97.5th centile 264-916 ng/dL gives log-SD (ln 916 - ln 264)/3.92 = 0.32 (Travison 2017 JCEM 102:1161)"),
    "igf1_log_sd": _c(0.29, "1 (log)", "IGF-1 between people of one age: 2.5-97.5th centile 115-360 ng/mL at 25 y gives log-SD 0.29 (Bidlingmaier 2014 JCEM 99:1712)"),
    "estrogen_sensitivity_log_sd": _c(0.5, "1 (log)", "how strongly a skeleton answers to losing estrogen (fast and slow losers: SWAN's transmenopausal spine loss varies about 2-fold between women, Greendale 2012 JBMR 27:111; Sowers 2010 JCEM 95:2155): log-SD of the skeletal E2 EC50; assumed so that the model's spread of transition loss matches"),
    "muscle_loss_log_sd": _c(0.9, "1 (log)", "how fast the muscles that load the skeleton weaken with age differs between people (yearly leg-strength loss at 70-79 y has an SD about as large as its mean, Goodpaster 2006 J Gerontol A 61:1059): log-SD of the age-loading rate; assumed, with the estrogen-sensitivity spread, so that the cohort's SD of hip BMD in g/cm2 stays about as large at 70-80 y as at the peak while the mean falls, as in NHANES III (SD ~0.12-0.13 g/cm2 in every decade, Looker 1998 Osteoporos Int 8:468)"),
    "drug_response_log_sd": _c(0.4, "1 (log)", "how much of a dose reaches the blood (absorption, clearance): real-world serum estradiol on the same patch dose has an interquartile range 54-176 pg/mL (Glynne 2025), testosterone injections vary similarly; assumed log-SD 0.4 for every drug"),
})

FMP_LIMITS_YEARS = (40.0, 60.0)
#: patients per batch of inputs (2-D arrays of batch x grid points)
BATCH = 100
#: the cohort's model grid: coarser than simulate()'s daily grid (3.5 d; 10 d for the history),
#: which keeps 1,000 people x 10 years within about a second; the exponential integrator is
#: stable at any step, and a zero-variance person stays within 0.3 % of simulate() (test)
COHORT_STEP_DAYS = 3.5
COHORT_HISTORY_STEP_DAYS = 10.0
STAT_SERIES = ("bmd_spine_g_cm2", "bmd_hip_g_cm2", "tscore_spine", "tscore_hip", "ctx_rel", "p1np_rel")
PERCENTILES = (5.0, 50.0, 95.0)
N_RANGE = (10, 5000)


@dataclass(frozen=True)
class Draws:
    """One cohort's people: per-person factors (arrays of length n)."""

    peak_z_spine: np.ndarray
    peak_z_hip: np.ndarray
    final_period_age: np.ndarray
    estradiol: np.ndarray
    testosterone: np.ndarray
    igf1: np.ndarray
    estrogen_ec50: np.ndarray
    drug_response: np.ndarray
    muscle_loss: np.ndarray

    def __len__(self) -> int:
        return len(self.peak_z_spine)

    def take(self, sl: slice) -> "Draws":
        return Draws(*(getattr(self, f.name)[sl] for f in fields(self)))


def draw_cohort(scenario: Scenario, n: int, seed: int) -> Draws:
    """N people around the scenario's patient (deterministic for a seed)."""
    v = {k: c.value for k, c in VARIATION.items()}
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((9, n))  # one fixed block of draws: the same seed gives the same people
    rho = v["peak_site_correlation"]
    p = scenario.patient
    fmp = np.clip(p.final_period_age_years + v["final_period_age_sd"] * z[2], *FMP_LIMITS_YEARS)
    if p.sex == "female" and p.menopause == "natural":
        # women like her: still before their final period if she is, already past it if she is
        if p.age_years < p.final_period_age_years:
            fmp = np.maximum(fmp, p.age_years + 0.5)
        else:
            fmp = np.minimum(fmp, p.age_years)
    return Draws(
        peak_z_spine=v["peak_tscore_sd"] * z[0],
        peak_z_hip=v["peak_tscore_sd"] * (rho * z[0] + math.sqrt(1.0 - rho * rho) * z[1]),
        final_period_age=fmp,
        estradiol=np.exp(v["estradiol_log_sd"] * z[3]),
        testosterone=np.exp(v["testosterone_log_sd"] * z[4]),
        igf1=np.exp(v["igf1_log_sd"] * z[5]),
        estrogen_ec50=modulators.MODULATION.E2_EC50 * np.exp(v["estrogen_sensitivity_log_sd"] * z[6]),
        drug_response=np.exp(v["drug_response_log_sd"] * z[7]),
        muscle_loss=np.exp(v["muscle_loss_log_sd"] * z[8]),
    )


# ---------------------------------------------------------------------------- inputs per person
def _override_masks(scenario: Scenario, t: np.ndarray) -> dict[str, np.ndarray]:
    """Where a timeline override fixes a hormone: there every person has the drawn level."""
    out = {}
    for ov in scenario.overrides:
        if ov.keyframes:
            lo, hi = ov.keyframes[0].t_years * DAYS_PER_YEAR, ov.keyframes[-1].t_years * DAYS_PER_YEAR
            out[endocrine.OVERRIDE_SERIES[ov.hormone]] = (t >= lo) & (t <= hi)
    return out


def _people_hormones(scenario: Scenario, typical: endocrine.HormoneLevels, d: Draws) -> dict[str, np.ndarray]:
    """Bone-relevant hormone arrays (people x days) from the typical person's levels and each
    person's factors. Each person's own (endogenous) production and each drug's exposure are
    scaled; what the body makes from them (a man's aromatised estradiol) follows."""
    t = typical.t_days
    ex = typical.exposures
    p = scenario.patient
    col = lambda a: np.asarray(a, dtype=np.float64)[:, None]  # noqa: E731
    r = col(d.drug_response)
    masks = _override_masks(scenario, t)
    e1 = r * ex.estrone_as_e2_pg_ml
    if p.sex == "male":
        t_exo = ex.testosterone_ng_dl
        tt = col(d.testosterone) * (typical.testosterone_ng_dl - t_exo) + r * t_exo
        e2 = col(d.estradiol) * male_estradiol(tt, ex.aromatase_inhibition, r * ex.estradiol_pg_ml)
        cycling = np.zeros_like(e2)
        acyclic = e2
    else:
        keep = 1.0 - ex.aromatase_inhibition
        ovary_scale = typical.estradiol_pg_ml - typical.estradiol_acyclic_pg_ml  # f(t) * per-cycle E2
        f_typ = typical.ovarian_cycling
        per_cycle = np.where(f_typ > 1e-9, ovary_scale / np.where(f_typ > 1e-9, f_typ, 1.0), keep * endocrine.P.E2_PREMENOPAUSAL.value)
        cycling = np.array([ovarian_activity(replace(p, final_period_age_years=float(a)), t) for a in d.final_period_age])
        own_acyclic = typical.estradiol_acyclic_pg_ml - ex.estradiol_pg_ml
        acyclic = col(d.estradiol) * own_acyclic + r * ex.estradiol_pg_ml
        e2 = cycling * col(d.estradiol) * per_cycle + acyclic
        t_exo = ex.testosterone_ng_dl
        tt = col(d.testosterone) * (typical.testosterone_ng_dl - t_exo) + r * t_exo
    igf = col(d.igf1) * typical.igf1_ng_ml
    igf_sk = col(d.igf1) * typical.igf1_skeletal_ng_ml
    out = {"estradiol_pg_ml": e2, "testosterone_ng_dl": tt, "igf1_ng_ml": igf, "igf1_skeletal_ng_ml": igf_sk,
           "ovarian_cycling": cycling, "estradiol_acyclic_pg_ml": acyclic, "estrone_as_e2_pg_ml": e1}
    # an override is the user's curve: everyone follows it there
    for name, mask in masks.items():
        if name == "estradiol_pg_ml":
            for k in ("estradiol_pg_ml", "estradiol_acyclic_pg_ml"):
                out[k] = np.where(mask, typical.estradiol_pg_ml, out[k])
            out["ovarian_cycling"] = np.where(mask, 0.0, out["ovarian_cycling"])
            out["estrone_as_e2_pg_ml"] = np.where(mask, 0.0, out["estrone_as_e2_pg_ml"])
        elif name == "igf1_ng_ml":
            out["igf1_ng_ml"] = np.where(mask, typical.igf1_ng_ml, out["igf1_ng_ml"])
            out["igf1_skeletal_ng_ml"] = np.where(mask, typical.igf1_ng_ml, out["igf1_skeletal_ng_ml"])
        elif name in out:
            out[name] = np.where(mask, getattr(typical, name), out[name])
    return out


def _modulation_for(d: Draws):
    """The modulation constants with each person's skeletal estrogen sensitivity (column vector)."""
    m = modulators.MODULATION
    ns = SimpleNamespace(**{f.name: getattr(m, f.name) for f in fields(m)})
    ns.E2_EC50 = np.asarray(d.estrogen_ec50, dtype=np.float64)[:, None]
    return ns


def _loading_rate(d: Draws) -> np.ndarray:
    """Each person's age-related loading decline rate (column vector)."""
    return modulators.MODULATION.age_loading_rate * np.asarray(d.muscle_loss, dtype=np.float64)[:, None]


def _start_states(scenario: Scenario, d: Draws, c: bone.StepConstants) -> np.ndarray:
    """Each person's loop state at the start: their own history from 25 y (their menopause, their
    hormones), on the history's coarse grid."""
    hist, settle = history_scenario(scenario)
    span_days = hist.span_years * DAYS_PER_YEAR
    n = max(1, int(math.ceil(span_days / COHORT_HISTORY_STEP_DAYS)))
    h = span_days / n
    t = np.arange(n + 1, dtype=np.float64) * h
    if settle:
        first = endocrine.hormone_levels(hist, t[:1])
        typical = replace(first, t_days=t, **{k: np.full_like(t, getattr(first, k)[0]) for k in
                                             HORMONE_SERIES + ("ovarian_cycling", "estradiol_acyclic_pg_ml",
                                                               "igf1_skeletal_ng_ml", "estrone_as_e2_pg_ml")},
                          exposures=endocrine.exposures((), hist.patient.sex, t, h))
        age = np.full_like(t, hist.patient.age_years)
    else:
        typical = endocrine.hormone_levels(hist, t)
        age = hist.patient.age_years + t / DAYS_PER_YEAR
    states = np.empty((len(d), len(bone.LoopState._fields)))
    consts = bone.loop_constants(c, X_REF)
    for b0 in range(0, len(d), BATCH):
        part = d.take(slice(b0, b0 + BATCH))
        hormones = _people_hormones(hist, typical, part)
        loading = age_loading_factor(age[None, :], rate=_loading_rate(part))
        drive = build_drive(hormones, loading, age, _modulation_for(part))
        cf = bone.step_coefficients(drive, c)
        for j in range(len(part)):
            x = np.array(bone.reference_state(X_REF, c), dtype=np.float64)
            kernel.run(x, np.ascontiguousarray(cf[:, j, :]), 0, n, h, consts)
            if settle:
                x[5] = x[6] = 0.0
            states[b0 + j] = x
    return states


# ---------------------------------------------------------------------------- the cohort run
@dataclass(frozen=True)
class CohortResult:
    """Per output step: percentiles of each series across the people, the share of people in
    each WHO class, and the median 10-year fracture risks. ``n`` people so far (a streamed run
    grows)."""

    series: Mapping[str, np.ndarray]
    units: Mapping[str, str]
    n: int
    seed: int

    def __getitem__(self, name: str) -> np.ndarray:
        return self.series[name]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.series)

    def to_pandas(self):
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - exercised where pandas is absent
            raise ImportError("CohortResult.to_pandas() needs pandas: pip install pandas") from None
        df = pd.DataFrame({k: v for k, v in self.series.items() if k != "t_years"},
                          index=pd.Index(self.series["t_years"], name="t_years"))
        df.attrs["units"] = dict(self.units)
        return df


def cohort_units() -> dict[str, str]:
    from bonegui.model.result import SERIES_UNITS

    units = {"t_years": "y"}
    for s in STAT_SERIES:
        for q in PERCENTILES:
            units[f"{s}_p{int(q):02d}"] = SERIES_UNITS[s]
    units.update({"frac_osteopenia": "1 (fraction of the cohort)", "frac_osteoporosis": "1 (fraction of the cohort)",
                  "hip_fracture_10y_p50": "1 (10-year probability, median person; empty outside 50-90 y)",
                  "major_fracture_10y_p50": "1 (10-year probability, median person; empty outside 50-90 y)"})
    return units


def check_cohort_size(n) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not N_RANGE[0] <= n <= N_RANGE[1]:
        raise ValueError(f"n: {n!r} is not a whole number of people in {N_RANGE[0]}-{N_RANGE[1]}")
    return int(n)


def iter_cohort(scenario: Scenario, *, n: int = 1000, seed: int = 1, step_days: float = 7.0,
                batches: int = 4, cancelled: Callable[[], bool] | None = None) -> Iterator[CohortResult]:
    """Simulate the cohort and yield its statistics ``batches`` times as people accumulate (the
    window draws the band as it fills in); the last yield has all ``n`` people. Stops quietly
    when ``cancelled()`` turns True."""
    check_scenario(scenario)
    n = check_cohort_size(n)
    if not (isinstance(step_days, (int, float)) and 1.0 <= step_days <= 91.0):
        raise ValueError(f"step_days: {step_days!r} is outside 1-91 days")
    d = draw_cohort(scenario, n, seed)
    c = step_constants()
    consts = bone.loop_constants(c, X_REF)
    t_out = time_grid_days(scenario, step_days)
    m = max(1, int(math.ceil(step_days / COHORT_STEP_DAYS - 1e-9)))
    h = step_days / m
    t = np.arange((len(t_out) - 1) * m + 1, dtype=np.float64) * h
    typical = endocrine.hormone_levels(scenario, t)
    age = scenario.patient.age_years + t / DAYS_PER_YEAR
    activity = loading_series(scenario, t) / age_loading_factor(age)  # the lane relative to the customary load
    start = _start_states(scenario, d, c)
    sex = scenario.patient.sex
    n_out = len(t_out)
    out = {s: np.empty((n, n_out)) for s in STAT_SERIES}
    peak_log = {"spine": start[:, 5], "hip": start[:, 6]}
    peak = {}
    for site, z in (("spine", d.peak_z_spine), ("hip", d.peak_z_hip)):
        ref = tissue.BMD_REFERENCE[(site, sex)]
        if scenario.patient.baseline_tscore is None:
            peak[site] = ref.mean_g_cm2 + z * ref.sd_g_cm2
        else:  # her measured T-score now: people like her start where she is
            peak[site] = tissue.bmd_from_tscore(scenario.patient.baseline_tscore, site, sex) / np.exp(peak_log[site])
    rate = 2.0 / c.refill_delay_days

    def run_batch(b0: int) -> int:
        part = d.take(slice(b0, b0 + BATCH))
        loading = activity[None, :] * age_loading_factor(age[None, :], rate=_loading_rate(part))
        drive = build_drive(_people_hormones(scenario, typical, part), loading, age, _modulation_for(part))
        cf = bone.step_coefficients(drive, c)
        app = drive.f_apposition[:, ::m]
        for j in range(len(part)):
            i = b0 + j
            x = np.array(start[i], dtype=np.float64)
            rec = kernel.run(x, np.ascontiguousarray(cf[:, j, :]), 0, len(t) - 1, h, consts)
            states = np.concatenate([rec[:, ::m], x[:, None]], axis=1)  # output points, the last one included
            spine = peak["spine"][i] * np.exp(states[5])
            hip = peak["hip"][i] * np.exp(states[6])
            out["bmd_spine_g_cm2"][i] = spine
            out["bmd_hip_g_cm2"][i] = hip
            out["tscore_spine"][i] = tissue.tscore(spine, "spine", sex)
            out["tscore_hip"][i] = tissue.tscore(hip, "hip", sex)
            out["ctx_rel"][i] = tissue.ctx_rel(states[2] / X_REF[2])
            out["p1np_rel"][i] = tissue.p1np_rel(app[j, :n_out] * rate * states[4])
        return min(n, b0 + BATCH)

    # batches write disjoint rows; the compiled kernel and large numpy operations release the
    # GIL, so two threads use both cores of a classroom laptop
    yield_every = max(1, math.ceil(n / max(1, batches)))
    next_yield = yield_every
    workers = 2 if kernel.compiled() is not None and (os.cpu_count() or 1) > 1 else 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = iter(range(0, n, BATCH))
        futures = [pool.submit(run_batch, b0) for b0 in itertools.islice(pending, workers)]
        while futures:
            if cancelled is not None and cancelled():
                for f in futures:
                    f.cancel()
                return
            done = futures.pop(0).result()
            nxt = next(pending, None)
            if nxt is not None:
                futures.append(pool.submit(run_batch, nxt))
            if done >= next_yield or done == n:
                next_yield += yield_every
                yield _statistics(out, done, t_out, age[::m][:n_out], sex, seed)


def simulate_cohort(scenario: Scenario, *, n: int = 1000, seed: int = 1, step_days: float = 7.0) -> CohortResult:
    """The whole cohort at once (the last yield of ``iter_cohort``)."""
    last = None
    for last in iter_cohort(scenario, n=n, seed=seed, step_days=step_days, batches=1):
        pass
    return last


def _statistics(out: dict[str, np.ndarray], n: int, t_days: np.ndarray, age: np.ndarray, sex: str, seed: int) -> CohortResult:
    from bonegui.model import fracture

    series = {"t_years": t_days / DAYS_PER_YEAR}
    for s in STAT_SERIES:
        qs = np.percentile(out[s][:n], PERCENTILES, axis=0)
        for q, row in zip(PERCENTILES, qs):
            series[f"{s}_p{int(q):02d}"] = row
    lowest = np.minimum(out["tscore_spine"][:n], out["tscore_hip"][:n])  # WHO: the lowest site
    series["frac_osteoporosis"] = np.mean(lowest <= tissue.WHO_OSTEOPOROSIS_MAX_T, axis=0)
    series["frac_osteopenia"] = np.mean((lowest > tissue.WHO_OSTEOPOROSIS_MAX_T) & (lowest < tissue.WHO_NORMAL_MIN_T), axis=0)
    # the fracture method is defined from 50 to 90 y (its incidence tables): NaN outside
    hip_risk = np.full(len(age), np.nan)
    major_risk = np.full(len(age), np.nan)
    ok = (age >= fracture.AGE_RANGE[0]) & (age <= fracture.AGE_RANGE[1])
    if ok.any():
        th = np.clip(out["tscore_hip"][:n][:, ok], *fracture.TSCORE_RANGE)
        ts = np.clip(out["tscore_spine"][:n][:, ok], *fracture.TSCORE_RANGE)
        risk = fracture.ten_year_risk(np.broadcast_to(age[ok], th.shape), sex, th, ts)
        hip_risk[ok] = np.median(risk.hip, axis=0)
        major_risk[ok] = np.median(risk.major, axis=0)
    series["hip_fracture_10y_p50"] = hip_risk
    series["major_fracture_10y_p50"] = major_risk
    units = cohort_units()
    ordered = {k: np.asarray(series[k], dtype=np.float64) for k in units}
    return CohortResult(MappingProxyType(ordered), MappingProxyType(units), n, seed)
