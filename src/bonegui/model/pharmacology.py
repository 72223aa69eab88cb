"""Therapies -> drug exposures on a time grid (one-compartment PK, dose trains by superposition).

Each agent's constants come from its catalogue entry (``pk``: {name: {value, unit, source}}).
Three kinds of agent:

- depot / oral (first-order absorption): testosterone cypionate, oral estradiol, oral
  progesterone, anastrozole, CJC-1295 with DAC. Closed-form train sums (pk_kernels).
- zero-order input (patch, gel, cream, continuous infusion): constant input from start to stop.
- pulse agents with half-lives of minutes to hours (gonadorelin, sermorelin, ipamorelin): each dose
  gives one LH or GH pulse whose AREA is what a daily grid can carry; the fine view draws the pulse.

``exposures(...)`` returns exact window means: each value is the mean over [t - w/2, t + w/2)
(w = the grid step: a day on the daily grid, an hour in the fine view); w = 0 gives point values.
Pure numpy; vectorised over time (the only Python loops are over therapies and over the
starts and stops of the gonadorelin courses); every cost is linear in the number of therapies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import numpy as np

from bonegui.model.units import DAYS_PER_YEAR
from bonegui.catalogue import agent
from bonegui.model import endocrine_params as P
from bonegui.model.pk_kernels import (
    DoseTrain,
    doses_in_window,
    first_order_train,
    first_order_train_integral,
    window_means,
    zero_order_input,
    zero_order_input_integral,
)
from bonegui.scenario.model import Therapy

LN2 = float(np.log(2.0))
HOURS = 1.0 / 24.0
MIN = HOURS / 60.0

_TIME_UNITS = {"day": 1.0, "h": HOURS, "min": MIN}

#: which kind of PK each agent uses and what it acts on
AGENT_KIND = {
    "testosterone_cypionate": ("first_order", "testosterone"),
    "testosterone_gel": ("zero_order", "testosterone"),
    "testosterone_low_dose_female": ("zero_order", "testosterone"),
    "estradiol_transdermal": ("zero_order", "estradiol"),
    "estradiol_oral": ("first_order", "estradiol"),
    "progesterone_oral": ("first_order", "progesterone"),
    "anastrozole": ("first_order", "aromatase"),
    "cjc1295_dac": ("first_order", "ghrh"),
    "gonadorelin": ("pulse", "gnrh"),
    "sermorelin": ("pulse", "ghrh"),
    "ipamorelin": ("pulse", "ghrp"),
}


def pk_value(agent_id: str, name: str) -> float:
    """A PK constant of an agent, converted to days where its unit is a time."""
    entry = agent(agent_id).pk[name]
    v = float(entry["value"])
    return v * _TIME_UNITS.get(entry["unit"], 1.0)


@dataclass(frozen=True)
class Exposures:
    """Drug contributions on the grid (window means). Arrays of len(t)."""

    testosterone_ng_dl: np.ndarray  # exogenous T added to serum
    estradiol_pg_ml: np.ndarray  # exogenous E2 added to serum
    progesterone_ng_ml: np.ndarray  # exogenous P4
    aromatase_inhibition: np.ndarray  # 0..1, fraction of aromatase blocked
    gnrh_lh_drive: np.ndarray  # extra LH (rel. to young mean) driven by exogenous GnRH
    pituitary_desensitisation: np.ndarray  # 0..1, loss of LH output from continuous GnRH
    ghrh_stim: np.ndarray  # relative GH increase from GHRH analogues (before pituitary reserve)
    ghrp_stim: np.ndarray  # relative GH increase from ghrelin-receptor agonists
    ghrh_pulse_stim: np.ndarray  # the part of ghrh_stim that comes as pulses (sermorelin)
    oral_estradiol_pg_ml: np.ndarray  # the part of estradiol_pg_ml taken by mouth (liver first pass)
    estrone_as_e2_pg_ml: np.ndarray  # estrogen action of the estrone made from oral estradiol, as E2 pg/mL


def _window_mean(point, integral, t: np.ndarray, window: float, start: float = -np.inf) -> np.ndarray:
    """Exact mean over [t - w/2, t + w/2) (from the cumulative integral), or point values (w = 0).
    ``start``: the curve is 0 before it (pk_kernels.window_means)."""
    if window <= 0.0:
        return point(t)
    return window_means(integral, t, window, start)


def _train(th: Therapy, amount: float) -> DoseTrain:
    return DoseTrain(th.start_years * DAYS_PER_YEAR, th.interval_days, th.stop_years * DAYS_PER_YEAR, amount)


def _first_order_amount(th: Therapy, t: np.ndarray, window: float, amount: float) -> tuple[np.ndarray, float]:
    """(amount in body averaged over the window, ke)."""
    ka = pk_value(th.agent, "absorption_rate")
    ke = LN2 / pk_value(th.agent, "half_life")
    tr = _train(th, amount)
    # before its first dose (pk_kernels.doses_given counts none there) a train is exactly 0
    return _window_mean(lambda x: first_order_train(tr, x, ka, ke),
                        lambda x: first_order_train_integral(tr, x, ka, ke), t, window,
                        tr.t0 - 1e-6 * tr.tau), ke


def _zero_order_amount(th: Therapy, t: np.ndarray, window: float, rate: float) -> tuple[np.ndarray, float]:
    ke = LN2 / pk_value(th.agent, "half_life")
    t_on, t_off = th.start_years * DAYS_PER_YEAR, th.stop_years * DAYS_PER_YEAR
    return _window_mean(lambda x: zero_order_input(x, t_on, t_off, rate, ke),
                        lambda x: zero_order_input_integral(x, t_on, t_off, rate, ke), t, window, t_on), ke


@lru_cache(maxsize=32)
def _pulse_shape_rates(time_to_peak: float, half_life: float) -> tuple[float, float]:
    """(ka, ke) of a Bateman pulse that peaks at time_to_peak and decays with half_life (days)."""
    ke = LN2 / half_life
    # t_max = ln(ka/ke)/(ka-ke) decreases in ka; find ka > ke giving the wanted peak time
    f = lambda ka: np.log(ka / ke) / (ka - ke) - time_to_peak  # noqa: E731
    if f(ke * 1.0001) <= 0.0:  # peak wanted earlier than the slowest shape allows
        return ke * 1.0001, ke
    # f falls monotonically in ka: bisection (in log ka) to machine precision. Not scipy's brentq:
    # importing scipy.optimize in the simulation thread while the window runs costs ~0.5 s and
    # is best kept off the live path
    lo, hi = ke * 1.0001, ke * 1e5
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        if f(mid) > 0.0:
            lo = mid
        else:
            hi = mid
        if hi / lo - 1.0 < 1e-15:
            break
    return 0.5 * (lo + hi), ke


def _pulse_effect(th: Therapy, t: np.ndarray, window: float, area_per_dose: float,
                  shape: tuple[float, float]) -> np.ndarray:
    """Window mean of a pulse train whose every pulse has the given area (effect x day)."""
    if th.route == "SC infusion":  # continuous: the dose spread evenly over its interval
        rate = th.dose / th.interval_days
        per_hour_area = _pulse_area(th.agent, rate * HOURS)
        on = (t >= th.start_years * DAYS_PER_YEAR) & (t < th.stop_years * DAYS_PER_YEAR)
        return np.where(on, per_hour_area / HOURS, 0.0)
    tr = _train(th, area_per_dose)
    if window >= 0.5:  # daily grid: pulses are short, so count them (exact area)
        return doses_in_window(tr, t - window / 2.0, window) * area_per_dose / window
    ka, ke = shape
    # area-normalised Bateman pulse: amount * ke integrates to the dose's area
    return _window_mean(lambda x: first_order_train(tr, x, ka, ke) * ke,
                        lambda x: first_order_train_integral(tr, x, ka, ke) * ke, t, window)


def _pulse_area(agent_id: str, dose: float) -> float:
    if agent_id == "gonadorelin":
        amax, ed50 = pk_value(agent_id, "lh_pulse_area_max"), pk_value(agent_id, "ed50")
    else:
        amax, ed50 = pk_value(agent_id, "gh_pulse_area_max"), pk_value(agent_id, "ed50")
    return amax * dose / (dose + ed50)


def _pulse_shape(agent_id: str) -> tuple[float, float]:
    peak_key = "lh_time_to_peak" if agent_id == "gonadorelin" else "gh_time_to_peak"
    return _pulse_shape_rates(pk_value(agent_id, peak_key), pk_value(agent_id, "response_half_life"))


def gnrh_exposure_fraction(th: Therapy) -> float:
    """Fraction of time the pituitary sees GnRH: 1 for an infusion, else pulse length / interval."""
    if th.route == "SC infusion":
        return 1.0
    return min(1.0, pk_value(th.agent, "exposure_duration") / th.interval_days)


def pituitary_desensitisation(therapies: Iterable[Therapy], t: np.ndarray) -> np.ndarray:
    """Loss of LH output (0..1) from sustained GnRH exposure: piecewise-constant exposure fraction
    f between therapy starts/stops; in each piece D relaxes to D_ss(f) (closed form).

    Linear in the number of courses: one sweep over the sorted starts and stops carries the
    summed exposure, and each grid time finds its piece by binary search (no mask per piece)."""
    t = np.asarray(t, dtype=np.float64)
    courses = [(th.start_years * DAYS_PER_YEAR, th.stop_years * DAYS_PER_YEAR, gnrh_exposure_fraction(th))
               for th in therapies if th.agent == "gonadorelin"]
    if not courses:
        return np.zeros_like(t)
    edges = np.array(sorted({0.0, *(c[0] for c in courses), *(c[1] for c in courses)}))
    # courses start where start <= edge and are over where stop <= edge (start <= ts < stop)
    live = [c for c in courses if c[1] > c[0]]
    starts = sorted(live, key=lambda c: c[0])
    stops = sorted(live, key=lambda c: c[1])
    f50, h, dmax = P.GNRH_EXPOSURE_HALF.value, P.GNRH_DESENS_HILL.value, P.GNRH_DESENS_MAX.value
    on_tau, off_tau = P.GNRH_DESENS_ON_TAU.value, P.GNRH_DESENS_OFF_TAU.value
    n = len(edges)
    dss_at, d0_at, tau_at = np.empty(n), np.empty(n), np.empty(n)
    d0, total, active, i_start, i_stop = 0.0, 0.0, 0, 0, 0
    for i, ts in enumerate(edges):
        while i_start < len(starts) and starts[i_start][0] <= ts:
            total += starts[i_start][2]
            active += 1
            i_start += 1
        while i_stop < len(stops) and stops[i_stop][1] <= ts:
            total -= stops[i_stop][2]
            active -= 1
            i_stop += 1
        if active == 0:
            total = 0.0  # no rounding residue carried into a gap
        f = min(1.0, total)
        dss = dmax * f**h / (f**h + f50**h) * (1.0 + f50**h)  # normalised: D_ss(f = 1) = dmax
        tau = on_tau if dss > d0 else off_tau
        dss_at[i], d0_at[i], tau_at[i] = dss, d0, tau
        if i + 1 < n:
            d0 = dss + (d0 - dss) * np.exp(-(edges[i + 1] - ts) / tau)
    piece = np.searchsorted(edges, t, side="right") - 1  # the piece [edges[k], edges[k+1]) holding t
    inside = piece >= 0
    k = np.where(inside, piece, 0)
    out = dss_at[k] + (d0_at[k] - dss_at[k]) * np.exp(-(t - edges[k]) / tau_at[k])
    return np.where(inside, out, 0.0)


def _contribution(th: Therapy, t: np.ndarray, window_days: float, t_mcr: float) -> tuple[tuple[str, np.ndarray], ...]:
    """One therapy's share of the exposures: (Exposures field or intermediate, window-mean
    array) pairs, summed by ``exposures`` in therapy order."""
    kind, target = AGENT_KIND[th.agent]
    if th.agent == "testosterone_cypionate":
        amt = th.dose * pk_value(th.agent, "testosterone_fraction") * pk_value(th.agent, "bioavailability")
        a, ke = _first_order_amount(th, t, window_days, amt)
        return (("tt", a * ke / t_mcr * 1e5),)  # mg/L -> ng/dL
    if kind == "zero_order" and target == "testosterone":
        a, ke = _zero_order_amount(th, t, window_days, th.dose * pk_value(th.agent, "bioavailability"))
        return (("tt", a * ke / t_mcr * 1e5),)
    if th.agent == "estradiol_transdermal":
        rate = th.dose * pk_value(th.agent, "delivery_fraction")  # mcg/day
        a, ke = _zero_order_amount(th, t, window_days, rate)
        return (("e2", a * ke / pk_value(th.agent, "apparent_clearance") * 1e3),)  # mcg/L -> pg/mL
    if th.agent == "estradiol_oral":
        a, ke = _first_order_amount(th, t, window_days, th.dose * pk_value(th.agent, "bioavailability"))
        c = a * ke / pk_value(th.agent, "apparent_clearance") * 1e6  # mg/L -> pg/mL
        potency = pk_value(th.agent, "estrone_to_estradiol_ratio") * pk_value(th.agent, "estrone_relative_potency")
        return ("e2", c), ("e2_oral", c), ("e1_eq", c * potency)
    if th.agent == "progesterone_oral":
        a, ke = _first_order_amount(th, t, window_days, th.dose)
        return (("p4", a * ke / pk_value(th.agent, "apparent_clearance") * 1e3),)  # mg/L -> ng/mL
    if th.agent == "anastrozole":
        a, ke = _first_order_amount(th, t, window_days, th.dose)
        return (("ai_rate", a * ke),)  # anastrozole dose-rate equivalent (mg/day)
    if th.agent == "cjc1295_dac":
        a, _ = _first_order_amount(th, t, window_days, th.dose)
        return (("cjc_amount", a),)  # CJC-1295 amount in the body (mcg)
    if kind == "pulse":
        eff = _pulse_effect(th, t, window_days, _pulse_area(th.agent, th.dose), _pulse_shape(th.agent))
        return ((target, eff), ("ghrh_pulse", eff)) if target == "ghrh" else ((target, eff),)
    raise KeyError(f"no PK model for agent {th.agent!r}")  # pragma: no cover - AGENT_KIND is kept in step by a test


def exposures(therapies: Iterable[Therapy], sex: str, t_days: np.ndarray, window_days: float,
              memo: dict | None = None) -> Exposures:
    """Exposures from the ENABLED therapies given (the caller filters ``enabled``). ``memo``: a
    dict kept between calls on the same grid (simulate.Simulator's); each therapy's share is
    reused while the therapy is unchanged, and the sums are formed in the same order as
    without it (the same numbers, bit for bit)."""
    t = np.asarray(t_days, dtype=np.float64)
    z = np.zeros_like(t)
    sums = {name: z.copy() for name in ("tt", "e2", "p4", "ghrh", "ghrp", "gnrh", "ghrh_pulse", "e2_oral", "e1_eq",
                                        "ai_rate", "cjc_amount")}
    t_mcr = (P.T_MCR_MALE if sex == "male" else P.T_MCR_FEMALE).value
    ths = list(therapies)
    grid = (sex, len(t), float(t[0]) if len(t) else 0.0, float(t[-1]) if len(t) else 0.0, window_days)
    kept = memo.get("exposures") if memo is not None else None
    kept = kept[1] if kept is not None and kept[0] == grid else {}
    shares = {}
    for th in ths:
        share = kept.get(th)
        if share is None:
            share = _contribution(th, t, window_days, t_mcr)
            for _name, arr in share:
                arr.flags.writeable = False
        shares[th] = share
        for name, arr in share:
            sums[name] += arr
    if memo is not None:
        memo["exposures"] = (grid, shares)
    tt, e2, p4, ghrh, ghrp, gnrh = (sums[k] for k in ("tt", "e2", "p4", "ghrh", "ghrp", "gnrh"))
    ghrh_pulse, e2_oral, e1_eq, ai_rate, cjc_amount = (sums[k] for k in ("ghrh_pulse", "e2_oral", "e1_eq",
                                                                          "ai_rate", "cjc_amount"))
    if ai_rate.any():
        ic50, imax = pk_value("anastrozole", "ic50_dose_rate"), pk_value("anastrozole", "max_inhibition")
        ai = imax * ai_rate / (ai_rate + ic50)
    else:
        ai = z.copy()
    if cjc_amount.any():
        emax, ec50 = pk_value("cjc1295_dac", "gh_emax"), pk_value("cjc1295_dac", "ec50_amount")
        x = (cjc_amount / ec50) ** pk_value("cjc1295_dac", "hill")
        ghrh += emax * x / (1.0 + x)
    return Exposures(tt, e2, p4, ai, gnrh, pituitary_desensitisation(ths, t), ghrh, ghrp, ghrh_pulse, e2_oral, e1_eq)
