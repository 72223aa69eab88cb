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

import numpy as np

from bonegui.model import jit

#: names of the per-step coefficient rows, in the order ``advance`` takes them
COEFFS = ("obu", "rankl_capacity", "rankl_production", "opg_production", "oc_apoptosis",
          "ob_apoptosis", "refill_rate", "loading")
#: names of the loop constants, in the order of the constants vector
CONSTS = ("D_OBp", "D_OCp", "K_D1", "K_D2", "K_D3", "K_D8", "c_tgfb", "OPG_max", "D_OPG_OPG_max",
          "rank_term", "K_A1", "K_A2_RANK", "D_RANKL", "spine_k_per_day", "hip_k_per_day",
          "overfill_max", "hip_space_share", "mech_overload_slope", "mech_overload_cap",
          "mech_disuse_rankl", "mech_disuse_formation_exponent", "mech_overload_rankl_exponent", "mech_bv_exponent",
          "inv_oba_ref", "inv_oca_ref")
#: names of the loop state, in order (bone.LoopState)
STATE = ("obp", "oba", "oca", "cavity_1", "cavity_2", "log_bv_spine", "log_bv_hip")

def advance(x, cf, i0, i1, h, k, out):
    """Advance state ``x`` (len(STATE) floats, updated in place) from grid point i0 to i1 in
    steps of ``h`` days; ``out[j][n]`` receives state j at point i0 + n (before its step).

    ``cf[j][i]`` is coefficient j (``COEFFS``) for step i (grid points i..i+1); ``k`` holds the
    constants (``CONSTS``).

    Cells (Pivonka 2008 with the modulators): exponential predictor-corrector. For
    dx/dt = P - L*x with P, L taken at the start (predictor) and averaged with the predicted end
    (corrector), x <- x*e^{-Lh} + P/L*(1 - e^{-Lh}); exact for frozen rates, second order, never
    negative. The rate expressions are the core's (``bone.signals`` / ``bone.core_rhs``).

    Tissue (basic multicellular units): resorption a = OCa/OCa_ref digs cavities now; each
    cavity is promised the bone its osteoblast supply can lay down (``bone.refill_promise``:
    the supply F = OBa/OBa_ref when it falls short, else the cavity plus a saturating overfill).
    The promised bone waits in the remodelling space, two stages C1 -> C2 emptied at the refill
    rate r (1/d per stage; faster when osteoblasts lay matrix faster), and is laid down as
    formation r*C2. So d ln BV/dt = k_site * (r*C2 - a): more turnover first opens remodelling
    space (a dip), then BMD settles where the per-cycle balance puts it. Within a step the
    two-stage chain is solved exactly for its mean input and the bone laid down is the inflow
    minus the change in the remodelling space (exact bookkeeping)."""
    D_OBp = k[0]
    D_OCp = k[1]
    K1 = k[2]
    K2 = k[3]
    K3 = k[4]
    K8 = k[5]
    c_tgfb = k[6]
    OPGmax = k[7]
    DOPGmax = k[8]
    rank_term = k[9]
    KA1 = k[10]
    KA2R = k[11]
    D_RANKL = k[12]
    k_sp = k[13]
    k_hip = k[14]
    bmax = k[15]
    hip_space = k[16]
    lam = k[17]
    cap = k[18]
    kap = k[19]
    sig = k[20]
    rho = k[21]
    pexp = k[22]
    inv_oba_ref = k[23]
    inv_oca_ref = k[24]
    DK2 = D_OBp * K2

    obp = x[0]
    oba = x[1]
    oca = x[2]
    c1 = x[3]
    c2 = x[4]
    lbs = x[5]
    lbh = x[6]
    c_obu = cf[0]
    c_l = cf[1]
    c_beta = cf[2]
    c_o = cf[3]
    c_a = cf[4]
    c_aob = cf[5]
    c_rate = cf[6]
    load = cf[7]

    a0 = oca * inv_oca_ref
    f0 = oba * inv_oba_ref
    if f0 <= a0:
        p0 = f0
    else:
        p0 = a0 + bmax * a0 * (f0 - a0) / (bmax * a0 + f0 - a0)

    for i in range(i0, i1):
        n = i - i0
        out[0][n] = obp
        out[1][n] = oba
        out[2][n] = oca
        out[3][n] = c1
        out[4][n] = c2
        out[5][n] = lbs
        out[6][n] = lbh
        cobu = c_obu[i]
        cl = c_l[i]
        bl = c_beta[i]
        co = c_o[i]
        ca = c_a[i]
        aob = c_aob[i]
        e_oba = math.exp(-aob * h)
        g_oba = (1.0 - e_oba) / aob
        # mechanostat (Scheiner 2013), frozen over the step: bone volume changes slowly. In logs,
        # ln psi = ln load - p ln BV: its powers are then one exp each, and the log of the load
        # (an input) is not on the chain from one step's bone volume to the next step's cells
        # (a pow there cost ~20 % of the loop)
        ln_psi = math.log(load[i]) - pexp * lbs
        if ln_psi >= 0.0:  # overload: more osteoblast precursors, less osteocyte RANKL
            f_mech = 1.0 + lam * ln_psi
            if f_mech > cap:
                f_mech = cap
            cobu *= f_mech
            r_mech = math.exp(-rho * ln_psi)
            cl *= r_mech
            bl *= r_mech
            blm = bl
        else:  # disuse: extra RANKL (Scheiner's kappa*(1 - psi) to first order) and sclerostin
            blm = bl + kap * (math.exp(-ln_psi) - 1.0)
            cobu *= math.exp(sig * ln_psi)
        # predictor: rates at the start
        tg = c_tgfb * oca
        po = co * oba
        le = cl * obp
        # RANKL-RANK occupancy cx = num / den (bone.core_rhs's three nested fractions over one
        # denominator), and osteoclast recruitment D_OCp cx / (cx + K8) = D_OCp num / (num + K8 den):
        # one division where there were four, on the chain from one step to the next
        u = po + DOPGmax
        num = KA2R * le * blm * u
        den = (rank_term * u + KA1 * po * OPGmax) * (bl + D_RANKL * le)
        l1 = DK2 / (tg + K2)
        p1 = cobu * tg / (tg + K1)
        p3 = D_OCp * num / (num + K8 * den)
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
        u = po + DOPGmax
        num = KA2R * le * blm * u
        den = (rank_term * u + KA1 * po * OPGmax) * (bl + D_RANKL * le)
        m1 = DK2 / (tg + K2)
        l1b = 0.5 * (l1 + m1)
        l3b = 0.5 * (l3 + ca * tg / (tg + K3))
        e1 = math.exp(-l1b * h)
        e3 = math.exp(-l3b * h)
        obp_n = obp * e1 + 0.5 * (p1 + cobu * tg / (tg + K1)) / l1b * (1.0 - e1)
        oba_n = oba * e_oba + 0.5 * (l1 * obp + m1 * obp_p) * g_oba
        oca_n = oca * e3 + 0.5 * (D_OCp * num / (num + K8 * den) + p3) / l3b * (1.0 - e3)
        # tissue: the remodelling space (exact two-stage chain for the step's mean promise)
        a1 = oca_n * inv_oca_ref
        f1 = oba_n * inv_oba_ref
        if f1 <= a1:
            p1n = f1
        else:
            p1n = a1 + bmax * a1 * (f1 - a1) / (bmax * a1 + f1 - a1)
        pm = 0.5 * (p0 + p1n)
        rate = c_rate[i]
        tau = 1.0 / rate
        e = math.exp(-rate * h)
        d1 = c1 - pm * tau
        c1_n = pm * tau + d1 * e
        c2_n = pm * tau + (c2 - pm * tau) * e + d1 * (rate * h) * e
        # bone laid down in the step = inflow - growth of the space; resorbed = mean a times h.
        # The per-cycle balance is lost or gained for good; the space fills again later. The
        # hip's cortical envelope holds less open space per unit of turnover than the spine.
        balance = (pm - 0.5 * (a0 + a1)) * h
        space = (c1_n - c1) + (c2_n - c2)
        lbs += k_sp * (balance - space)
        lbh += k_hip * (balance - hip_space * space)
        obp = obp_n
        oba = oba_n
        oca = oca_n
        c1 = c1_n
        c2 = c2_n
        a0 = a1
        p0 = p1n

    x[0] = obp
    x[1] = oba
    x[2] = oca
    x[3] = c1
    x[4] = c2
    x[5] = lbs
    x[6] = lbh


# ---------------------------------------------------------------------------- compiled form
def compiled():
    """The numba-compiled ``advance`` (compiled lazily on first use), or None."""
    return jit.compiled(advance)


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
        x = np.array([6.2e-4, 5.6e-4, 8.1e-4, 55.0, 55.0, 0.0, 0.0])
        cf = np.ones((len(COEFFS), 2))
        fn(x, tuple(cf), 0, 1, 1.0, np.ones(len(CONSTS)), tuple(np.empty((len(STATE), 1))))
    return kernel_name()
