"""The published tables behind bonegui.model.fracture (floor 1): incidence of hip and other
osteoporotic fractures by age and sex, mortality, the population's mean T-score by age and the
gradients of risk, each with its unit and source (``TABLES``, ``CONSTANTS``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from bonegui.model.parameters import Constant


@dataclass(frozen=True)
class AgeTable:
    """A published quantity by age: ``values`` at ``ages`` (years), with unit and source."""

    ages: tuple[float, ...]
    values: tuple[float, ...]
    unit: str
    source: str


def _t(ages, values, unit, source) -> AgeTable:
    assert len(ages) == len(values)
    return AgeTable(tuple(float(a) for a in ages), tuple(float(v) for v in values), unit, source)


_BANDS = (52.5, 57.5, 62.5, 67.5, 72.5, 77.5, 82.5, 87.5)  # mid-ages of 50-54 ... 80-84, 85+
_ETT1 = (
    "Ettinger 2010 Osteoporos Int 21:25, Table 1: US non-Hispanic white, National Inpatient Sample "
    "2006, bands 50-54 ... 80-84 and 85+ (85+ placed at 87.5 y and held constant above, assumed)"
)
_SSA = (
    "US Social Security Administration period life table 2022 (Office of the Chief Actuary, "
    "table4c6, used in the 2025 Trustees Report): probability of dying within one year of exact age x"
)
_SSA_AGES = (50, 55, 60, *range(65, 101))
_MALMO = (
    "Kanis 2000 Osteoporos Int 11:669 (Malmo, Sweden), women, 10-year probability of a first hip, "
    "clinical spine, distal forearm or proximal humerus fracture, as tabulated in Ettinger 2010 "
    "Osteoporos Int 21:25, Table 5 (which finds US SOF women 65-84 y within 10 % of it)"
)

TABLES: Mapping[str, AgeTable] = MappingProxyType(
    {
        "hip_incidence_female": _t(_BANDS, (0.29, 0.57, 1.05, 2.03, 3.94, 7.93, 14.47, 26.05), "per 1,000 person-years", _ETT1),
        "hip_incidence_male": _t(_BANDS, (0.28, 0.38, 0.66, 1.18, 2.10, 4.02, 8.13, 16.30), "per 1,000 person-years", _ETT1),
        "major_10y_population_female": _t(range(50, 91, 5), (6.0, 7.8, 10.6, 14.3, 18.9, 22.9, 26.5, 27.0, 21.4), "%", _MALMO),
        "death_probability_female": _t(_SSA_AGES, (
            0.003407, 0.005040, 0.007658, 0.011018, 0.011743, 0.012532, 0.013512, 0.014684, 0.016025,
            0.017468, 0.019195, 0.021195, 0.023452, 0.025980, 0.029153, 0.032394, 0.035888, 0.039676,
            0.044156, 0.049087, 0.054635, 0.061066, 0.068431, 0.076841, 0.086205, 0.096851, 0.109019,
            0.121867, 0.135805, 0.151108, 0.168020, 0.186340, 0.206432, 0.228086, 0.250406, 0.273699,
            0.296984, 0.319502, 0.342716), "1 (per year)", _SSA),
        "death_probability_male": _t(_SSA_AGES, (
            0.005666, 0.008348, 0.012458, 0.017897, 0.019017, 0.020213, 0.021569, 0.023088, 0.024828,
            0.026705, 0.028761, 0.031116, 0.033861, 0.037088, 0.041126, 0.045241, 0.049793, 0.054768,
            0.060660, 0.067027, 0.073999, 0.081737, 0.090458, 0.100525, 0.111793, 0.124494, 0.138398,
            0.153207, 0.169704, 0.187963, 0.208395, 0.230808, 0.253914, 0.277402, 0.300882, 0.324326,
            0.347332, 0.369430, 0.391927), "1 (per year)", _SSA),
        # Population mean hip BMD by age: what "average for her age" means in z.
        "hip_bmd_relative_female": _t((25, 35, 45, 55, 65), (1.0, 0.990, 0.963, 0.917, 0.847), "1 (BMD / BMD at 25 y)",
            "NHANES III women's total femur relative to age 25 (Looker 1998 Osteoporos Int 8:468; the "
            "project's CALIBRATION.md C13); beyond 65 y the 55-65 y decline per decade continues (assumed)"),
        "hip_bmd_mean_male": _t((25.5, 35.5, 45.5, 55.5, 65.5, 75.5), (1.067, 1.029, 1.040, 1.015, 0.997, 0.961), "g/cm2",
            "NHANES 2005-2008 men's total hip by age 21-30 ... 71-80 (Looker 2012 Osteoporos Int 23:1351; "
            "tabulated in Front Endocrinol 2026 17:1748490 Table 3); beyond 75.5 y the 65.5-75.5 y decline "
            "per decade continues (assumed)"),
        "spine_bmd_mean_female": _t((25.5, 35.5, 45.5, 55.5, 65.5, 75.5), (1.064, 1.065, 1.056, 0.993, 0.952, 0.902), "g/cm2",
            "NHANES 2005-2008 women's lumbar spine L1-L4 by age 21-30 ... 71-80 (Looker 2012; tabulated in "
            "Front Endocrinol 2026 17:1748490 Table 3); beyond 75.5 y the last decade's decline continues (assumed)"),
        "spine_bmd_mean_male": _t((25.5, 35.5, 45.5, 55.5, 65.5, 75.5), (1.057, 1.042, 1.051, 1.053, 1.070, 1.068), "g/cm2",
            "NHANES 2005-2008 men's lumbar spine L1-L4 by age (as for women); beyond 75.5 y the last "
            "decade's change continues (assumed)"),
    }
)

_J05 = "Johnell 2005 J Bone Miner Res 20:1185 (12 cohorts, 39,000 people)"
_K00 = "Kanis 2000 Osteoporos Int 11:669 (Malmo), remaining lifetime risk at age 45"

CONSTANTS: Mapping[str, Constant] = MappingProxyType(
    {
        "rr_hip_female_65": Constant(2.88, "1/SD", _J05 + ": hip fracture per SD lower femoral neck BMD, women at 65 y (95% CI 2.31-3.59)"),
        "rr_hip_male_65": Constant(2.94, "1/SD", _J05 + ": hip fracture per SD lower femoral neck BMD, men at 65 y (95% CI 2.02-4.27)"),
        "rr_hip_age_slope": Constant(
            math.log(2.28 / 3.68) / 30.0, "ln(RR)/y",
            _J05 + ": the gradient falls with age (abstract: significantly higher at 50 than at 80 y); "
            "slope from its age-specific values RR 3.68 at 50 y and 2.28 at 80 y (sexes combined) as "
            "recalled, NOT re-checked against the paper text"),
        "rr_other_female": Constant(1.38, "1/SD", _J05 + ": osteoporotic fracture per SD lower femoral neck BMD, women at 65 y (95% CI 1.28-1.48); held constant with age (the paper reports a rise with age)"),
        "rr_other_male": Constant(1.41, "1/SD", _J05 + ": osteoporotic fracture per SD lower femoral neck BMD, men at 65 y (95% CI 1.33-1.51); held constant with age"),
        "rr_spine_vertebral": Constant(2.3, "1/SD", "Marshall 1996 BMJ 312:1254: vertebral fracture per SD lower spine BMD (95% CI 1.9-2.8), women; used for men too (assumed)"),
        "sd_ratio": Constant(1.0, "1", "assumed: one SD of the gradient = one young-adult SD (a T-score unit), as Kanis 2001 applies gradients to T-scores; NHANES men 51-80 y have a total hip SD of 0.137-0.143 vs 0.120 at 21-30 y (sensitivity in docs/fracture-risk.md)"),
        "lifetime_hip_female": Constant(23.3, "%", _K00),
        "lifetime_forearm_female": Constant(21.5, "%", _K00),
        "lifetime_humerus_female": Constant(13.3, "%", _K00 + " (shoulder)"),
        "lifetime_spine_female": Constant(15.4, "%", _K00 + " (clinical spine)"),
        "lifetime_hip_male": Constant(11.2, "%", _K00),
        "lifetime_forearm_male": Constant(5.2, "%", _K00),
        "lifetime_humerus_male": Constant(4.4, "%", _K00 + " (shoulder)"),
        "lifetime_spine_male": Constant(8.6, "%", _K00 + " (clinical spine)"),
    }
)


def all_tables() -> dict[str, Mapping]:
    """Every table of this module, for docs and the unit/source test."""
    return {"TABLES": TABLES, "CONSTANTS": CONSTANTS}
