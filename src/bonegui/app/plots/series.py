"""What each plot row shows: the Result series, their labels, colours and display transforms.

The plots are rows on one time axis. The hormone plot is *small multiples*: one row per
hormone, each in its own unit (pg/mL, ng/dL, ng/mL) on a log scale, with the reference bands of
the patient's sex and life stage behind the curve (bands.py). The other three plots are one row
each: bone cells and markers relative to the model's reference state, bone density as T-scores
with the WHO classes behind them.

``ROWS`` lists every row top to bottom; ``PLOTS`` groups them by the four plots of
``bonegui.plot_names`` (lessons, the export menu and the toolbar name plots by those keys).
A row key is its plot's key, or ``hormones:<hormone>`` for a hormone row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from bonegui.app import style
from bonegui.model.endocrine import OVERRIDE_SERIES, REFERENCE_BANDS, REFERENCE_RANGES, REFERENCE_SOURCES
from bonegui.model.result import SERIES_UNITS
from bonegui.model.tissue import WHO_NORMAL_MIN_T, WHO_OSTEOPOROSIS_MAX_T
from bonegui.plot_names import PLOT_KEYS, PLOT_TITLES


@dataclass(frozen=True)
class ReferenceRange:
    """One reference band of a hormone, in its unit."""

    lower: float
    upper: float
    unit: str
    source: str

    def contains(self, level: float) -> bool:
        return self.lower <= level <= self.upper

    def lower_upper(self) -> tuple[float, float]:
        return self.lower, self.upper

    def where(self, level: float) -> str:
        """"low", "in range" or "high"."""
        return "low" if level < self.lower else "high" if level > self.upper else "in range"


#: The four hormones drawn (and drawable in the timeline), by series and life stage
#: ("premenopausal", "postmenopausal", "male"): the endocrine layer's table with its sources.
HORMONE_BANDS: Mapping[str, Mapping[str, ReferenceRange]] = {
    name: {stage: ReferenceRange(lo, hi, SERIES_UNITS[name], REFERENCE_SOURCES[name])
           for stage, (lo, hi) in by_stage.items()}
    for name, by_stage in REFERENCE_BANDS.items()
    if name in OVERRIDE_SERIES.values()
}
#: The young-adult band by sex (a woman's is the premenopausal one), as REFERENCE_RANGES.
HORMONE_RANGES: Mapping[str, Mapping[str, ReferenceRange]] = {
    name: {sex: ReferenceRange(lo, hi, SERIES_UNITS[name], REFERENCE_SOURCES[name])
           for sex, (lo, hi) in by_sex.items()}
    for name, by_sex in REFERENCE_RANGES.items()
    if name in OVERRIDE_SERIES.values()
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
    #: display transform (array -> array in view units); None shows the values as they are
    transform: Callable[[np.ndarray], np.ndarray] | None = None


@dataclass(frozen=True)
class RowSpec:
    key: str  # "cells", or "hormones:estradiol"
    plot: str  # its plot's key in bonegui.plot_names
    title: str  # the row header's first line
    unit: str  # its second line
    series: tuple[SeriesSpec, ...]
    #: y range always shown, in view units (bands and the reference line stay visible);
    #: hormone rows take theirs from the reference bands
    y_always: tuple[float, float] | None
    kind: str  # "hormone" (log10 of the level), "relative" (× reference) or "tscore"
    hormone: str = ""  # the timeline's hormone name, for hormone rows

    @property
    def y_label(self) -> str:
        return self.unit


def log_level(floor: float) -> Callable[[np.ndarray], np.ndarray]:
    """Hormone rows draw log10 of the level; a level of 0 (an override to nothing) stays on the
    plot at ``floor`` instead of plunging to minus infinity."""
    def transform(values: np.ndarray) -> np.ndarray:
        return np.log10(np.maximum(values, floor))

    return transform


_HORMONE_LABELS = {"estradiol": "Estradiol", "testosterone": "Testosterone", "igf1": "IGF-1",
                   "progesterone": "Progesterone"}


def _hormone_row(hormone: str) -> RowSpec:
    series = OVERRIDE_SERIES[hormone]
    label = _HORMONE_LABELS[hormone]
    floor = 0.2 * min(lo for lo, _hi in REFERENCE_BANDS[series].values())  # a fifth of the lowest band
    return RowSpec(f"hormones:{hormone}", "hormones", label, SERIES_UNITS[series],
                   (SeriesSpec(series, label, style.HORMONE_COLOURS[hormone], log_level(floor)),), None,
                   "hormone", hormone)


HORMONE_ROWS: tuple[RowSpec, ...] = tuple(_hormone_row(h) for h in OVERRIDE_SERIES)

ROWS: tuple[RowSpec, ...] = HORMONE_ROWS + (
    RowSpec("cells", "cells", PLOT_TITLES["cells"], "× reference", (
        SeriesSpec("rankl_opg_ratio", "RANKL/OPG", style.REDDISH_PURPLE),
        SeriesSpec("formation_rel", "Osteoblasts", style.BLUE),
        SeriesSpec("resorption_rel", "Osteoclasts", style.VERMILLION),
    ), (0.0, 2.0), "relative"),
    RowSpec("bmd", "bmd", PLOT_TITLES["bmd"], "T-score", (
        SeriesSpec("tscore_spine", "Spine", style.BLUE),
        SeriesSpec("tscore_hip", "Hip", style.DARK_ORANGE),
    ), (-3.2, 0.6), "tscore"),
    RowSpec("markers", "markers", PLOT_TITLES["markers"], "× reference", (
        SeriesSpec("ctx_rel", "CTX (resorption)", style.VERMILLION),
        SeriesSpec("p1np_rel", "P1NP (formation)", style.BLUE),
    ), (0.0, 2.0), "relative"),
)
ROW_KEYS: tuple[str, ...] = tuple(r.key for r in ROWS)
ROW_BY_KEY: Mapping[str, RowSpec] = {r.key: r for r in ROWS}


@dataclass(frozen=True)
class PlotSpec:
    """One of the four plots of bonegui.plot_names and its rows."""

    key: str
    title: str
    rows: tuple[RowSpec, ...]

    @property
    def series(self) -> tuple[SeriesSpec, ...]:
        return tuple(s for r in self.rows for s in r.series)


PLOTS: tuple[PlotSpec, ...] = tuple(
    PlotSpec(key, PLOT_TITLES[key], tuple(r for r in ROWS if r.plot == key)) for key in PLOT_KEYS)
assert tuple(p.key for p in PLOTS) == PLOT_KEYS, "PLOTS must follow bonegui.plot_names"

#: BMD sites: the T-score series drawn, the g/cm² series its right-hand axis converts to, and
#: the site's key in the model's BMD reference (bonegui.model.tissue.tscore_to_bmd_map)
BMD_SITES = (("tscore_spine", "bmd_spine_g_cm2", "spine"), ("tscore_hip", "bmd_hip_g_cm2", "hip"))

#: what a therapy's agent drives, by its pharmacological target (bonegui.model.pharmacology
#: AGENT_KIND): the hormone row that shows its effect
_TARGET_HORMONE = {"testosterone": "testosterone", "estradiol": "estradiol", "progesterone": "progesterone",
                   "aromatase": "estradiol", "ghrh": "igf1", "ghrp": "igf1"}


def relevant_hormones(scenario) -> tuple[str, ...]:
    """The hormone rows that tell this scenario's story, most telling first: the sex steroid
    (a man's testosterone and the estradiol made from it), then what the therapies drive (IGF-1
    for GH peptides), then every drawn (overridden) hormone."""
    from bonegui.model.pharmacology import AGENT_KIND

    p = scenario.patient
    out = ["testosterone", "estradiol"] if p.sex == "male" else ["estradiol"]
    if "gh_deficiency" in p.conditions:
        out.append("igf1")
    for t in scenario.enabled_therapies:
        _kind, target = AGENT_KIND.get(t.agent, ("", ""))
        if target == "gnrh":
            target = "testosterone" if p.sex == "male" else "estradiol"
        hormone = _TARGET_HORMONE.get(target)
        if hormone and hormone not in out:
            out.append(hormone)
    for ov in scenario.overrides:
        if ov.keyframes and ov.hormone in OVERRIDE_SERIES and ov.hormone not in out:
            out.append(ov.hormone)
    return tuple(out)
