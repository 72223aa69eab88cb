"""The bone loop's kernel: one plain-Python source, compiled by numba where it is installed.

``advance`` steps the coupled cell / mechanostat / tissue system over a run of grid steps. It is
written in the small subset of Python that numba compiles (floats, math, indexing), so the same
function runs in two ways:

- compiled (``numba.njit(nogil=True, cache=True)``): the default whenever numba imports. It
  releases the GIL, so a simulation thread never freezes the window, and its machine code is
  cached on disk (next to this file, or in ``bonegui.paths.cache_dir()/numba`` when the install
  folder is read-only), so only the very first run of an install pays the compile;
- plain Python: where numba is missing (a Python release numba does not support yet), or with
  ``BONEGUI_KERNEL=python``. Inputs are then passed as lists, which CPython indexes fastest.

The tests run both on the same scenarios and compare them (tests/model/test_kernel.py).

Inputs are per-step coefficient rows (see ``bone.step_coefficients``) and a constants vector;
their layout (``COEFFS``, ``CONSTS``, ``STATE``) has no patient axis yet, but nothing in the
kernel keeps state between calls, so a cohort runs it once per patient on its own rows.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

#: names of the per-step coefficient rows, in the order ``advance`` takes them
COEFFS = ("obu", "ocp", "rankl_capacity", "rankl_production", "opg_production", "oc_apoptosis",
          "ob_apoptosis", "loading")
#: names of the loop constants, in the order of the constants vector
CONSTS = ("D_OBp", "K_D1", "K_D2", "K_D3", "K_D8", "c_tgfb", "OPG_max", "D_OPG_OPG_max", "rank_term",
          "K_A1", "K_A2_RANK", "D_RANKL", "spine_k_per_day", "hip_k_per_day", "mineralisation_lag_days",
          "mech_overload_slope", "mech_overload_cap", "mech_disuse_rankl", "mech_bv_exponent",
          "inv_oba_ref", "inv_oca_ref")
#: names of the loop state, in order
STATE = ("obp", "oba", "oca", "formation_lagged", "log_bv_spine", "log_bv_hip")

ENV_KERNEL = "BONEGUI_KERNEL"  # "python" forces the uncompiled kernel


def advance(x, cf, i0, i1, h, k, out):
    """Advance state ``x`` (len(STATE) floats, updated in place) from grid point i0 to i1 in
    steps of ``h`` days; ``out[j][n]`` receives state j at point i0 + n (before its step).

    ``cf[j][i]`` is coefficient j (``COEFFS``) for step i (grid points i..i+1); ``k`` holds the
    constants (``CONSTS``). Exponential predictor-corrector: for dx/dt = P - L*x with P, L taken
    at the start (predictor) and averaged with the predicted end (corrector),
    x <- x*e^{-Lh} + P/L*(1 - e^{-Lh}); exact for frozen rates, second order, never negative.
    The rate expressions are the core's (``bone.signals`` / ``bone.core_rhs``), inlined."""
    D_OBp = k[0]
    K1 = k[1]
    K2 = k[2]
    K3 = k[3]
    K8 = k[4]
    c_tgfb = k[5]
    OPGmax = k[6]
    DOPGmax = k[7]
    rank_term = k[8]
    KA1 = k[9]
    KA2R = k[10]
    D_RANKL = k[11]
    k_sp = k[12] * h * 0.5
    k_hip = k[13] * h * 0.5
    e_lag = math.exp(-h / k[14])
    lam = k[15]
    cap = k[16]
    kap = k[17]
    pexp = k[18]
    inv_oba_ref = k[19]
    inv_oca_ref = k[20]
    DK2 = D_OBp * K2

    obp = x[0]
    oba = x[1]
    oca = x[2]
    flag = x[3]
    lbs = x[4]
    lbh = x[5]
    c_obu = cf[0]
    c_ocp = cf[1]
    c_l = cf[2]
    c_beta = cf[3]
    c_o = cf[4]
    c_a = cf[5]
    c_aob = cf[6]
    load = cf[7]
    o_obp = out[0]
    o_oba = out[1]
    o_oca = out[2]
    o_f = out[3]
    o_ls = out[4]
    o_lh = out[5]

    for i in range(i0, i1):
        n = i - i0
        o_obp[n] = obp
        o_oba[n] = oba
        o_oca[n] = oca
        o_f[n] = flag
        o_ls[n] = lbs
        o_lh[n] = lbh
        cobu = c_obu[i]
        cocp = c_ocp[i]
        cl = c_l[i]
        bl = c_beta[i]
        co = c_o[i]
        ca = c_a[i]
        aob = c_aob[i]
        e_oba = math.exp(-aob * h)
        g_oba = (1.0 - e_oba) / aob
        # mechanostat (Scheiner 2013), frozen over the step: bone volume changes slowly
        psi = load[i] * math.exp(-pexp * lbs)
        if psi >= 1.0:
            f_mech = 1.0 + lam * math.log(psi)
            if f_mech > cap:
                f_mech = cap
            cobu *= f_mech
            blm = bl
        else:  # disuse: extra RANKL, Scheiner's kappa*(1 - psi) to first order, unbounded as psi -> 0
            blm = bl + kap * (1.0 / psi - 1.0)
        # predictor: rates at the start
        tg = c_tgfb * oca
        po = co * oba
        le = cl * obp
        cx = KA2R * le / (rank_term + KA1 * po * OPGmax / (po + DOPGmax)) * blm / (bl + D_RANKL * le)
        l1 = DK2 / (tg + K2)
        p1 = cobu * tg / (tg + K1)
        p3 = cocp * cx / (cx + K8)
        l3 = ca * tg / (tg + K3)
        e1 = math.exp(-l1 * h)
        e3 = math.exp(-l3 * h)
        obp_p = obp * e1 + p1 / l1 * (1.0 - e1)
        oba_p = oba * e_oba + l1 * obp * g_oba
        oca_p = oca * e3 + p3 / l3 * (1.0 - e3)
        # corrector: rates at the predicted end, averaged with the start
        tg = c_tgfb * oca_p
        po = co * oba_p
        le = cl * obp_p
        cx = KA2R * le / (rank_term + KA1 * po * OPGmax / (po + DOPGmax)) * blm / (bl + D_RANKL * le)
        m1 = DK2 / (tg + K2)
        l1b = 0.5 * (l1 + m1)
        l3b = 0.5 * (l3 + ca * tg / (tg + K3))
        e1 = math.exp(-l1b * h)
        e3 = math.exp(-l3b * h)
        obp_n = obp * e1 + 0.5 * (p1 + cobu * tg / (tg + K1)) / l1b * (1.0 - e1)
        oba_n = oba * e_oba + 0.5 * (l1 * obp + m1 * obp_p) * g_oba
        oca_n = oca * e3 + 0.5 * (p3 + cocp * cx / (cx + K8)) / l3b * (1.0 - e3)
        # tissue: lagged formation, then ln(bone volume) per site by the trapezoid rule
        flag_n = flag * e_lag + (1.0 - e_lag) * 0.5 * (oba + oba_n) * inv_oba_ref
        imbalance2 = flag + flag_n - (oca + oca_n) * inv_oca_ref
        lbs += k_sp * imbalance2
        lbh += k_hip * imbalance2
        obp = obp_n
        oba = oba_n
        oca = oca_n
        flag = flag_n

    x[0] = obp
    x[1] = oba
    x[2] = oca
    x[3] = flag
    x[4] = lbs
    x[5] = lbh


