"""Hormones -> drive -> loop coefficients in one compiled pass (one patient, daily grid).

``simulate.build_drive`` and ``bone.step_coefficients`` are the model's definition: numpy,
vectorised, with a patient axis for the cohort. Over a 30-year daily grid they make ~40 numpy
passes with temporaries. ``run`` computes the same numbers in two steps:

- ``powers``: the receptor curves' powers and logarithms of whole arrays, in numpy, which
  evaluates float64 exp/log/power with SIMD where the CPU has it (AVX-512: ~0.7-1.7 ns a
  point, against ~3.7-9.7 ns for the scalar libm calls of a numba loop; elsewhere the same
  scalar calls, so never slower);
- ``fill``: the rest point by point in one numba loop, without temporaries.

It agrees with the numpy form to ~1e-15 relative (tests/model/test_pointwise_kernels.py) and is
only used compiled: where numba is missing the numpy form runs.

``run`` can start at any grid point: the drive is pointwise and a step's coefficients use its
two end points, so an edit from day j recomputes drive[j:] and coefficients[j-1:] and keeps the
rest (simulate.Simulator); the numbers are those of a whole run, bit for bit (numpy's
elementwise functions give an element the same value wherever the array starts; a test keeps
that true on the machine it runs on).
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


#: the arrays ``powers`` makes, in the order ``fill`` takes them
POWERS = ("q_mean", "q_on", "q_off", "igf_obu", "igf_rankl", "igf_app", "pth_age")


def powers(e2, e1, cycling, acyclic, igf1, age, k, j0):
    """The transcendental parts of the drive at grid points j0.. (numpy, whole arrays), in
    ``POWERS`` order: the estradiol Hill powers (E2/EC50)^n of the mean level and, where the
    ovary cycles part of the time, of the cycling and acyclic levels; the IGF-1 terms h(r)^x
    and r^x (modulators.igf1_effects); the age term of the PTH rise, x^e for x > 0."""
    e2_k, e2_n = k[0], k[1]
    mean = e2[j0:] + e1[j0:]
    q_mean = np.power(np.maximum(mean, 0.0) / e2_k, e2_n)
    f = np.minimum(cycling[j0:], 1.0)
    cycles = f > 1e-9
    if cycles.any():
        off = acyclic[j0:] + e1[j0:]
        on = off + (mean - off) / np.where(cycles, f, 1.0)
        q_on = np.power(np.maximum(on, 0.0) / e2_k, e2_n)
        q_off = np.power(np.maximum(off, 0.0) / e2_k, e2_n)
    else:
        q_on = q_off = q_mean  # not read: no point cycles
    ln_r = np.log(np.maximum(igf1[j0:], 1e-6) / k[11])
    kn = math.pow(k[12], k[13])
    rn = np.exp(k[13] * ln_r)
    ln_h = np.log(rn * (1.0 + kn) / (rn + kn))
    if k[20] != 0.0:
        pth_age = np.power(np.maximum((age[j0:] - k[17]) / 30.0, 0.0), k[19])
    else:
        pth_age = q_mean  # not read: no age term
    return (q_mean, q_on, q_off, np.exp(k[15] * ln_h), np.exp(k[14] * ln_h), np.exp(k[16] * ln_r), pth_age)


def fill(e2, e1, cycling, acyclic, t_total, loading, age, pw, k, j0, drive, coeffs):
    """Write drive[:, j0:] and coeffs[:, j0-1:] (coeffs from 0 when j0 is 0).

    Inputs are per grid point: serum estradiol and the estrone acting as estradiol (pg/mL), the
    share of time cycling and the acyclic estradiol (modulators.estradiol_signal; a zero share
    means steady levels), total testosterone (ng/dL), loading_rel and age (years; unused when
    k's use_age is 0). ``pw``: ``powers`` from j0 (index i - j0). ``k``: ``constants``.
    ``drive``: DRIVE rows; ``coeffs``: kernel.COEFFS rows, one per step."""
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
    onset = k[17]
    pth_gain = k[18]
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
    q_mean = pw[0]
    q_on_ = pw[1]
    q_off_ = pw[2]
    igf_obu = pw[3]
    igf_rankl = pw[4]
    igf_app = pw[5]
    pth_age = pw[6]
    # the reference's denominators, as modulators.estradiol_effects forms them
    den_rankl = 1.0 + g_rankl * (1.0 - s_ref)
    den_opg = 1.0 + g_opg * s_ref
    den_oc = 1.0 + g_oc * s_ref
    den_ob = 1.0 + g_ob * (1.0 - s_ref)
    den_t = 1.0 + g_t * u_ref
    n = len(e2)
    for i in range(j0, n):
        p = i - j0
        # estradiol: the time average of the signal over cycling and acyclic time
        f = cycling[i]
        if f > 1.0:
            f = 1.0
        # Hill occupancies (modulators._hill), written out: numba inlines no Python helper
        if f > 1e-9:
            q_on = q_on_[p]
            q_off = q_off_[p]
            s = f * (q_on / (1.0 + q_on)) + (1.0 - f) * (q_off / (1.0 + q_off))
        else:
            q = q_mean[p]
            s = q / (1.0 + q)
        q = t_total[i] / t_k if t_total[i] > 0.0 else 0.0
        if t_fourth:  # the fitted androgen receptor Hill is 4: a power by multiplication
            q = q * q
            q = q * q
        else:
            q = math.pow(q, t_n)
        ar = (1.0 + g_t * (q / (1.0 + q))) / den_t
        drive[0][i] = igf_obu[p] * ar
        drive[1][i] = (1.0 + g_rankl * (1.0 - s)) / den_rankl * igf_rankl[p]
        drive[2][i] = (1.0 + g_opg * s) / den_opg
        drive[3][i] = (1.0 + g_oc * s) / den_oc
        drive[4][i] = (1.0 + g_ob * (1.0 - s)) / den_ob
        drive[5][i] = igf_app[p]
        pth = 1.0
        if use_age:
            deficit = (s_ref - s) / s_ref
            if age[i] > onset and deficit > 0.0:
                if deficit > 1.0:
                    deficit = 1.0
                pth = 1.0 + pth_gain * pth_age[p] * deficit
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


def run(fill_compiled, e2, e1, cycling, acyclic, igf1, t_total, loading, age, k, j0, drive, coeffs):
    """``powers`` then the compiled ``fill``: drive[:, j0:] and coeffs[:, j0-1:] written."""
    pw = powers(e2, e1, cycling, acyclic, igf1, age, k, j0)
    fill_compiled(e2, e1, cycling, acyclic, t_total, loading, age, pw, k, j0, drive, coeffs)


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
