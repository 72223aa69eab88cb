"""Loop states -> the Result's signals, markers and BMD (one patient).

``simulate._rows`` defines these outputs in numpy (``bone.signals``, ``bone.mechanostat``,
``tissue``). ``run`` computes the same numbers with fewer passes: the exponentials and powers
(the mechanostat's stimulus, BMD, the markers) as whole numpy arrays, which numpy evaluates with
SIMD where the CPU has it (drive_kernel), and the regulatory signals, a chain of divisions,
point by point in one compiled numba loop (``fill``) that releases the GIL. It agrees with the
numpy form to ~1e-15 relative (tests/model/test_pointwise_kernels.py) and runs only compiled;
without numba, the numpy form.
"""

from __future__ import annotations

import numpy as np

from bonegui.model import jit

#: the rows ``fill`` writes, in order (Result series names)
OUTPUTS = ("rankl_pm", "opg_pm", "rankl_opg_ratio", "formation_rel", "resorption_rel", "ctx_rel", "p1np_rel",
           "bmd_spine_g_cm2", "bmd_hip_g_cm2", "tscore_spine", "tscore_hip")
#: the constants vector, in order (``constants``)
CONSTS = ("bv_exp", "disuse_rankl", "overload_rankl_exp", "pth_prod", "K_PTH_act", "K_PTH_rep", "beta_OPG",
          "OPG_max", "D_OPG_OPG_max", "R_RANKL", "beta_RANKL", "D_RANKL", "rank_term", "K_A1", "inv_ratio_ref",
          "refill_rate_ref", "inv_oca_ref", "ctx_exp", "p1np_exp", "peak_spine", "peak_hip", "mean_spine",
          "sd_spine", "mean_hip", "sd_hip")


def fill(obp, oba, psi, f_mech_over, drive, i0, stride, k, out):
    """Write the signal rows out[0:3][n] for the states at index n (n = 0 .. len(obp) - 1),
    whose drive is drive[:, i0 + n * stride] (drive_kernel.DRIVE rows; the states are every
    ``stride``-th grid point from ``i0``). ``psi``: the mechanostat's stimulus at each state and
    ``f_mech_over`` psi**-rho (read where psi > 1). ``k``: ``constants``."""
    kap = k[1]
    pth_prod = k[3]
    k_act = k[4]
    k_rep = k[5]
    b_opg = k[6]
    opg_max = k[7]
    d_opg_max = k[8]
    r_rankl = k[9]
    b_rankl = k[10]
    d_rankl = k[11]
    rank_term = k[12]
    k_a1 = k[13]
    inv_ratio_ref = k[14]
    f_rankl = drive[1]
    f_opg = drive[2]
    pth_scale = drive[6]
    for n in range(len(obp)):
        i = i0 + n * stride
        # the mechanostat (bone.mechanostat): disuse adds RANKL, overload lowers its expression
        ps = psi[n]
        p_mech = kap * (1.0 / ps - 1.0) if ps < 1.0 else 0.0
        f_mech = f_mech_over[n] if ps > 1.0 else 1.0
        # the regulatory factors (bone.signals, no infusions)
        pth = pth_prod * pth_scale[i]
        opg_prod = b_opg * f_opg[i] * oba[n] * (k_rep / (pth + k_rep))
        opg = opg_prod * opg_max / (opg_prod + d_opg_max)
        fr = f_rankl[i] * f_mech
        l_eff = r_rankl * fr * obp[n] * (pth / (pth + k_act))
        beta_l = b_rankl * fr
        available = l_eff * (beta_l + p_mech) / (beta_l + d_rankl * l_eff)
        out[0][n] = available / (rank_term + k_a1 * opg)
        out[1][n] = opg
        out[2][n] = available / opg * inv_ratio_ref


def run(fill_compiled, obp, oba, oca, cavity_2, lbs, lbh, drive, i0, stride, k, out):
    """Every row of ``out`` (``OUTPUTS``) for the states given (see ``fill``): the powers and
    exponentials in numpy, the signals by the compiled ``fill``."""
    n = len(obp)
    at = slice(i0, i0 + (n - 1) * stride + 1, stride)
    psi = drive[7][at] * np.exp(-k[0] * lbs)
    fill_compiled(obp, oba, psi, np.power(psi, -k[2]), drive, i0, stride, k, out)
    formation, resorption = out[3], out[4]
    np.multiply(drive[5][at] * k[15], cavity_2, out=formation)
    np.multiply(oca, k[16], out=resorption)
    np.power(resorption, k[17], out=out[5])
    np.power(formation, k[18], out=out[6])
    np.multiply(np.exp(lbs), k[19], out=out[7])
    np.multiply(np.exp(lbh), k[20], out=out[8])
    np.divide(out[7] - k[21], k[22], out=out[9])
    np.divide(out[8] - k[23], k[24], out=out[10])


def constants(c, p, x_ref, ratio_ref: float, peak_bmd: dict, sex: str) -> np.ndarray:
    """The ``fill`` constants from the loop constants ``c`` (bone.StepConstants), the core ``p``,
    the reference state, the displayed ratio's reference, the person's peak BMD per site."""
    from bonegui.model import tissue
    from bonegui.model.parameters import BMD_REFERENCE

    spine, hip = BMD_REFERENCE[("spine", sex)], BMD_REFERENCE[("hip", sex)]
    values = {
        "bv_exp": c.mech_bv_exponent, "disuse_rankl": c.mech_disuse_rankl,
        "overload_rankl_exp": c.mech_overload_rankl_exponent, "pth_prod": p.beta_PTH / p.D_PTH,
        "K_PTH_act": p.K_PTH_act, "K_PTH_rep": p.K_PTH_rep, "beta_OPG": p.beta_OPG, "OPG_max": p.OPG_max,
        "D_OPG_OPG_max": p.D_OPG * p.OPG_max, "R_RANKL": p.R_RANKL, "beta_RANKL": p.beta_RANKL,
        "D_RANKL": p.D_RANKL, "rank_term": 1.0 + p.K_A2 * p.RANK, "K_A1": p.K_A1, "inv_ratio_ref": 1.0 / ratio_ref,
        "refill_rate_ref": 2.0 / c.refill_delay_days, "inv_oca_ref": 1.0 / x_ref[2],
        "ctx_exp": tissue.TISSUE.ctx_exponent, "p1np_exp": tissue.TISSUE.p1np_exponent,
        "peak_spine": peak_bmd["spine"], "peak_hip": peak_bmd["hip"], "mean_spine": spine.mean_g_cm2,
        "sd_spine": spine.sd_g_cm2, "mean_hip": hip.mean_g_cm2, "sd_hip": hip.sd_g_cm2,
    }
    return np.array([float(values[name]) for name in CONSTS], dtype=np.float64)


def compiled():
    """The numba-compiled ``fill`` (lazily), or None (then the numpy form runs)."""
    return jit.compiled(fill)
