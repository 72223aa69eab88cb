"""Hypothalamic-pituitary-gonadal feedback (men) and estradiol feedback on LH (women).

LH and T have half-lives of minutes to hours, far below the daily step, so the loop is solved at
quasi-steady state for every time point (vectorised safeguarded Newton). Nothing here encodes a
result: suppression of LH by exogenous T or E2, the rise of T under an aromatase inhibitor and
primary-hypogonadal LH elevation all come out of one loop:

    E2  = (1 - AI) * (k_arom * T + E2_adrenal) + E2_exo            (most male E2 is aromatised T)
    Phi = wT * (T / T_ref)^nT + (1 - wT) * (E2 / E2_ref)^nE          (= 1 at the young reference)
    F   = LHmax / (1 + (LHmax - 1) * Phi)                             (steroid feedback, 1 at ref.)
    LH  = (1 - D) * (drive * F^(1 - beta) * R + LH_gnrh),   R -> F^beta with a lag of days
    T   = T_exo + T_ref * capacity * S(LH),  S(L) = L (1 + K) / (L + K)   (S(1) = 1)

D is pituitary desensitisation by continuous GnRH; LH_gnrh the LH driven by exogenous GnRH; R the
pituitary's LH reserve, which recovers over days after steroid suppression (so T can fall back to
baseline while the depot still releases, Nankin 1987). At quasi-steady state R = F^beta and LH
is the instantaneous loop's; R's lag is resolved by endocrine._male (a few vectorised passes).
"""

from __future__ import annotations

import math

import numpy as np

from bonegui.model import endocrine_params as P
from bonegui.model import jit


def _pow(x: np.ndarray, n: float) -> np.ndarray:
    """x**n with cheap paths for small integer and half-integer exponents (the solver's hot loop)."""
    if n == int(n) and 1 <= n <= 8:
        out = x
        for _ in range(int(n) - 1):
            out = out * x
        return out
    if n == 0.5:
        return np.sqrt(x)
    if n == -0.5:
        return 1.0 / np.sqrt(x)
    return x**n


def _male_consts() -> tuple[float, ...]:
    t_ref, e2_ref = P.T_MALE_YOUNG.value, P.E2_MALE_YOUNG.value
    share = P.E2_MALE_ADRENAL_SHARE.value
    return (t_ref, e2_ref, e2_ref * (1.0 - share) / t_ref, e2_ref * share, P.LH_MAX_MALE.value,
            P.LH_T_WEIGHT.value, P.LH_T_HILL.value, P.LH_E2_HILL_MALE.value, P.LEYDIG_HALF_SAT.value)


def male_estradiol(t_total: np.ndarray, ai: np.ndarray, e2_exo: np.ndarray) -> np.ndarray:
    t_ref, e2_ref, k_arom, e2_adr, *_ = _male_consts()
    return (1.0 - ai) * (k_arom * t_total + e2_adr) + e2_exo


