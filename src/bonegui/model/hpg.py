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
is the instantaneous loop's; with R lagging (R_i = a R_(i-1) + (1 - a) F_i^beta, a = exp(-dt/tau))
the loop is solved day by day, implicitly in R at each day.
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
                  consts, beta, lag_a, x_start, r_start, exo_start, out_t, out_lh, out_f, out_r):
    """The HPG loop point by point (compiled by numba): the same bracketed Newton iteration as the
    numpy form of ``male_axis``, each point converging on its own.

    ``lag_a`` in (0, 1): the LH reserve lags the feedback, day by day, solved with the loop at
    each point: R_i = a R_(i-1) + (1 - a) F_i**beta, where F_i depends on T_i and T_i on R_i
    (one implicit Newton solve per point, from R = F**beta at the first point). This is the
    fixed point that relaxation (solve, filter F**beta, solve again, ...) converges to, in one
    pass. Otherwise ``use_reserve`` picks a given reserve or the quasi-steady state (R = F**beta).
    ``out_r``: the reserve at each point. ``x_start``, ``r_start``: T and R at the point before
    the first and ``exo_start`` its exogenous T (a run restarted mid-way: the same arithmetic as
    the uninterrupted run), or NaN."""
    t_ref = consts[0]
    e2_ref = consts[1]
    k_arom = consts[2]
    e2_adr = consts[3]
    lmax = consts[4]
    w_t = consts[5]
    n_t = consts[6]
    n_e = consts[7]
    k_l = consts[8]
    inv_t_ref = 1.0 / t_ref
    inv_e2_ref = 1.0 / e2_ref
    inv_lmax = 1.0 / lmax
    int_t = n_t == 6.0  # the fitted T Hill is 6: powers by multiplication in the hot loop
    half_beta = beta == 0.5
    lagged = 0.0 < lag_a < 1.0
    lag_b = 1.0 - lag_a
    restarted = not math.isnan(r_start)
    r_prev = r_start
    for i in range(len(t_exo)):
        arom = (1.0 - ai[i]) * k_arom
        e2_base = (1.0 - ai[i]) * e2_adr + e2_exo[i]
        keep = 1.0 - desens[i]
        dr = drive[i]
        res = reserve[i] if use_reserve else 1.0
        carried = lag_a * r_prev if lagged and (i > 0 or restarted) else -1.0  # a R_(i-1), carried over
        scale = t_ref * capacity[i]
        lo = t_exo[i]
        lh_top = keep * (dr * lmax + lh_gnrh[i])
        hi = lo + scale * lh_top * (1.0 + k_l) / (lh_top + k_l)
        lh_ref = keep * dr
        if use_guess:
            x = guess[i]
        elif i > 0:  # a time series: yesterday's answer, moved by the dose's change, is the best start
            x = out_t[i - 1] + (t_exo[i] - t_exo[i - 1])  # (about 3 Newton steps instead of ~15)
        elif not math.isnan(x_start):
            x = x_start + (t_exo[0] - exo_start)
        else:
            x = lo + scale * lh_ref * (1.0 + k_l) / (lh_ref + k_l)
        x = min(max(x, lo), hi)
        den = 1.0
        num_lh = 0.0
        c_s = scale * (1.0 + k_l)
        for it in range(61):
            # the hot loop, latency-bound (each step waits for the last): one division per
            # iteration. With D = 1 + (LHmax - 1) Phi, F = LHmax / D and LH = N / D, and the
            # Newton step resid / resid' brought over one denominator, D cancels; LH and F are
            # divided out once, at the root. Each power's derivative shares the power
            # (d(xr**n)/dxr = n * xr**(n-1)).
            e2 = arom * x + e2_base
            xr = max(x * inv_t_ref, 1e-12)
            er = max(e2 * inv_e2_ref, 1e-12)
            if int_t:
                x2 = xr * xr
                x5 = x2 * x2 * xr
                xn = w_t * x5 * xr
                dxn = n_t * w_t * x5
            else:
                xm = xr ** (n_t - 1.0)
                xn = w_t * xm * xr
                dxn = n_t * w_t * xm
            em = math.exp((n_e - 1.0) * math.log(er))  # er > 0; exp(log) is ~5 % faster here than pow
            en = (1.0 - w_t) * em * er
            phi = xn + en
            dphi = dxn * inv_t_ref + n_e * (1.0 - w_t) * em * arom * inv_e2_ref
            den = 1.0 + (lmax - 1.0) * phi
            # g = F * G_num (the LH drive per unit hypothalamic drive) and dg/dx = dF/dx * G_slope,
            # dF/dx = -(LHmax - 1) LHmax Phi' / D**2
            if carried >= 0.0:  # g = F**(1-beta) R with R = a R_(i-1) + b F**beta
                fb = math.sqrt(den * inv_lmax) if half_beta else (den * inv_lmax) ** beta  # F**-beta
                g_num = carried * fb + lag_b
                g_slope = carried * (1.0 - beta) * fb + lag_b
            elif use_reserve:
                fb = math.sqrt(den * inv_lmax) if half_beta else (den * inv_lmax) ** beta
                g_num = fb * res
                g_slope = (1.0 - beta) * fb * res
            else:
                g_num = 1.0
                g_slope = 1.0
            num_lh = keep * (dr * lmax * g_num + lh_gnrh[i] * den)  # LH = num_lh / D
            if it == 60:
                break
            # resid = x - T_exo - C LH / (LH + K) = r_num / m, resid' = 1 - C K LH' / (LH + K)**2
            # = p_num / m**2 with m = D (LH + K): step = resid / resid' = r_num m / p_num
            m = num_lh + k_l * den
            r_num = (x - t_exo[i]) * m - c_s * num_lh
            dlh_d2 = -keep * dr * (lmax - 1.0) * lmax * dphi * g_slope  # D**2 dLH/dx
            p_num = m * m - c_s * k_l * dlh_d2
            step = r_num * m / p_num
            if abs(step) < 1e-7 * t_ref:
                break  # x is within the tolerance of the root; num_lh and D are already x's
            if r_num > 0.0:
                hi = x
            else:
                lo = x
            nx = x - step
            if nx < lo or nx > hi:
                nx = 0.5 * (lo + hi)
            x = nx
        inv_den = 1.0 / den
        f_fb = lmax * inv_den
        lh = num_lh * inv_den
        f_beta = math.sqrt(f_fb) if half_beta else f_fb**beta
        if carried >= 0.0:
            r_prev = carried + lag_b * f_beta
        elif use_reserve:
            r_prev = res
        else:
            r_prev = f_beta
        out_t[i] = x
        out_lh[i] = lh
        out_f[i] = f_fb
        out_r[i] = r_prev


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
    lag_a: float | None = None,
    before: tuple[float, float, float] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(total T ng/dL, E2 pg/mL, LH rel., feedback factor F, LH reserve R) for every time point.

    F = LHmax / (1 + (LHmax - 1) Phi) is the steroid feedback on LH (1 at the reference). A share
    beta of it acts through the pituitary's LH reserve R, which follows F**beta with a lag of
    days: ``lag_a`` = exp(-step / tau) solves the lagged loop along the time series (the points
    are consecutive steps); else ``reserve`` gives R, or None = its quasi-steady state R = F**beta
    (LH ~ F). ``guess``: a starting T. ``before``: (T, R, exogenous T) at the step before the first point, to
    continue a lagged run from there (``Simulator`` restarts from the first changed day).
    """
    consts = _male_consts()
    beta = P.PITUITARY_SLOW_SHARE.value
    lagged = lag_a is not None
    solver = jit.compiled(_solve_points)
    if solver is not None or lagged:  # lagged: sequential by nature, the same loop uncompiled
        n = np.broadcast(t_exo, e2_exo, ai, lh_gnrh, desens, capacity, drive).shape
        args = [np.ascontiguousarray(np.broadcast_to(np.asarray(a, dtype=np.float64), n)).ravel()
                for a in (t_exo, e2_exo, ai, lh_gnrh, desens, capacity, drive)]
        res = args[0] if reserve is None else np.ascontiguousarray(np.broadcast_to(reserve, n), dtype=np.float64).ravel()
        gs = args[0] if guess is None else np.ascontiguousarray(np.broadcast_to(guess, n), dtype=np.float64).ravel()
        out = [np.empty(args[0].shape) for _ in range(4)]
        start = (math.nan,) * 3 if before is None else tuple(float(v) for v in before)
        flags = (float(lag_a) if lagged else -1.0, *start)
        if solver is not None:
            solver(*args, res, reserve is not None, gs, guess is not None, np.array(consts), beta, *flags, *out)
        else:  # uncompiled: on Python floats, ~10x faster than on numpy scalars
            lists = [a.tolist() for a in (*args, res)]
            outs = [[0.0] * len(args[0]) for _ in range(4)]
            _solve_points(*lists, reserve is not None, gs.tolist(), guess is not None, consts, beta, *flags, *outs)
            out = [np.array(o) for o in outs]
        x, lh, fb, r = (o.reshape(n) for o in out)
        ai_b = args[2].reshape(n)
        return x, (1.0 - ai_b) * consts[2] * x + (1.0 - ai_b) * consts[3] + args[1].reshape(n), lh, fb, r
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
    return x, arom * x + e2_base, lh, fb, _pow(fb, beta) if reserve is None else reserve


def female_lh(e2: np.ndarray, lh_gnrh: np.ndarray, desens: np.ndarray) -> np.ndarray:
    """LH relative to the premenopausal mean: high when E2 is low (menopause), lowered by E2."""
    lmax, n = P.LH_MAX_FEMALE.value, P.LH_E2_HILL_FEMALE.value
    e = np.maximum(e2, 0.0) / P.E2_PREMENOPAUSAL.value
    return (1.0 - desens) * (lmax / (1.0 + (lmax - 1.0) * e**n) + lh_gnrh)