# ---------------------------------------------------------------------------- compiled form
def _cache_dir_for_numba() -> None:
    """numba caches next to the source; when the install folder is read-only, use ours."""
    if os.environ.get("NUMBA_CACHE_DIR"):
        return
    here = Path(__file__).resolve().parent
    if os.access(here, os.W_OK) and os.access(here / "__pycache__" if (here / "__pycache__").exists() else here, os.W_OK):
        return
    from bonegui.paths import cache_dir

    os.environ["NUMBA_CACHE_DIR"] = str(cache_dir() / "numba")


def _compile():
    if os.environ.get(ENV_KERNEL, "").strip().lower() == "python":
        return None
    try:
        _cache_dir_for_numba()
        import numba
    except Exception:  # noqa: BLE001 - no numba (or a broken one): the plain-Python kernel runs
        return None
    return numba.njit(cache=True, nogil=True)(advance)


_compiled = None
_tried = False


def compiled():
    """The numba-compiled ``advance`` (compiled lazily on first use), or None."""
    global _compiled, _tried
    if not _tried:
        _tried = True
        _compiled = _compile()
    return _compiled


def kernel_name() -> str:
    """'numba' or 'python': which kernel ``run`` uses."""
    return "numba" if compiled() is not None else "python"


def run(x, coeffs, i0: int, i1: int, h: float, consts, *, python: bool = False):
    """Advance state vector ``x`` (float64 array, updated in place) from i0 to i1; returns the
    states at points i0..i1-1 as a (len(STATE), i1 - i0) float64 array. ``coeffs`` is a
    (len(COEFFS), n_steps) float64 array, ``consts`` a float64 vector. ``python=True`` runs the
    uncompiled kernel (the tests' reference)."""
    n = max(0, i1 - i0)
    fn = None if python else compiled()
    if fn is not None:
        out = np.empty((len(STATE), n), dtype=np.float64)
        fn(x, tuple(coeffs), i0, i1, h, consts, tuple(out))
        return out
    xs = [float(v) for v in x]
    cf = tuple(row.tolist() for row in coeffs)
    lists = tuple([0.0] * n for _ in STATE)
    advance(xs, cf, i0, i1, h, [float(v) for v in consts], lists)
    x[:] = xs
    return np.array(lists, dtype=np.float64).reshape(len(STATE), n)


def warm_up() -> str:
    """Compile (or load from the cache) the kernel now, e.g. in a background thread or the
    simulation child at start-up, so the first real run does not pay for it. Returns the kernel
    name."""
    fn = compiled()
    if fn is not None:
        x = np.array([6.2e-4, 5.6e-4, 8.1e-4, 1.0, 0.0, 0.0])
        cf = np.ones((len(COEFFS), 2))
        fn(x, tuple(cf), 0, 1, 1.0, np.ones(len(CONSTS)), tuple(np.empty((len(STATE), 1))))
    return kernel_name()
