"""Hormone modulators of the bone-cell core (MODEL.md section 2).

Each function maps serum levels (daily arrays) to multipliers on core rates; every multiplier is
exactly 1 at ``REFERENCE_HORMONES``. Every receptor effect saturates, so a dose above the top of
the physiological range adds little:

- estradiol acts through one saturating function of serum pg/mL for both sexes (ER alpha on
  osteoblast-lineage cells and osteoclasts); bone answers to the time course of E2, so the
  on-off estradiol of intermittent anovulation counts as its time average of the signal;
- testosterone acts only through the androgen receptor (its anti-resorptive share reaches bone
  as aromatised E2, computed upstream in the endocrine layer);
- IGF-1 speeds up the whole cycle: more RANKL (so the RANKL/OPG ratio and resorption move
  together), more osteoblast precursors, and more matrix per active osteoblast;
- PTH: the secondary hyperparathyroidism of ageing, which estrogen prevents (Riggs 1998).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from bonegui.model.parameters import REFERENCE_HORMONES, ModulationParameters

MODULATION = ModulationParameters()
E2_REF = REFERENCE_HORMONES["estradiol_pg_ml"].value
T_REF = REFERENCE_HORMONES["testosterone_ng_dl"].value
IGF1_REF = REFERENCE_HORMONES["igf1_ng_ml"].value


def _hill(x, k: float, n: float):
    x = np.maximum(np.asarray(x, dtype=np.float64), 0.0)
    q = (x / k) ** n
    return q / (1.0 + q)


def estradiol_occupancy(e2_pg_ml, m=None):
    """Skeletal E2 signal in [0, 1) for a steady serum level: a saturating Hill function."""
    m = MODULATION if m is None else m
    return _hill(e2_pg_ml, m.E2_EC50, m.E2_hill)


def estradiol_signal(e2_pg_ml, cycling=None, acyclic_pg_ml=None, m=None):
    """Time-averaged skeletal E2 signal. ``cycling`` is the share of time the ovary is cycling and
    ``acyclic_pg_ml`` the level the rest of the time (endocrine.HormoneLevels); the cycling level
    follows from the mean. Without them (men, steady levels, overrides) it is the occupancy of
    the mean level."""
    s_mean = estradiol_occupancy(e2_pg_ml, m)
    if cycling is None or acyclic_pg_ml is None:
        return s_mean
    f = np.clip(np.asarray(cycling, dtype=np.float64), 0.0, 1.0)
    off = np.asarray(acyclic_pg_ml, dtype=np.float64)
    mean = np.asarray(e2_pg_ml, dtype=np.float64)
    safe = np.where(f > 1e-9, f, 1.0)
    on = np.where(f > 1e-9, off + (mean - off) / safe, off)
    return np.where(f > 1e-9, f * estradiol_occupancy(on, m) + (1.0 - f) * estradiol_occupancy(off, m), s_mean)


class EstradiolEffects(NamedTuple):
    f_rankl: np.ndarray
    f_opg: np.ndarray
    f_oc_apoptosis: np.ndarray
    f_ob_apoptosis: np.ndarray


def estradiol_effects(e2_pg_ml, m=None, *, signal=None) -> EstradiolEffects:
    """Lower E2 -> more RANKL, less OPG, longer-lived osteoclasts, shorter-lived osteoblasts.
    ``signal`` (from ``estradiol_signal``) replaces the occupancy of ``e2_pg_ml`` when given."""
    m = MODULATION if m is None else m
    s = estradiol_occupancy(e2_pg_ml, m) if signal is None else signal
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
    u = _hill(t_ng_dl, m.T_EC50, m.T_hill)
    u_ref = _hill(T_REF, m.T_EC50, m.T_hill)
    return (1.0 + m.T_obu_gain * u) / (1.0 + m.T_obu_gain * u_ref)


class Igf1Effects(NamedTuple):
    f_rankl: np.ndarray  # on RANKL expression (osteoclastogenesis)
    f_obu: np.ndarray  # on osteoblast precursor supply
    f_apposition: np.ndarray  # on the matrix laid down per active osteoblast


def igf1_effects(igf1_ng_ml, m=None) -> Igf1Effects:
    """IGF-1 relative to the young-adult reference r. Its receptor-mediated actions on the
    recruitment of both cell lines (osteoclastogenesis through osteoblast RANKL, osteoblast
    precursor supply) are permissive and saturate, h(r) = r^n (1+K^n)/(r^n+K^n) raised to their
    own exponents: both fall steeply in GH deficiency (formation more, so bone is lost) and rise
    less steeply above the normal range (turnover is high in acromegaly, yet BMD is not: the
    balance per cycle, not activation, decides the gain). The rate at
    which active osteoblasts lay matrix follows r as a power law (IGF-1 itself saturates with GH
    in the endocrine layer, so r stays within ~0.3-3x)."""
    m = MODULATION if m is None else m
    r = np.maximum(np.asarray(igf1_ng_ml, dtype=np.float64), 1e-6) / IGF1_REF
    k, n = m.IGF1_rankl_half_saturation, m.IGF1_rankl_hill
    rn, kn = r**n, k**n
    permissive = rn * (1.0 + kn) / (rn + kn)  # 1 at the reference, saturating above it
    return Igf1Effects(permissive**m.IGF1_rankl_exponent, permissive**m.IGF1_obu_exponent, r**m.IGF1_apposition_exponent)


def pth_age_scale(age_years, e2_signal, m=None):
    """Systemic PTH production relative to the young adult: rises with age where estrogen is
    lacking (Riggs 1998 unitary model), 1 before the onset age or with a full E2 signal."""
    m = MODULATION if m is None else m
    x = np.maximum(np.asarray(age_years, dtype=np.float64) - m.pth_age_onset, 0.0) / 30.0
    s_ref = estradiol_occupancy(E2_REF, m)
    deficit = np.clip((s_ref - np.asarray(e2_signal, dtype=np.float64)) / s_ref, 0.0, 1.0)
    return 1.0 + m.pth_age_gain * x**m.pth_age_exponent * deficit
