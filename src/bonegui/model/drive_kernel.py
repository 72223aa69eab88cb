"""Hormones -> drive -> loop coefficients in one compiled pass (one patient, daily grid).

``simulate.build_drive`` and ``bone.step_coefficients`` are the model's definition: numpy,
vectorised, with a patient axis for the cohort. Over a 30-year daily grid they make ~40 numpy
passes with temporaries, and most of their time is the powers of the receptor curves. ``fill``
computes the same numbers point by point in one numba loop: no temporaries, and each pair of
powers of one base shares its logarithm (x**a, x**b = exp(a ln x), exp(b ln x)). It agrees with
the numpy form to ~1e-15 relative (tests/model/test_drive_kernel.py) and is only used compiled:
where numba is missing the numpy form runs (as plain Python this loop would be ~20x slower).

``fill`` can start at any grid point: the drive is pointwise and a step's coefficients use its
two end points, so an edit from day j recomputes drive[j:] and coefficients[j-1:] and keeps the
rest (simulate.Simulator); the numbers are those of a whole run, bit for bit.
"""

from __future__ import annotations

import math

import numpy as np

from bonegui.model import jit

#: the drive rows ``fill`` writes, in bone.Drive's order
DRIVE = ("f_obu", "f_rankl", "f_opg", "f_oc_apoptosis", "f_ob_apoptosis", "f_apposition", "pth_scale",
         "loading_rel")
#: the constants vector, in order (``constants``)
CONSTS = ("E2_EC50", "E2_hill", "T_EC50", "T_hill", "e2_rankl_gain", "e2_opg_gain", "e2_oc_gain", "e2_ob_gain",
          "s_ref", "t_obu_gain", "u_ref", "igf1_ref", "igf1_k", "igf1_n", "igf1_rankl_exp", "igf1_obu_exp",
          "igf1_app_exp", "pth_onset", "pth_gain", "pth_exp", "use_age",
          "pth_prod", "K_PTH_act", "K_PTH_rep", "D_OBu", "R_RANKL", "beta_RANKL", "beta_OPG", "A_OCa", "A_OBa",
          "refill_rate_ref")


def fill(e2, e1, cycling, acyclic, igf1, t_total, loading, age, k, j0, drive, coeffs):
    """Write drive[:, j0:] and coeffs[:, j0-1:] (coeffs from 0 when j0 is 0).

    Inputs are per grid point: serum estradiol and the estrone acting as estradiol (pg/mL), the
    share of time cycling and the acyclic estradiol (modulators.estradiol_signal; a zero share
    means steady levels), the IGF-1 bone sees (ng/mL), total testosterone (ng/dL), loading_rel
    and age (years; unused when k's use_age is 0). ``k``: ``constants``. ``drive``: DRIVE rows;
    ``coeffs``: kernel.COEFFS rows, one per step."""
    e2_k = k[0]
    e2_n = k[1]
    t_k = k[2]
    t_n = k[3]
    t_fourth = t_n == 4.0
    g_rankl = k[4]
    g_opg = k[5]
    g_oc = k[6]
    g_ob = k[7]
    s_ref = k[8]
    g_t = k[9]
    u_ref = k[10]
    igf_ref = k[11]
    kn = math.pow(k[12], k[13])
    igf_n = k[13]
    x_rankl = k[14]
    x_obu = k[15]
    x_app = k[16]
    onset = k[17]
    pth_gain = k[18]
    pth_exp = k[19]
    use_age = k[20] != 0.0
    pth_prod = k[21]
    k_act = k[22]
    k_rep = k[23]
    d_obu = k[24]
    r_rankl = k[25]
    b_rankl = k[26]
    b_opg = k[27]
    a_oca = k[28]
    a_oba = k[29]
    refill = k[30]
    # the reference's denominators, as modulators.estradiol_effects forms them
    den_rankl = 1.0 + g_rankl * (1.0 - s_ref)
    den_opg = 1.0 + g_opg * s_ref
    den_oc = 1.0 + g_oc * s_ref
    den_ob = 1.0 + g_ob * (1.0 - s_ref)
    den_t = 1.0 + g_t * u_ref
    n = len(e2)
    for i in range(j0, n):
        # estradiol: the time average of the signal over cycling and acyclic time
        f = cycling[i]
        if f > 1.0:
            f = 1.0
        off = acyclic[i] + e1[i]
        # Hill occupancies (modulators._hill), written out: numba inlines no Python helper
        if f > 1e-9:
            on = off + (e2[i] + e1[i] - off) / f
            q_on = math.pow(on / e2_k, e2_n) if on > 0.0 else 0.0
            q_off = math.pow(off / e2_k, e2_n) if off > 0.0 else 0.0
            s = f * (q_on / (1.0 + q_on)) + (1.0 - f) * (q_off / (1.0 + q_off))
        else:
            mean = e2[i] + e1[i]
            q = math.pow(mean / e2_k, e2_n) if mean > 0.0 else 0.0
            s = q / (1.0 + q)
        # IGF-1: permissive recruitment and the apposition power law share ln r and ln h
        r = igf1[i]
        if r < 1e-6:
            r = 1e-6
        ln_r = math.log(r / igf_ref)
        rn = math.exp(igf_n * ln_r)
        ln_h = math.log(rn * (1.0 + kn) / (rn + kn))
        q = t_total[i] / t_k if t_total[i] > 0.0 else 0.0
        if t_fourth:  # the fitted androgen receptor Hill is 4: a power by multiplication
            q = q * q
            q = q * q
        else:
            q = math.pow(q, t_n)
        ar = (1.0 + g_t * (q / (1.0 + q))) / den_t
        drive[0][i] = math.exp(x_obu * ln_h) * ar
        drive[1][i] = (1.0 + g_rankl * (1.0 - s)) / den_rankl * math.exp(x_rankl * ln_h)
        drive[2][i] = (1.0 + g_opg * s) / den_opg
        drive[3][i] = (1.0 + g_oc * s) / den_oc
        drive[4][i] = (1.0 + g_ob * (1.0 - s)) / den_ob
        drive[5][i] = math.exp(x_app * ln_r)
        pth = 1.0
        if use_age:
            x = (age[i] - onset) / 30.0
            deficit = (s_ref - s) / s_ref
            if x > 0.0 and deficit > 0.0:
                if deficit > 1.0:
                    deficit = 1.0
                pth = 1.0 + pth_gain * math.pow(x, pth_exp) * deficit
        drive[6][i] = pth
        drive[7][i] = loading[i]
    for i in range(max(j0 - 1, 0), n - 1):
        # a step's inputs are the means of its two end points (bone.step_coefficients)
        p = pth_prod * 0.5 * (drive[6][i] + drive[6][i + 1])
        f_rankl = 0.5 * (drive[1][i] + drive[1][i + 1])
        coeffs[0][i] = d_obu * (0.5 * (drive[0][i] + drive[0][i + 1]))
        coeffs[1][i] = r_rankl * f_rankl * (p / (p + k_act))
        coeffs[2][i] = b_rankl * f_rankl
        coeffs[3][i] = b_opg * (0.5 * (drive[2][i] + drive[2][i + 1])) * (k_rep / (p + k_rep))
        coeffs[4][i] = a_oca * (0.5 * (drive[3][i] + drive[3][i + 1]))
        coeffs[5][i] = a_oba * (0.5 * (drive[4][i] + drive[4][i + 1]))
        coeffs[6][i] = (0.5 * (drive[5][i] + drive[5][i + 1])) * refill
        coeffs[7][i] = 0.5 * (drive[7][i] + drive[7][i + 1])


