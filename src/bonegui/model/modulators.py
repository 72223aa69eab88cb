"""Hormone modulators of the bone-cell core (MODEL.md section 2).

Each function maps serum levels (daily arrays) to multipliers on core rates; every multiplier is
exactly 1 at ``REFERENCE_HORMONES``. Estradiol acts through one saturating function of serum
pg/mL for both sexes; testosterone acts only through the androgen receptor (its
anti-resorptive share reaches bone as aromatised E2, computed upstream in the endocrine layer);
IGF-1 raises both osteoblast supply and osteoclastogenesis.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from bonegui.model.parameters import REFERENCE_HORMONES, ModulationParameters

MODULATION = ModulationParameters()
E2_REF = REFERENCE_HORMONES["estradiol_pg_ml"].value
T_REF = REFERENCE_HORMONES["testosterone_ng_dl"].value
IGF1_REF = REFERENCE_HORMONES["igf1_ng_ml"].value


def estradiol_occupancy(e2_pg_ml, m=None):
    """Skeletal E2 signal in [0, 1): a steep high-sensitivity Hill term (Khosla's male threshold)
    plus a shallow low-sensitivity one (bone still answers to E2 in the premenopausal range:
    loss begins in the late transition while E2 is 60-100 pg/mL, SWAN), weighted 1-w : w."""
    m = MODULATION if m is None else m
    e2 = np.maximum(e2_pg_ml, 0.0)
    x = (e2 / m.E2_EC50) ** m.E2_hill
    y = (e2 / m.E2_EC50_low_sensitivity) ** m.E2_hill_low_sensitivity
    w = m.E2_low_sensitivity_weight
    return (1.0 - w) * x / (1.0 + x) + w * y / (1.0 + y)


class EstradiolEffects(NamedTuple):
    f_rankl: np.ndarray
    f_opg: np.ndarray
    f_oc_apoptosis: np.ndarray
    f_ob_apoptosis: np.ndarray


def estradiol_effects(e2_pg_ml, m=None) -> EstradiolEffects:
    """Lower E2 -> more RANKL, less OPG, longer-lived osteoclasts, shorter-lived osteoblasts."""
    m = MODULATION if m is None else m
    s = estradiol_occupancy(e2_pg_ml, m)
    s_ref = estradiol_occupancy(E2_REF, m)
    return EstradiolEffects(
        (1.0 + m.E2_rankl_gain * (1.0 - s)) / (1.0 + m.E2_rankl_gain * (1.0 - s_ref)),
        (1.0 + m.E2_opg_gain * s) / (1.0 + m.E2_opg_gain * s_ref),
        (1.0 + m.E2_oc_apoptosis_gain * s) / (1.0 + m.E2_oc_apoptosis_gain * s_ref),
        (1.0 + m.E2_ob_apoptosis_gain * (1.0 - s)) / (1.0 + m.E2_ob_apoptosis_gain * (1.0 - s_ref)),
    )


def androgen_receptor_effect(t_ng_dl, m=None):
    """Multiplier on osteoblast precursor supply (D_OBu) through AR occupancy (Hill in T)."""
    m = MODULATION if m is None else m
    x = (np.maximum(t_ng_dl, 0.0) / m.T_EC50) ** m.T_hill
    u = x / (1.0 + x)
    x_ref = (T_REF / m.T_EC50) ** m.T_hill
    u_ref = x_ref / (1.0 + x_ref)
    return (1.0 + m.T_obu_gain * u) / (1.0 + m.T_obu_gain * u_ref)


class Igf1Effects(NamedTuple):
    f_obu: np.ndarray
    f_ocp: np.ndarray


def igf1_effects(igf1_ng_ml, m=None) -> Igf1Effects:
    """Power laws of IGF-1 relative to the young-adult reference on D_OBu and D_OCp."""
    m = MODULATION if m is None else m
    r = np.maximum(igf1_ng_ml, 1e-6) / IGF1_REF
    return Igf1Effects(r**m.IGF1_obu_exponent, r**m.IGF1_ocp_exponent)
