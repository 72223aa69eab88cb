"""GH / IGF-1 axis: daily GH from age, condition and secretagogues; IGF-1 follows GH with a lag.

    GH   = base(age, GHD) * (1 + R * s_GHRH) * (1 + R * s_GHRP)    (GHRH + ghrelin agonists synergise)
    IGF1_ss = IGF1_young * GH (1 + K) / (GH + K)                   (hepatic output saturates)
    dIGF1/dt = (IGF1_ss - IGF1) / tau

R is the pituitary reserve (small in GH deficiency: secretagogues need somatotrophs).
"""

from __future__ import annotations

import numpy as np

from bonegui.model import endocrine_params as P
from bonegui.model import jit


def gh_base(age_years: np.ndarray, gh_deficient: bool) -> np.ndarray:
    """Daily-mean GH relative to the young-adult mean, without drugs."""
    base = np.exp(-P.GH_DECLINE.value * np.maximum(np.asarray(age_years) - P.GH_AGE_START.value, 0.0))
    return base * (P.GH_DEFICIENCY_BASE.value if gh_deficient else 1.0)


def gh_reserve(gh_deficient: bool) -> float:
    """Pituitary response to secretagogues relative to a normal pituitary."""
    return P.GH_DEFICIENCY_RESERVE.value if gh_deficient else 1.0


def gh_level(age_years: np.ndarray, gh_deficient: bool, ghrh_stim: np.ndarray, ghrp_stim: np.ndarray,
             base: np.ndarray | None = None) -> np.ndarray:
    """Daily-mean GH (rel. to the young-adult mean). ``base``: gh_base(age_years, gh_deficient)
    when the caller has it already."""
    r = gh_reserve(gh_deficient)
    base = gh_base(age_years, gh_deficient) if base is None else base
    return base * (1.0 + r * ghrh_stim) * (1.0 + r * ghrp_stim)


def gh_level_fine(age_years, gh_deficient: bool, continuous_stim, pulse_stim, pattern) -> np.ndarray:
    """Within-day GH: the endogenous pulse pattern (mean 1), raised as a whole by continuous
    GHRH-analogue exposure (CJC-1295 lifts troughs and pulses, Ionescu 2006), plus the drug-driven
    pulses (sermorelin, ipamorelin), which come on top of the pattern rather than scaling it."""
    r = gh_reserve(gh_deficient)
    return gh_base(age_years, gh_deficient) * (1.0 + r * continuous_stim) * (pattern + r * pulse_stim)


def igf1_steady(gh: np.ndarray, oral_e2: np.ndarray | None = None) -> np.ndarray:
    """Hepatic IGF-1 output for a GH level; oral estradiol (first pass) lowers it."""
    k = P.IGF1_GH_HALF_SAT.value
    out = P.IGF1_YOUNG.value * gh * (1.0 + k) / (gh + k)
    if oral_e2 is not None and np.any(oral_e2):
        out = out * (1.0 - P.ORAL_E2_IGF1_MAX.value * oral_e2 / (oral_e2 + P.ORAL_E2_IGF1_HALF.value))
    return out


def _lag_loop(x, a, start, out):
    """y_i = a*y_{i-1} + (1 - a)*x_i from y_{-1} = start (compiled by numba)."""
    y = start
    b = 1.0 - a
    for i in range(len(x)):
        y = a * y + b * x[i]
        out[i] = y




def first_order_lag(x: np.ndarray, dt: float, tau: float, y0: float | None = None) -> np.ndarray:
    """y' = (x - y)/tau on a uniform grid, starting from y0 (default: steady state, x(0)); exact
    for inputs held constant over each step. A compiled loop where numba is installed, else the
    same loop uncompiled (~1 ms per 10,000 points; scipy.signal's lfilter would cost its ~0.4 s
    import on the first run)."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    if len(x) == 0:
        return x.copy()
    a = float(np.exp(-dt / tau))
    start = float(x[0]) if y0 is None else float(y0)
    lag = jit.compiled(_lag_loop)
    if lag is not None:
        out = np.empty_like(x)
        lag(x, a, start, out)
        return out
    out = [0.0] * len(x)  # uncompiled: Python floats are ~10x faster than numpy scalars here
    _lag_loop(x.tolist(), a, start, out)
    return np.array(out)