def constants(m, c, p, with_age: bool) -> np.ndarray:
    """The ``fill`` constants from the modulation table ``m`` (modulators.MODULATION), the loop
    constants ``c`` (bone.StepConstants) and the core ``p`` (bone.PIVONKA)."""
    from bonegui.model.modulators import E2_REF, IGF1_REF, T_REF, estradiol_occupancy, _hill

    values = {
        "E2_EC50": m.E2_EC50, "E2_hill": m.E2_hill, "T_EC50": m.T_EC50, "T_hill": m.T_hill,
        "e2_rankl_gain": m.E2_rankl_gain, "e2_opg_gain": m.E2_opg_gain, "e2_oc_gain": m.E2_oc_apoptosis_gain,
        "e2_ob_gain": m.E2_ob_apoptosis_gain, "s_ref": float(estradiol_occupancy(E2_REF, m)),
        "t_obu_gain": m.T_obu_gain, "u_ref": float(_hill(T_REF, m.T_EC50, m.T_hill)), "igf1_ref": IGF1_REF,
        "igf1_k": m.IGF1_rankl_half_saturation, "igf1_n": m.IGF1_rankl_hill,
        "igf1_rankl_exp": m.IGF1_rankl_exponent, "igf1_obu_exp": m.IGF1_obu_exponent,
        "igf1_app_exp": m.IGF1_apposition_exponent, "pth_onset": m.pth_age_onset, "pth_gain": m.pth_age_gain,
        "pth_exp": m.pth_age_exponent, "use_age": 1.0 if with_age else 0.0,
        "pth_prod": p.beta_PTH / p.D_PTH, "K_PTH_act": p.K_PTH_act, "K_PTH_rep": p.K_PTH_rep, "D_OBu": p.D_OBu,
        "R_RANKL": p.R_RANKL, "beta_RANKL": p.beta_RANKL, "beta_OPG": p.beta_OPG, "A_OCa": p.A_OCa,
        "A_OBa": p.A_OBa, "refill_rate_ref": 2.0 / c.refill_delay_days,
    }
    return np.array([float(values[name]) for name in CONSTS], dtype=np.float64)


def compiled():
    """The numba-compiled ``fill`` (lazily), or None (then the numpy form runs)."""
    return jit.compiled(fill)