def _solve_points(t_exo, e2_exo, ai, lh_gnrh, desens, capacity, drive, reserve, use_reserve, guess, use_guess,
                  consts, beta, out_t, out_lh, out_f):
    """The HPG loop point by point (compiled by numba): the same bracketed Newton iteration as the
    numpy form of ``male_axis``, each point converging on its own."""
    t_ref = consts[0]
    e2_ref = consts[1]
    k_arom = consts[2]
    e2_adr = consts[3]
    lmax = consts[4]
    w_t = consts[5]
    n_t = consts[6]
    n_e = consts[7]
    k_l = consts[8]
    int_t = n_t == 6.0  # the fitted T Hill is 6: powers by multiplication in the hot loop
    half_beta = beta == 0.5
    for i in range(len(t_exo)):
        arom = (1.0 - ai[i]) * k_arom
        e2_base = (1.0 - ai[i]) * e2_adr + e2_exo[i]
        keep = 1.0 - desens[i]
        dr = drive[i]
        res = reserve[i] if use_reserve else 1.0
        scale = t_ref * capacity[i]
        lo = t_exo[i]
        lh_top = keep * (dr * lmax + lh_gnrh[i])
        hi = lo + scale * lh_top * (1.0 + k_l) / (lh_top + k_l)
        lh_ref = keep * dr
        if use_guess:
            x = guess[i]
        elif i > 0:  # a time series: yesterday's answer is the best start (2-3 steps instead of ~15)
            x = out_t[i - 1]
        else:
            x = lo + scale * lh_ref * (1.0 + k_l) / (lh_ref + k_l)
        x = min(max(x, lo), hi)
        lh = 0.0
        f_fb = 1.0
        for it in range(61):
            e2 = arom * x + e2_base
            xr = max(x / t_ref, 1e-12)
            er = max(e2 / e2_ref, 1e-12)
            if int_t:
                x2 = xr * xr
                xn = w_t * x2 * x2 * x2
            else:
                xn = w_t * xr**n_t
            en = (1.0 - w_t) * er**n_e
            phi = xn + en
            dphi = n_t * xn / (xr * t_ref) + n_e * en * arom / (er * e2_ref)
            den = 1.0 + (lmax - 1.0) * phi
            f_fb = lmax / den
            dfb = -lmax * (lmax - 1.0) * dphi / (den * den)
            if use_reserve:
                fb = 1.0 / math.sqrt(f_fb) if half_beta else f_fb ** (-beta)
                g = f_fb * fb * res
                dg = (1.0 - beta) * fb * dfb * res
            else:
                g = f_fb
                dg = dfb
            lh = keep * (dr * g + lh_gnrh[i])
            if it == 60:
                break
            dlh = keep * dr * dg
            resid = x - t_exo[i] - scale * lh * (1.0 + k_l) / (lh + k_l)
            if resid > 0.0:
                hi = x
            else:
                lo = x
            fp = 1.0 - scale * (1.0 + k_l) * k_l / ((lh + k_l) * (lh + k_l)) * dlh
            nx = x - resid / fp
            if nx < lo or nx > hi:
                nx = 0.5 * (lo + hi)
            done = abs(nx - x) < 1e-7 * t_ref
            x = nx
            if done:
                # one more evaluation at the converged point, as the numpy form does
                e2 = arom * x + e2_base
                xr = max(x / t_ref, 1e-12)
                er = max(e2 / e2_ref, 1e-12)
                x2 = xr * xr
                phi = w_t * (x2 * x2 * x2 if int_t else xr**n_t) + (1.0 - w_t) * er**n_e
                f_fb = lmax / (1.0 + (lmax - 1.0) * phi)
                if use_reserve:
                    g = f_fb * (1.0 / math.sqrt(f_fb) if half_beta else f_fb ** (-beta)) * res
                else:
                    g = f_fb
                lh = keep * (dr * g + lh_gnrh[i])
                break
        out_t[i] = x
        out_lh[i] = lh
        out_f[i] = f_fb


