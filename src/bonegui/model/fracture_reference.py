"""A published table of 10-year fracture probability by age and T-score, for comparison only.

``bonegui.model.fracture`` never reads this table: its inputs are incidence, gradients, BMD and
mortality tables. This table is the independent check that docs/fracture-risk.md and
tests/model/test_fracture.py compare the module against.
"""

from __future__ import annotations

import math
from types import MappingProxyType
from typing import Mapping

#: Source of the comparison table. It was computed with FRAX, which this project does not
#: implement; only its published output is used, as an external check.
SOURCE = (
    "Kanis JA et al. 2008 Osteoporos Int 19:385, Table 3: UK men and women, BMI 25 kg/m2, no clinical "
    "risk factors, by age and femoral-neck T-score (NHANES III young-women reference for both "
    "sexes); major = hip, clinical spine, humerus or forearm. Published output of FRAX, which this "
    "module is not; '<0.1' is stored as 0.05"
)

AGES: tuple[int, ...] = (50, 60, 70, 80, 90)
TSCORES: tuple[float, ...] = (1.0, 0.0, -1.0, -2.0, -3.0, -4.0)

#: (fracture, sex) -> rows by AGES, columns by TSCORES, in percent.
PUBLISHED_PERCENT: Mapping[tuple[str, str], tuple[tuple[float, ...], ...]] = MappingProxyType(
    {
        ("hip", "male"): (
            (0.05, 0.1, 0.4, 1.3, 4.7, 16.0),
            (0.1, 0.2, 0.6, 1.9, 5.6, 15.6),
            (0.2, 0.5, 1.1, 2.6, 5.9, 12.9),
            (0.6, 1.1, 1.9, 3.4, 6.1, 10.7),
            (1.2, 1.8, 2.5, 3.8, 5.6, 8.3),
        ),
        ("hip", "female"): (
            (0.05, 0.1, 0.2, 0.8, 3.2, 11.7),
            (0.1, 0.2, 0.4, 1.4, 4.4, 13.5),
            (0.1, 0.4, 0.9, 2.4, 6.3, 16.2),
            (0.5, 1.0, 2.1, 4.4, 9.5, 19.7),
            (1.2, 2.0, 3.5, 5.8, 9.8, 16.9),
        ),
        ("major", "male"): (
            (2.5, 2.7, 3.5, 5.1, 9.2, 20.9),
            (3.0, 3.5, 4.5, 6.8, 11.5, 22.2),
            (3.6, 4.3, 5.5, 8.2, 12.8, 20.9),
            (3.2, 4.0, 5.2, 7.6, 11.3, 16.9),
            (3.1, 3.9, 5.1, 6.9, 9.7, 13.5),
        ),
        ("major", "female"): (
            (3.0, 3.3, 3.8, 5.2, 8.5, 17.7),
            (4.2, 4.8, 5.6, 7.9, 12.6, 23.0),
            (5.6, 6.8, 8.4, 11.5, 18.2, 30.4),
            (5.8, 7.5, 10.1, 13.8, 21.7, 34.3),
            (5.1, 7.1, 9.9, 13.8, 20.0, 30.3),
        ),
    }
)

#: NHANES III young-adult total hip reference, g/cm2 (Looker 1998 Osteoporos Int 8:468), the same
#: values as bonegui.model.parameters.BMD_REFERENCE: the published table expresses men's BMD
#: against the young-women mean and SD, the app against the young-men mean and SD.
_WOMEN_MEAN, _WOMEN_SD = 0.942, 0.122
_MEN_MEAN, _MEN_SD = 1.041, 0.144


def model_tscore(published_t: float, sex: str) -> float:
    """The app's (sex-specific) T-score for a T-score as the published table states it.

    Women: the same number. Men: the table uses the young-women reference, so convert through
    the BMD it stands for. Femoral neck (table) and total hip (app) are treated as one site.
    """
    if sex == "female":
        return float(published_t)
    bmd = _WOMEN_MEAN + _WOMEN_SD * published_t
    return (bmd - _MEN_MEAN) / _MEN_SD


# --- the comparison (docs/fracture-risk.md and tests/model/test_fracture.py) -------------------

#: Cells below this (percent) are rounded to 0.1 in the publication (up to +-50 % error at 0.1-0.2)
#: and are left out of the shape comparison.
MIN_COMPARED_PERCENT = 1.0
#: Shape tolerance: each compared cell within this relative distance of the published value times
#: the row's level factor (chosen before the comparison, the brief's example figure).
SHAPE_TOLERANCE = 0.30


def comparison(fracture: str, sex: str) -> list[dict]:
    """One row per published age: model and published percentages by T-score, the level factor
    (geometric mean of model/published over the compared cells) and each compared cell's relative
    deviation from level x published (None for cells not compared)."""
    from bonegui.model.fracture import ten_year_risk

    rows = []
    for age, published in zip(AGES, PUBLISHED_PERCENT[(fracture, sex)]):
        t = [model_tscore(x, sex) for x in TSCORES]
        model = [100.0 * float(v) for v in getattr(ten_year_risk(age, sex, t), fracture)]
        compared = [i for i, p in enumerate(published) if p >= MIN_COMPARED_PERCENT]
        level = math.exp(sum(math.log(model[i] / published[i]) for i in compared) / len(compared))
        deviation = [model[i] / (level * published[i]) - 1.0 if i in compared else None for i in range(len(TSCORES))]
        rows.append({"age": age, "model": model, "published": list(published), "level": level, "deviation": deviation})
    return rows


def comparison_markdown(fracture: str, sex: str) -> str:
    """The comparison as the markdown table docs/fracture-risk.md shows (a test keeps them equal)."""
    head = "| age | " + " | ".join(f"T {t:+g}" for t in TSCORES) + " | level | worst shape |"
    lines = [head, "|" + "---|" * (len(TSCORES) + 3)]
    for r in comparison(fracture, sex):
        cells = []
        for m, p in zip(r["model"], r["published"]):
            pub = "<0.1" if p < 0.1 else f"{p:.1f}"
            cells.append(f"{m:.1f} / {pub}")
        worst = max(abs(d) for d in r["deviation"] if d is not None)
        lines.append(f"| {r['age']} | " + " | ".join(cells) + f" | {r['level']:.2f} | {100 * worst:.0f} % |")
    return "\n".join(lines)
