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
from bonegui.model.endocrine import OVERRIDE_SERIES, REFERENCE_RANGES, REFERENCE_SOURCES
from bonegui.model.result import SERIES_UNITS
from bonegui.model.tissue import WHO_NORMAL_MIN_T, WHO_OSTEOPOROSIS_MAX_T
from bonegui.plot_names import PLOT_KEYS, PLOT_TITLES


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
    if name in OVERRIDE_SERIES.values()  # the four hormones drawn (and drawable) in pg/mL etc.
}

#: WHO T-score classes (the model's limits, bonegui.model.tissue): (name, label, lower T, upper T)
#: for shading; the outer limits only need to lie beyond any plotted T-score.
WHO_BANDS: tuple[tuple[str, str, float, float], ...] = (
    ("normal", "Normal (T ≥ −1)", WHO_NORMAL_MIN_T, 4.0),
    ("osteopenia", "Osteopenia", WHO_OSTEOPOROSIS_MAX_T, WHO_NORMAL_MIN_T),
    ("osteoporosis", "Osteoporosis (T ≤ −2.5)", -8.0, WHO_OSTEOPOROSIS_MAX_T),
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
        PLOT_TITLES["hormones"],
        "Normal range",
        (
            SeriesSpec("estradiol_pg_ml", "Estradiol", style.HORMONE_COLOURS["estradiol"], _hormone("estradiol_pg_ml")),
            SeriesSpec("testosterone_ng_dl", "Testosterone", style.HORMONE_COLOURS["testosterone"],
                       _hormone("testosterone_ng_dl")),
            SeriesSpec("igf1_ng_ml", "IGF-1", style.HORMONE_COLOURS["igf1"], _hormone("igf1_ng_ml")),
            SeriesSpec("progesterone_ng_ml", "Progesterone", style.HORMONE_COLOURS["progesterone"],
                       _hormone("progesterone_ng_ml")),
        ),
        (-0.4, 1.4),
    ),
    PlotSpec(
        "cells",
        PLOT_TITLES["cells"],
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
        PLOT_TITLES["bmd"],
        "T-score",
        (
            SeriesSpec("tscore_spine", "Spine", style.BLUE),
            SeriesSpec("tscore_hip", "Hip", style.ORANGE),
        ),
        (-3.2, 0.6),
    ),
    PlotSpec(
        "markers",
        PLOT_TITLES["markers"],
        "× reference",
        (
            SeriesSpec("ctx_rel", "CTX (resorption)", style.VERMILLION),
            SeriesSpec("p1np_rel", "P1NP (formation)", style.BLUE),
        ),
        (0.0, 2.0),
    ),
)

assert tuple(p.key for p in PLOTS) == PLOT_KEYS, "PLOTS must follow bonegui.plot_names"

#: BMD sites: the T-score series drawn, the g/cm² series its right-hand axis converts to, and
#: the site's key in the model's BMD reference (bonegui.model.tissue.tscore_to_bmd_map)
BMD_SITES = (("tscore_spine", "bmd_spine_g_cm2", "spine"), ("tscore_hip", "bmd_hip_g_cm2", "hip"))
