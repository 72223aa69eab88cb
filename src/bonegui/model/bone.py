"""Bone-cell layer: the Pivonka et al. 2008 core (Bone 43:249) with hormone and loading drives.

States (pM): OBp precursor osteoblasts, OBa active osteoblasts, OCa active osteoclasts.
Regulatory factors (TGF-b, PTH, OPG, RANKL) are quasi-steady algebraic functions of the states,
as in the paper. Two ways to integrate:

- ``run_core``: the unmodulated core with piecewise-constant infusions, by scipy's LSODA
  (``odeint``) between switch times: the lab bench (`bonegui core`) and the check against the
  published model and ``bone_models``.
- ``step_cells``: the modulated core on a fixed grid for simulate(): an exponential
  predictor-corrector on plain Python floats (second order; exact decay within a step, so it is
  stable for any step and never produces a negative concentration). Bone volume per site and the
  mechanostat feedback are advanced in the same loop because loading depends on bone volume.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, NamedTuple

import numpy as np

from bonegui.model import kernel
from bonegui.model.parameters import CoreParameters
from bonegui.model.units import DAYS_PER_YEAR

PIVONKA = CoreParameters()

#: Published reference steady state (Pivonka 2008; MODEL.md), pM.
REFERENCE_STEADY_STATE = (6.196e-4, 5.584e-4, 8.070e-4)

INFUSABLE = ("PTH", "OPG", "RANKL", "TGFb")


@dataclass(frozen=True)
class Signals:
    tgfb_pm: np.ndarray
    pth_pm: np.ndarray
    opg_pm: np.ndarray
    rankl_pm: np.ndarray
    rankl_rank_activation: np.ndarray
    #: RANKL the osteoblast lineage offers (free + bound, pM): over OPG it is the ratio that sets
    #: free RANKL, since OPG binding dominates the denominator (K_A1*OPG ~ 18 vs 1.3 at the
    #: reference), and so the ratio that drives osteoclastogenesis
    rankl_available_pm: np.ndarray = 0.0


def signals(
    obp,
    oba,
    oca,
    p=PIVONKA,
    *,
    i_pth=0.0,
    i_opg=0.0,
    i_rankl=0.0,
    i_tgfb=0.0,
    pth_scale=1.0,
    f_rankl=1.0,
    f_opg=1.0,
    p_rankl_mech=0.0,
) -> Signals:
    """Regulatory factors for given cell states (floats or arrays broadcast together).

    ``f_rankl`` scales RANKL expression (carrying capacity and production together, so free
    RANKL scales in proportion); ``f_opg`` scales OPG production per active osteoblast;
    ``p_rankl_mech`` is Scheiner's extra RANKL production under disuse (pM/d);
    ``pth_scale`` multiplies systemic PTH production (1 in simulate(); a PTH infusion I is
    (beta_PTH + I)/beta_PTH)."""
    tgfb = (p.alpha_TGFb * p.k_res * oca + i_tgfb) / p.D_TGFb
    pth = (p.beta_PTH * pth_scale + i_pth) / p.D_PTH
    act_pth = pth / (pth + p.K_PTH_act)
    rep_pth = p.K_PTH_rep / (pth + p.K_PTH_rep)
    opg_prod = p.beta_OPG * f_opg * oba * rep_pth
    opg = (opg_prod + i_opg) * p.OPG_max / (opg_prod + p.D_OPG * p.OPG_max)
    l_eff = p.R_RANKL * f_rankl * obp * act_pth
    beta_l = p.beta_RANKL * f_rankl
    available = l_eff * (beta_l + i_rankl + p_rankl_mech) / (beta_l + p.D_RANKL * l_eff)
    rankl = available / (1.0 + p.K_A1 * opg + p.K_A2 * p.RANK)
    cx = p.K_A2 * rankl * p.RANK
    return Signals(tgfb, pth, opg, rankl, cx / (cx + p.K_D8), available)


def core_rhs(x, p=PIVONKA, infusion: Mapping[str, float] | None = None) -> list[float]:
    """d(OBp, OBa, OCa)/dt of the unmodulated core with constant infusions (pM/d)."""
    inf = infusion or {}
    obp, oba, oca = x
    s = signals(obp, oba, oca, p, i_pth=inf.get("PTH", 0.0), i_opg=inf.get("OPG", 0.0),
                i_rankl=inf.get("RANKL", 0.0), i_tgfb=inf.get("TGFb", 0.0))
    tg = s.tgfb_pm
    diff_obp = p.D_OBp * obp * p.K_D2 / (tg + p.K_D2)
    return [
        p.D_OBu * tg / (tg + p.K_D1) - diff_obp,
        diff_obp - p.A_OBa * oba,
        p.D_OCp * s.rankl_rank_activation - p.A_OCa * oca * tg / (tg + p.K_D3),
    ]


def steady_state(p=PIVONKA, infusion: Mapping[str, float] | None = None) -> np.ndarray:
    """Steady state of the core (pM), by Newton iteration from the published values."""
    # Newton's method with a central-difference Jacobian (3 equations): the same root as
    # scipy's fsolve to ~1e-15, without importing scipy.optimize (~0.5 s) when the app starts
    scale = np.array(REFERENCE_STEADY_STATE)

    def f(z):
        return np.array(core_rhs(z * scale, p, infusion)) / scale

    z = np.ones(3)
    for _ in range(100):
        fz = f(z)
        jac = np.empty((3, 3))
        for k in range(3):
            dz = np.zeros(3)
            dz[k] = 1e-6 * max(1.0, abs(z[k]))
            jac[:, k] = (f(z + dz) - f(z - dz)) / (2.0 * dz[k])
        step = np.linalg.solve(jac, -fz)
        while np.any(z + step <= 0.0):  # concentrations stay positive
            step *= 0.5
        z = z + step
        if np.max(np.abs(step)) < 1e-14:
            break
    else:
        raise RuntimeError("core steady state not found: Newton's method did not converge")
    if np.max(np.abs(f(z))) > 1e-9:
        raise RuntimeError(f"core steady state not found: residual {np.max(np.abs(f(z))):.3g}")
    return z * scale


def bone_volume_rate_constants(p=PIVONKA, x_ref=None) -> tuple[float, float]:
    """k_form, k_res (1/(pM d)) for dBV/dt = k_form*OBa - k_res*OCa in fraction of the reference
    volume per day: k_res = turnover/OCa_ref with trabecular turnover 25 %/y (Parfitt 1983, in
    Bone Histomorphometry: Techniques and Interpretation), and k_form = k_res*OCa_ref/OBa_ref
    so that BV is constant at the reference state (MODEL.md)."""
    x_ref = steady_state(p) if x_ref is None else x_ref
    k_res = 0.25 / DAYS_PER_YEAR / x_ref[2]
    return k_res * x_ref[2] / x_ref[1], k_res


def run_core(
    days: float,
    infusion: Mapping[str, float] | None = None,
    from_day: float = 0.0,
    to_day: float | None = None,
    p=PIVONKA,
    *,
    rtol: float = 1e-10,
    atol: float = 1e-16,
) -> dict[str, np.ndarray]:
    """The unmodulated core from its steady state for ``days`` days, with constant ``infusion``
    rates (pM/d; keys in ``INFUSABLE``) on [from_day, to_day). Daily output: t_days, obp_pm,
    oba_pm, oca_pm, rankl_pm, opg_pm, tgfb_pm, bv_rel."""
    infusion = dict(infusion or {})
    unknown = set(infusion) - set(INFUSABLE)
    if unknown:
        raise ValueError(f"not infusable: {', '.join(sorted(unknown))}; allowed: {', '.join(INFUSABLE)}")
    to_day = days if to_day is None else to_day
    n = int(math.floor(days + 1e-9)) + 1
    t = np.arange(n, dtype=float)
    from scipy.integrate import odeint

    x0 = steady_state(p)
    # segments between switch times; odeint restarts at each switch (inputs are discontinuous)
    cuts = sorted({0.0, float(days), *(c for c in (from_day, to_day) if 0.0 < c < days)})
    states = np.empty((n, 3))
    states[0] = x0
    x = x0
    for a, b in zip(cuts[:-1], cuts[1:]):
        on = infusion if (from_day <= a < to_day) else {}
        inside = t[(t > a) & (t <= b)]
        grid = np.r_[a, inside] if (len(inside) == 0 or inside[-1] == b) else np.r_[a, inside, b]
        if grid[-1] != b:
            grid = np.r_[grid, b]
        sol = odeint(lambda z, _t: core_rhs(z, p, on), x, grid, rtol=rtol, atol=atol)
        idx = np.searchsorted(t, inside)
        states[idx] = sol[1 : 1 + len(inside)]
        x = sol[-1]
    obp, oba, oca = states.T
    inf_arr = {k: np.where((t >= from_day) & (t < to_day), infusion.get(k, 0.0), 0.0) for k in INFUSABLE}
    s = signals(obp, oba, oca, p, i_pth=inf_arr["PTH"], i_opg=inf_arr["OPG"],
                i_rankl=inf_arr["RANKL"], i_tgfb=inf_arr["TGFb"])
    k_form, k_res = bone_volume_rate_constants(p, x0)
    dbv = k_form * oba - k_res * oca
    bv = 1.0 + np.r_[0.0, np.cumsum(0.5 * (dbv[1:] + dbv[:-1]))]  # trapezoid on the daily grid
    return {"t_days": t, "obp_pm": obp, "oba_pm": oba, "oca_pm": oca, "rankl_pm": s.rankl_pm,
            "opg_pm": s.opg_pm, "tgfb_pm": s.tgfb_pm, "bv_rel": bv}


# ---- the modulated core on a fixed grid (simulate) ---------------------------------------------


class Drive(NamedTuple):
    """Per-grid-point inputs of the modulated core (arrays of equal length). All are multipliers
    that are 1 at the reference."""

    f_obu: np.ndarray  # on D_OBu: IGF-1 x androgen receptor
    f_rankl: np.ndarray  # on RANKL expression: estradiol x IGF-1
    f_opg: np.ndarray  # on OPG production: estradiol
    f_oc_apoptosis: np.ndarray  # on A_OCa: estradiol
    f_ob_apoptosis: np.ndarray  # on A_OBa: estradiol (osteoblast survival)
    f_apposition: np.ndarray  # on the rate active osteoblasts lay matrix (refill speed): IGF-1
    pth_scale: np.ndarray  # on systemic PTH production: age without estrogen (and experiments)
    loading_rel: np.ndarray  # strain stimulus relative to the customary load (activity, age)


@dataclass(frozen=True)
class StepConstants:
    """Constants of the coupled cell-tissue-mechanostat loop (plain floats)."""

    spine_k_per_day: float
    hip_k_per_day: float
    refill_delay_days: float
    overfill_max: float
    hip_space_share: float
    mech_overload_slope: float
    mech_overload_cap: float
    mech_disuse_rankl: float
    mech_disuse_formation_exponent: float
    mech_overload_rankl_exponent: float
    mech_bv_exponent: float


class LoopState(NamedTuple):
    obp: float
    oba: float
    oca: float
    #: the remodelling space: bone promised to open cavities, in days of the reference formation
    #: rate, in two stages of ``refill_delay``/2 each at the reference (formation = rate * C2)
    cavity_1: float
    cavity_2: float
    log_bv_spine: float  # ln(BMD/BMD at peak)
    log_bv_hip: float


def reference_state(x_ref: tuple[float, float, float], c: StepConstants) -> LoopState:
    stage = 0.5 * c.refill_delay_days
    return LoopState(x_ref[0], x_ref[1], x_ref[2], stage, stage, 0.0, 0.0)


def loop_constants(c: StepConstants, x_ref: tuple[float, float, float], p=PIVONKA) -> np.ndarray:
    """The kernel's constants vector (``kernel.CONSTS`` order) from the core and loop constants."""
    values = {
        "D_OBp": p.D_OBp, "D_OCp": p.D_OCp, "K_D1": p.K_D1, "K_D2": p.K_D2, "K_D3": p.K_D3, "K_D8": p.K_D8,
        "c_tgfb": p.alpha_TGFb * p.k_res / p.D_TGFb, "OPG_max": p.OPG_max,
        "D_OPG_OPG_max": p.D_OPG * p.OPG_max, "rank_term": 1.0 + p.K_A2 * p.RANK, "K_A1": p.K_A1,
        "K_A2_RANK": p.K_A2 * p.RANK, "D_RANKL": p.D_RANKL,
        "spine_k_per_day": c.spine_k_per_day, "hip_k_per_day": c.hip_k_per_day,
        "overfill_max": c.overfill_max, "hip_space_share": c.hip_space_share,
        "mech_overload_slope": c.mech_overload_slope, "mech_overload_cap": c.mech_overload_cap,
        "mech_disuse_rankl": c.mech_disuse_rankl, "mech_disuse_formation_exponent": c.mech_disuse_formation_exponent,
        "mech_overload_rankl_exponent": c.mech_overload_rankl_exponent,
        "mech_bv_exponent": c.mech_bv_exponent,
        "inv_oba_ref": 1.0 / x_ref[1], "inv_oca_ref": 1.0 / x_ref[2],
    }
    return np.array([values[name] for name in kernel.CONSTS], dtype=np.float64)


