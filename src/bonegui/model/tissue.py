"""Tissue layer: BMD per site, T-scores, WHO class, turnover markers.

Per site s (lumbar spine, total hip) the bone loop (bone.py) integrates

    d ln(BV_s)/dt = k_s * (F_lag - OCa/OCa_ref)

where F_lag is OBa/OBa_ref passed through the mineralisation lag (first order) and k_s is the
site's turnover (fraction remodelled per year at the reference state; spine faster than hip).
A turnover rise therefore opens remodelling space before the refill mineralises (the remodelling
transient, Heaney 1994), and any lasting formation-resorption imbalance shows as a BMD trend.
BMD (g/cm2) = the person's young-adult peak BMD x BV_s.
"""

from __future__ import annotations

import numpy as np

from bonegui.model.parameters import BMD_REFERENCE, RemodellingParameters, TissueParameters
from bonegui.model.units import DAYS_PER_YEAR

TISSUE = TissueParameters()
REMODELLING = RemodellingParameters()
SITES = ("spine", "hip")

WHO_NORMAL, WHO_OSTEOPENIA, WHO_OSTEOPOROSIS = "normal", "osteopenia", "osteoporosis"


def tscore(bmd_g_cm2, site: str, sex: str):
    """(BMD - young-adult mean) / young-adult SD for the site and sex (BMD_REFERENCE)."""
    ref = BMD_REFERENCE[(site, sex)]
    return (np.asarray(bmd_g_cm2, dtype=float) - ref.mean_g_cm2) / ref.sd_g_cm2


def bmd_from_tscore(t: float, site: str, sex: str) -> float:
    ref = BMD_REFERENCE[(site, sex)]
    return ref.mean_g_cm2 + t * ref.sd_g_cm2


def who_class(t: float) -> str:
    """WHO classes: normal T >= -1, osteopenia -2.5 < T < -1, osteoporosis T <= -2.5."""
    if t >= -1.0:
        return WHO_NORMAL
    if t > -2.5:
        return WHO_OSTEOPENIA
    return WHO_OSTEOPOROSIS


def p1np_rel(formation_rel, t=None):
    """P1NP relative to the young-adult reference (Jorg 2022: ~ formation^1.453)."""
    t = TISSUE if t is None else t
    return np.asarray(formation_rel, dtype=float) ** t.p1np_exponent


def ctx_rel(resorption_rel, t=None):
    """CTX relative to the young-adult reference (Jorg 2022: ~ resorption^1.161)."""
    t = TISSUE if t is None else t
    return np.asarray(resorption_rel, dtype=float) ** t.ctx_exponent


def site_turnover_per_day(site: str, t=None) -> float:
    t = TISSUE if t is None else t
    return {"spine": t.spine_turnover, "hip": t.hip_turnover}[site] / DAYS_PER_YEAR


#: WHO 1994 class limits (WHO Technical Report Series 843), as ``who_class`` applies them: normal
#: at T >= -1, osteoporosis at T <= -2.5. The plots' bands read these.
WHO_NORMAL_MIN_T = -1.0
WHO_OSTEOPOROSIS_MAX_T = -2.5


def tscore_to_bmd_map(site: str, sex: str) -> tuple[float, float]:
    """(young-adult mean, SD) in g/cm2, so that BMD = mean + SD * T for the site and sex: the
    linear map ``tscore`` inverts (the plots' g/cm2 axis beside the T-score)."""
    ref = BMD_REFERENCE[(site, sex)]
    return ref.mean_g_cm2, ref.sd_g_cm2