def male_axis(
    t_exo: np.ndarray,
    e2_exo: np.ndarray,
    ai: np.ndarray,
    lh_gnrh: np.ndarray,
    desens: np.ndarray,
    capacity: np.ndarray,
    drive: np.ndarray,
    reserve: np.ndarray | None = None,
    guess: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(total T ng/dL, E2 pg/mL, LH rel., feedback factor F) for every time point.

    F = LHmax / (1 + (LHmax - 1) Phi) is the steroid feedback on LH (1 at the reference). A share
    beta of it acts through the pituitary's LH reserve, which follows F**beta with a lag of days
    (``reserve``; None = at its quasi-steady state, i.e. LH ~ F). ``guess``: a starting T.
    """
    consts = _male_consts()
    beta = P.PITUITARY_SLOW_SHARE.value
    solver = jit.compiled(_solve_points)
    if solver is not None:
        n = np.broadcast(t_exo, e2_exo, ai, lh_gnrh, desens, capacity, drive).shape
        args = [np.ascontiguousarray(np.broadcast_to(np.asarray(a, dtype=np.float64), n)).ravel()
                for a in (t_exo, e2_exo, ai, lh_gnrh, desens, capacity, drive)]
        res = args[0] if reserve is None else np.ascontiguousarray(np.broadcast_to(reserve, n), dtype=np.float64).ravel()
        gs = args[0] if guess is None else np.ascontiguousarray(np.broadcast_to(guess, n), dtype=np.float64).ravel()
        out = [np.empty(args[0].shape) for _ in range(3)]
        solver(*args, res, reserve is not None, gs, guess is not None, np.array(consts), beta, *out)
        x, lh, fb = (o.reshape(n) for o in out)
        ai_b = args[2].reshape(n)
        return x, (1.0 - ai_b) * consts[2] * x + (1.0 - ai_b) * consts[3] + args[1].reshape(n), lh, fb
    t_ref, e2_ref, k_arom, e2_adr, lmax, w_t, n_t, n_e, k_l = consts
    arom = (1.0 - ai) * k_arom
    e2_base = (1.0 - ai) * e2_adr + e2_exo
    keep = 1.0 - desens

    def lh_and_slope(t):
        e2 = arom * t + e2_base
        x, e = np.maximum(t / t_ref, 1e-12), np.maximum(e2 / e2_ref, 1e-12)
        xn, en = w_t * _pow(x, n_t), (1.0 - w_t) * _pow(e, n_e)
        phi = xn + en
        dphi = n_t * xn / (x * t_ref) + n_e * en * arom / (e * e2_ref)
        den = 1.0 + (lmax - 1.0) * phi
        f = lmax / den
        df = -lmax * (lmax - 1.0) * dphi / den**2
        if reserve is None:
            g, dg = f, df
        else:
            fb = _pow(f, -beta)
            g, dg = f * fb * reserve, (1.0 - beta) * fb * df * reserve
        return keep * (drive * g + lh_gnrh), keep * drive * dg, f

    def s(lh):
        return lh * (1.0 + k_l) / (lh + k_l)

    def ds(lh):
        return (1.0 + k_l) * k_l / (lh + k_l) ** 2

    scale = t_ref * capacity
    lo = np.asarray(t_exo, dtype=np.float64).copy()
    lh_top = keep * (drive * lmax + lh_gnrh)
    hi = lo + scale * s(lh_top)
    # start where LH would sit at its reference level: exact for untreated young men, close otherwise
    x = np.clip(lo + scale * s(keep * drive) if guess is None else guess, lo, hi)
    for _ in range(60):
        lh, dlh, _ = lh_and_slope(x)
        f = x - t_exo - scale * s(lh)
        pos = f > 0.0
        hi = np.where(pos, x, hi)
        lo = np.where(pos, lo, x)
        fp = 1.0 - scale * ds(lh) * dlh  # >= 1: f is strictly increasing
        nx = x - f / fp
        bad = (nx < lo) | (nx > hi)  # landing on a bracket end means converged there
        nx = np.where(bad, 0.5 * (lo + hi), nx)
        if np.max(np.abs(nx - x)) < 1e-7 * t_ref:
            x = nx
            break
        x = nx
    lh, _, fb = lh_and_slope(x)
    return x, arom * x + e2_base, lh, fb


def female_lh(e2: np.ndarray, lh_gnrh: np.ndarray, desens: np.ndarray) -> np.ndarray:
    """LH relative to the premenopausal mean: high when E2 is low (menopause), lowered by E2."""
    lmax, n = P.LH_MAX_FEMALE.value, P.LH_E2_HILL_FEMALE.value
    e = np.maximum(e2, 0.0) / P.E2_PREMENOPAUSAL.value
    return (1.0 - desens) * (lmax / (1.0 + (lmax - 1.0) * e**n) + lh_gnrh)