def step_cells(
    state: LoopState,
    coeffs: np.ndarray,
    i0: int,
    i1: int,
    h: float,
    c: StepConstants,
    x_ref: tuple[float, float, float],
    p=PIVONKA,
    *,
    python: bool = False,
) -> tuple[LoopState, np.ndarray]:
    """Advance from grid point i0 to i1 (steps of ``h`` days); returns the new state and the
    states at points i0..i1-1 as a (len(LoopState), i1 - i0) array. ``coeffs`` (from
    ``step_coefficients``) hold one value per step (step i spans grid points i..i+1), so inputs
    that switch on the grid switch exactly there. The loop itself is ``kernel.advance``
    (compiled by numba where available; ``python=True`` runs it uncompiled)."""
    x = np.array(state, dtype=np.float64)
    rec = kernel.run(x, coeffs, i0, i1, h, loop_constants(c, x_ref, p), python=python)
    return LoopState(*(float(v) for v in x)), rec


def step_coefficients(drive: Drive, c: StepConstants, p=PIVONKA) -> np.ndarray:
    """Per-step loop coefficients (``kernel.COEFFS``) from grid-point drive samples: each input is
    the mean of its two end values (second order for smooth inputs), then combined with the
    core constants (vectorised)."""
    d = Drive(*(0.5 * (a[..., :-1] + a[..., 1:]) for a in (np.asarray(x, dtype=np.float64) for x in drive)))
    pth = p.beta_PTH * d.pth_scale / p.D_PTH
    act_pth = pth / (pth + p.K_PTH_act)
    rep_pth = p.K_PTH_rep / (pth + p.K_PTH_rep)
    rows = {
        "obu": p.D_OBu * d.f_obu,
        "rankl_capacity": p.R_RANKL * d.f_rankl * act_pth,
        "rankl_production": p.beta_RANKL * d.f_rankl,
        "opg_production": p.beta_OPG * d.f_opg * rep_pth,
        "oc_apoptosis": p.A_OCa * d.f_oc_apoptosis,
        "ob_apoptosis": p.A_OBa * d.f_ob_apoptosis,
        "refill_rate": d.f_apposition * (2.0 / c.refill_delay_days),
        "loading": d.loading_rel,
    }
    shape = np.broadcast_shapes(*(np.shape(r) for r in rows.values()))  # (steps,) or (people, steps)
    return np.ascontiguousarray(np.array([np.broadcast_to(rows[k], shape) for k in kernel.COEFFS], dtype=np.float64))


def mechanostat(loading_rel, log_bv, c: StepConstants):
    """Vectorised copy of the loop's mechanostat, for outputs: (psi_rel, p_rankl_mech,
    f_rankl_mech): extra RANKL production under disuse, less RANKL expression under overload."""
    psi = loading_rel * np.exp(-c.mech_bv_exponent * log_bv)
    p_mech = c.mech_disuse_rankl * np.maximum(1.0 / psi - 1.0, 0.0)
    f_mech = np.maximum(psi, 1.0) ** (-c.mech_overload_rankl_exponent)
    return psi, p_mech, f_mech


def refill_promise(resorption_rel, formation_cells_rel, overfill_max: float):
    """Bone the cavities dug now will get back, relative to the reference formation rate: the
    osteoblast supply when it falls short of the cavities (a per-cycle deficit), else the
    cavities plus an overfill that saturates at ``overfill_max`` (vectorised copy of the
    kernel's expression)."""
    a = np.asarray(resorption_rel, dtype=np.float64)
    f = np.asarray(formation_cells_rel, dtype=np.float64)
    surplus = np.maximum(f - a, 0.0)
    return np.where(f <= a, f, a + overfill_max * a * surplus / (overfill_max * a + surplus))
