"""What each plot shows: the Result series, their labels, colours and display transforms.

The four hormones have units a hundredfold apart (pg/mL, ng/dL, ng/mL), so the hormone plot
shows each one *within its own normal adult range* on a log scale: 0 is the lower limit of the
range, 1 the upper limit, for the patient's sex. One shaded band (0 to 1) is then the normal
range of every hormone at once, and a class reads "inside / below / above the band" at a glance;
the readout gives the absolute value with its unit.

    position = log(level / lower) / log(upper / lower)

The ranges are display references (what a lab report calls "normal"), not model parameters;
they come from the endocrine layer's REFERENCE_RANGES with their sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from bonegui.app import style
from bonegui.model.endocrine import REFERENCE_RANGES, REFERENCE_SOURCES
from bonegui.model.result import SERIES_UNITS


@dataclass(frozen=True)
class ReferenceRange:
    lower: float
    upper: float
    unit: str
    source: str

    def position(self, level: np.ndarray) -> np.ndarray:
        """Log position within the range: 0 at ``lower``, 1 at ``upper``."""
        floor = self.lower * 1e-3  # a level of 0 (e.g. after oophorectomy) stays finite
        return np.log(np.maximum(level, floor) / self.lower) / np.log(self.upper / self.lower)

    def level(self, position: float) -> float:
        return float(self.lower * (self.upper / self.lower) ** position)


#: Normal adult reference intervals by series and sex: the endocrine layer's table (one source
#: of truth for the plots' bands, the readout's low/normal/high and the model's documentation).
HORMONE_RANGES: Mapping[str, Mapping[str, ReferenceRange]] = {
    name: {
        sex: ReferenceRange(lo, hi, SERIES_UNITS[name], REFERENCE_SOURCES[name])
        for sex, (lo, hi) in by_sex.items()
    }
    for name, by_sex in REFERENCE_RANGES.items()
    if name in ("estradiol_pg_ml", "testosterone_ng_dl", "igf1_ng_ml", "progesterone_ng_ml")
}

#: WHO T-score classes (WHO 1994 technical report 843): (name, lower T, upper T) for shading.
WHO_BANDS: tuple[tuple[str, str, float, float], ...] = (
    ("normal", "Normal (T ≥ −1)", -1.0, 4.0),
    ("osteopenia", "Osteopenia", -2.5, -1.0),
    ("osteoporosis", "Osteoporosis (T ≤ −2.5)", -8.0, -2.5),
)


@dataclass(frozen=True)
class SeriesSpec:
    name: str  # Result series
    label: str  # legend text
    colour: str
    #: display transform (sex -> array -> array); None shows the values as they are
    transform: Callable[[str, np.ndarray], np.ndarray] | None = None


@dataclass(frozen=True)
class PlotSpec:
    key: str
    title: str
    y_label: str
    series: tuple[SeriesSpec, ...]
    #: y range always shown (so bands and the reference line stay visible)
    y_always: tuple[float, float]


def _hormone(name: str) -> Callable[[str, np.ndarray], np.ndarray]:
    def transform(sex: str, values: np.ndarray) -> np.ndarray:
        return HORMONE_RANGES[name][sex].position(values)

    transform.__name__ = f"range_position_{name}"
    return transform


PLOTS: tuple[PlotSpec, ...] = (
    PlotSpec(
        "hormones",
        "Hormones",
        "Normal range",
        (
            SeriesSpec("estradiol_pg_ml", "Estradiol", style.REDDISH_PURPLE, _hormone("estradiol_pg_ml")),
            SeriesSpec("testosterone_ng_dl", "Testosterone", style.BLUE, _hormone("testosterone_ng_dl")),
            SeriesSpec("igf1_ng_ml", "IGF-1", style.BLUISH_GREEN, _hormone("igf1_ng_ml")),
            SeriesSpec("progesterone_ng_ml", "Progesterone", style.ORANGE, _hormone("progesterone_ng_ml")),
        ),
        (-0.4, 1.4),
    ),
    PlotSpec(
        "cells",
        "Bone cells",
        "× reference",
        (
            SeriesSpec("rankl_opg_ratio", "RANKL/OPG", style.REDDISH_PURPLE),
            SeriesSpec("formation_rel", "Osteoblasts", style.BLUE),
            SeriesSpec("resorption_rel", "Osteoclasts", style.VERMILLION),
        ),
        (0.0, 2.0),
    ),
    PlotSpec(
        "bmd",
        "Bone density",
        "T-score",
        (
            SeriesSpec("tscore_spine", "Spine", style.BLUE),
            SeriesSpec("tscore_hip", "Hip", style.ORANGE),
        ),
        (-3.2, 0.6),
    ),
    PlotSpec(
        "markers",
        "Turnover markers",
        "× reference",
        (
            SeriesSpec("ctx_rel", "CTX (resorption)", style.VERMILLION),
            SeriesSpec("p1np_rel", "P1NP (formation)", style.BLUE),
        ),
        (0.0, 2.0),
    ),
)

PLOT_KEYS = tuple(p.key for p in PLOTS)

#: BMD sites: the T-score series drawn, and the g/cm² series its right-hand axis converts to
BMD_SITES = (("tscore_spine", "bmd_spine_g_cm2", "Spine"), ("tscore_hip", "bmd_hip_g_cm2", "Hip"))


def fit_tscore_to_bmd(tscore: np.ndarray, bmd: np.ndarray) -> tuple[float, float] | None:
    """(young-adult mean, SD) such that bmd = mean + SD * tscore, fitted from a Result's own
    series (the model's reference table for this site and sex); None if the data cannot tell."""
    t = np.asarray(tscore, dtype=np.float64)
    b = np.asarray(bmd, dtype=np.float64)
    ok = np.isfinite(t) & np.isfinite(b)
    t, b = t[ok], b[ok]
    if len(t) < 2 or np.ptp(t) < 1e-9:  # a flat T-score gives one equation for two unknowns
        return None
    sd, mean = np.polyfit(t, b, 1)
    if not (np.isfinite(sd) and sd > 0 and np.isfinite(mean)):
        return None
    return float(mean), float(sd)
