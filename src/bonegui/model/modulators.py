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
P4_REF = REFERENCE_HORMONES["progesterone_ng_ml"].value


def estradiol_occupancy(e2_pg_ml, m=None):
    """Saturating (Hill) skeletal E2 signal in [0, 1): E2^n / (E2^n + EC50^n)."""
    m = MODULATION if m is None else m
    x = (np.maximum(e2_pg_ml, 0.0) / m.E2_EC50) ** m.E2_hill
    return x / (1.0 + x)


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
    """Multiplier on osteoblast precursor supply (D_OBu) through AR occupancy T/(T+EC50)."""
    m = MODULATION if m is None else m
    u = np.maximum(t_ng_dl, 0.0) / (np.maximum(t_ng_dl, 0.0) + m.T_EC50)
    u_ref = T_REF / (T_REF + m.T_EC50)
    return (1.0 + m.T_obu_gain * u) / (1.0 + m.T_obu_gain * u_ref)


class Igf1Effects(NamedTuple):
    f_obu: np.ndarray
    f_ocp: np.ndarray


def igf1_effects(igf1_ng_ml, m=None) -> Igf1Effects:
    """Power laws of IGF-1 relative to the young-adult reference on D_OBu and D_OCp."""
    m = MODULATION if m is None else m
    r = np.maximum(igf1_ng_ml, 1e-6) / IGF1_REF
    return Igf1Effects(r**m.IGF1_obu_exponent, r**m.IGF1_ocp_exponent)


def progesterone_effect(p4_ng_ml, m=None):
    """Multiplier on osteoblast precursor supply (D_OBu) through PR occupancy P4/(P4+EC50)."""
    m = MODULATION if m is None else m
    v = np.maximum(p4_ng_ml, 0.0) / (np.maximum(p4_ng_ml, 0.0) + m.P4_EC50)
    v_ref = P4_REF / (P4_REF + m.P4_EC50)
    return (1.0 + m.P4_obu_gain * v) / (1.0 + m.P4_obu_gain * v_ref)
